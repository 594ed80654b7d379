import type { ReactNode } from "react";
import { AlertIcon, CheckCircleIcon, WifiOffIcon } from "./icons";

type Tone = "error" | "success" | "info" | "offline";
const ICONS: Record<Tone, ReactNode> = {
  error: <AlertIcon size={20} />,
  success: <CheckCircleIcon size={20} />,
  info: <AlertIcon size={20} />,
  offline: <WifiOffIcon size={18} />,
};

/** An inline message. Errors use role="alert" so they are announced when they appear. */
export function Notice({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <div className={`notice notice--${tone}`} role={tone === "error" ? "alert" : "status"}>
      {ICONS[tone]}
      <span>{children}</span>
    </div>
  );
}

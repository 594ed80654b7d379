import type { ReactNode } from "react";
import { useAuth } from "../auth-context";
import { initials } from "../common/initials";
import { useLocale } from "../locale-context";

/**
 * A ZNS message as it looks in the member's Zalo: a card from the brand's Official Account.
 * Used by the editor's live preview and by the sandbox inbox, so both read the same.
 */
export function ZnsBubble({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  const { t } = useLocale();
  const { state } = useAuth();
  const brand = state.status === "signedIn" ? state.me.brand.name : "";
  return (
    <div className="zns-bubble">
      <div className="zns-bubble-head" aria-hidden="true">
        <span className="zns-oa-avatar">{initials(brand)}</span>
        <span className="zns-oa-name">{brand}</span>
        <span className="zns-oa-label">{t("msg.bubble.label")}</span>
      </div>
      <p className="zns-bubble-text">{children}</p>
      {footer && <div className="zns-bubble-foot">{footer}</div>}
    </div>
  );
}

import type { MeResponse } from "../../contract/auth";
import { roleKey } from "../i18n";
import { useLocale } from "../locale-context";
import { SignOutIcon } from "./icons";
import { LanguageSwitch } from "./language-switch";

type Props = { me: MeResponse; onSignOut: () => void; signingOut: boolean };

function initials(name: string): string {
  // Vietnamese names put the given name last: "Đỗ Minh Châu" → "ĐC".
  const parts = name.trim().split(/\s+/);
  const first = parts[0]?.[0] ?? "";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase();
}

export function TopBar({ me, onSignOut, signingOut }: Props) {
  const { t } = useLocale();
  return (
    <header className="topbar">
      <div className="topbar-brand">
        <span className="topbar-brand-name">{me.brand.name}</span>
        {me.devIdentity && <span className="badge badge-warn">{t("topbar.devBadge")}</span>}
      </div>
      <div className="topbar-actions">
        <LanguageSwitch />
        <div className="topbar-user">
          <span className="avatar" aria-hidden="true">
            {initials(me.user.displayName)}
          </span>
          <span className="topbar-user-text">
            <span className="topbar-user-name">{me.user.displayName}</span>
            <span className="topbar-user-role">{t(roleKey(me.user.role))}</span>
          </span>
        </div>
        <button
          type="button"
          className="button button-ghost"
          title={t("topbar.signOut")}
          onClick={onSignOut}
          disabled={signingOut}
        >
          <SignOutIcon />
          <span>{t("topbar.signOut")}</span>
        </button>
      </div>
    </header>
  );
}

import { NavLink } from "react-router-dom";
import type { MeResponse } from "../../contract/auth";
import { initials } from "../common/initials";
import { roleKey } from "../i18n";
import { useLocale } from "../locale-context";
import { SignOutIcon } from "./icons";
import { LanguageSwitch } from "./language-switch";

type Props = { me: MeResponse; onSignOut: () => void; signingOut: boolean };

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
        {me.user.role === "admin" && (
          <NavLink to="/users" className="topbar-link">
            {t("topbar.users")}
          </NavLink>
        )}
        <NavLink to="/account/sessions" className="topbar-link">
          {t("topbar.sessions")}
        </NavLink>
        <div className="topbar-user" title={`${me.user.displayName} · ${t(roleKey(me.user.role))}`}>
          <span className="avatar" aria-hidden="true">
            {initials(me.user.displayName)}
          </span>
          <span className="topbar-user-text">
            <span className="topbar-user-name">{me.user.displayName}</span>
            <span className="topbar-user-role">{t(roleKey(me.user.role))}</span>
          </span>
        </div>
        <button type="button" className="button button-ghost" title={t("topbar.signOut")} onClick={onSignOut} disabled={signingOut}>
          <SignOutIcon />
          <span>{t("topbar.signOut")}</span>
        </button>
      </div>
    </header>
  );
}

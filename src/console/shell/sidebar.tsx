import { NavLink } from "react-router-dom";
import { useRole } from "../common/use-role";
import { useLocale } from "../locale-context";
import { LogoMark } from "./icons";
import { NAV_ITEMS } from "./nav-items";

export function Sidebar() {
  const { t } = useLocale();
  const role = useRole();
  return (
    <aside className="sidebar">
      <div className="sidebar-brand">
        <LogoMark />
        <span className="sidebar-product">LoyalLoop</span>
      </div>
      <nav aria-label={t("nav.label")}>
        <ul className="sidebar-list">
          {NAV_ITEMS.filter((item) => !item.roles || (role !== null && item.roles.includes(role))).map(({ path, labelKey, Icon }) => (
            <li key={path}>
              {/* The label stays in the DOM at narrow widths (visually hidden) so the link keeps its name. */}
              <NavLink to={path} className="sidebar-link" title={t(labelKey)}>
                <Icon className="sidebar-icon" />
                <span className="sidebar-label">{t(labelKey)}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}

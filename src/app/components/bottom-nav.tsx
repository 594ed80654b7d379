import { useAtomValue } from "jotai";
import { BottomNavigation, useLocation, useNavigate } from "zmp-ui";
import { useT } from "../i18n/use-t";
import { ROUTES, TAB_ROUTES } from "../routes";
import { isCounterUserAtom } from "../state/session";
import { CardIcon, ScanIcon, UserIcon } from "./icons";

/**
 * Bottom tabs; the staff tab exists only for counter roles (staff, manager, admin).
 * zmp-ui matches activeKey against each item's React `key`, so key and itemKey are both set.
 */
export function BottomNav() {
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const isCounter = useAtomValue(isCounterUserAtom);
  if (!TAB_ROUTES.includes(pathname)) return null;

  return (
    <BottomNavigation
      fixed
      activeKey={pathname}
      onChange={(key) => navigate(key, { animate: false, replace: true })}
      className="bottom-nav"
    >
      <BottomNavigation.Item key={ROUTES.card} itemKey={ROUTES.card} label={t("nav.card")} icon={<CardIcon />} />
      {isCounter && <BottomNavigation.Item key={ROUTES.staff} itemKey={ROUTES.staff} label={t("nav.staff")} icon={<ScanIcon />} />}
      <BottomNavigation.Item key={ROUTES.account} itemKey={ROUTES.account} label={t("nav.account")} icon={<UserIcon />} />
    </BottomNavigation>
  );
}

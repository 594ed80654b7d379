import { useAtomValue } from "jotai";
import { BottomNavigation, useLocation, useNavigate } from "zmp-ui";
import { useT } from "../i18n/use-t";
import { ROUTES, TAB_ROUTES } from "../routes";
import { isCounterUserAtom, meAtom } from "../state/session";
import { CardIcon, GiftIcon, ScanIcon, TicketIcon, UserIcon } from "./icons";

/**
 * Bottom tabs: Thẻ, Đổi quà, Voucher (members only), Nhân viên (counter roles only: staff,
 * manager, admin), Tài khoản; at most five. The points history and tier benefits open from
 * the card, so they need no tab.
 * zmp-ui matches activeKey against each item's React `key`, so key and itemKey are both set.
 */
export function BottomNav() {
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const isCounter = useAtomValue(isCounterUserAtom);
  const isMember = useAtomValue(meAtom)?.user.isMember === true;
  if (!TAB_ROUTES.includes(pathname)) return null;

  return (
    <BottomNavigation
      fixed
      activeKey={pathname}
      onChange={(key) => navigate(key, { animate: false, replace: true })}
      className="bottom-nav"
    >
      <BottomNavigation.Item key={ROUTES.card} itemKey={ROUTES.card} label={t("nav.card")} icon={<CardIcon />} />
      {isMember && <BottomNavigation.Item key={ROUTES.rewards} itemKey={ROUTES.rewards} label={t("nav.rewards")} icon={<GiftIcon />} />}
      {isMember && (
        <BottomNavigation.Item key={ROUTES.vouchers} itemKey={ROUTES.vouchers} label={t("nav.vouchers")} icon={<TicketIcon />} />
      )}
      {isCounter && <BottomNavigation.Item key={ROUTES.staff} itemKey={ROUTES.staff} label={t("nav.staff")} icon={<ScanIcon />} />}
      <BottomNavigation.Item key={ROUTES.account} itemKey={ROUTES.account} label={t("nav.account")} icon={<UserIcon />} />
    </BottomNavigation>
  );
}

import type { ReactNode } from "react";
import { useAtomValue } from "jotai";
import { BottomNavigation, useLocation, useNavigate } from "zmp-ui";
import { useT } from "../i18n/use-t";
import type { MessageKey } from "../i18n/vi";
import { ROUTES, tabRoutesFor } from "../routes";
import { isCounterUserAtom, meAtom, startScreenAtom } from "../state/session";
import { CardIcon, GiftIcon, ScanIcon, TicketIcon, UserIcon, WheelIcon } from "./icons";

/** The signed-in user's tabs (routes.ts: tabRoutesFor). */
export function useTabRoutes(): readonly string[] {
  const isCounter = useAtomValue(isCounterUserAtom);
  const isMember = useAtomValue(meAtom)?.user.isMember === true;
  return tabRoutesFor({ isMember, isCounter });
}

/**
 * Bottom tabs, at most five (routes.ts: tabRoutesFor): Thẻ, Đổi quà and Trò chơi (members),
 * Voucher (members who are not counter staff), Nhân viên (counter roles: staff, manager, admin),
 * Tài khoản. The points history and tier benefits open from the card, so they need no tab.
 * zmp-ui matches activeKey against each item's React `key`, so key and itemKey are both set.
 */
export function BottomNav() {
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tabs = useTabRoutes();
  // "/" shows the card or the welcome in place (routes.ts startScreen): its tab, if any, is lit.
  const start = useAtomValue(startScreenAtom);
  const screen = pathname === ROUTES.start ? start : pathname;
  if (!tabs.includes(screen)) return null;

  return (
    <BottomNavigation fixed activeKey={screen} onChange={(key) => navigate(key, { animate: false, replace: true })} className="bottom-nav">
      {tabs.map((route) => {
        const tab = TABS[route]!;
        return <BottomNavigation.Item key={route} itemKey={route} label={t(tab.label)} icon={tab.icon} />;
      })}
    </BottomNavigation>
  );
}

const TABS: Record<string, { label: MessageKey; icon: ReactNode }> = {
  [ROUTES.card]: { label: "nav.card", icon: <CardIcon /> },
  [ROUTES.rewards]: { label: "nav.rewards", icon: <GiftIcon /> },
  [ROUTES.games]: { label: "nav.games", icon: <WheelIcon /> },
  [ROUTES.vouchers]: { label: "nav.vouchers", icon: <TicketIcon /> },
  [ROUTES.staff]: { label: "nav.staff", icon: <ScanIcon /> },
  [ROUTES.account]: { label: "nav.account", icon: <UserIcon /> },
};

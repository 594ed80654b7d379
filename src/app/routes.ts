/** Every screen of the Mini App. Tabs (tabRoutesFor) show the bottom navigation. */
export const ROUTES = {
  start: "/",
  onboarding: "/onboarding",
  consent: "/consent",
  phone: "/phone",
  card: "/card",
  rewards: "/rewards",
  /** The lucky wheel, the daily check-in and the invitations (issue 14). */
  games: "/games",
  vouchers: "/vouchers",
  history: "/history",
  tiers: "/tiers",
  staff: "/staff",
  account: "/account",
  preferences: "/preferences",
  privacy: "/privacy",
  myData: "/my-data",
  /** A survey by its id; `?t=` carries the link's signed token (ZNS button, in-store QR code). */
  survey: "/survey/:id",
  surveys: "/surveys",
  /** The brand's stores: hours, open now, call, directions (issue 16). */
  stores: "/stores",
  /** A cashier's invite link: `?t=` carries the token (console → link/QR; issue 16). */
  staffInvite: "/staff-invite",
} as const;

/**
 * The bottom tabs, at most five, in order:
 * - a member: Thẻ · Đổi quà · Trò chơi · Voucher · Tài khoản;
 * - a member who is also counter staff: Thẻ · Đổi quà · Trò chơi · Nhân viên · Tài khoản. Their
 *   vouchers leave the bar (a sixth tab does not fit a 360 px phone) and open from Tài khoản
 *   ("Voucher của tôi") and from Đổi quà, as a page with a back arrow;
 * - counter staff who are not members: Thẻ · Nhân viên · Tài khoản;
 * - anyone else: Thẻ · Tài khoản (the card page leads non-members to onboarding).
 */
export function tabRoutesFor({ isMember, isCounter }: { isMember: boolean; isCounter: boolean }): readonly string[] {
  return [
    ROUTES.card,
    ...(isMember ? [ROUTES.rewards, ROUTES.games] : []),
    ...(isMember && !isCounter ? [ROUTES.vouchers] : []),
    ...(isCounter ? [ROUTES.staff] : []),
    ROUTES.account,
  ];
}

/**
 * What the start ("/") shows: counter staff their counter, a member the card, anyone else —
 * and everyone before /me has answered on a first visit — the welcome. The card and the
 * welcome draw in place at "/" rather than after a redirect (app.tsx StartScreen): the first
 * route's page then mounts with the app, without a second render and a page transition, which
 * on a phone held the first paint back (issue 12). The bottom bar treats "/" as that screen.
 */
export function startScreen({ signedIn, isMember, isCounter }: { signedIn: boolean; isMember: boolean; isCounter: boolean }) {
  if (!signedIn) return ROUTES.onboarding;
  return isCounter ? ROUTES.staff : isMember ? ROUTES.card : ROUTES.onboarding;
}

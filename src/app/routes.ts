/** Every screen of the Mini App. Tabs (card, rewards, vouchers, staff, account) show the bottom navigation. */
export const ROUTES = {
  start: "/",
  onboarding: "/onboarding",
  consent: "/consent",
  phone: "/phone",
  card: "/card",
  rewards: "/rewards",
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
} as const;

export const TAB_ROUTES: readonly string[] = [ROUTES.card, ROUTES.rewards, ROUTES.vouchers, ROUTES.staff, ROUTES.account];

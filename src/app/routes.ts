/** Every screen of the Mini App. Tabs (card, staff, account) show the bottom navigation. */
export const ROUTES = {
  start: "/",
  onboarding: "/onboarding",
  consent: "/consent",
  phone: "/phone",
  card: "/card",
  staff: "/staff",
  account: "/account",
} as const;

export const TAB_ROUTES: readonly string[] = [ROUTES.card, ROUTES.staff, ROUTES.account];

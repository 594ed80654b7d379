/**
 * Console Zalo login (docs/decisions/0040, addendum): how a flow ends, as the callback tells the
 * console in `?zalo=<result>` (each result has its words in the console, vi and en).
 */
export const ZALO_LOGIN_RESULTS = [
  "signed_in",
  "linked",
  /** Unknown, used, or started in another browser (the binding cookie does not match). */
  "state_invalid",
  "state_expired",
  /** The person refused at Zalo's consent page. */
  "denied",
  /** Zalo did not give us a user for the code (refused the exchange or the profile, or did not answer). */
  "exchange_failed",
  /** No console user of this brand has this Zalo account linked. */
  "not_linked",
  /** The console user with this Zalo account was deactivated by an admin. */
  "suspended",
  /** Linking: this Zalo account is already linked to another console user of the brand. */
  "already_linked",
] as const;
export type ZaloLoginResult = (typeof ZALO_LOGIN_RESULTS)[number];

/** How long a started Zalo login may take: the person signs in to Zalo and consents. */
export const ZALO_LOGIN_TTL_MS = 10 * 60_000;

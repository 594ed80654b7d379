/**
 * Whether the brand's OA can still be used: a refresh token Zalo has refused for good means the
 * OA is disconnected until someone authorises it again (docs/messaging.md#oa-tokens). Pure:
 * the token store passes in what Zalo answered and what it knows of earlier calls.
 */

/**
 * The OA as the console shows it (with the Zalo transport): tokens stored and usable, refused
 * for good (disconnected), or never stored.
 */
export const OA_STATES = ["connected", "disconnected", "not_connected"] as const;
export type OaState = (typeof OA_STATES)[number];

/**
 * OAuth answers that mean the stored refresh token will never work again. Only documented
 * numbers (docs/zalo.md#oa-token): `-14020`, a refresh token that was already used. Other
 * refusals (numbers Zalo has not documented) are treated as a failed refresh and retried with
 * the token backoff; add a number here once Zalo's documentation confirms it.
 */
export const DEAD_REFRESH_TOKEN_ERRORS: ReadonlySet<number> = new Set([-14020]);

/**
 * Why the OA is disconnected:
 * - refresh_answer_lost: Zalo refused the refresh token as spent, and an earlier refresh call of
 *   ours never got its answer (timeout, connection reset, process killed): Zalo most likely
 *   processed it and the new pair it issued never reached us.
 * - refresh_token_rejected: Zalo refused the refresh token with no call of ours in doubt (used
 *   by something else holding the same token, or revoked).
 */
export const OA_DISCONNECT_REASONS = ["refresh_answer_lost", "refresh_token_rejected"] as const;
export type OaDisconnectReason = (typeof OA_DISCONNECT_REASONS)[number];

/**
 * What a refused refresh means: the reason the OA is now disconnected, or null when the refusal
 * is not one that proves the refresh token dead (the refresh is retried later).
 */
export function refreshRefusal(zaloError: number | undefined, earlierCallUnanswered: boolean): OaDisconnectReason | null {
  if (zaloError === undefined || !DEAD_REFRESH_TOKEN_ERRORS.has(zaloError)) return null;
  return earlierCallUnanswered ? "refresh_answer_lost" : "refresh_token_rejected";
}

/**
 * How long a message waits while the OA is disconnected before the worker looks again: a
 * database read, never a call to Zalo. Storing new tokens releases the held messages at once.
 */
export const OA_DISCONNECTED_RECHECK_MS = 5 * 60_000;

/**
 * How connecting the OA ended, as the callback reports it to the console (`?oa=` on the page it
 * sends the browser back to). state_invalid: unknown, already used, or its session ended;
 * state_expired: too old; denied: the admin did not grant access on Zalo's page; exchange_failed:
 * Zalo refused the code (or did not answer). Nothing is saved unless `connected`.
 */
export const OA_CONNECT_RESULTS = ["connected", "state_invalid", "state_expired", "denied", "exchange_failed"] as const;
export type OaConnectResult = (typeof OA_CONNECT_RESULTS)[number];

/** How long a started connection may take: the admin signs in to Zalo and grants access. */
export const OA_CONNECT_TTL_MS = 10 * 60_000;

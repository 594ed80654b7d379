import type { Problem, ProblemParams } from "../problems";

/**
 * A message's last error is a code (messages.last_error): consent_withdrawn, quiet_hours,
 * zns_-118, http_503, network:timeout… Some codes carry data, kept beside the code in
 * messages.error_detail so nothing is ever parsed back out of a string:
 * - render_invalid: the member's data does not fit the template; `problems` has one problem
 *   per parameter (field = the parameter's name, as renderTemplate reports them).
 * - any retryable code the worker stopped retrying: `params.gaveUpAfter` attempts.
 * - zns_-124, no_oa_token, oa_token_refresh_failed (held for our own token, never failed):
 *   `params.tokenHolds`, how many times in a row, which sets the backoff.
 */
export const RENDER_INVALID = "render_invalid";
/** The in-doubt window passed without a delivery event: the message goes again. */
export const RECONCILED = "reconciled";
/** Zalo refused the OA token (-124) and no new one could be obtained: the message waits. */
export const OA_TOKEN_REFRESH_FAILED = "oa_token_refresh_failed";
/**
 * Zalo refused the OA's refresh token for good (domain/messaging/oa-connection.ts): the message
 * waits, not counted as an attempt, until the OA is connected again. Never a failure.
 */
export const OA_DISCONNECTED = "oa_disconnected";

/** A Mini App notification whose member's latest answer to Zalo's prompt is no longer "allowed": cancelled at send time. */
export const NOTIFICATION_NOT_ALLOWED = "notification_not_allowed";
/**
 * A Mini App notification for a member who has not used the Mini App within the platform's window
 * (NOTIFICATION_ACTIVE_DAYS, §5.4): failed, never retried; "notification first" campaigns send
 * ZNS instead.
 */
export const NOTIFICATION_INACTIVE = "notification_inactive";
/** A Mini App notification for a member with no Zalo user id on record (X-User-Id). */
export const NO_ZALO_ID = "no_zalo_id";
/** A notification whose call was written but never answered: it may have reached the member, and is not sent again. */
export const MINIAPP_NO_ANSWER = "miniapp_no_answer";
/** The deployment has no Mini App API key, id or template configured: nothing can be sent on this channel. */
export const MINIAPP_NOT_CONFIGURED = "miniapp_not_configured";

/**
 * Every fixed code the queue stores in messages.last_error (enqueue.ts, worker.ts); the others
 * are patterns: zns_<Zalo error>, http_<status>, network:<reason>, no_answer:<reason>
 * (classifyZns), miniapp_<error> (classifyNotification). The console has a text for each (a Record over this list, so a new code
 * without a text does not compile).
 */
export const QUEUE_CODES = [
  "consent_withdrawn",
  "consent_not_granted",
  "consent_erased",
  "consent_not_a_member",
  "template_inactive",
  "no_phone",
  "member_missing",
  "quiet_hours",
  "daily_cap",
  "monthly_cap",
  "member_preference",
  "promo_quota",
  "daily_quota",
  "unreadable_response",
  "accepted_without_msg_id",
  "no_oa_token",
  OA_TOKEN_REFRESH_FAILED,
  OA_DISCONNECTED,
  RECONCILED,
  RENDER_INVALID,
  NOTIFICATION_NOT_ALLOWED,
  NOTIFICATION_INACTIVE,
  NO_ZALO_ID,
  MINIAPP_NO_ANSWER,
  MINIAPP_NOT_CONFIGURED,
] as const;
export type QueueCode = (typeof QUEUE_CODES)[number];

export type MessageErrorDetail = { params?: ProblemParams; problems?: Problem[] };

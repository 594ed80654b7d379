/**
 * When a queued message may go out: quiet hours, per-member frequency caps, retry timing and
 * what a ZNS answer means. Pure: the queue worker passes in the time, the member's recent sends
 * and a random number; docs/messaging.md describes the pipeline around these rules.
 */
import type { OfferFrequency } from "../preferences/form";
import { DAY_MS, VIETNAM_UTC_OFFSET_MS, vietnamDayNumber, startOfVietnamDayNumber } from "../loyalty/vietnam-time";
import { OA_DISCONNECTED } from "./message-errors";
import { zaloUsedOf } from "./quota";
import type { ZnsTag } from "./zns-template";

export type QuietHours = { startHour: number; endHour: number };
/** No promotional message between 21:00 and 08:00 Vietnam time. */
export const DEFAULT_QUIET_HOURS: QuietHours = { startHour: 21, endHour: 8 };

/**
 * Null when the message may go now; otherwise the instant to hold it until. Only promotions
 * wait: a transaction or care message (points just credited, a voucher just redeemed) is
 * expected at once.
 */
export function quietHoursHold(at: number, tag: ZnsTag, hours: QuietHours = DEFAULT_QUIET_HOURS): number | null {
  if (tag !== "promotion") return null;
  const localMs = (at + VIETNAM_UTC_OFFSET_MS) % DAY_MS;
  const hour = Math.floor(localMs / 3_600_000);
  const quiet =
    hours.startHour > hours.endHour ? hour >= hours.startHour || hour < hours.endHour : hour >= hours.startHour && hour < hours.endHour;
  if (!quiet) return null;
  const dayStart = at - localMs;
  const release = dayStart + hours.endHour * 3_600_000;
  return release > at ? release : release + DAY_MS;
}

export type FrequencyCaps = { perDay: number; perMonth: number };
/** Promotional ZNS per member: at most 1 a day and 4 a month. */
export const DEFAULT_PROMO_CAPS: FrequencyCaps = { perDay: 1, perMonth: 4 };

const PREFERENCE_GAP_DAYS: Record<OfferFrequency, number | null> = { weekly: 7, monthly: 30, important_only: null };

export type FrequencyVerdict =
  { ok: true } | { ok: false; reason: "daily_cap" | "monthly_cap" | "member_preference"; retryAt: number | null };

/**
 * May one more promotional message reach this member at `at`? `sent` are the times of their
 * promotional messages already sent (any order). The brand's caps always apply; the member's
 * own "how often" answer narrows them: weekly means 7 days between promotions, monthly 30,
 * "only important" means only campaigns marked important.
 */
export function promoFrequency(input: {
  sent: readonly number[];
  at: number;
  caps?: FrequencyCaps;
  preference: OfferFrequency | null;
  important: boolean;
}): FrequencyVerdict {
  const caps = input.caps ?? DEFAULT_PROMO_CAPS;
  const { at } = input;
  if (input.preference === "important_only" && !input.important) return { ok: false, reason: "member_preference", retryAt: null };
  const today = vietnamDayNumber(at);
  const sentToday = input.sent.filter((t) => vietnamDayNumber(t) === today).length;
  if (sentToday >= caps.perDay) return { ok: false, reason: "daily_cap", retryAt: startOfVietnamDayNumber(today + 1) };
  // A rolling 30 days, so a cap never resets all at once on the 1st of the month.
  const monthAgo = at - 30 * DAY_MS;
  const recent = input.sent.filter((t) => t > monthAgo && t <= at).sort((a, b) => a - b);
  if (recent.length >= caps.perMonth)
    return { ok: false, reason: "monthly_cap", retryAt: recent[recent.length - caps.perMonth]! + 30 * DAY_MS };
  const gap = input.preference ? PREFERENCE_GAP_DAYS[input.preference] : null;
  const last = recent[recent.length - 1];
  if (gap !== null && last !== undefined && at - last < gap * DAY_MS)
    return { ok: false, reason: "member_preference", retryAt: last + gap * DAY_MS };
  return { ok: true };
}

export type Backoff = { baseMs: number; capMs: number };
export const DEFAULT_BACKOFF: Backoff = { baseMs: 15_000, capMs: 30 * 60_000 };

/**
 * Capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"): attempt n waits a uniform random time in [0, min(cap, base·2ⁿ)); `random` in [0, 1).
 */
export function retryDelay(attempt: number, random: number, b: Backoff = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(b.capMs, b.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(Math.max(0, Math.min(random, 0.999_999)) * ceiling);
}

/** Waits while our own OA token is refused or missing: from 5 s, doubling, at most 10 minutes. */
export const TOKEN_BACKOFF: Backoff = { baseMs: 5_000, capMs: 10 * 60_000 };

/**
 * How long a message waits after its `holds`-th consecutive token problem (-124, no token):
 * between half and all of min(cap, base·2ⁿ), never zero, so a token Zalo keeps refusing cannot
 * make the queue spin; `random` in [0, 1).
 */
export function tokenRetryDelay(holds: number, random: number, b: Backoff = TOKEN_BACKOFF): number {
  const ceiling = Math.min(b.capMs, b.baseMs * 2 ** Math.min(holds, 30));
  return Math.floor(ceiling / 2 + Math.max(0, Math.min(random, 0.999_999)) * (ceiling / 2));
}

/** What came back from one send call, as the transport saw it. */
export type SendAttempt =
  | { kind: "response"; status: number; body: unknown }
  /** Failed before the request was fully written: Zalo cannot have accepted it. */
  | { kind: "not_sent"; reason: string }
  /** Written, then no answer in time (or the connection dropped): Zalo may have accepted it. */
  | { kind: "no_answer"; reason: string };

export type ZnsVerdict =
  /** `quota`: Zalo's count for the day from the answer (domain/messaging/quota.ts), when it gave one. */
  | { verdict: "accepted"; msgId: string; quota: { used: number; dailyQuota: number } | null }
  | { verdict: "retry"; code: string }
  | { verdict: "refresh_token"; code: string }
  | { verdict: "quota_exhausted"; code: string }
  | { verdict: "permanent"; code: string }
  | { verdict: "in_doubt"; code: string }
  /** Nothing was sent: the OA is disconnected (its refresh token refused for good). */
  | { verdict: "oa_disconnected"; code: typeof OA_DISCONNECTED };

/** The transport's `not_sent` reason when no usable OA access token is stored. */
export const NO_OA_TOKEN = "no_oa_token";

/** The transport's `not_sent` reason when the message stopped being this worker's before its call. */
export const LEASE_LOST = "lease_lost";

/** ZNS errors that no retry can fix (docs/zalo.md#zns-errors): bad phone, no Zalo account, template or data. */
const PERMANENT = new Set([
  -108, -109, -111, -112, -1121, -1122, -1124, -113, -114, -116, -117, -118, -119, -101, -102, -103, -104, -105, -106, -110,
]);

/**
 * Reads one ZNS answer. Errors arrive as HTTP 200 with `error != 0` (docs/zalo.md#zns-send); -124 means the OA
 * token expired; 5xx and "not sent" are safe to retry; an unanswered request is in doubt and
 * must be reconciled, never blindly re-sent.
 */
export function classifyZns(a: SendAttempt): ZnsVerdict {
  // Nothing was sent because we hold no usable OA token: our state, not the message's.
  if (a.kind === "not_sent" && a.reason === NO_OA_TOKEN) return { verdict: "refresh_token", code: NO_OA_TOKEN };
  // Nothing was sent because the OA is disconnected: no refresh can help, only a reconnection.
  if (a.kind === "not_sent" && a.reason === OA_DISCONNECTED) return { verdict: "oa_disconnected", code: OA_DISCONNECTED };
  if (a.kind === "not_sent") return { verdict: "retry", code: `network:${a.reason}` };
  if (a.kind === "no_answer") return { verdict: "in_doubt", code: `no_answer:${a.reason}` };
  if (a.status >= 500) return { verdict: "retry", code: `http_${a.status}` };
  if (a.status === 429) return { verdict: "retry", code: "http_429" };
  if (a.status !== 200) return { verdict: "permanent", code: `http_${a.status}` };
  const body = a.body as {
    error?: unknown;
    message?: unknown;
    data?: { msg_id?: unknown; quota?: { dailyQuota?: unknown; remainingQuota?: unknown } };
  } | null;
  const error = Number(body?.error);
  if (!body || !Number.isFinite(error)) return { verdict: "in_doubt", code: "unreadable_response" };
  if (error === 0) {
    const msgId = body.data?.msg_id;
    if (typeof msgId !== "string" || msgId === "") return { verdict: "in_doubt", code: "accepted_without_msg_id" };
    return { verdict: "accepted", msgId, quota: zaloUsedOf(body.data?.quota) };
  }
  const code = `zns_${error}`;
  if (error === -124) return { verdict: "refresh_token", code };
  if (error === -115 || error === -144) return { verdict: "quota_exhausted", code };
  if (error === -100) return { verdict: "retry", code };
  if (PERMANENT.has(error)) return { verdict: "permanent", code };
  return { verdict: "retry", code };
}

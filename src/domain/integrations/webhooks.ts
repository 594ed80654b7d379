/**
 * Outgoing webhooks to a brand's systems (docs/decisions/0043, docs/integration.md): the events,
 * what is signed, how long a signature is accepted, and when a failed delivery is tried again.
 * Pure: the HMAC itself is computed by the server with the string built here.
 */
export const WEBHOOK_EVENTS = ["points.changed", "voucher.used", "member.joined", "case.opened"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const SIGNATURE_HEADER = "x-loyalloop-signature";
export const TIMESTAMP_HEADER = "x-loyalloop-timestamp";
export const EVENT_HEADER = "x-loyalloop-event";
export const DELIVERY_HEADER = "x-loyalloop-delivery";
/** A receiver refuses a timestamp further than this from its own clock (either way): a captured request cannot be replayed later. */
export const REPLAY_WINDOW_SECONDS = 300;

/** What is signed: the timestamp (Unix seconds, as sent in its header), a dot, and the exact body bytes. */
export const signedPayload = (timestampSeconds: number, body: string) => `${timestampSeconds}.${body}`;
/** The signature header's value for an HMAC-SHA256 in hex. */
export const signatureHeader = (hmacHex: string) => `v1=${hmacHex}`;

/** Whether a timestamp (Unix seconds) is inside the replay window at `nowMillis`. */
export function timestampFresh(timestampSeconds: number, nowMillis: number, windowSeconds = REPLAY_WINDOW_SECONDS): boolean {
  return Number.isInteger(timestampSeconds) && Math.abs(nowMillis / 1000 - timestampSeconds) <= windowSeconds;
}

/**
 * Delays before each retry after a failed attempt (a non-2xx answer, a timeout, no connection):
 * 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h. After the last one the delivery is `failed`
 * (shown in the console's log, where an admin can send it again). About two days in all.
 */
export const WEBHOOK_RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000] as const;
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_MS.length + 1;

/** When to try again after `attempts` failed attempts; null: give up. */
export function webhookRetryDelay(attempts: number): number | null {
  return attempts >= 1 && attempts < WEBHOOK_MAX_ATTEMPTS ? WEBHOOK_RETRY_DELAYS_MS[attempts - 1]! : null;
}

/** A webhook URL an admin may save: https, or http only to this machine in development. */
export function webhookUrlProblem(url: string, allowHttp: boolean): "webhook_url_invalid" | "webhook_url_not_https" | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "webhook_url_invalid";
  }
  if (parsed.username || parsed.password) return "webhook_url_invalid";
  if (parsed.protocol === "https:") return null;
  if (parsed.protocol === "http:") return allowHttp ? null : "webhook_url_not_https";
  return "webhook_url_invalid";
}

/**
 * The ZNS daily quota, split between care messages and promotions: promotions may use at most
 * their share of the day, so a campaign can never starve care messages (points, vouchers).
 *
 * Two counts meet here (docs/messaging.md#quota): ours — one unit per message holding a
 * reservation for the day (sent, in flight or in doubt) — and Zalo's, read from each accepted
 * answer (`dailyQuota − remainingQuota`), which also counts whatever else sends from the same OA.
 * The grant trusts whichever says more, so it never goes past Zalo's figure once Zalo has told us.
 */

/** Sends a day promotions may use: `promoSharePercent` of the daily quota, rounded down. */
export const promoCap = (dailyQuota: number, promoSharePercent: number) => Math.floor((dailyQuota * promoSharePercent) / 100);

export type QuotaUse = { sent: number; promo: number };

/**
 * What Zalo said is out: `promotion` after a promotion was refused for quota (only the
 * promotional share is known to be out, care and transaction messages keep going); `all` after
 * any other message was refused for quota.
 */
export type QuotaHold = "promotion" | "all";

/** During a hold, one held message goes at most this often to find out whether the quota came back. */
export const PROBE_INTERVAL_MS = 60 * 60_000;

/**
 * How many of a batch may go now, given what today already used: `promo` of the batch's
 * `promos` promotions fit the promotional share, and `total` (promotions included) fit the day.
 * A hold lets nothing of its kind through (a probe is decided apart, see `isHeld`).
 */
export function quotaGrant(q: {
  dailyQuota: number;
  promoSharePercent: number;
  used: QuotaUse;
  count: number;
  promos: number;
  hold?: QuotaHold | null;
}): {
  total: number;
  promo: number;
} {
  if (q.hold === "all") return { total: 0, promo: 0 };
  const room = Math.max(0, q.dailyQuota - q.used.sent);
  const promosWanted = q.hold === "promotion" ? 0 : q.promos;
  const promo = Math.min(promosWanted, Math.max(0, promoCap(q.dailyQuota, q.promoSharePercent) - q.used.promo), room);
  const total = Math.min(q.count - q.promos, room - promo) + promo;
  return { total, promo };
}

/** Zalo's count for the day from one accepted answer's `data.quota`, or null if it is not usable. */
export function zaloUsedOf(quota: { dailyQuota?: unknown; remainingQuota?: unknown } | null | undefined): {
  used: number;
  dailyQuota: number;
} | null {
  // The field types are not documented (strings in every copy seen, numbers possible): read both.
  const daily = toCount(quota?.dailyQuota);
  const remaining = toCount(quota?.remainingQuota);
  if (daily === null || remaining === null || remaining > daily) return null;
  return { used: daily - remaining, dailyQuota: daily };
}

const toCount = (v: unknown): number | null => {
  if (typeof v !== "number" && (typeof v !== "string" || !/^\s*\d{1,9}\s*$/.test(v))) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
};

/**
 * The day's use the grant counts against the daily quota: our reservations, or Zalo's figure
 * plus what we reserved since Zalo gave it (those calls are not in it yet), whichever is more.
 * Zalo's used count does not move when the OA changes tier (both dailyQuota and remainingQuota
 * move), so the highest figure seen in the day is kept: answers that arrive out of order cannot
 * lower it.
 */
export function quotaUsed(q: { sent: number; zaloUsed: number | null; sentAtZalo: number | null }): number {
  if (q.zaloUsed === null) return q.sent;
  const since = Math.max(0, q.sent - (q.sentAtZalo ?? q.sent));
  return Math.max(q.sent, q.zaloUsed + since);
}

/** The hold after Zalo refused a message for quota: a promotion narrows it to promotions, anything else holds all. */
export function holdAfterRefusal(current: QuotaHold | null, promotion: boolean): QuotaHold {
  return promotion && current !== "all" ? "promotion" : "all";
}

/** Whether a hold stops a message of this kind. */
export const isHeld = (hold: QuotaHold | null, promotion: boolean) => hold === "all" || (hold === "promotion" && promotion);

/**
 * The ZNS daily quota, split between care messages and promotions: promotions may use at most
 * their share of the day, so a campaign can never starve care messages (points, vouchers).
 */

/** Sends a day promotions may use: `promoSharePercent` of the daily quota, rounded down. */
export const promoCap = (dailyQuota: number, promoSharePercent: number) => Math.floor((dailyQuota * promoSharePercent) / 100);

export type QuotaUse = { sent: number; promo: number };

/**
 * How many of a batch may go now, given what today already used: `promo` of the batch's
 * `promos` promotions fit the promotional share, and `total` (promotions included) fit the day.
 */
export function quotaGrant(q: { dailyQuota: number; promoSharePercent: number; used: QuotaUse; count: number; promos: number }): {
  total: number;
  promo: number;
} {
  const room = Math.max(0, q.dailyQuota - q.used.sent);
  const promo = Math.min(q.promos, Math.max(0, promoCap(q.dailyQuota, q.promoSharePercent) - q.used.promo), room);
  const total = Math.min(q.count - q.promos, room - promo) + promo;
  return { total, promo };
}

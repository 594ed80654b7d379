/**
 * Expiry lots. Every credit creates a lot that expires at the end of a Vietnam calendar day;
 * debits take from lots first-expiring-first-out (FIFO). See the rules block in ledger.ts.
 *
 * A lot is spendable while now < expiresAt and is due for expiry once now ≥ expiresAt, so at
 * every instant a lot with points left is exactly one of the two; the half-open boundary matches
 * promotions and vouchers.
 */
import { addMonthsClamped, endOfVietnamDate, vietnamDate, vietnamDayNumber } from "./vietnam-time";

export type Lot = { id: string; remaining: number; earnedAt: number; expiresAt: number };
export type Take = { lotId: string; points: number };

/**
 * End of the Vietnam calendar day (23:59:59.999, UTC+7) `validityMonths` months after the
 * Vietnam date of `earnedAt`, clamping the day of month (31 Jan + 1 month → 28/29 Feb). End of
 * day, not the exact instant, so that "hết hạn ngày 28/02" on the card is true all day long.
 */
export function lotExpiresAt(earnedAt: number, validityMonths: number): number {
  if (!Number.isFinite(earnedAt)) throw new RangeError(`earnedAt must be a finite time, got ${earnedAt}`);
  if (!Number.isInteger(validityMonths) || validityMonths < 0)
    throw new RangeError(`validityMonths must be a whole number ≥ 0, got ${validityMonths}`);
  return endOfVietnamDate(addMonthsClamped(vietnamDate(earnedAt), validityMonths));
}

/** The FIFO order: soonest expiry first, then oldest earned, then id (so ties are deterministic). */
export function compareFifo(a: Lot, b: Lot): number {
  if (a.expiresAt !== b.expiresAt) return a.expiresAt - b.expiresAt;
  if (a.earnedAt !== b.earnedAt) return a.earnedAt - b.earnedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Lots with points left that have not expired at `now`, in FIFO order. */
export function spendableLots(lots: Lot[], now: number): Lot[] {
  return lots.filter((l) => l.remaining > 0 && l.expiresAt > now).sort(compareFifo);
}

/** Points a member can spend at `now`. Can be below the ledger balance while expired lots wait
 * for the expiry job; redemptions must be checked against this, not the balance. */
export function availablePoints(lots: Lot[], now: number): number {
  return spendableLots(lots, now).reduce((sum, l) => sum + l.remaining, 0);
}

/** Which lots a debit of `points` at `now` takes from, FIFO. Does not change the lots. */
export function consumeFifo(
  lots: Lot[],
  points: number,
  now: number,
): { ok: true; takes: Take[] } | { ok: false; reason: "insufficient_points"; available: number } {
  // Callers validate amounts; reaching here with 0, a negative or a fraction is a bug.
  if (!Number.isSafeInteger(points) || points <= 0) throw new RangeError(`points must be a positive integer, got ${points}`);
  const spendable = spendableLots(lots, now);
  const available = spendable.reduce((sum, l) => sum + l.remaining, 0);
  if (points > available) return { ok: false, reason: "insufficient_points", available };
  const takes: Take[] = [];
  let left = points;
  for (const lot of spendable) {
    if (left === 0) break;
    const take = Math.min(left, lot.remaining);
    takes.push({ lotId: lot.id, points: take });
    left -= take;
  }
  return { ok: true, takes };
}

/** Every lot with points left whose expiry is ≤ now, whole remaining, in FIFO order. */
export function dueExpiries(lots: Lot[], now: number): Take[] {
  return lots
    .filter((l) => l.remaining > 0 && l.expiresAt <= now)
    .sort(compareFifo)
    .map((l) => ({ lotId: l.id, points: l.remaining }));
}

/**
 * The soonest expiry among spendable lots, with the total of spendable points expiring on that
 * same Vietnam calendar day ("120 điểm sẽ hết hạn ngày 28/02"); null when nothing is spendable.
 * expiresAt is the soonest lot's expiry.
 */
export function nextExpiry(lots: Lot[], now: number): { points: number; expiresAt: number } | null {
  const spendable = spendableLots(lots, now);
  const first = spendable[0];
  if (!first) return null;
  const day = vietnamDayNumber(first.expiresAt);
  const points = spendable.filter((l) => vietnamDayNumber(l.expiresAt) === day).reduce((sum, l) => sum + l.remaining, 0);
  return { points, expiresAt: first.expiresAt };
}

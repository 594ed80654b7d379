/** The points liability: what the brand owes in open points, and when it expires. */
import { vietnamDate } from "./vietnam-time";

const monthKey = (d: { year: number; month: number }) => `${d.year}-${String(d.month).padStart(2, "0")}`;

/**
 * Open points by the Vietnam month they expire in: this month and the next 12 (a lot earned
 * today expires in the same month next year), every month listed even when empty. Lots past
 * due but not yet expired by the job count in the current month.
 */
export function expiryProfile(lots: readonly { remaining: number; expiresAt: number }[], now: number): { month: string; points: number }[] {
  const months = new Map<string, number>();
  const start = vietnamDate(now);
  for (let i = 0; i < 13; i++) {
    const year = start.year + Math.floor((start.month - 1 + i) / 12);
    const month = ((start.month - 1 + i) % 12) + 1;
    months.set(monthKey({ year, month }), 0);
  }
  const firstKey = months.keys().next().value!;
  for (const lot of lots) {
    const key = monthKey(vietnamDate(Math.max(lot.expiresAt, now)));
    const bucket = key < firstKey ? firstKey : key;
    months.set(bucket, (months.get(bucket) ?? 0) + lot.remaining);
  }
  return [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, points]) => ({ month, points }));
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availablePoints, consumeFifo, dueExpiries, lotExpiresAt, nextExpiry, spendableLots, type Lot } from "./lots";

/** Epoch ms of a Vietnam wall-clock time (UTC+7). */
const vn = (y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0) => Date.UTC(y, m - 1, d, h - 7, min, s, ms);
const endOfDay = (y: number, m: number, d: number) => vn(y, m, d, 23, 59, 59, 999);

const lot = (id: string, remaining: number, expiresAt: number, earnedAt = vn(2025, 1, 1)): Lot => ({ id, remaining, earnedAt, expiresAt });

describe("lotExpiresAt", () => {
  it("clamps 31 Jan + 1 month to the end of 28 Feb (29 Feb in a leap year), Vietnam time", () => {
    expect(lotExpiresAt(vn(2025, 1, 31, 10, 15), 1)).toBe(endOfDay(2025, 2, 28));
    expect(lotExpiresAt(vn(2024, 1, 31, 10, 15), 1)).toBe(endOfDay(2024, 2, 29));
    expect(lotExpiresAt(vn(2024, 2, 29, 12), 12)).toBe(endOfDay(2025, 2, 28));
  });

  it("uses the Vietnam date of the purchase, not the UTC one", () => {
    // 00:30 on 1 Feb in Hà Nội is still 31 Jan in UTC.
    expect(lotExpiresAt(vn(2025, 2, 1, 0, 30), 1)).toBe(endOfDay(2025, 3, 1));
    // 23:30 on 31 Jan in Hà Nội is 16:30 UTC the same day.
    expect(lotExpiresAt(vn(2025, 1, 31, 23, 30), 1)).toBe(endOfDay(2025, 2, 28));
  });

  it("crosses year ends and keeps the day when it exists", () => {
    expect(lotExpiresAt(vn(2025, 11, 15, 9), 3)).toBe(endOfDay(2026, 2, 15));
    expect(lotExpiresAt(vn(2025, 3, 31, 9), 12)).toBe(endOfDay(2026, 3, 31));
    expect(lotExpiresAt(vn(2025, 3, 31, 9), 0)).toBe(endOfDay(2025, 3, 31));
  });

  it("refuses a validity that is not a whole number of months", () => {
    expect(() => lotExpiresAt(vn(2025, 1, 1), -1)).toThrow(RangeError);
    expect(() => lotExpiresAt(vn(2025, 1, 1), 1.5)).toThrow(RangeError);
    expect(() => lotExpiresAt(Number.NaN, 1)).toThrow(RangeError);
  });

  it("always ends some Vietnam day after the purchase, within validity + 1 months (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: vn(2000, 1, 1), max: vn(2090, 1, 1) }), fc.integer({ min: 0, max: 36 }), (earnedAt, months) => {
        const e = lotExpiresAt(earnedAt, months);
        expect(e).toBeGreaterThanOrEqual(earnedAt);
        expect((e + 1 + 7 * 3_600_000) % 86_400_000).toBe(0); // next ms is Vietnam midnight
        expect(e - earnedAt).toBeLessThan((months + 1) * 31 * 86_400_000);
        expect(e - earnedAt).toBeGreaterThan(months * 28 * 86_400_000 - 86_400_000);
      }),
      { numRuns: 300 },
    );
  });
});

describe("spending order", () => {
  const now = vn(2025, 6, 1, 12);
  const lots = [
    lot("late", 50, endOfDay(2025, 12, 31)),
    lot("empty", 0, endOfDay(2025, 6, 30)),
    lot("expired", 70, now - 1),
    lot("boundary", 30, now),
    lot("soon-b", 20, endOfDay(2025, 6, 30), vn(2025, 3, 1)),
    lot("soon-a", 10, endOfDay(2025, 6, 30), vn(2025, 3, 1)),
    lot("soon-old", 40, endOfDay(2025, 6, 30), vn(2025, 2, 1)),
  ];

  it("spends soonest expiry first, then oldest earned, then id; skips empty and expired lots", () => {
    expect(spendableLots(lots, now).map((l) => l.id)).toEqual(["soon-old", "soon-a", "soon-b", "late"]);
    expect(availablePoints(lots, now)).toBe(120);
  });

  it("treats a lot as expired from its expiresAt instant", () => {
    expect(spendableLots([lot("x", 5, now)], now - 1)).toHaveLength(1);
    expect(spendableLots([lot("x", 5, now)], now)).toHaveLength(0);
  });

  it("takes FIFO, emptying lots before the next and splitting the last", () => {
    expect(consumeFifo(lots, 55, now)).toEqual({
      ok: true,
      takes: [
        { lotId: "soon-old", points: 40 },
        { lotId: "soon-a", points: 10 },
        { lotId: "soon-b", points: 5 },
      ],
    });
    expect(consumeFifo(lots, 120, now)).toMatchObject({
      ok: true,
      takes: [{ points: 40 }, { points: 10 }, { points: 20 }, { lotId: "late", points: 50 }],
    });
  });

  it("refuses more than the spendable points, even if expired lots still hold points", () => {
    expect(consumeFifo(lots, 121, now)).toEqual({ ok: false, reason: "insufficient_points", available: 120 });
    expect(consumeFifo([], 1, now)).toEqual({ ok: false, reason: "insufficient_points", available: 0 });
  });

  it("throws for amounts callers should have validated", () => {
    for (const bad of [0, -5, 2.5, Number.NaN]) expect(() => consumeFifo(lots, bad, now)).toThrow(RangeError);
  });

  it("does not change the lots it is given", () => {
    const copy = structuredClone(lots);
    consumeFifo(lots, 100, now);
    spendableLots(lots, now);
    expect(lots).toEqual(copy);
  });
});

describe("expiry", () => {
  const now = vn(2025, 6, 1, 0, 5);
  const lots = [
    lot("a", 100, endOfDay(2025, 5, 31), vn(2024, 5, 31)),
    lot("b", 0, endOfDay(2025, 5, 30)),
    lot("c", 25, endOfDay(2025, 5, 30)),
    lot("d", 60, endOfDay(2025, 6, 1), vn(2025, 3, 1)),
    lot("e", 15, endOfDay(2025, 6, 1), vn(2025, 3, 2)),
    lot("f", 80, endOfDay(2025, 9, 1)),
  ];

  it("expires every lot past its date with points left, whole remaining", () => {
    expect(dueExpiries(lots, now)).toEqual([
      { lotId: "c", points: 25 },
      { lotId: "a", points: 100 },
    ]);
    expect(dueExpiries(lots, endOfDay(2025, 5, 31) - 1)).toEqual([{ lotId: "c", points: 25 }]);
  });

  it("tells the member the next expiry date and how many points expire that day", () => {
    expect(nextExpiry(lots, now)).toEqual({ points: 75, expiresAt: endOfDay(2025, 6, 1) });
    expect(nextExpiry(lots, endOfDay(2025, 6, 1))).toEqual({ points: 80, expiresAt: endOfDay(2025, 9, 1) });
    expect(nextExpiry(lots, endOfDay(2025, 9, 1))).toBeNull();
  });

  it("groups by Vietnam calendar day, not by exact instant", () => {
    const odd = [lot("noon", 5, vn(2025, 7, 1, 12)), lot("eod", 7, endOfDay(2025, 7, 1)), lot("next", 9, vn(2025, 7, 2, 0, 0))];
    expect(nextExpiry(odd, vn(2025, 6, 1))).toEqual({ points: 12, expiresAt: vn(2025, 7, 1, 12) });
  });
});

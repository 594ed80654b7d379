import { describe, expect, it } from "vitest";
import { differenceInterval, liftOf, rateOf, wilson } from "./results";

describe("conversion lift: Newcombe's hybrid score interval", () => {
  // Newcombe (1998), Statistics in Medicine 17:873–890, Table II, method 10: the eight examples.
  const table: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ];
  it.each(table)("%i/%i vs %i/%i → [%f, %f]", (x1, n1, x2, n2, lower, upper) => {
    const d = differenceInterval(x1, n1, x2, n2)!;
    expect(d.difference).toBeCloseTo(x1 / n1 - x2 / n2, 10);
    expect(d.lower).toBeCloseTo(lower, 4);
    expect(d.upper).toBeCloseTo(upper, 4);
  });

  it("Wilson's interval: known values and the ends", () => {
    // Newcombe (1998b), Table I: 81/263 → 0.2553 to 0.3662; 0/10 → 0 to 0.2775.
    const w = wilson(81, 263);
    expect(w.lower).toBeCloseTo(0.2553, 4);
    expect(w.upper).toBeCloseTo(0.3662, 4);
    expect(wilson(0, 10)).toEqual({ lower: 0, upper: expect.closeTo(0.2775, 4) });
    expect(wilson(10, 10).upper).toBeCloseTo(1, 12);
  });

  it("an empty group has no rate and no interval (0/0), never 0", () => {
    expect(differenceInterval(0, 0, 3, 10)).toBeNull();
    expect(differenceInterval(3, 10, 0, 0)).toBeNull();
    expect(differenceInterval(0, 0, 0, 0)).toBeNull();
    expect(rateOf({ recipients: 0, converted: 0, revenueVnd: 0 })).toBeNull();
    expect(liftOf({ recipients: 10, converted: 2, revenueVnd: 0 }, { recipients: 0, converted: 0, revenueVnd: 0 })).toBeNull();
    expect(() => differenceInterval(11, 10, 0, 10)).toThrow(RangeError);
  });

  it("the interval always lies within [−1, 1] and contains the difference", () => {
    for (const [x1, n1, x2, n2] of [
      [1, 1, 0, 1],
      [0, 1, 1, 1],
      [0, 1000, 1000, 1000],
      [3, 5, 3, 5],
    ] as const) {
      const d = differenceInterval(x1, n1, x2, n2)!;
      expect(d.lower).toBeGreaterThanOrEqual(-1);
      expect(d.upper).toBeLessThanOrEqual(1);
      expect(d.lower).toBeLessThanOrEqual(d.difference);
      expect(d.upper).toBeGreaterThanOrEqual(d.difference);
    }
  });

  it("lift: relative change, significance, and revenue the control group shows was caused", () => {
    const lift = liftOf(
      { recipients: 70, converted: 56, revenueVnd: 7_000_000 },
      { recipients: 80, converted: 48, revenueVnd: 4_000_000 },
    )!;
    expect(lift.difference).toBeCloseTo(0.2, 10);
    expect(lift.relative).toBeCloseTo(0.8 / 0.6 - 1, 10);
    expect(lift.significant).toBe(true);
    // 100,000 per arm recipient against 50,000 per control recipient, over 70 recipients.
    expect(lift.incrementalRevenueVnd).toBe(3_500_000);
    const none = liftOf({ recipients: 10, converted: 1, revenueVnd: 0 }, { recipients: 10, converted: 0, revenueVnd: 0 })!;
    expect(none.relative).toBeNull();
    expect(none.significant).toBe(false);
  });
});

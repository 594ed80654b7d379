import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bestPromotion,
  DEFAULT_EARN_RULE,
  earnPoints,
  isReceiptNo,
  parseBillInput,
  validateEarnRule,
  validatePromotion,
  type EarnInput,
  type Promotion,
} from "./earn";

const vn = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h - 7, min);
const AT = vn(2025, 9, 2, 18, 30); // Quốc khánh evening
const SILVER = 12_000;

function earn(billVnd: number, over: Partial<EarnInput> = {}) {
  return earnPoints({ billVnd, rule: DEFAULT_EARN_RULE, tierBps: 10_000, promotions: [], storeId: "hcm-q1", at: AT, ...over });
}

const promo = (id: string, bps: number, over: Partial<Promotion> = {}): Promotion => ({
  id,
  bps,
  startsAt: vn(2025, 9, 1),
  endsAt: vn(2025, 9, 3),
  storeIds: null,
  ...over,
});

describe("earnPoints", () => {
  it("earns floor(bill / 10 000) × tier: 1 259 000 ₫ at Silver = floor(125 × 1.2) = 150", () => {
    expect(earn(1_259_000, { tierBps: SILVER })).toEqual({
      ok: true,
      points: 150,
      basePoints: 125,
      tierBps: SILVER,
      promotionBps: 10_000,
      promotionId: null,
    });
  });

  it("earns nothing, but accepts, a bill below one point (9 999 ₫)", () => {
    expect(earn(9_999)).toEqual({ ok: true, points: 0, basePoints: 0, tierBps: 10_000, promotionBps: 10_000, promotionId: null });
    expect(earn(10_000)).toMatchObject({ ok: true, points: 1 });
    expect(earn(19_999)).toMatchObject({ ok: true, points: 1 });
  });

  it("floors the fractional point: a 45 000 ₫ trà sữa at Gold = floor(4 × 1.3) = 5", () => {
    expect(earn(45_000, { tierBps: 13_000 })).toMatchObject({ ok: true, basePoints: 4, points: 5 });
  });

  it("computes exactly where floating point would not: 100 base points × 1.15 = 115, not 114", () => {
    expect(earn(1_000_000, { tierBps: 11_500 })).toMatchObject({ ok: true, points: 115 });
  });

  it("stays exact beyond 2^53 (largest bill, 1 ₫ per point, ×4.4481 tier, ×4.1141 promotion)", () => {
    const rule = { vndPerPoint: 1, maxBillVnd: 100_000_000 };
    // 99 538 933 × 44 481 × 41 141 / 10^8 = 1 821 555 327.98…; Number arithmetic gives …328.
    expect(earn(99_538_933, { rule, tierBps: 44_481, promotions: [promo("x", 41_141)] })).toMatchObject({
      ok: true,
      points: 1_821_555_327,
    });
    expect(earn(100_000_000, { rule, tierBps: 100_000, promotions: [promo("x", 100_000)] })).toMatchObject({
      ok: true,
      points: 10_000_000_000,
    });
  });

  it("refuses amounts that are not whole positive đồng or are implausibly large", () => {
    expect(earn(125_000.5)).toEqual({ ok: false, reason: "amount_not_integer" });
    expect(earn(Number.NaN)).toEqual({ ok: false, reason: "amount_not_integer" });
    expect(earn(Number.POSITIVE_INFINITY)).toEqual({ ok: false, reason: "amount_not_integer" });
    expect(earn(0)).toEqual({ ok: false, reason: "amount_not_positive" });
    expect(earn(-50_000)).toEqual({ ok: false, reason: "amount_not_positive" });
    expect(earn(100_000_001)).toEqual({ ok: false, reason: "amount_too_large" });
    expect(earn(100_000_000)).toMatchObject({ ok: true, points: 10_000 });
  });

  it("throws on configuration that validation should have refused", () => {
    expect(() => earn(100_000, { tierBps: 9_999 })).toThrow(RangeError);
    expect(() => earn(100_000, { tierBps: 12_000.5 })).toThrow(RangeError);
    expect(() => earn(100_000, { rule: { vndPerPoint: 0, maxBillVnd: 1_000 } })).toThrow(RangeError);
  });

  describe("promotions", () => {
    it("applies a promotion to the stores it lists only", () => {
      const p = promo("q1-double", 20_000, { storeIds: ["hcm-q1", "hcm-q3"] });
      expect(earn(500_000, { promotions: [p], storeId: "hcm-q1" })).toMatchObject({
        points: 100,
        promotionBps: 20_000,
        promotionId: "q1-double",
      });
      expect(earn(500_000, { promotions: [p], storeId: "hn-hoankiem" })).toMatchObject({
        points: 50,
        promotionBps: 10_000,
        promotionId: null,
      });
      expect(earn(500_000, { promotions: [promo("none", 20_000, { storeIds: [] })] })).toMatchObject({ points: 50, promotionId: null });
    });

    it("is active from startsAt inclusive to endsAt exclusive", () => {
      const p = promo("weekend", 15_000, { startsAt: vn(2025, 9, 6), endsAt: vn(2025, 9, 8) });
      const at = (t: number) => earn(200_000, { promotions: [p], at: t });
      expect(at(vn(2025, 9, 6) - 1)).toMatchObject({ points: 20, promotionId: null });
      expect(at(vn(2025, 9, 6))).toMatchObject({ points: 30, promotionId: "weekend" });
      expect(at(vn(2025, 9, 8) - 1)).toMatchObject({ points: 30, promotionId: "weekend" });
      expect(at(vn(2025, 9, 8))).toMatchObject({ points: 20, promotionId: null });
    });

    it("does not stack: only the highest active multiplier applies, on top of the tier", () => {
      const promotions = [
        promo("all-stores", 15_000),
        promo("q1", 20_000, { storeIds: ["hcm-q1"] }),
        promo("future", 50_000, { startsAt: vn(2025, 10, 1), endsAt: vn(2025, 11, 1) }),
      ];
      // 1 259 000 ₫ at Silver with ×2: floor(125 × 1.2 × 2) = 300, not ×1.5 × ×2.
      expect(earn(1_259_000, { tierBps: SILVER, promotions })).toMatchObject({
        ok: true,
        points: 300,
        basePoints: 125,
        promotionBps: 20_000,
        promotionId: "q1",
      });
      expect(earn(1_259_000, { tierBps: SILVER, promotions, storeId: "hcm-q7" })).toMatchObject({
        points: 225,
        promotionBps: 15_000,
        promotionId: "all-stores",
      });
    });

    it("breaks ties by id, whatever order promotions arrive in", () => {
      const a = promo("a-promo", 15_000);
      const b = promo("b-promo", 15_000);
      expect(bestPromotion([b, a], "hcm-q1", AT)?.id).toBe("a-promo");
      expect(bestPromotion([a, b], "hcm-q1", AT)?.id).toBe("a-promo");
    });

    it("ignores invalid promotions instead of lowering points or failing the bill", () => {
      expect(earn(500_000, { promotions: [promo("half", 5_000)] })).toMatchObject({ points: 50, promotionBps: 10_000, promotionId: null });
      expect(earn(500_000, { promotions: [promo("fraction", 12_345.5)] })).toMatchObject({ points: 50, promotionId: null });
      expect(earn(500_000, { promotions: [promo("huge", 1_000_000)] })).toMatchObject({ points: 50, promotionId: null });
    });
  });

  it("floors the exact product and never earns less for a bigger bill (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 50_000 }),
        fc.integer({ min: 10_000, max: 100_000 }),
        fc.integer({ min: 10_000, max: 100_000 }),
        (bill, extra, vndPerPoint, tierBps, promoBps) => {
          const rule = { vndPerPoint, maxBillVnd: 200_000_000 };
          const promotions = [promo("p", promoBps)];
          const r = earnPoints({ billVnd: bill, rule, tierBps, promotions, storeId: "s", at: AT });
          if (!r.ok) throw new Error("refused");
          expect(r.basePoints * vndPerPoint).toBeLessThanOrEqual(bill);
          expect((r.basePoints + 1) * vndPerPoint).toBeGreaterThan(bill);
          const product = BigInt(r.basePoints) * BigInt(tierBps) * BigInt(promoBps);
          expect(BigInt(r.points) * 100_000_000n <= product).toBe(true);
          expect(BigInt(r.points + 1) * 100_000_000n > product).toBe(true);
          expect(r.points).toBeGreaterThanOrEqual(r.basePoints);
          const bigger = earnPoints({ billVnd: bill + extra, rule, tierBps, promotions, storeId: "s", at: AT });
          expect(bigger.ok && bigger.points >= r.points).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("validation for the console", () => {
  it("accepts the default rule and reports bad ones", () => {
    expect(validateEarnRule(DEFAULT_EARN_RULE)).toEqual([]);
    expect(validateEarnRule({ vndPerPoint: 0, maxBillVnd: 1.5 })).toHaveLength(2);
  });

  it("reports promotions that are below ×1, end before they start or match no store", () => {
    expect(validatePromotion(promo("ok", 20_000))).toEqual([]);
    expect(validatePromotion(promo("low", 9_000))).toHaveLength(1);
    expect(validatePromotion(promo("backwards", 20_000, { startsAt: vn(2025, 9, 3), endsAt: vn(2025, 9, 1) }))).toHaveLength(1);
    expect(validatePromotion(promo("nowhere", 20_000, { storeIds: [] }))).toHaveLength(1);
  });
});

describe("isReceiptNo", () => {
  it("accepts POS receipt numbers: letters, digits and . _ / - after a letter or digit, up to 40 characters", () => {
    for (const ok of ["HD-1", "0001", "POS.12/2025_7", "A".repeat(40)]) expect(isReceiptNo(ok), ok).toBe(true);
    for (const bad of ["", "-HD1", "HD 1", "HĐ-1", "A".repeat(41)]) expect(isReceiptNo(bad), bad).toBe(false);
  });
});

describe("parseBillInput", () => {
  const MAX = 100_000_000;
  it.each([
    ["1259000", 1_259_000],
    ["1.259.000", 1_259_000],
    ["1,259,000", 1_259_000],
    [" 1 259 000 ", 1_259_000],
    ["１２５０００", 125_000],
    ["12.500", 12_500],
    ["100000000", MAX],
  ])("reads %j as %d đồng", (typed, vnd) => {
    expect(parseBillInput(typed, MAX)).toEqual({ ok: true, vnd });
  });

  it.each([
    ["", "bill_missing"],
    ["12.5", "bill_not_whole"],
    ["12,50", "bill_not_whole"],
    ["1.250,5", "bill_not_number"],
    ["1.2500", "bill_not_whole"],
    ["-5", "bill_not_positive"],
    ["0", "bill_not_positive"],
    ["1e12", "bill_not_number"],
    ["0x10", "bill_not_number"],
    ["Infinity", "bill_not_number"],
    ["100000001", "bill_too_large"],
    ["1000000000000", "bill_too_large"],
    ["9".repeat(30), "bill_too_large"],
  ])("refuses %j (%s) and names the limit", (typed, code) => {
    expect(parseBillInput(typed, MAX)).toEqual({ ok: false, problem: { code, field: "billVnd", params: { max: MAX } } });
  });

  it("never reads anything but what was typed", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (typed) => {
        const read = parseBillInput(typed, MAX);
        if (read.ok) expect(read.vnd).toBe(Number(typed.normalize("NFKC").replace(/[\s.,]/g, "")));
      }),
    );
  });
});

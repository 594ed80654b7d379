import { describe, expect, it } from "vitest";
import { checkRedeemable, voucherExpiresAt, type RewardRules } from "./rewards";

const vn = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h - 7, min);
const endOfDay = (y: number, m: number, d: number) => vn(y, m, d, 23, 59) + 59_999;
const NOW = vn(2025, 6, 15, 14);

// A free cà phê sữa đá for 300 points, Gold and Diamond only, during June.
const reward = (over: Partial<RewardRules> = {}): RewardRules => ({
  active: true,
  pointsCost: 300,
  stock: 20,
  validFrom: vn(2025, 6, 1),
  validUntil: vn(2025, 7, 1),
  eligibleTiers: ["gold", "diamond"],
  ...over,
});
const gold = { tier: "gold" as const, balance: 500 };

describe("checkRedeemable", () => {
  it("lets an eligible member with enough points redeem", () => {
    expect(checkRedeemable(reward(), gold, NOW)).toEqual({ ok: true });
    expect(checkRedeemable(reward(), { tier: "diamond", balance: 300 }, NOW)).toEqual({ ok: true });
  });

  it("treats null stock, dates and tiers as unlimited", () => {
    const open = reward({ stock: null, validFrom: null, validUntil: null, eligibleTiers: null });
    expect(checkRedeemable(open, { tier: "member", balance: 300 }, vn(2030, 1, 1))).toEqual({ ok: true });
  });

  it("offers the reward from validFrom inclusive to validUntil exclusive", () => {
    expect(checkRedeemable(reward(), gold, vn(2025, 6, 1) - 1)).toEqual({ ok: false, reason: "not_started" });
    expect(checkRedeemable(reward(), gold, vn(2025, 6, 1))).toEqual({ ok: true });
    expect(checkRedeemable(reward(), gold, vn(2025, 7, 1) - 1)).toEqual({ ok: true });
    expect(checkRedeemable(reward(), gold, vn(2025, 7, 1))).toEqual({ ok: false, reason: "ended" });
  });

  it("gives one reason per failure, in order: inactive, dates, tier, stock, points", () => {
    const everythingWrong = reward({ active: false, stock: 0, validFrom: vn(2025, 7, 1), validUntil: vn(2025, 8, 1) });
    const silverBroke = { tier: "silver" as const, balance: 10 };
    expect(checkRedeemable(everythingWrong, silverBroke, NOW)).toEqual({ ok: false, reason: "inactive" });
    expect(checkRedeemable({ ...everythingWrong, active: true }, silverBroke, NOW)).toEqual({ ok: false, reason: "not_started" });
    expect(checkRedeemable({ ...everythingWrong, active: true }, silverBroke, vn(2025, 8, 1))).toEqual({ ok: false, reason: "ended" });
    expect(checkRedeemable(reward({ stock: 0 }), silverBroke, NOW)).toEqual({ ok: false, reason: "tier_not_eligible" });
    expect(checkRedeemable(reward({ stock: 0 }), { ...silverBroke, tier: "gold" }, NOW)).toEqual({ ok: false, reason: "out_of_stock" });
    expect(checkRedeemable(reward(), { tier: "gold", balance: 299 }, NOW)).toEqual({ ok: false, reason: "insufficient_points" });
  });
});

describe("voucherExpiresAt", () => {
  it("ends the voucher at the end of the Vietnam day, validityDays after issue", () => {
    expect(voucherExpiresAt(vn(2025, 3, 10, 15), 30, null)).toBe(endOfDay(2025, 4, 9));
    expect(voucherExpiresAt(vn(2025, 3, 10, 15), 0, null)).toBe(endOfDay(2025, 3, 10));
  });

  it("counts days from the Vietnam date of issue (06:30 in Hà Nội is the previous day in UTC)", () => {
    expect(voucherExpiresAt(vn(2025, 3, 1, 6, 30), 7, null)).toBe(endOfDay(2025, 3, 8));
    expect(voucherExpiresAt(vn(2024, 2, 22, 10), 7, null)).toBe(endOfDay(2024, 2, 29));
  });

  it("never outlives the reward", () => {
    expect(voucherExpiresAt(vn(2025, 6, 25, 10), 30, vn(2025, 7, 1))).toBe(vn(2025, 7, 1));
    expect(voucherExpiresAt(vn(2025, 6, 1, 10), 7, vn(2025, 7, 1))).toBe(endOfDay(2025, 6, 8));
  });

  it("refuses a validity that is not a whole number of days", () => {
    expect(() => voucherExpiresAt(NOW, -1, null)).toThrow(RangeError);
    expect(() => voucherExpiresAt(NOW, 2.5, null)).toThrow(RangeError);
  });
});

import { describe, expect, it } from "vitest";
import { promoCap, quotaGrant } from "./quota";

describe("daily quota split between care and promotions", () => {
  it("gives promotions their share of the day, rounded down", () => {
    expect(promoCap(5_000, 50)).toBe(2_500);
    expect(promoCap(3, 50)).toBe(1);
    expect(promoCap(100, 0)).toBe(0);
  });

  it("lets a whole batch go when the day has room", () => {
    expect(quotaGrant({ dailyQuota: 100, promoSharePercent: 50, used: { sent: 0, promo: 0 }, count: 10, promos: 4 })).toEqual({
      total: 10,
      promo: 4,
    });
  });

  it("holds promotions beyond their share while care messages still go", () => {
    expect(quotaGrant({ dailyQuota: 100, promoSharePercent: 50, used: { sent: 48, promo: 48 }, count: 10, promos: 5 })).toEqual({
      total: 7,
      promo: 2,
    });
  });

  it("never grants more than the day has left, promotions first within their share", () => {
    expect(quotaGrant({ dailyQuota: 100, promoSharePercent: 50, used: { sent: 97, promo: 10 }, count: 10, promos: 5 })).toEqual({
      total: 3,
      promo: 3,
    });
    expect(quotaGrant({ dailyQuota: 100, promoSharePercent: 50, used: { sent: 100, promo: 10 }, count: 10, promos: 5 })).toEqual({
      total: 0,
      promo: 0,
    });
  });
});

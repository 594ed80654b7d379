import { describe, expect, it } from "vitest";
import { slotOf, sendPlan, type PlanInput } from "./plan";

// 10:00 in Vietnam on 7 December 2026.
const AT_10 = Date.UTC(2026, 11, 7, 3, 0);
const H = 3_600_000;

/** A promotion at 10:00 on a fresh day of the 20,000 tier, unless told otherwise. */
const plan = (p: Partial<PlanInput>) =>
  sendPlan({
    recipients: 10,
    tag: "promotion",
    start: AT_10,
    dailyQuota: 20_000,
    promoSharePercent: 50,
    usedOnFirstDay: { sent: 0, promo: 0 },
    ...p,
  });

describe("the send plan", () => {
  it("spreads a promotion over days at its share of the quota: 12,000 at 5,000 a day, 50 % promotional → 5 days", () => {
    const p = plan({ recipients: 12_000, dailyQuota: 5_000, usedOnFirstDay: { sent: 800, promo: 500 } });
    expect(p.days.map((d) => [d.day, d.date, d.count])).toEqual([
      [1, "2026-12-07", 2_000],
      [2, "2026-12-08", 2_500],
      [3, "2026-12-09", 2_500],
      [4, "2026-12-10", 2_500],
      [5, "2026-12-11", 2_500],
    ]);
    expect(p).toMatchObject({ placed: 12_000, unplaced: 0 });
    expect(p.days[0]!.opensAt).toBe(AT_10);
    // Later days open when quiet hours end: 08:00 in Vietnam.
    expect(p.days[1]!.opensAt).toBe(Date.UTC(2026, 11, 8, 1, 0));
    expect(p.warnings).toEqual(["promo_tier_too_low"]);
  });

  it("a care campaign uses the whole day's room, from midnight, and no tier warning", () => {
    const p = plan({ recipients: 7_000, tag: "customer_care", dailyQuota: 5_000, usedOnFirstDay: { sent: 1_000, promo: 0 } });
    expect(p.days.map((d) => d.count)).toEqual([4_000, 3_000]);
    expect(p.days[1]!.opensAt).toBe(Date.UTC(2026, 11, 7, 17, 0)); // 00:00 on 8 December in Vietnam
    expect(p.warnings).toEqual([]);
    // The i-th recipient's day, in the materialiser's order; null past the placed ones.
    expect([0, 3_999, 4_000, 6_999].map((i) => slotOf(p, i)!.day)).toEqual([1, 1, 2, 2]);
    expect(slotOf(p, 7_000)).toBeNull();
  });

  it("a promotion started in quiet hours opens at 08:00; after 21:00 it starts the next day", () => {
    const early = plan({ start: AT_10 - 4 * H });
    expect(early.days).toEqual([{ day: 1, date: "2026-12-07", opensAt: AT_10 - 2 * H, capacity: 10_000, count: 10 }]);
    expect(early.warnings).toEqual([]);
    const late = plan({ start: AT_10 + 12 * H });
    expect(late.days.map((d) => [d.day, d.date, d.count, d.opensAt])).toEqual([
      [1, "2026-12-07", 0, Date.UTC(2026, 11, 8, 1, 0)],
      [2, "2026-12-08", 10, Date.UTC(2026, 11, 8, 1, 0)],
    ]);
    expect(late.warnings).toContain("starts_after_quiet_hours");
  });

  it("members already capped today go on day 2; an exhausted first day says so", () => {
    expect(plan({ recipients: 100, cappedOnFirstDay: 30 }).days.map((d) => d.count)).toEqual([70, 30]);
    const full = plan({ recipients: 5, usedOnFirstDay: { sent: 0, promo: 10_000 } });
    expect(full.days.map((d) => d.count)).toEqual([0, 5]);
    expect(full.warnings).toContain("quota_exhausted_today");
  });

  it("reports what does not fit within the days it looks at, and counts later days' expected use", () => {
    const p = plan({ recipients: 1_000, dailyQuota: 500, promoSharePercent: 20, usedOnLaterDays: { sent: 0, promo: 50 }, maxDays: 3 });
    expect(p.days.map((d) => d.count)).toEqual([100, 50, 50]);
    expect(p).toMatchObject({ placed: 200, unplaced: 800 });
    expect(p.warnings).toEqual(["promo_tier_too_low", "beyond_max_days"]);
  });

  it("an empty audience needs no day", () => {
    expect(plan({ recipients: 0 })).toEqual({ days: [], placed: 0, unplaced: 0, warnings: [] });
  });
});

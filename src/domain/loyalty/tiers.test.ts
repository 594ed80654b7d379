import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatVnd } from "../locale/money";
import type { Problem } from "../problems";
import {
  DEFAULT_TIER_RULES,
  ENTRY_TIER,
  earnNeedsSpend,
  evaluateTier,
  qualifyingTier,
  tierDef,
  tierProgress,
  tierRulesText,
  validateTierRules,
  type TierDef,
  type TierRules,
  type TierState,
} from "./tiers";

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1, 20 - 7); // 1 Jun 2025, 20:00 Vietnam time, the nightly job
const R = DEFAULT_TIER_RULES;

const withTiers = (mutate: (tiers: TierDef[]) => TierDef[], over: Partial<TierRules> = {}): TierRules => ({
  ...R,
  tiers: mutate(R.tiers.map((t) => ({ ...t }))),
  ...over,
});

describe("default tier rules", () => {
  it("are member ×1.0, silver 2M ×1.2, gold 5M ×1.3, diamond 15M ×1.5 over 365 days with 30 days' grace", () => {
    expect(R.tiers.map((t) => [t.code, t.name.vi, t.thresholdVnd, t.earnBps])).toEqual([
      ["member", "Thành viên", 0, 10_000],
      ["silver", "Bạc", 2_000_000, 12_000],
      ["gold", "Vàng", 5_000_000, 13_000],
      ["diamond", "Kim cương", 15_000_000, 15_000],
    ]);
    expect([R.windowDays, R.graceDays]).toEqual([365, 30]);
    expect(R.tiers[0]!.code).toBe(ENTRY_TIER);
    for (const t of R.tiers) expect(t.benefits.vi.length === t.benefits.en.length && t.benefits.vi.length > 0).toBe(true);
    expect(validateTierRules(R)).toEqual([]);
  });
});

describe("validateTierRules", () => {
  it.each<[string, TierRules, Partial<Problem>]>([
    ["no tiers", { ...R, tiers: [] }, { code: "no_tiers", field: "tiers" }],
    [
      "first threshold not 0",
      withTiers((t) => ((t[0]!.thresholdVnd = 100), t)),
      { code: "first_threshold_not_zero", field: "tiers.0.thresholdVnd" },
    ],
    [
      "first tier not the entry tier",
      withTiers((t) => t.slice(1).map((x, i) => (i === 0 ? { ...x, thresholdVnd: 0 } : x))),
      { code: "first_tier_not_entry", field: "tiers.0.code", params: { entry: "member" } },
    ],
    [
      "thresholds not ascending",
      withTiers((t) => ((t[2]!.thresholdVnd = 2_000_000), t)),
      { code: "threshold_not_ascending", field: "tiers.2.thresholdVnd", params: { previous: "silver" } },
    ],
    ["duplicate code", withTiers((t) => ((t[3]!.code = "gold"), t)), { code: "tier_code_duplicate", field: "tiers.3.code" }],
    [
      "codes out of order",
      withTiers((t) => [t[0]!, { ...t[2]!, thresholdVnd: 1_000 }, { ...t[1]! }, t[3]!]),
      { code: "tier_order", params: { previous: "gold" } },
    ],
    [
      "unknown code",
      withTiers((t) => (((t[3] as { code: string }).code = "platinum"), t)),
      { code: "tier_code_unknown", field: "tiers.3.code", params: { code: "platinum" } },
    ],
    ["bps below ×1", withTiers((t) => ((t[1]!.earnBps = 9_999), t)), { code: "earn_bps_invalid", field: "tiers.1.earnBps" }],
    ["bps above ×10", withTiers((t) => ((t[1]!.earnBps = 100_001), t)), { code: "earn_bps_invalid", field: "tiers.1.earnBps" }],
    ["fractional bps", withTiers((t) => ((t[1]!.earnBps = 12_000.5), t)), { code: "earn_bps_invalid", field: "tiers.1.earnBps" }],
    [
      "fractional threshold",
      withTiers((t) => ((t[1]!.thresholdVnd = 2_000_000.5), t)),
      { code: "threshold_invalid", field: "tiers.1.thresholdVnd" },
    ],
    ["blank name", withTiers((t) => ((t[1]!.name = { vi: " ", en: "Silver" }), t)), { code: "name_required", field: "tiers.1.name" }],
    ["window 0 days", { ...R, windowDays: 0 }, { code: "window_days_invalid", field: "windowDays" }],
    ["negative grace", { ...R, graceDays: -1 }, { code: "grace_days_invalid", field: "graceDays" }],
  ])("reports %s", (_label, rules, problem) => {
    const problems = validateTierRules(rules);
    expect(problems).toContainEqual(
      expect.objectContaining({ ...problem, ...(problem.params ? { params: expect.objectContaining(problem.params) } : {}) }),
    );
  });

  it("accepts a brand that leaves tiers out", () => {
    expect(validateTierRules(withTiers((t) => [t[0]!, t[2]!]))).toEqual([]);
  });
});

describe("qualifyingTier and tierDef", () => {
  it.each([
    [0, "member"],
    [1_999_999, "member"],
    [2_000_000, "silver"],
    [4_900_000, "silver"],
    [5_000_000, "gold"],
    [14_999_999, "gold"],
    [15_000_000, "diamond"],
    [250_000_000, "diamond"],
  ])("%i ₫ in the window qualifies for %s", (spend, tier) => {
    expect(qualifyingTier(spend, R)).toBe(tier);
  });

  it("returns the configured definition, or the next lower one for a tier the brand removed", () => {
    expect(tierDef(R, "gold").name.vi).toBe("Vàng");
    const noGold = withTiers((t) => t.filter((x) => x.code !== "gold"));
    expect(tierDef(noGold, "gold").code).toBe("silver");
    expect(qualifyingTier(10_000_000, noGold)).toBe("silver");
  });
});

describe("tierProgress", () => {
  it("shows how far a member is from Silver", () => {
    expect(tierProgress(1_000_000, "member", R)).toEqual({ next: "silver", remainingVnd: 1_000_000, ratio: 0.5, keepRemainingVnd: 0 });
  });

  it("measures towards the tier above the current one, and what it takes to keep the current one", () => {
    expect(tierProgress(4_900_000, "gold", R)).toEqual({
      next: "diamond",
      remainingVnd: 10_100_000,
      ratio: 4_900_000 / 15_000_000,
      keepRemainingVnd: 100_000,
    });
  });

  it("is full with nothing remaining once the spend is there, and at the top tier", () => {
    expect(tierProgress(3_000_000, "member", R)).toMatchObject({ next: "silver", remainingVnd: 0, ratio: 1 });
    expect(tierProgress(20_000_000, "diamond", R)).toEqual({ next: null, remainingVnd: 0, ratio: 1, keepRemainingVnd: 0 });
  });
});

describe("evaluateTier", () => {
  const gold: TierState = { tier: "gold", downgradePendingSince: null };
  const run = (state: TierState, spendVnd: number, now: number, trigger: "earn" | "schedule" = "schedule", rules = R) =>
    evaluateTier({ state, spendVnd, now, rules, trigger });

  it("upgrades immediately on an earn, jumping tiers if the bill is big enough", () => {
    expect(run({ tier: "member", downgradePendingSince: null }, 2_500_000, NOW, "earn")).toEqual({
      state: { tier: "silver", downgradePendingSince: null },
      change: "up",
    });
    expect(run({ tier: "member", downgradePendingSince: null }, 16_000_000, NOW, "earn")).toEqual({
      state: { tier: "diamond", downgradePendingSince: null },
      change: "up",
    });
  });

  it("changes nothing while the member still qualifies", () => {
    expect(run(gold, 5_000_000, NOW)).toEqual({ state: gold, change: null });
    expect(run(gold, 9_000_000, NOW, "earn")).toEqual({ state: gold, change: null });
  });

  it("gives a Gold member at 4.9M a 30-day grace period, then downgrades to Silver", () => {
    const first = run(gold, 4_900_000, NOW);
    expect(first).toEqual({ state: { tier: "gold", downgradePendingSince: NOW }, change: null });
    // The nightly job keeps finding them below Gold: still pending, the start date unchanged.
    const day29 = run(first.state, 4_900_000, NOW + 29 * DAY);
    expect(day29).toEqual({ state: { tier: "gold", downgradePendingSince: NOW }, change: null });
    expect(run(day29.state, 4_900_000, NOW + 30 * DAY - 1).change).toBeNull();
    expect(run(day29.state, 4_900_000, NOW + 30 * DAY)).toEqual({ state: { tier: "silver", downgradePendingSince: null }, change: "down" });
  });

  it("never downgrades on an earn, even after the grace period", () => {
    const pending: TierState = { tier: "gold", downgradePendingSince: NOW };
    expect(run(gold, 4_900_000, NOW, "earn")).toEqual({ state: gold, change: null });
    expect(run(pending, 4_900_000, NOW + 90 * DAY, "earn")).toEqual({ state: pending, change: null });
  });

  it("clears a pending downgrade when the member qualifies again, on any trigger", () => {
    const pending: TierState = { tier: "gold", downgradePendingSince: NOW };
    expect(run(pending, 5_100_000, NOW + 10 * DAY, "earn")).toEqual({ state: gold, change: null });
    expect(run(pending, 5_100_000, NOW + 40 * DAY, "schedule")).toEqual({ state: gold, change: null });
    expect(run(pending, 15_000_000, NOW + 10 * DAY, "earn")).toEqual({
      state: { tier: "diamond", downgradePendingSince: null },
      change: "up",
    });
  });

  it("downgrades straight to the qualifying tier, several steps at once", () => {
    const pending: TierState = { tier: "diamond", downgradePendingSince: NOW };
    expect(run(pending, 1_000_000, NOW + 30 * DAY)).toEqual({ state: { tier: "member", downgradePendingSince: null }, change: "down" });
  });

  it("downgrades at the first scheduled run when the brand gives no grace", () => {
    expect(run(gold, 4_900_000, NOW, "schedule", { ...R, graceDays: 0 })).toEqual({
      state: { tier: "silver", downgradePendingSince: null },
      change: "down",
    });
  });
});

describe("earnNeedsSpend", () => {
  const threeTiers: TierRules = { ...R, tiers: R.tiers.slice(0, 3) };
  const state = fc.record({
    tier: fc.constantFrom(...R.tiers.map((t) => t.code)),
    downgradePendingSince: fc.option(fc.integer({ min: NOW - 60 * DAY, max: NOW }), { nil: null }),
  });

  it("is false only for the brand's top tier with no downgrade pending", () => {
    expect(earnNeedsSpend({ tier: "diamond", downgradePendingSince: null }, R)).toBe(false);
    expect(earnNeedsSpend({ tier: "diamond", downgradePendingSince: NOW - DAY }, R)).toBe(true);
    expect(earnNeedsSpend({ tier: "gold", downgradePendingSince: null }, R)).toBe(true);
    expect(earnNeedsSpend({ tier: "gold", downgradePendingSince: null }, threeTiers)).toBe(false);
  });

  it("when false, an earn's tier evaluation is the same whatever the spend", () => {
    fc.assert(
      fc.property(state, fc.constantFrom(R, threeTiers), fc.nat(50_000_000), fc.nat(50_000_000), (s, rules, a, b) => {
        fc.pre(rules.tiers.some((t) => t.code === s.tier) && !earnNeedsSpend(s, rules));
        const run = (spendVnd: number) => evaluateTier({ state: s, spendVnd, now: NOW, rules, trigger: "earn" });
        expect(run(a)).toEqual(run(b));
      }),
    );
  });
});

describe("tierRulesText", () => {
  it("explains the default rules in Vietnamese, with money formatted vi-VN", () => {
    expect(formatVnd("vi", 5_000_000)).toBe("5.000.000\u00a0₫");
    expect(formatVnd("en", 5_000_000)).toBe("5,000,000\u00a0₫");
    expect(tierRulesText(R, "vi")).toEqual([
      "Chi tiêu 2.000.000\u00a0₫ trong 12 tháng gần nhất để lên hạng Bạc",
      "Chi tiêu 5.000.000\u00a0₫ trong 12 tháng gần nhất để lên hạng Vàng",
      "Chi tiêu 15.000.000\u00a0₫ trong 12 tháng gần nhất để lên hạng Kim cương",
      "Hạng Bạc tích điểm ×1,2",
      "Hạng Vàng tích điểm ×1,3",
      "Hạng Kim cương tích điểm ×1,5",
      "Bạn lên hạng ngay khi đạt mức chi tiêu",
      "Nếu chi tiêu trong 12 tháng gần nhất thấp hơn mức của hạng hiện tại, bạn được giữ hạng thêm 30 ngày trước khi xuống hạng",
    ]);
  });

  it("explains them in English, and in days for a window that is not a year", () => {
    const lines = tierRulesText({ ...R, windowDays: 180, graceDays: 0 }, "en");
    expect(lines[0]).toBe("Spend 2,000,000\u00a0₫ in the last 180 days to reach Silver");
    expect(lines).toContain("Silver members earn points ×1.2");
    expect(lines.at(-1)).toBe("If your spend in the last 180 days falls below your tier's level, you move down at the next tier review");
  });
});

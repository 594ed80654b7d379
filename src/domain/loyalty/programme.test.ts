import { describe, expect, it } from "vitest";
import { DEFAULT_EARN_RULE } from "./earn";
import { changedParts, previewProgramme, validateProgramme, type Programme } from "./programme";
import { DEFAULT_TIER_RULES } from "./tiers";

const BASE: Programme = {
  earnRule: DEFAULT_EARN_RULE,
  tierRules: DEFAULT_TIER_RULES,
  lotValidityMonths: 12,
  profileBonusPoints: 50,
  promotions: [],
};
const STORE = "store-1";

describe("programme settings", () => {
  it("the defaults are valid; each limit is said at its field", () => {
    expect(validateProgramme(BASE, [STORE])).toEqual([]);
    const bad: Programme = {
      ...BASE,
      earnRule: { vndPerPoint: 20_000, maxBillVnd: 15_000 },
      tierRules: { ...BASE.tierRules, windowDays: 0 },
    };
    expect(validateProgramme(bad, [STORE])).toEqual([
      { code: "max_bill_below_rate", field: "earnRule.maxBillVnd", params: { min: 20_000 } },
      { code: "window_days_range", field: "tierRules.windowDays", params: { min: 1, max: 730 } },
    ]);
  });

  it("a promotion may name only the brand's stores, in a window in order", () => {
    const promo = { id: "p1", name: "Tết", bps: 15_000, startsAt: 2_000, endsAt: 1_000, storeIds: ["elsewhere"] };
    expect(validateProgramme({ ...BASE, promotions: [promo] }, [STORE]).map((p) => [p.code, p.field])).toEqual([
      ["promotion_window_invalid", "promotions.0.endsAt"],
      ["promotion_store_unknown", "promotions.0.storeIds"],
    ]);
  });

  it("changedParts ignores key order; the preview earns with the earn rule and counts tier moves", () => {
    const reordered = { ...BASE, earnRule: { maxBillVnd: DEFAULT_EARN_RULE.maxBillVnd, vndPerPoint: DEFAULT_EARN_RULE.vndPerPoint } };
    expect(changedParts(BASE, reordered)).toEqual([]);
    const after: Programme = {
      ...BASE,
      earnRule: { ...DEFAULT_EARN_RULE, vndPerPoint: 5_000 },
      tierRules: {
        ...DEFAULT_TIER_RULES,
        tiers: DEFAULT_TIER_RULES.tiers.map((t) => (t.code === "silver" ? { ...t, thresholdVnd: 3_000_000 } : t)),
      },
    };
    expect(changedParts(BASE, after)).toEqual(["earnRule", "tierRules"]);
    const p = previewProgramme({
      before: BASE,
      after,
      billVnd: 350_000,
      at: Date.UTC(2026, 11, 7),
      members: [
        { tier: "silver", spendVnd: 2_500_000 },
        { tier: "member", spendVnd: 3_100_000 },
        { tier: "member", spendVnd: 100_000 },
      ],
    });
    expect(p.earn[0]).toEqual({ tier: "member", before: 35, after: 70 });
    expect(p.earn[1]).toEqual({ tier: "silver", before: 42, after: 84 });
    expect(p.tierMoves).toEqual([
      { from: "member", to: "silver", members: 1 },
      { from: "silver", to: "member", members: 1 },
    ]);
    expect([p.up, p.down]).toEqual([1, 1]);
  });
});

import { describe, expect, it } from "vitest";
import { defaultWheelCampaign } from "./defaults";
import { changesOdds, validateWheelCampaign, WHEEL_LIMITS, type WheelCampaignConfig } from "./wheel";

const base = defaultWheelCampaign(Date.UTC(2026, 11, 1));
const codes = (c: WheelCampaignConfig) => validateWheelCampaign(c).map((p) => `${p.field}:${p.code}`);

describe("validateWheelCampaign", () => {
  it("accepts the default campaign (with and without a voucher)", () => {
    expect(validateWheelCampaign(base)).toEqual([]);
    expect(validateWheelCampaign(defaultWheelCampaign(0, "00000000-0000-4000-8000-000000000001"))).toEqual([]);
  });

  it("takes 2 to 12 segments", () => {
    expect(codes({ ...base, segments: base.segments.slice(0, 1) })).toContain("segments:segment_count");
    expect(codes({ ...base, segments: base.segments.slice(0, 2) })).toEqual([]);
    const many = Array.from({ length: 13 }, (_, i) => ({ ...base.segments[0]!, id: `s${i}` }));
    expect(codes({ ...base, segments: many })).toContain("segments:segment_count");
    expect(codes({ ...base, segments: many.slice(0, 12) })).toEqual([]);
  });

  it("names each segment's problem by its field", () => {
    const segments = base.segments.map((s) => ({ ...s }));
    segments[0] = { ...segments[0]!, id: "Bad id", color: "red", weight: -1, value: 0 };
    segments[1] = { ...segments[1]!, id: "p20", stock: 5, label: { vi: "", en: "x".repeat(25) } };
    segments[2] = { ...segments[2]!, prize: "reward", value: 50 };
    segments[3] = { ...segments[3]!, prize: "nothing", rewardId: "00000000-0000-4000-8000-000000000001" };
    expect(new Set(codes({ ...base, segments }))).toEqual(
      new Set([
        "segments.0.id:id_format",
        "segments.0.color:color_format",
        "segments.0.value:value_range",
        "segments.0.weight:weight_range",
        "segments.1.label.vi:required",
        "segments.1.label.en:too_long",
        "segments.1.stock:stock_not_allowed",
        "segments.2.value:value_range",
        "segments.2.rewardId:reward_required",
        "segments.3.value:value_range",
        "segments.3.id:id_duplicate",
        "segments.3.rewardId:reward_not_allowed",
      ]),
    );
  });

  it("refuses weights that sum past the limit or to nothing", () => {
    const heavy = base.segments.map((s) => ({ ...s, weight: WHEEL_LIMITS.totalWeightMax / 4 }));
    expect(codes({ ...base, segments: heavy })).toContain("segments:weight_total");
    expect(codes({ ...base, segments: base.segments.map((s) => ({ ...s, weight: 0 })) })).toContain("segments:no_weight");
  });

  it("checks plays, price, caps and the window", () => {
    const c: WheelCampaignConfig = {
      ...base,
      freePlaysPerDay: -1,
      extraPlays: { ...base.extraPlays, followed_oa: 11 },
      playPricePoints: 0,
      caps: { ...base.caps, pointsPerDay: 1.5 },
      gates: { ...base.gates, minPurchases: -2, storeIds: ["a", "a"] },
      endsAt: base.startsAt,
    };
    expect(codes(c)).toEqual([
      "freePlaysPerDay:plays_range",
      "extraPlays.followed_oa:plays_range",
      "playPricePoints:price_range",
      "caps.pointsPerDay:cap_range",
      "gates.minPurchases:min_purchases_range",
      "gates.storeIds:store_duplicate",
      "endsAt:window_order",
    ]);
  });
});

describe("changesOdds", () => {
  it("a weight, stock, prize or cap change changes the odds; wording and colour do not", () => {
    const reword = { ...base, rulesText: { vi: "khác", en: "other" }, segments: base.segments.map((s) => ({ ...s, color: "#000000" })) };
    expect(changesOdds(base, reword)).toBe(false);
    expect(changesOdds(base, { ...base, segments: base.segments.map((s, i) => (i === 0 ? { ...s, weight: s.weight + 1 } : s)) })).toBe(
      true,
    );
    expect(changesOdds(base, { ...base, segments: base.segments.map((s, i) => (i === 2 ? { ...s, stock: 5 } : s)) })).toBe(true);
    expect(changesOdds(base, { ...base, caps: { ...base.caps, winsPerDay: 1 } })).toBe(true);
    expect(changesOdds(base, { ...base, segments: base.segments.slice(1) })).toBe(true);
  });

  it("caps in another key order (as JSONB reads them back) are the same caps", () => {
    const reordered = Object.fromEntries(Object.entries(base.caps).reverse()) as typeof base.caps;
    expect(changesOdds(base, { ...base, caps: reordered })).toBe(false);
  });
});

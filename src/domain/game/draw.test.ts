import { describe, expect, it } from "vitest";
import { defaultWheelCampaign } from "./defaults";
import {
  checkBudget,
  drawIndex,
  effectiveWeights,
  oddsOf,
  oddsPercent,
  pickByWeight,
  replayDraw,
  snapshotGuard,
  UINT32_RANGE,
  type SnapshotGuard,
  type WheelState,
} from "./draw";
import type { WheelCampaignConfig } from "./wheel";

/** mulberry32: a small seeded PRNG, so the statistical test is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const config = defaultWheelCampaign(0);
const fresh = (c: WheelCampaignConfig = config): WheelState => ({
  stockLeft: c.segments.map((s) => s.stock),
  winsToday: 0,
  winsTotal: 0,
  pointsToday: 0,
  memberWins: 0,
});

describe("pickByWeight", () => {
  it("is exact at the boundaries of the cumulative ranges", () => {
    // total 10: accepted values are r < floor(2^32 / 10) * 10; r mod 10 in 0..2 → 0, 3..3 → 1 (w 1), 4..9 → 2.
    const w = [3, 1, 6];
    expect(pickByWeight(0, w)).toBe(0);
    expect(pickByWeight(2, w)).toBe(0);
    expect(pickByWeight(3, w)).toBe(1);
    expect(pickByWeight(4, w)).toBe(2);
    expect(pickByWeight(9, w)).toBe(2);
    expect(pickByWeight(10, w)).toBe(0);
    const accepted = Math.floor(UINT32_RANGE / 10) * 10;
    expect(pickByWeight(accepted - 1, w)).toBe(2);
    expect(pickByWeight(accepted, w)).toBeNull();
    expect(pickByWeight(UINT32_RANGE - 1, w)).toBeNull();
  });

  it("never picks a segment of weight 0, even at its boundary", () => {
    const w = [0, 5, 0, 5, 0];
    expect(pickByWeight(0, w)).toBe(1);
    expect(pickByWeight(4, w)).toBe(1);
    expect(pickByWeight(5, w)).toBe(3);
    expect(pickByWeight(9, w)).toBe(3);
  });

  it("accepts every value when the total divides 2^32 (no rejection)", () => {
    expect(pickByWeight(UINT32_RANGE - 1, [1, 1])).toBe(1);
    expect(pickByWeight(UINT32_RANGE - 2, [1, 1])).toBe(0);
  });

  it("refuses what is not a uint32 and weights that sum to 0", () => {
    expect(() => pickByWeight(-1, [1])).toThrow(RangeError);
    expect(() => pickByWeight(UINT32_RANGE, [1])).toThrow(RangeError);
    expect(() => pickByWeight(1.5, [1])).toThrow(RangeError);
    expect(() => pickByWeight(0, [0, 0])).toThrow(RangeError);
  });

  it("drawIndex draws again after a rejected value and keeps the accepted one", () => {
    const values = [UINT32_RANGE - 1, 7];
    const out = drawIndex([3, 1, 6], () => values.shift()!);
    expect(out).toEqual({ index: 2, random: 7 });
  });

  it("follows the configured odds over 100,000 seeded draws (chi-square, 7 degrees of freedom)", () => {
    const weights = config.segments.map((s) => s.weight);
    const total = weights.reduce((a, b) => a + b, 0);
    const counts = weights.map(() => 0);
    const next = seeded(20_261_206);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[drawIndex(weights, next).index]!++;
    const chi2 = counts.reduce((sum, c, i) => {
      const expected = (n * weights[i]!) / total;
      return sum + (c - expected) ** 2 / expected;
    }, 0);
    // 24.32 is the 0.999 quantile of chi-square with 7 degrees of freedom: a fair draw fails it once in 1000 seeds.
    expect(chi2).toBeLessThan(24.32);
  });
});

describe("effectiveWeights: renormalised over what can still be won", () => {
  it("drops a prize with no stock left; 'nothing' stays", () => {
    const state = fresh();
    const i = config.segments.findIndex((s) => s.id === "p500");
    state.stockLeft[i] = 0;
    const { weights, blocked } = effectiveWeights(config, state);
    expect(weights[i]).toBe(0);
    expect(blocked[i]).toBe("out_of_stock");
    const total = weights.reduce((a, b) => a + b, 0);
    expect(total).toBe(1000 - 10);
    const odds = oddsOf(weights);
    expect(odds[i]).toEqual({ numerator: 0, denominator: 990 });
    expect(odds[0]).toEqual({ numerator: 300, denominator: 990 });
    expect(oddsPercent(odds[0]!)).toBe(30.3);
    // No seeded value can pick it any more.
    const next = seeded(1);
    for (let k = 0; k < 5_000; k++) expect(drawIndex(weights, next).index).not.toBe(i);
  });

  it("drops points prizes that would pass the day's points budget, keeps those that fit", () => {
    const c = { ...config, caps: { ...config.caps, pointsPerDay: 1_000 } };
    const state = { ...fresh(c), pointsToday: 920 };
    const { weights, blocked } = effectiveWeights(c, state);
    const by = (id: string) => c.segments.findIndex((s) => s.id === id);
    expect(weights[by("p50")]).toBe(120); // 920 + 50 ≤ 1000
    expect(blocked[by("p100")]).toBe("points_budget_day");
    expect(blocked[by("p500")]).toBe("points_budget_day");
    expect(weights[by("none_a")]).toBe(170);
  });

  it("at a win cap every prize is out and the wheel says the budget is spent before a play", () => {
    expect(checkBudget(config, { ...fresh(), winsToday: 500 })).toEqual({ state: "spent", scope: "day", reason: "win_cap_day" });
    expect(checkBudget(config, { ...fresh(), winsTotal: 10_000 })).toEqual({
      state: "spent",
      scope: "campaign",
      reason: "win_cap_campaign",
    });
    expect(checkBudget(config, { ...fresh(), memberWins: 30 })).toEqual({ state: "member_cap" });
    expect(checkBudget(config, { ...fresh(), winsToday: 499 }).state).toBe("open");
  });

  it("when every prize is out of stock the budget is spent for the campaign", () => {
    const c = { ...config, segments: config.segments.map((s) => (s.prize === "points" ? { ...s, stock: s.stock ?? 5 } : s)) };
    const state = { ...fresh(c), stockLeft: c.segments.map((s) => (s.prize === "nothing" ? null : 0)) };
    expect(checkBudget(c, state)).toEqual({ state: "spent", scope: "campaign", reason: "out_of_stock" });
  });

  it("a reward that cannot be issued is not drawn", () => {
    const c = defaultWheelCampaign(0, "00000000-0000-4000-8000-000000000001");
    const i = c.segments.findIndex((s) => s.prize === "reward");
    const state = { ...fresh(c), rewardAvailable: c.segments.map((_, k) => k !== i) };
    expect(effectiveWeights(c, state).blocked[i]).toBe("reward_unavailable");
  });
});

describe("snapshotGuard: when a draw on a snapshot is the draw the true counters give", () => {
  const holds = (g: SnapshotGuard, now: WheelState) =>
    (g.campaignWinsBelow === null || now.winsTotal < g.campaignWinsBelow) &&
    (g.dayWinsBelow === null || now.winsToday < g.dayWinsBelow) &&
    (g.dayPointsRoom === null || now.pointsToday + g.dayPointsRoom.room <= g.dayPointsRoom.budget) &&
    g.stocked.every((i) => (now.stockLeft[i] ?? 1) > 0);

  it("holds after the counters moved exactly when every weight is still the same (10,000 seeded snapshots and later states)", () => {
    const c: WheelCampaignConfig = {
      ...config,
      segments: config.segments.map((s, i) => (s.prize === "points" ? { ...s, stock: i % 2 ? 3 : null } : s)),
      caps: { ...config.caps, winsPerDay: 6, winsPerCampaign: 9, pointsPerDay: 700 },
    };
    const next = seeded(7);
    const upTo = (n: number) => next() % (n + 1);
    let held = 0;
    for (let k = 0; k < 10_000; k++) {
      const snap: WheelState = {
        stockLeft: c.segments.map((s) => (s.stock === null ? null : upTo(s.stock))),
        winsToday: upTo(6),
        winsTotal: upTo(9),
        pointsToday: upTo(700),
        memberWins: 0,
      };
      // Counters move one way while a version is in force: stock down, wins and points up.
      const later: WheelState = {
        ...snap,
        stockLeft: snap.stockLeft.map((left) => (left === null ? null : Math.max(0, left - upTo(1)))),
        winsToday: snap.winsToday + upTo(1),
        winsTotal: snap.winsTotal + upTo(1),
        pointsToday: snap.pointsToday + (upTo(1) ? upTo(500) : 0),
      };
      const same = effectiveWeights(c, later).weights.every((w, i) => w === effectiveWeights(c, snap).weights[i]);
      expect(holds(snapshotGuard(c, snap), later)).toBe(same);
      if (same) held++;
    }
    // Both sides of the equivalence were exercised.
    expect(held).toBeGreaterThan(100);
    expect(held).toBeLessThan(9_900);
  });

  it("asks nothing of a wheel where nothing can be won, and names the largest points prize still counted", () => {
    const c = { ...config, caps: { ...config.caps, pointsPerDay: 1_000 } };
    expect(snapshotGuard(c, { ...fresh(c), winsTotal: 10_000 })).toEqual({
      campaignWinsBelow: null,
      dayWinsBelow: null,
      dayPointsRoom: null,
      stocked: [],
    });
    const g = snapshotGuard(c, { ...fresh(c), pointsToday: 920 });
    expect(g.dayPointsRoom).toEqual({ room: 50, budget: 1_000 });
    const ids = (is: number[]) => is.map((i) => c.segments[i]!.id);
    // Only the prizes it still counted: 100, 200 and 500 points no longer fit the day's budget.
    expect(ids(g.stocked)).toEqual(["p50"]);
    expect(ids(snapshotGuard(c, fresh(c)).stocked)).toEqual(["p50", "p100", "p200", "p500"]);
  });
});

describe("replayDraw", () => {
  it("reproduces a logged draw and catches a tampered one", () => {
    const state = fresh();
    state.stockLeft[7] = 0;
    const { weights } = effectiveWeights(config, state);
    const { index, random } = drawIndex(weights, seeded(42));
    const record = { config, state, weights, random, segmentIndex: index };
    expect(replayDraw(record)).toMatchObject({ segmentIndex: index, matches: true });
    expect(replayDraw({ ...record, segmentIndex: (index + 1) % 8 }).matches).toBe(false);
    expect(replayDraw({ ...record, state: { ...state, stockLeft: config.segments.map((s) => s.stock) } }).matches).toBe(false);
  });
});

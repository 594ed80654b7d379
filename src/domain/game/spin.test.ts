import { describe, expect, it } from "vitest";
import { defaultWheelCampaign } from "./defaults";
import { failedGate, type MemberFacts } from "./gates";
import { decideSpin } from "./spin";

const start = Date.UTC(2026, 11, 1);
const config = defaultWheelCampaign(start);
const member: MemberFacts = { active: true, tier: "silver", purchases: 3, consents: ["membership", "zns_promo"], storeIds: ["s1"] };
const input = (over: Partial<Parameters<typeof decideSpin>[0]> = {}) => ({
  status: "running" as const,
  config,
  at: start + 1_000,
  member,
  state: { stockLeft: config.segments.map((s) => s.stock), winsToday: 0, winsTotal: 0, pointsToday: 0, memberWins: 0 },
  plays: { freePlaysPerDay: 1, freeUsedToday: 0, playsToday: 0, extraGranted: 0, extraUsed: 0, maxPlaysPerDay: 5 },
  ...over,
});

describe("gates", () => {
  it("are checked in order and name the first one failed", () => {
    const g = { minTier: "gold" as const, minPurchases: 5, consentPurpose: "analytics" as const, storeIds: ["s2"] };
    expect(failedGate(g, { ...member, active: false })).toBe("membership");
    expect(failedGate(g, member)).toBe("min_tier");
    expect(failedGate(g, { ...member, tier: "diamond" })).toBe("min_purchases");
    expect(failedGate(g, { ...member, tier: "gold", purchases: 5 })).toBe("consent");
    expect(failedGate(g, { ...member, tier: "gold", purchases: 5, consents: ["analytics"] })).toBe("stores");
    expect(failedGate(g, { ...member, tier: "gold", purchases: 5, consents: ["analytics"], storeIds: ["s1", "s2"] })).toBeNull();
    expect(failedGate(config.gates, member)).toBeNull();
  });
});

describe("decideSpin", () => {
  it("a running campaign, an eligible member with a play: spin with a free play", () => {
    const d = decideSpin(input());
    expect(d).toMatchObject({ ok: true, source: "free" });
  });

  it("refuses, in order: not running, out of window, not eligible, budget spent, no plays", () => {
    expect(decideSpin(input({ status: "paused" }))).toEqual({ ok: false, code: "game_not_running" });
    expect(decideSpin(input({ at: start - 1 }))).toEqual({ ok: false, code: "game_out_of_window", params: { when: "not_started" } });
    expect(decideSpin(input({ at: config.endsAt }))).toEqual({ ok: false, code: "game_out_of_window", params: { when: "over" } });
    expect(decideSpin(input({ at: config.endsAt - 1 })).ok).toBe(true);
    expect(decideSpin(input({ member: { ...member, active: false } }))).toEqual({
      ok: false,
      code: "game_not_eligible",
      params: { gate: "membership" },
    });
    const spentAndNoPlays = input({
      state: { ...input().state, winsToday: 500 },
      plays: { ...input().plays, freeUsedToday: 1, playsToday: 1 },
    });
    // The budget is said first: the member learns it before thinking of buying a play.
    expect(decideSpin(spentAndNoPlays)).toEqual({ ok: false, code: "game_budget_spent", params: { scope: "day", reason: "win_cap_day" } });
    expect(decideSpin(input({ state: { ...input().state, memberWins: 30 } }))).toEqual({ ok: false, code: "game_win_limit_reached" });
    expect(decideSpin(input({ plays: { ...input().plays, freeUsedToday: 1, playsToday: 1 } }))).toEqual({
      ok: false,
      code: "game_no_plays_left",
    });
  });
});

import { describe, expect, it } from "vitest";
import { defaultWheelCampaign } from "./defaults";
import { gameDay, grantKey, playsForAction, remainingPlays, takePlay, type PlayCounts } from "./plays";

const counts = (p: Partial<PlayCounts>): PlayCounts => ({
  freePlaysPerDay: 1,
  freeUsedToday: 0,
  playsToday: 0,
  extraGranted: 0,
  extraUsed: 0,
  maxPlaysPerDay: null,
  ...p,
});

describe("plays", () => {
  it("uses the day's free play first, then extra plays", () => {
    expect(takePlay(counts({ extraGranted: 2 }))).toEqual({ ok: true, source: "free" });
    expect(takePlay(counts({ freeUsedToday: 1, playsToday: 1, extraGranted: 2 }))).toEqual({ ok: true, source: "extra" });
    expect(takePlay(counts({ freeUsedToday: 1, playsToday: 3, extraGranted: 2, extraUsed: 2 }))).toEqual({
      ok: false,
      reason: "game_no_plays_left",
    });
  });

  it("the member's daily cap stops them even with plays left, and says so", () => {
    const p = counts({ freeUsedToday: 1, playsToday: 3, extraGranted: 5, extraUsed: 2, maxPlaysPerDay: 3 });
    expect(remainingPlays(p)).toEqual({ free: 0, extra: 3, total: 0, dailyCapReached: true });
    expect(takePlay(p)).toEqual({ ok: false, reason: "game_daily_play_limit" });
    expect(remainingPlays({ ...p, maxPlaysPerDay: 4 }).total).toBe(1);
  });

  it("free plays are per Vietnam day: 23:59:59.999 and 00:00 (UTC+7) are different days", () => {
    // 2026-12-31 16:59:59.999Z is 23:59:59.999 on 31 Dec in Vietnam; one ms later it is 1 Jan 2027.
    const beforeMidnight = Date.UTC(2026, 11, 31, 16, 59, 59, 999);
    expect(gameDay(beforeMidnight + 1)).toBe(gameDay(beforeMidnight) + 1);
    // 00:00Z is 07:00 in Vietnam and 16:59Z is 23:59 there: the same Vietnam day.
    expect(gameDay(Date.UTC(2026, 11, 31, 0, 0))).toBe(gameDay(Date.UTC(2026, 11, 31, 16, 59)));
    // A member who used their free play at 23:50 Vietnam time gets a new one at 00:00.
    const used = [{ at: beforeMidnight - 9 * 60_000 }];
    const freeUsedOn = (at: number) => used.filter((u) => gameDay(u.at) === gameDay(at)).length;
    expect(takePlay(counts({ freeUsedToday: freeUsedOn(beforeMidnight), playsToday: 1 }))).toEqual({
      ok: false,
      reason: "game_no_plays_left",
    });
    expect(takePlay(counts({ freeUsedToday: freeUsedOn(beforeMidnight + 1) }))).toEqual({ ok: true, source: "free" });
  });

  it("actions grant the campaign's plays; a purchase only from its amount", () => {
    const c = defaultWheelCampaign(0);
    expect(playsForAction(c, "profile_completed")).toBe(1);
    expect(playsForAction({ ...c, extraPlays: { ...c.extraPlays, followed_oa: 0 } }, "followed_oa")).toBe(0);
    expect(playsForAction(c, "purchase_over_amount", { billVnd: 199_999 })).toBe(0);
    expect(playsForAction(c, "purchase_over_amount", { billVnd: 200_000 })).toBe(1);
    expect(playsForAction(c, "purchase_over_amount")).toBe(0);
  });

  it("grant keys: the profile and the OA once, a survey per answer, a purchase per entry", () => {
    expect(grantKey("profile_completed", "x")).toBe("profile_completed");
    expect(grantKey("followed_oa")).toBe("followed_oa");
    expect(grantKey("survey_answered", "a1")).toBe("survey_answered:a1");
    expect(grantKey("purchase_over_amount", "e1")).toBe("purchase_over_amount:e1");
    expect(() => grantKey("survey_answered")).toThrow();
  });
});

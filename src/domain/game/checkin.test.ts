import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { vietnamDayNumber } from "../loyalty/vietnam-time";
import {
  checkinView,
  cycleDayOf,
  decideCheckin,
  streakBucket,
  validateCheckinConfig,
  type CheckinConfig,
  type PastCheckin,
} from "./checkin";

const config: CheckinConfig = { enabled: true, pointsPerDay: [5, 5, 10, 10, 15, 15, 30] };
/** An instant in Vietnam time: "2026-03-01T23:59:59.999" read as UTC+7. */
const vn = (local: string) => Date.parse(`${local}+07:00`);
const dayOf = (local: string) => vietnamDayNumber(vn(local));

describe("decideCheckin", () => {
  it("a first check-in is day 1 of a streak, with day 1's points", () => {
    expect(decideCheckin(config, null, vn("2026-03-01T08:00:00"))).toEqual({
      ok: true,
      day: dayOf("2026-03-01T00:00:00"),
      date: "2026-03-01",
      streak: 1,
      cycleDay: 1,
      points: 5,
    });
  });

  it("one per Vietnam day: 00:00 and 23:59:59.999 are the same day", () => {
    const first = decideCheckin(config, null, vn("2026-03-01T00:00:00"));
    if (!first.ok) throw new Error("refused");
    expect(decideCheckin(config, first, vn("2026-03-01T23:59:59.999"))).toEqual({ ok: false, reason: "already_today" });
  });

  it("Vietnam midnight, not UTC's: 23:59:59.999 then 00:00:00.000 (UTC+7) continue the streak", () => {
    const late = decideCheckin(config, null, vn("2026-03-01T23:59:59.999"));
    if (!late.ok) throw new Error("refused");
    // 00:00 in Vietnam is still the previous UTC day (17:00 UTC): a UTC calendar would refuse it.
    const next = decideCheckin(config, late, Date.parse("2026-03-01T17:00:00.000Z"));
    expect(next).toMatchObject({ ok: true, date: "2026-03-02", streak: 2, cycleDay: 2, points: 5 });
    // 16:59:59.999 UTC is still 1 March in Vietnam.
    expect(decideCheckin(config, late, Date.parse("2026-03-01T16:59:59.999Z"))).toEqual({ ok: false, reason: "already_today" });
  });

  it("continues across month and year ends, leap day included", () => {
    for (const [a, b] of [
      ["2026-01-31", "2026-02-01"],
      ["2026-02-28", "2026-03-01"],
      ["2028-02-28", "2028-02-29"],
      ["2028-02-29", "2028-03-01"],
      ["2026-12-31", "2027-01-01"],
    ] as const) {
      const prev: PastCheckin = { day: dayOf(`${a}T21:00:00`), streak: 3 };
      expect(decideCheckin(config, prev, vn(`${b}T06:00:00`))).toMatchObject({ ok: true, date: b, streak: 4, cycleDay: 4, points: 10 });
    }
    // 28 Feb 2026 → 1 Mar is consecutive (no 29th in 2026); 28 Feb 2028 → 1 Mar 2028 skips the 29th.
    expect(decideCheckin(config, { day: dayOf("2028-02-28T12:00:00"), streak: 3 }, vn("2028-03-01T12:00:00"))).toMatchObject({ streak: 1 });
  });

  it("a missed day resets the streak to day 1", () => {
    const prev: PastCheckin = { day: dayOf("2026-03-01T12:00:00"), streak: 5 };
    expect(decideCheckin(config, prev, vn("2026-03-03T00:00:00"))).toMatchObject({ ok: true, streak: 1, cycleDay: 1, points: 5 });
    expect(decideCheckin(config, prev, vn("2026-04-20T00:00:00"))).toMatchObject({ streak: 1 });
  });

  it("after day 7 the cycle starts again at day 1 while the streak keeps counting", () => {
    const prev: PastCheckin = { day: dayOf("2026-03-07T12:00:00"), streak: 7 };
    expect(decideCheckin(config, prev, vn("2026-03-08T12:00:00"))).toMatchObject({ streak: 8, cycleDay: 1, points: 5 });
    expect(decideCheckin(config, { day: prev.day, streak: 13 }, vn("2026-03-08T12:00:00"))).toMatchObject({
      streak: 14,
      cycleDay: 7,
      points: 30,
    });
    expect([1, 7, 8, 14, 15, 700, 701].map(cycleDayOf)).toEqual([1, 7, 1, 7, 1, 7, 1]);
  });

  it("never a second check-in when the latest is in the future (a clock set back)", () => {
    expect(decideCheckin(config, { day: dayOf("2026-03-05T12:00:00"), streak: 2 }, vn("2026-03-04T12:00:00"))).toEqual({
      ok: false,
      reason: "already_today",
    });
  });

  it("is refused when the brand turned check-ins off", () => {
    expect(decideCheckin({ ...config, enabled: false }, null, vn("2026-03-01T12:00:00"))).toEqual({ ok: false, reason: "disabled" });
  });

  it("property: checking in every day for n days makes a streak of n, paying the cycle", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 86_399_999 }), (n, msOfDay) => {
        let latest: PastCheckin | null = null;
        let total = 0;
        const start = vn("2026-01-25T00:00:00");
        for (let i = 0; i < n; i++) {
          const d = decideCheckin(config, latest, start + i * 86_400_000 + msOfDay);
          if (!d.ok) return false;
          total += d.points;
          latest = d;
        }
        const expected = Array.from({ length: n }, (_, i) => config.pointsPerDay[i % 7]!).reduce((a, b) => a + b, 0);
        return latest!.streak === n && total === expected;
      }),
    );
  });
});

describe("checkinView", () => {
  const now = vn("2026-03-10T09:00:00");
  const today = dayOf("2026-03-10T09:00:00");

  it("a new member: day 1 today, 6 upcoming days with their points, a week of misses", () => {
    const v = checkinView(config, [], now);
    expect(v).toMatchObject({
      enabled: true,
      today: "2026-03-10",
      checkedToday: false,
      streak: 0,
      todayCycleDay: 1,
      todayPoints: 5,
      streakBroken: false,
    });
    expect(v.cycle.map((s) => [s.cycleDay, s.date, s.points, s.status])).toEqual([
      [1, "2026-03-10", 5, "today_open"],
      [2, "2026-03-11", 5, "upcoming"],
      [3, "2026-03-12", 10, "upcoming"],
      [4, "2026-03-13", 10, "upcoming"],
      [5, "2026-03-14", 15, "upcoming"],
      [6, "2026-03-15", 15, "upcoming"],
      [7, "2026-03-16", 30, "upcoming"],
    ]);
    expect(v.week.map((d) => d.status)).toEqual(["missed", "missed", "missed", "missed", "missed", "missed", "today_open"]);
    expect(v.week[0]!.date).toBe("2026-03-04");
  });

  it("a streak alive since yesterday: past cycle days checked, today open for day 4", () => {
    const recent = [
      { day: today - 3, streak: 1 },
      { day: today - 2, streak: 2 },
      { day: today - 1, streak: 3 },
    ];
    const v = checkinView(config, recent, now);
    expect(v).toMatchObject({ checkedToday: false, streak: 3, todayCycleDay: 4, todayPoints: 10, streakBroken: false });
    expect(v.cycle.map((s) => s.status)).toEqual(["checked", "checked", "checked", "today_open", "upcoming", "upcoming", "upcoming"]);
    expect(v.cycle[0]!.date).toBe("2026-03-07");
    expect(v.week.map((d) => d.status)).toEqual(["missed", "missed", "missed", "checked", "checked", "checked", "today_open"]);
  });

  it("checked in today: today done, the streak counts today", () => {
    const v = checkinView(
      config,
      [
        { day: today - 1, streak: 7 },
        { day: today, streak: 8 },
      ],
      now,
    );
    expect(v).toMatchObject({ checkedToday: true, streak: 8, todayCycleDay: 1, todayPoints: 5 });
    expect(v.cycle[0]!.status).toBe("today_done");
  });

  it("a missed day: the streak is 0 and said to be broken, the week shows the gap", () => {
    const v = checkinView(
      config,
      [
        { day: today - 3, streak: 4 },
        { day: today - 2, streak: 5 },
      ],
      now,
    );
    expect(v).toMatchObject({ streak: 0, todayCycleDay: 1, streakBroken: true });
    expect(v.week.slice(3).map((d) => d.status)).toEqual(["checked", "checked", "missed", "today_open"]);
  });
});

describe("validateCheckinConfig", () => {
  it("takes 7 non-negative integers up to the ceiling", () => {
    expect(validateCheckinConfig(config)).toEqual([]);
    expect(validateCheckinConfig({ enabled: true, pointsPerDay: [0, 0, 0, 0, 0, 0, 10_000] })).toEqual([]);
  });
  it("says which day is wrong", () => {
    expect(validateCheckinConfig({ enabled: true, pointsPerDay: [1, 2, 3] })).toEqual([
      { code: "checkin_days_count", field: "pointsPerDay", params: { count: 7 } },
    ]);
    expect(validateCheckinConfig({ enabled: true, pointsPerDay: [1, -1, 2.5, 10_001, 5, 5, 5] })).toEqual([
      { code: "checkin_points_invalid", field: "pointsPerDay.1" },
      { code: "checkin_points_invalid", field: "pointsPerDay.2" },
      { code: "checkin_points_too_high", field: "pointsPerDay.3", params: { max: 10_000 } },
    ]);
  });
});

describe("streakBucket", () => {
  it("1..7, then 8+", () => {
    expect([1, 7, 8, 30].map(streakBucket)).toEqual(["1", "7", "8+", "8+"]);
  });
});

import { describe, expect, it } from "vitest";
import {
  apologyOccurrence,
  birthdayOccurrence,
  expiringUntil,
  lapsedBefore,
  occurrenceKey,
  pointsExpiringOccurrence,
  surveyOccurrence,
  tierUpgradeOccurrence,
  winBackOccurrence,
} from "./triggers";

const H = 3_600_000;
const D = 24 * H;
/** `hh:mm` Vietnam time on a date, as epoch ms (Vietnam is UTC+7). */
const vn = (y: number, m: number, d: number, hh = 10, mm = 0) => Date.UTC(y, m - 1, d, hh - 7, mm);

describe("birthday: N days before, once a year", () => {
  it("is due from N days before up to the day, with the birthday's year as the period", () => {
    const b = { month: 3, day: 10 };
    expect(birthdayOccurrence(vn(2027, 3, 6), 3, b)).toBeNull();
    expect(birthdayOccurrence(vn(2027, 3, 7), 3, b)).toEqual({ period: "2027" });
    expect(birthdayOccurrence(vn(2027, 3, 10), 3, b)).toEqual({ period: "2027" });
    expect(birthdayOccurrence(vn(2027, 3, 11), 3, b)).toBeNull();
    expect(birthdayOccurrence(vn(2027, 3, 10), 0, b)).toEqual({ period: "2027" });
    expect(birthdayOccurrence(vn(2027, 3, 9), 0, b)).toBeNull();
  });

  it("crosses month ends: 3 days before 1 March is 26 February (27 in a leap year)", () => {
    const b = { month: 3, day: 1 };
    expect(birthdayOccurrence(vn(2027, 2, 25), 3, b)).toBeNull();
    expect(birthdayOccurrence(vn(2027, 2, 26), 3, b)).toEqual({ period: "2027" });
    expect(birthdayOccurrence(vn(2028, 2, 26), 3, b)).toBeNull();
    expect(birthdayOccurrence(vn(2028, 2, 27), 3, b)).toEqual({ period: "2028" });
    // 2 days before 1 May: 29 April (April has 30 days).
    expect(birthdayOccurrence(vn(2027, 4, 28), 2, { month: 5, day: 1 })).toBeNull();
    expect(birthdayOccurrence(vn(2027, 4, 29), 2, { month: 5, day: 1 })).toEqual({ period: "2027" });
  });

  it("crosses New Year: the period is the birthday's year, not the window's", () => {
    const b = { month: 1, day: 2 };
    expect(birthdayOccurrence(vn(2026, 12, 29), 3, b)).toBeNull();
    expect(birthdayOccurrence(vn(2026, 12, 30), 3, b)).toEqual({ period: "2027" });
    expect(birthdayOccurrence(vn(2027, 1, 2), 3, b)).toEqual({ period: "2027" });
  });

  it("celebrates 29 February on 28 February in a year without one, and on the 29th in a leap year", () => {
    const b = { month: 2, day: 29 };
    expect(birthdayOccurrence(vn(2027, 2, 28), 0, b)).toEqual({ period: "2027" });
    expect(birthdayOccurrence(vn(2027, 3, 1), 0, b)).toBeNull();
    expect(birthdayOccurrence(vn(2028, 2, 28), 0, b)).toBeNull();
    expect(birthdayOccurrence(vn(2028, 2, 29), 0, b)).toEqual({ period: "2028" });
    expect(birthdayOccurrence(vn(2027, 2, 25), 3, b)).toEqual({ period: "2027" });
    expect(birthdayOccurrence(vn(2028, 2, 26), 3, b)).toEqual({ period: "2028" });
  });

  it("counts days in Vietnam time: 23:59 and 00:00 in Vietnam are different days, whatever UTC says", () => {
    const b = { month: 6, day: 15 };
    // 14 June 23:59 in Vietnam = 16:59 UTC on the 14th: one day before, not due at N = 0.
    expect(birthdayOccurrence(vn(2027, 6, 14, 23, 59), 0, b)).toBeNull();
    // 15 June 00:00 in Vietnam = 17:00 UTC on the 14th (still the 14th in UTC): due.
    expect(birthdayOccurrence(Date.UTC(2027, 5, 14, 17, 0), 0, b)).toEqual({ period: "2027" });
    expect(birthdayOccurrence(vn(2027, 6, 15, 23, 59), 0, b)).toEqual({ period: "2027" });
    expect(birthdayOccurrence(Date.UTC(2027, 5, 15, 17, 0), 0, b)).toBeNull();
  });

  it("ignores birthdays that are not dates", () => {
    expect(birthdayOccurrence(vn(2027, 1, 1), 3, { month: 13, day: 1 })).toBeNull();
    expect(birthdayOccurrence(vn(2027, 1, 1), 3, { month: 0, day: 0 })).toBeNull();
  });
});

describe("points expiring within N days", () => {
  it("is due for an expiry up to the end of the Vietnam day N days ahead, once per expiry date", () => {
    const now = vn(2027, 1, 30, 9);
    expect(pointsExpiringOccurrence(now, 7, vn(2027, 2, 6, 23, 59))).toEqual({ period: "2027-02-06" });
    expect(pointsExpiringOccurrence(now, 7, Date.UTC(2027, 1, 6, 17, 0))).toBeNull(); // 7 Feb 00:00 in Vietnam
    expect(pointsExpiringOccurrence(now, 7, now - 1)).toBeNull();
    expect(expiringUntil(now, 7)).toBe(Date.UTC(2027, 1, 6, 17, 0) - 1);
  });
});

describe("win-back after N days without a visit", () => {
  it("counts whole Vietnam days since the last visit; the period is that visit's date", () => {
    const last = vn(2027, 1, 31, 23, 30);
    expect(winBackOccurrence(vn(2027, 3, 1, 0, 5), 29, last)).toEqual({ period: "2027-01-31" });
    expect(winBackOccurrence(vn(2027, 3, 1, 0, 5), 30, last)).toBeNull();
    // Across a leap February: 1 Feb 2027 to 1 Mar 2028 is 365 + 29 = 394 days.
    expect(winBackOccurrence(vn(2028, 3, 1, 0, 5), 394, vn(2027, 2, 1))).toEqual({ period: "2027-02-01" });
    expect(winBackOccurrence(vn(2028, 3, 1, 0, 5), 395, vn(2027, 2, 1))).toBeNull();
    // The SQL prefilter agrees with the rule at its edge.
    const now = vn(2027, 3, 1, 8);
    const edge = lapsedBefore(now, 29);
    expect(winBackOccurrence(now, 29, edge)).not.toBeNull();
    expect(winBackOccurrence(now, 29, edge + 1)).toBeNull();
  });
});

describe("post-purchase survey N hours after an earn", () => {
  it("is due from N hours after the earn for a day, once per earn", () => {
    const earn = vn(2027, 1, 31, 22);
    expect(surveyOccurrence(earn + 2 * H - 1, 2, earn, "e1")).toBeNull();
    expect(surveyOccurrence(earn + 2 * H, 2, earn, "e1")).toEqual({ period: "e1" });
    expect(surveyOccurrence(earn + 26 * H, 2, earn, "e1")).toEqual({ period: "e1" });
    expect(surveyOccurrence(earn + 26 * H + 1, 2, earn, "e1")).toBeNull();
  });
});

describe("tier upgrade and detractor apology", () => {
  it("fires for a higher tier only, keyed by the tier and the day", () => {
    expect(tierUpgradeOccurrence(vn(2027, 1, 1, 0, 1), "member", "gold")).toEqual({ period: "gold@2027-01-01" });
    expect(tierUpgradeOccurrence(vn(2027, 1, 1), "gold", "silver")).toBeNull();
    expect(tierUpgradeOccurrence(vn(2027, 1, 1), "gold", "gold")).toBeNull();
  });

  it("apologises for cases closed after the trigger was on, within a week", () => {
    const on = vn(2027, 1, 1);
    expect(apologyOccurrence(on + D, on + H, on, "c1")).toEqual({ period: "c1" });
    expect(apologyOccurrence(on + D, on - 1, on, "c1")).toBeNull();
    expect(apologyOccurrence(on + 8 * D, on + H, on, "c1")).toBeNull();
  });

  it("keys occurrences per kind, member and period; the welcome keeps its old key", () => {
    expect(occurrenceKey("birthday", "m1", "2027")).toBe("trigger:birthday:m1:2027");
    expect(occurrenceKey("welcome", "m1", "once")).toBe("welcome:m1");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addMonthsClamped, daysInMonth, endOfVietnamDate, endOfVietnamDay, vietnamDate, vietnamDayNumber } from "./vietnam-time";

/** Epoch ms of a Vietnam wall-clock time (UTC+7). */
const vn = (y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0) => Date.UTC(y, m - 1, d, h - 7, min, s, ms);

// Independent oracle: the IANA zone through ICU, not our fixed-offset arithmetic.
const icu = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" });
const iso = (d: { year: number; month: number; day: number }) =>
  `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

describe("Vietnam calendar arithmetic", () => {
  it("reads the Vietnam date, which is a day ahead of UTC from 17:00 UTC", () => {
    expect(vietnamDate(Date.UTC(2025, 0, 30, 16, 59, 59, 999))).toEqual({ year: 2025, month: 1, day: 30 });
    expect(vietnamDate(Date.UTC(2025, 0, 30, 17, 0))).toEqual({ year: 2025, month: 1, day: 31 });
  });

  it("agrees with the Asia/Ho_Chi_Minh zone for any instant from 1976 to 2100", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1976, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(iso(vietnamDate(ms))).toBe(icu.format(ms));
        const end = endOfVietnamDay(ms);
        expect(end).toBeGreaterThanOrEqual(ms);
        expect(icu.format(end)).toBe(icu.format(ms));
        expect(icu.format(end + 1)).not.toBe(icu.format(ms));
        expect(vietnamDayNumber(end)).toBe(vietnamDayNumber(ms));
      }),
      { numRuns: 300 },
    );
  });

  it("ends a day at 23:59:59.999 Vietnam time", () => {
    expect(endOfVietnamDate({ year: 2025, month: 2, day: 28 })).toBe(vn(2025, 2, 28, 23, 59, 59, 999));
    expect(endOfVietnamDay(vn(2025, 2, 28, 0, 0))).toBe(vn(2025, 2, 28, 23, 59, 59, 999));
  });

  it("knows month lengths, including the Gregorian leap-year rules", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2025, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it("adds months clamping the day, across year ends", () => {
    expect(addMonthsClamped({ year: 2025, month: 1, day: 31 }, 1)).toEqual({ year: 2025, month: 2, day: 28 });
    expect(addMonthsClamped({ year: 2024, month: 1, day: 31 }, 1)).toEqual({ year: 2024, month: 2, day: 29 });
    expect(addMonthsClamped({ year: 2025, month: 3, day: 31 }, 1)).toEqual({ year: 2025, month: 4, day: 30 });
    expect(addMonthsClamped({ year: 2025, month: 11, day: 15 }, 3)).toEqual({ year: 2026, month: 2, day: 15 });
    expect(addMonthsClamped({ year: 2025, month: 12, day: 31 }, 24)).toEqual({ year: 2027, month: 12, day: 31 });
  });

  it("adds days across month and leap-day boundaries", () => {
    expect(addDays({ year: 2024, month: 2, day: 28 }, 1)).toEqual({ year: 2024, month: 2, day: 29 });
    expect(addDays({ year: 2025, month: 2, day: 28 }, 1)).toEqual({ year: 2025, month: 3, day: 1 });
    expect(addDays({ year: 2025, month: 12, day: 31 }, 30)).toEqual({ year: 2026, month: 1, day: 30 });
  });
});

import { describe, expect, it } from "vitest";
import { formatInteger, formatVietnamDate, formatVietnamTime } from "./format";

/*
 * The hand-written formats must read exactly as Intl's would (they replace it on the first
 * screen for speed, format.ts): checked against Intl over wide, deterministic samples.
 */
const intlNumber = { vi: new Intl.NumberFormat("vi-VN"), en: new Intl.NumberFormat("en-US") };
const VN = "Asia/Ho_Chi_Minh";
const intlDate = {
  vi: new Intl.DateTimeFormat("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: VN }),
  en: new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: VN }),
};
const intlTime = {
  vi: new Intl.DateTimeFormat("vi-VN", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: VN }),
  en: new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: VN }),
};

/** A small deterministic generator (mulberry32), so a failure names a reproducible value. */
function numbers(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("formatInteger", () => {
  it("groups digits as Intl does in both languages, from one digit to the largest safe integer, signs included", () => {
    const random = numbers(12);
    const samples = [0, 1, -1, 999, 1_000, -1_000, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    for (let i = 0; i < 5_000; i++) {
      const digits = 1 + Math.floor(random() * 15);
      const value = Math.floor(random() * 10 ** digits) * (random() < 0.2 ? -1 : 1);
      samples.push(value === 0 ? 0 : value);
    }
    for (const value of samples) {
      expect(formatInteger("vi", value)).toBe(intlNumber.vi.format(value));
      expect(formatInteger("en", value)).toBe(intlNumber.en.format(value));
    }
    expect(formatInteger("vi", 1_250_000)).toBe("1.250.000");
    expect(formatInteger("en", 1_250_000)).toBe("1,250,000");
  });

  it("leaves fractions and unsafe numbers to Intl", () => {
    expect(formatInteger("vi", 1_250.5)).toBe("1.250,5");
    expect(formatInteger("en", 2 ** 60)).toBe(intlNumber.en.format(2 ** 60));
  });
});

describe("formatVietnamDate and formatVietnamTime", () => {
  it("read as Intl's dd/mm/yyyy and 24-hour HH:MM in Vietnam time, across years and around midnight there", () => {
    const random = numbers(7);
    const instants = [Date.UTC(2026, 11, 5, 16, 59), Date.UTC(2026, 11, 5, 17, 0), Date.UTC(2024, 1, 28, 17, 0), Date.UTC(2000, 0, 1)];
    for (let i = 0; i < 3_000; i++) instants.push(Date.UTC(1990, 0, 1) + Math.floor(random() * 60 * 365 * 86_400_000));
    for (const ms of instants) {
      const iso = new Date(ms).toISOString();
      for (const locale of ["vi", "en"] as const) {
        expect(formatVietnamDate(iso)).toBe(intlDate[locale].format(ms));
        expect(formatVietnamTime(iso)).toBe(intlTime[locale].format(ms));
      }
    }
    // 17:05 UTC is already the next day in Vietnam.
    expect(formatVietnamDate("2026-12-05T17:05:00Z")).toBe("06/12/2026");
    expect(formatVietnamTime("2026-12-05T17:05:00Z")).toBe("00:05");
  });

  it("gives an empty text for a date it cannot read, rather than throwing in a render", () => {
    expect(formatVietnamDate("not a date")).toBe("");
    expect(formatVietnamTime("")).toBe("");
  });
});

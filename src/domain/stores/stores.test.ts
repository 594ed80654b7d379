import { describe, expect, it } from "vitest";
import { VIETNAM_UTC_OFFSET_MS } from "../loyalty/vietnam-time";
import { isMapUrl, isStorePhone, localWeekdayAndMinute, openStateAt, storeProblems, type OpeningHours } from "./stores";

const weekdays: OpeningHours = {
  mon: { open: "08:00", close: "22:00" },
  tue: { open: "08:00", close: "22:00" },
  wed: { open: "08:00", close: "22:00" },
  thu: { open: "08:00", close: "22:00" },
  fri: { open: "08:00", close: "24:00" },
  sat: null,
  sun: null,
};
/** 2026-12-07 is a Monday; `hhmm` in Vietnam time (UTC+7). */
const vn = (day: number, hhmm: string) => Date.parse(`2026-12-${String(day).padStart(2, "0")}T${hhmm}:00+07:00`);

describe("open now, in the brand's time zone", () => {
  it("knows the Vietnam weekday even when UTC is still the day before", () => {
    expect(localWeekdayAndMinute(vn(7, "06:30"), VIETNAM_UTC_OFFSET_MS)).toEqual({ day: "mon", minute: 390 });
    expect(localWeekdayAndMinute(vn(13, "23:59"), VIETNAM_UTC_OFFSET_MS)).toEqual({ day: "sun", minute: 1439 });
  });

  it("open between open and close, closing time included as closed", () => {
    expect(openStateAt(weekdays, vn(7, "08:00"), VIETNAM_UTC_OFFSET_MS)).toEqual({ state: "open", closesAt: "22:00" });
    expect(openStateAt(weekdays, vn(7, "21:59"), VIETNAM_UTC_OFFSET_MS)).toEqual({ state: "open", closesAt: "22:00" });
    expect(openStateAt(weekdays, vn(7, "22:00"), VIETNAM_UTC_OFFSET_MS)).toMatchObject({
      state: "closed",
      opensAt: { day: "tue", time: "08:00", tomorrow: true },
    });
  });

  it("before opening: opens later today; a closed weekend: opens on Monday", () => {
    expect(openStateAt(weekdays, vn(7, "07:15"), VIETNAM_UTC_OFFSET_MS)).toEqual({
      state: "closed",
      opensAt: { day: "mon", time: "08:00", today: true, tomorrow: false },
    });
    expect(openStateAt(weekdays, vn(12, "12:00"), VIETNAM_UTC_OFFSET_MS)).toEqual({
      state: "closed",
      opensAt: { day: "mon", time: "08:00", today: false, tomorrow: false },
    });
    expect(openStateAt(weekdays, vn(11, "23:59"), VIETNAM_UTC_OFFSET_MS)).toEqual({ state: "open", closesAt: "24:00" });
  });

  it("no hours given: unknown; closed every day: no next opening", () => {
    expect(openStateAt(null, vn(7, "12:00"), VIETNAM_UTC_OFFSET_MS)).toEqual({ state: "unknown" });
    const never = { mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null };
    expect(openStateAt(never, vn(7, "12:00"), VIETNAM_UTC_OFFSET_MS)).toEqual({ state: "closed", opensAt: null });
  });
});

describe("store validation", () => {
  const valid = { name: "Q1", address: null, phone: null, mapUrl: null, openingHours: weekdays, active: true };

  it("accepts a complete store", () => {
    expect(storeProblems({ ...valid, phone: "028 3822 1234", mapUrl: "https://maps.app.goo.gl/abc" })).toEqual([]);
  });

  it("hours: a time that is not HH:MM, or a close not after the open, names the day", () => {
    const hours = {
      ...weekdays,
      mon: { open: "8h", close: "22:00" },
      tue: { open: "22:00", close: "08:00" },
      wed: { open: "24:00", close: "24:00" },
    };
    expect(storeProblems({ ...valid, openingHours: hours })).toEqual([
      { code: "store_hours_time_invalid", field: "openingHours.mon.open" },
      { code: "store_hours_order", field: "openingHours.tue.close", params: { open: "22:00" } },
      { code: "store_hours_time_invalid", field: "openingHours.wed.open" },
    ]);
  });

  it("name, phone and map link", () => {
    expect(storeProblems({ ...valid, name: "  ", phone: "12ab", mapUrl: "javascript:alert(1)" }).map((p) => p.code)).toEqual([
      "store_name_required",
      "store_phone_invalid",
      "store_map_url_invalid",
    ]);
    expect(isMapUrl("http://maps.google.com")).toBe(false);
    expect(isMapUrl("https://user:pw@maps.google.com")).toBe(false);
    expect(isStorePhone("0901234567")).toBe(true);
    expect(isStorePhone("+84 90 123 4567")).toBe(true);
    expect(isStorePhone("19001234")).toBe(true);
    expect(isStorePhone("090123")).toBe(false);
  });
});

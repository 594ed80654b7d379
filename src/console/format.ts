import { vietnamDate } from "../domain/loyalty/vietnam-time";
import type { Locale } from "../domain/locale/locale";
import { INTL_LOCALE } from "./i18n";

/**
 * Dates are shown in Vietnam time whatever the browser's zone: a member who joined at 00:30 in
 * Hà Nội joined "today" for the brand, even if the marketer's laptop is set to UTC.
 */
const BRAND_TIME_ZONE = "Asia/Ho_Chi_Minh";

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const timeFormats = new Map<Locale, Intl.DateTimeFormat>();
const monthFormats = new Map<Locale, Intl.DateTimeFormat>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();
const percentFormats = new Map<Locale, Intl.NumberFormat>();

function cached<V>(cache: Map<Locale, V>, locale: Locale, make: () => V): V {
  let value = cache.get(locale);
  if (!value) {
    value = make();
    cache.set(locale, value);
  }
  return value;
}

export function formatDate(locale: Locale, iso: string): string {
  // Vietnamese readers expect dd/mm/yyyy; in English a month name avoids the US/UK ambiguity.
  const format = cached(dateFormats, locale, () =>
    locale === "vi"
      ? new Intl.DateTimeFormat(INTL_LOCALE.vi, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: BRAND_TIME_ZONE })
      : new Intl.DateTimeFormat(INTL_LOCALE.en, { dateStyle: "medium", timeZone: BRAND_TIME_ZONE }),
  );
  return format.format(new Date(iso));
}

/** "14:05" in Vietnam time, 24-hour clock in both languages. */
export function formatTime(locale: Locale, iso: string): string {
  const time = cached(
    timeFormats,
    locale,
    () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: BRAND_TIME_ZONE }),
  );
  return time.format(new Date(iso));
}

/** "11/03/2025 14:05" (date first, as in a receipt) / "Mar 11, 2025, 14:05". 24-hour clock in both. */
export function formatDateTime(locale: Locale, iso: string): string {
  const date = formatDate(locale, iso);
  return locale === "vi" ? `${date} ${formatTime(locale, iso)}` : `${date}, ${formatTime(locale, iso)}`;
}

/** A "YYYY-MM" month as "06/2025" (Intl's vi-VN month-year is "tháng 06, 2025", too long for a chart) / "Jun 2025". */
export function formatMonth(locale: Locale, month: string): string {
  const [year = 1970, mm = 1] = month.split("-").map(Number);
  if (locale === "vi") return `${pad(mm)}/${year}`;
  const format = cached(
    monthFormats,
    locale,
    () => new Intl.DateTimeFormat(INTL_LOCALE.en, { month: "short", year: "numeric", timeZone: "UTC" }),
  );
  return format.format(new Date(Date.UTC(year, mm - 1, 15)));
}

export function formatNumber(locale: Locale, value: number): string {
  const format = cached(numberFormats, locale, () => new Intl.NumberFormat(INTL_LOCALE[locale]));
  return format.format(value);
}

/** A share as a whole percent, the locale's way; "—" when the whole is zero (no members yet is not "0%"). */
export function formatPercent(locale: Locale, part: number, whole: number): string {
  if (whole <= 0) return "—";
  const format = cached(
    percentFormats,
    locale,
    () => new Intl.NumberFormat(INTL_LOCALE[locale], { style: "percent", maximumFractionDigits: 0 }),
  );
  return format.format(part / whole);
}

/** Points with an explicit sign: "+120" / "−40" (a real minus sign, not a hyphen). */
export function formatSignedPoints(locale: Locale, value: number): string {
  const body = formatNumber(locale, Math.abs(value));
  return value > 0 ? `+${body}` : value < 0 ? `−${body}` : body;
}

// ---- calendar dates typed in forms (<input type="date">), always Vietnam days ----

const pad = (n: number) => String(n).padStart(2, "0");

/** The Vietnam calendar day of an instant, as an <input type="date"> value "YYYY-MM-DD". */
export function vietnamDateInput(iso: string): string {
  const d = vietnamDate(Date.parse(iso));
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

/** The first moment of a Vietnam day, as an ISO instant with offset. */
export function vietnamDayStart(date: string): string {
  return `${date}T00:00:00+07:00`;
}

/** The last second of a Vietnam day: "valid until 30/06" includes all of 30/06. */
export function vietnamDayEnd(date: string): string {
  return `${date}T23:59:59+07:00`;
}

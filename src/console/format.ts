import { INTL_LOCALE, type Locale } from "./i18n";

/**
 * Dates are shown in Vietnam time whatever the browser's zone: a member who joined at 00:30 in
 * Hà Nội joined "today" for the brand, even if the marketer's laptop is set to UTC.
 */
const BRAND_TIME_ZONE = "Asia/Ho_Chi_Minh";

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatDate(locale: Locale, iso: string): string {
  let format = dateFormats.get(locale);
  if (!format) {
    // Vietnamese readers expect dd/mm/yyyy; in English a month name avoids the US/UK ambiguity.
    format =
      locale === "vi"
        ? new Intl.DateTimeFormat(INTL_LOCALE.vi, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: BRAND_TIME_ZONE })
        : new Intl.DateTimeFormat(INTL_LOCALE.en, { dateStyle: "medium", timeZone: BRAND_TIME_ZONE });
    dateFormats.set(locale, format);
  }
  return format.format(new Date(iso));
}

export function formatNumber(locale: Locale, value: number): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[locale]);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

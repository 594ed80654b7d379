import type { Locale } from "./locale";

/** Number grouping follows the language: 1.250.000 in Vietnamese, 1,250,000 in English. */
const NUMBER_TAG: Record<Locale, string> = { vi: "vi-VN", en: "en-US" };
const formats = new Map<Locale, Intl.NumberFormat>();

/**
 * Money in whole đồng as the product shows it, in the Mini App, the console and the server's
 * texts alike: "5.000.000 ₫" in Vietnamese, "5,000,000 ₫" in English. The sign stays after
 * the amount (with a no-break space) as on every Vietnamese price tag; Intl's en-US currency
 * style would write "₫5,000,000", hence the number format plus the sign rather than
 * `style: "currency"`.
 */
export function formatVnd(locale: Locale, vnd: number): string {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(NUMBER_TAG[locale], { maximumFractionDigits: 0 });
    formats.set(locale, format);
  }
  return `${format.format(vnd)}\u00a0₫`;
}

import { formatInteger } from "./format";
import type { Locale } from "./locale";

/**
 * Money in whole đồng as the product shows it, in the Mini App, the console and the server's
 * texts alike: "5.000.000 ₫" in Vietnamese, "5,000,000 ₫" in English. The sign stays after
 * the amount (with a no-break space) as on every Vietnamese price tag; Intl's en-US currency
 * style would write "₫5,000,000", hence the number format plus the sign rather than
 * `style: "currency"`.
 */
export function formatVnd(locale: Locale, vnd: number): string {
  // Whole đồng, halves away from zero as Intl's maximumFractionDigits: 0 rounds them.
  return `${formatInteger(locale, Math.sign(vnd) * Math.round(Math.abs(vnd)))}\u00a0₫`;
}

import { VIETNAM_UTC_OFFSET_MS } from "../loyalty/vietnam-time";
import type { Locale } from "./locale";

/*
 * Whole numbers, dates and times as the product writes them, by hand rather than through Intl.
 * Why: on a phone the first Intl formatter of a page loads and parses ICU's locale data, which
 * the profile of a returning member's first screen (CPU ÷4) showed as 100–200 ms of the card's
 * first render (issue 12). The formats are fixed and simple — digit groups of three, dd/mm/yyyy,
 * 24-hour HH:MM in Vietnam time (UTC+7 all year) — and format.test.ts checks them against Intl
 * over wide ranges, so the two cannot drift apart unnoticed. Anything else (fractions, huge
 * numbers) still goes to Intl.
 */

/** The digit-group separator: 1.250.000 in Vietnamese, 1,250,000 in English (Intl's vi-VN / en-US). */
const GROUP: Record<Locale, string> = { vi: ".", en: "," };
const NUMBER_TAG: Record<Locale, string> = { vi: "vi-VN", en: "en-US" };

/** A whole number with its digit groups; a non-integer goes to Intl (rare, never on the first screen). */
export function formatInteger(locale: Locale, value: number): string {
  if (!Number.isSafeInteger(value)) return new Intl.NumberFormat(NUMBER_TAG[locale]).format(value);
  const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, GROUP[locale]);
  return value < 0 ? `-${digits}` : digits;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The Vietnam wall clock of an instant, read off a UTC date shifted by +7 h. */
function vietnamClock(iso: string): Date | null {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms + VIETNAM_UTC_OFFSET_MS) : null;
}

/** "05/12/2026": day first in both languages (vi-VN and en-GB), the Vietnam calendar day. Empty for a bad date. */
export function formatVietnamDate(iso: string): string {
  const d = vietnamClock(iso);
  if (!d) return "";
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** "10:47", 24-hour, Vietnam time. Empty for a bad date. */
export function formatVietnamTime(iso: string): string {
  const d = vietnamClock(iso);
  return d ? `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}` : "";
}

/**
 * Vietnamese phone numbers. ZNS and the Graph API use the international form without "+":
 * 84xxxxxxxxx (docs/zalo.md#zns-send, #graph-phone). We store that form and show the national form.
 * Mobile numbers have 9 digits after the country code (prefixes 3, 5, 7, 8, 9 since the
 * 2018 re-numbering), landlines 9–10 digits starting with 2.
 */
const NATIONAL_RE = /^(?:[35789]\d{8}|2\d{8,9})$/;

/** Returns 84… or null when the input is not a Vietnamese number. */
export function normalizeVnPhone(input: string): string | null {
  const digits = input.replace(/[\s.\-()]/g, "");
  let national: string;
  if (/^\+84\d+$/.test(digits)) national = digits.slice(3);
  else if (/^84\d{9,10}$/.test(digits)) national = digits.slice(2);
  else if (/^0\d+$/.test(digits)) national = digits.slice(1);
  else return null;
  return NATIONAL_RE.test(national) ? `84${national}` : null;
}

/** 84912345678 → 0912 *** 678: enough for staff to confirm with the shopper, not to copy. */
export function maskVnPhone(normalized: string): string {
  const national = `0${normalized.slice(2)}`;
  return `${national.slice(0, 4)} *** ${national.slice(-3)}`;
}

/** 84912345678 → 0912 345 678 */
export function formatVnPhone(normalized: string): string {
  const national = `0${normalized.slice(2)}`;
  return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
}

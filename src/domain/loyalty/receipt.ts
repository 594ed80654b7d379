/**
 * The receipt number as a key. Cashiers type what the till printed, and the same receipt comes
 * back as `HD-0001`, `hd-0001`, ` HD-0001.` or, from a Vietnamese IME, in full-width forms
 * (`ＨＤ－０００１`). All of these are one receipt: it earns once. The key is what is compared
 * and unique-indexed; the receipt is still shown as it was typed.
 *
 * Key = NFKC (width and compatibility forms to their plain letters and digits), without
 * leading or trailing punctuation and spaces, in upper case; it must then follow the POS
 * receipt rule (isReceiptNo). Separators inside (`HD-0001` vs `HD/0001`) are kept: POS systems
 * use them to tell series apart.
 */
import { isReceiptNo } from "./earn";

/** Control, format, private-use, unassigned characters and lone surrogates: never part of a receipt. */
const UNPRINTABLE = /\p{C}/u;
const SURROUNDING = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** The comparable key of a typed receipt number, or null when it is not a receipt number at all. */
export function receiptKey(typed: string): string | null {
  if (UNPRINTABLE.test(typed)) return null;
  const key = typed.normalize("NFKC").replace(SURROUNDING, "").toUpperCase();
  return isReceiptNo(key) ? key : null;
}

/**
 * Voucher codes in the console. A live code is a bearer token: whoever reads it can have the
 * reward handed out at a till. The console shows it masked like a phone (enough to talk about
 * one voucher with its member: the last group), and a manager reveals one code at a time, each
 * reveal audited (decision 0012). Pure.
 */

const CODE_SHAPE = /\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-([0-9A-Z]{4})\b/g;

/** ABCD-EFGH-JKMN-PQRS → ****-****-****-PQRS (16 bits of 80 shown: no help to a guesser). */
export function maskVoucherCode(code: string): string {
  const last = code.slice(-4);
  return `****-****-****-${last}`;
}

/** Every voucher-code-shaped run in a text (a message as sent to the member), masked. */
export function maskVoucherCodesIn(text: string): string {
  return text.replace(CODE_SHAPE, (_whole, last: string) => `****-****-****-${last}`);
}

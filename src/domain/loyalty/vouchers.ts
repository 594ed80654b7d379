/**
 * Voucher codes: what a member shows at the till after redeeming a reward.
 *
 * Shape: 16 Crockford base32 symbols grouped XXXX-XXXX-XXXX-XXXX, i.e. 80 random bits
 * (https://www.crockford.com/base32.html). Crockford's alphabet drops I, L, O and U, so a code
 * read aloud or typed by a cashier survives the usual confusions: on input O is read as 0 and
 * I/L as 1, case, spaces and hyphens are ignored. 80 bits means an online guesser has no
 * practical chance, even before rate limiting. The QR on the voucher carries `LLV1.<code>`, the
 * prefix telling the staff scanner it is a voucher and not a member card (`LL1.`).
 *
 * Pure: randomness is passed in (the server uses its CSPRNG).
 */

export const VOUCHER_QR_PREFIX = "LLV1.";
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_SYMBOLS = 16;
const CODE_BYTES = 10; // 16 symbols × 5 bits = 80 bits = 10 bytes exactly

function group(symbols: string): string {
  return symbols.match(/.{4}/g)!.join("-");
}

/** A fresh code from ≥ 10 random bytes (only the first 10 are used); throws if fewer. */
export function voucherCode(random: Uint8Array): string {
  if (random.length < CODE_BYTES)
    throw new RangeError(`voucherCode needs at least ${CODE_BYTES} random bytes (80 bits), got ${random.length}`);
  // Big-endian bit stream, 5 bits per symbol; 80 bits divide evenly so no padding bits.
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < CODE_BYTES; i++) {
    buffer = ((buffer << 8) | random[i]!) & 0xfff; // keep ≤ 12 bits: at most 4 left over + 8 new
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
  }
  return group(out);
}

/**
 * The canonical XXXX-XXXX-XXXX-XXXX form of what a cashier typed or a scanner read, or null if it
 * cannot be one of our codes. Accepts lowercase, spaces and hyphens anywhere, the QR payload
 * `LLV1.<code>`, and Crockford's substitutions O→0, I/L→1. U is not in the alphabet: null.
 */
export function normalizeVoucherCode(input: string): string | null {
  let s = input.trim().toUpperCase();
  if (s.startsWith(VOUCHER_QR_PREFIX)) s = s.slice(VOUCHER_QR_PREFIX.length);
  s = s.replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (s.length !== CODE_SYMBOLS) return null;
  for (const c of s) if (!ALPHABET.includes(c)) return null;
  return group(s);
}

/** Whether a scanned or typed code claims to be a voucher's QR (any case); says nothing about validity. */
export function hasVoucherQrPrefix(code: string): boolean {
  return code.slice(0, VOUCHER_QR_PREFIX.length).toUpperCase() === VOUCHER_QR_PREFIX;
}

/** What the voucher's QR encodes; throws if `code` is not a voucher code. */
export function voucherQrPayload(code: string): string {
  const canonical = normalizeVoucherCode(code);
  if (canonical === null) throw new RangeError("not a voucher code");
  return `${VOUCHER_QR_PREFIX}${canonical}`;
}

/** What is stored; "expired" is not a status but read from expiresAt (VOUCHER_VIEW_STATUSES). */
/** void: written off with an erased account; cancelled: a manager cancelled it and refunded its points. */
export const VOUCHER_STATUSES = ["issued", "used", "void", "cancelled"] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];
export const VOUCHER_VIEW_STATUSES = [...VOUCHER_STATUSES, "expired"] as const;
export type VoucherState = { brandId: string; status: VoucherStatus; expiresAt: number };

/**
 * Whether staff of `brandId` may accept the voucher at `now`. The brand check comes first so a
 * cashier typing another brand's code learns nothing about it (not even that it was used).
 * Expired when now ≥ expiresAt, the same boundary as point lots.
 */
export function checkVoucherUse(
  v: VoucherState,
  brandId: string,
  now: number,
): { ok: true } | { ok: false; reason: "wrong_brand" | "used" | "void" | "cancelled" | "expired" } {
  if (v.brandId !== brandId) return { ok: false, reason: "wrong_brand" };
  if (v.status === "used") return { ok: false, reason: "used" };
  if (v.status === "void") return { ok: false, reason: "void" };
  if (v.status === "cancelled") return { ok: false, reason: "cancelled" };
  if (now >= v.expiresAt) return { ok: false, reason: "expired" };
  return { ok: true };
}

/**
 * Whether a manager may cancel the voucher at `now` and refund its points: only a voucher that
 * could still be used. A used one was consumed at a counter; an expired one lost its value at
 * its date (its points were spent, as the member was told); a cancelled or void one has
 * nothing left to refund.
 */
export function checkVoucherCancel(
  v: { status: VoucherStatus; expiresAt: number },
  now: number,
): { ok: true } | { ok: false; reason: "used" | "void" | "cancelled" | "expired" } {
  if (v.status !== "issued") return { ok: false, reason: v.status };
  if (now >= v.expiresAt) return { ok: false, reason: "expired" };
  return { ok: true };
}

/**
 * What a console search box query can match besides a name (docs/decisions/0010): a card
 * number, whole or in part — card numbers are printed on cards, not secret — and a phone
 * number only whole. Phones are shown masked (0912 *** 678), so a search that matched part of
 * a phone would give the hidden digits away one guess at a time.
 */
import { normalizeVnPhone } from "../messaging/phone";

/** Card numbers are at least this many digits, zero-padded (formatMemberNo). */
export const CARD_DIGITS = 8;
/** Below this many digits a card number is matched whole: "2" finds card 00000002, not every card with a 2. */
export const PARTIAL_CARD_MIN_DIGITS = 3;

export type MemberQuery = {
  /** The card number searched: `digits` anywhere in the zero-padded number, or the number itself. */
  card: { kind: "partial"; digits: string } | { kind: "exact"; seq: number } | null;
  /** The phone searched, as stored (84…), when the query is a whole Vietnamese number. */
  phone: string | null;
};

const SEPARATORS = /[\s.\-()]/g;

export function parseMemberQuery(q: string): MemberQuery {
  const phone = normalizeVnPhone(q.trim());
  const digits = q.replace(SEPARATORS, "");
  if (!/^\d+$/.test(digits)) return { card: null, phone };
  const card =
    digits.length >= PARTIAL_CARD_MIN_DIGITS ? { kind: "partial" as const, digits } : { kind: "exact" as const, seq: Number(digits) };
  return { card, phone };
}

/**
 * Finding a member at the counter when their QR will not scan: by the card number printed on
 * the card ("Mã thành viên 00000025") or by their phone number, confirmed with the last three
 * digits of that phone (the shopper says them; the counter never shows the whole number).
 *
 * A phone matches only as a whole normalised number (never a prefix or a part), and a card
 * number only with the right last three digits, so the lookup cannot be used to walk through
 * members or recover numbers.
 */
import { normalizeVnPhone } from "../messaging/phone";

export type MemberLookup = { by: "phone"; phone: string } | { by: "card_number"; memberSeq: number };

/** Card numbers are the member sequence, printed as 8 digits; a label before them is allowed. */
const CARD_LABEL = /^(?:mã\s*thành\s*viên|mã\s*tv|member\s*(?:no\.?|number)|card\s*(?:no\.?|number)|số\s*thẻ)?\s*[:#]?\s*/iu;
const CARD_DIGITS = /^\d{1,9}$/;

/** What staff typed, as a phone number (84…) or a card number; null when it is neither. */
export function parseMemberLookup(typed: string): MemberLookup | null {
  const text = typed.normalize("NFKC").trim();
  const phone = normalizeVnPhone(text);
  if (phone) return { by: "phone", phone };
  const digits = text.replace(CARD_LABEL, "").replace(/[\s.]/g, "");
  if (!CARD_DIGITS.test(digits)) return null;
  const memberSeq = Number(digits);
  return memberSeq > 0 ? { by: "card_number", memberSeq } : null;
}

/** Whether the shopper's "last three digits" match their stored (normalised) phone. */
export function phoneEndsWith(normalizedPhone: string | null, last3: string): boolean {
  return normalizedPhone !== null && /^\d{3}$/.test(last3) && normalizedPhone.endsWith(last3);
}

/**
 * Fitting free text (a member's name, a store's address) into a ZNS parameter's length at
 * render time: a long display name must shorten the message, never fail it. ZNS counts
 * characters (we count code points, as checkValue does), so the text is composed (NFC) first —
 * a name typed with combining marks would otherwise count twice — and cut between grapheme
 * clusters, so a Vietnamese letter never loses its tone mark and an emoji is never split into
 * half a surrogate pair.
 */
import { cutGraphemes } from "../text/text";

/** `text` in at most `max` code points: whole graphemes, at a word break when one is near. */
export function fitText(text: string, max: number): string {
  const whole = text.normalize("NFC").trim();
  let kept = cutGraphemes(whole, max);
  if (kept === whole) return whole;
  // Mid-word: end at the last word instead ("Nguyễn Thị Phương Thảo" rather than "… Thảo Ng"),
  // unless that would drop more than half of what fits (one very long word).
  if (!/^\s/.test(whole.slice(kept.length))) {
    const lastBreak = kept.search(/\s\S*$/);
    if (lastBreak >= max / 2) kept = kept.slice(0, lastBreak);
  }
  return kept.trimEnd();
}

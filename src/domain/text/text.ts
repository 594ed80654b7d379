/**
 * Text hygiene for what people type and what Zalo hands us. Two rules, kept apart on purpose:
 *
 * - Refused (the caller answers 400): NUL, which PostgreSQL cannot store in `text` or `jsonb`,
 *   and UTF-16 surrogates without their pair, which are not characters at all (no UTF-8 form;
 *   jsonb refuses `\ud800`). Silently dropping them would store something other than what was
 *   sent, so the sender is told.
 * - Stripped from names (display names, member, store, reward and template names): characters
 *   that change how the text around a name is drawn or make two names look alike — bidi
 *   overrides and isolates, zero-width characters, controls. A name shows up in lists, receipts
 *   and ZNS messages next to other text; "‮gnaL" must not render as "Lang".
 */

/** The issue code a refused text travels with (invalid_request's issues). */
export const TEXT_CHARACTERS_PROBLEM = "text_characters";

/** With the `u` flag a string is read by code points: a surrogate that is still one is unpaired. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** True when the text holds no NUL and no unpaired surrogate: it can be stored and sent as UTF-8. */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

/**
 * Invisible or layout-changing characters removed from names:
 * C0 and C1 controls (\p{Cc}) (tabs and line breaks become spaces first), bidi embeddings, overrides,
 * isolates and marks (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), zero-width
 * space/joiners and word joiner (U+200B–U+200D, U+2060), invisible operators (U+2061–U+2064),
 * the BOM (U+FEFF), soft hyphen (U+00AD) and unpaired surrogates. The zero-width joiner goes too:
 * it only glues emoji sequences together, and a name reads the same without it.
 */
const INVISIBLE = /[\p{Cc}\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uD800-\uDFFF]/gu;

/**
 * A name as it is stored and shown: NFC (a Vietnamese name typed with combining marks equals
 * the precomposed one), invisible characters removed, runs of white space made one space,
 * trimmed, and at most `maxChars` characters (code points, cut between graphemes: cutGraphemes).
 * Idempotent.
 */
export function cleanName(value: string, maxChars = Infinity): string {
  const clean = value
    .replace(/[\t\n\r\v\f\u0085\u2028\u2029]/g, " ")
    .replace(INVISIBLE, "")
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .trim();
  return cutGraphemes(clean, maxChars).trim();
}

/*
 * Made on first use, not when the module loads: building a Segmenter loads ICU's break rules,
 * ~100 ms of a phone's main thread (CPU ÷4) in the one task that evaluates the Mini App's API
 * chunk (issue 12's profile), and most sessions never cut a text.
 */
let graphemes: Intl.Segmenter | null = null;

/**
 * The longest start of `text` of at most `max` code points (what ZNS and our limits count)
 * that ends between grapheme clusters: a letter never loses its combining mark and an emoji or
 * a flag is never split. Expects NFC text.
 */
export function cutGraphemes(text: string, max: number): string {
  if (text.length <= max || [...text].length <= max) return text;
  let kept = "";
  let used = 0;
  graphemes ??= new Intl.Segmenter("vi", { granularity: "grapheme" });
  for (const { segment } of graphemes.segment(text)) {
    const n = [...segment].length;
    if (used + n > max) break;
    kept += segment;
    used += n;
  }
  return kept;
}

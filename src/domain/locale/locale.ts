/**
 * The languages of the product: Vietnamese first (the default everywhere), English for
 * visitors. One list for the Mini App, the console, the contract and the server.
 */
export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** A group of words as entries of a UI dictionary: prefixKeys("role.", { admin: "Admin" }) is { "role.admin": "Admin" }. */
export function prefixKeys<P extends string, K extends string>(prefix: P, words: Record<K, string>): Record<`${P}${K}`, string> {
  return Object.fromEntries(Object.entries<string>(words).map(([key, word]) => [prefix + key, word])) as Record<`${P}${K}`, string>;
}

/**
 * A brand's own words (a reward's name, its description) in the reader's language: the English
 * when the reader reads English and the brand wrote it, the Vietnamese otherwise (issue 16).
 */
export function brandText(locale: Locale, vi: string, en: string | null): string {
  return locale === "en" && en ? en : vi;
}

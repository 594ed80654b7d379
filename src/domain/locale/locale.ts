/**
 * The languages of the product: Vietnamese first (the default everywhere), English for
 * visitors. One list for the Mini App, the console, the contract and the server.
 */
export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanName, isStorableText } from "./text";

describe("isStorableText", () => {
  it.each([
    ["plain Vietnamese", "Nguyễn Minh Anh", true],
    ["an emoji (a surrogate pair)", "Lan 🌸", true],
    ["empty", "", true],
    ["NUL", "ab\u0000cd", false],
    ["a lone high surrogate", "ab\uD800", false],
    ["a lone low surrogate", "\uDC00ab", false],
    ["a reversed pair", "\uDC00\uD800", false],
  ])("%s → %s", (_label, value, ok) => {
    expect(isStorableText(value)).toBe(ok);
  });
});

describe("cleanName", () => {
  it.each([
    ["bidi override", "\u202Egnal\u202C", "gnal"],
    ["bidi isolates and marks", "\u2067Lan\u2069\u200F", "Lan"],
    ["zero-width characters", "Ng\u200Buy\u200C\u200D\u2060ễn\uFEFF", "Nguyễn"],
    ["control characters", "Lan\u0007\u001B[31m", "Lan[31m"],
    ["C1 controls and soft hyphen", "Lan\u0085Anh\u00AD", "Lan Anh"],
    ["line breaks and tabs", "Nguyễn\r\n\tMinh   Anh", "Nguyễn Minh Anh"],
    ["surrounding space", "  Lan  ", "Lan"],
    ["combining marks (NFD)", "Nguye\u0302\u0303n", "Nguyễn"],
    ["an emoji", "Lan 🌸", "Lan 🌸"],
    ["a lone surrogate", "Lan\uD800", "Lan"],
  ])("%s", (_label, value, expected) => {
    expect(cleanName(value)).toBe(expected);
  });

  it("cuts a long name by characters, never inside an emoji", () => {
    expect(cleanName(`${"a".repeat(9)}🌸🌸`, 10)).toBe(`${"a".repeat(9)}🌸`);
    expect(cleanName("Lan Anh", 4)).toBe("Lan");
  });

  it("cuts between graphemes: a flag or a letter with a combining mark NFC cannot compose stays whole", () => {
    // 🇻🇳 is two code points; cutting at 3 by code points kept one and a half flags.
    expect(cleanName("🇻🇳🇻🇳", 3)).toBe("🇻🇳");
    // "x̃" has no precomposed form: x + U+0303 stays two code points after NFC.
    expect(cleanName("abx\u0303", 3)).toBe("ab");
  });

  it("is idempotent and always gives storable text without controls or bidi/zero-width characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (value) => {
        const once = cleanName(value);
        expect(cleanName(once)).toBe(once);
        expect(isStorableText(once)).toBe(true);
        expect(once).not.toMatch(/[\p{Cc}\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u);
        expect(once).toBe(once.trim());
      }),
      { seed: 20261206, numRuns: 200 },
    );
  });
});

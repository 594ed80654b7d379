import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitText } from "./fit-text";

const graphemes = (s: string) => [...new Intl.Segmenter("vi", { granularity: "grapheme" }).segment(s)].map((g) => g.segment);

describe("fitText: free text cut to a ZNS length without breaking a letter", () => {
  it("keeps text that fits, trimmed and composed", () => {
    expect(fitText("  Nguyễn Thị Lan ", 30)).toBe("Nguyễn Thị Lan");
    // Typed with combining marks (NFD) it is 20 code points; composed it fits in 14.
    expect(fitText("Nguyễn Thị Lan".normalize("NFD"), 14)).toBe("Nguyễn Thị Lan");
  });

  it("ends at the last whole word when one is near, else between letters", () => {
    expect(fitText("Tôn Nữ Hoàng Phương Thảo Nguyên", 30)).toBe("Tôn Nữ Hoàng Phương Thảo");
    expect(fitText("Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 30)).toBe("A" + "a".repeat(29));
  });

  it("never splits a letter from its mark nor a surrogate pair", () => {
    // Marks no precomposed letter has stay combining after NFC: each letter is 2 code points.
    const marked = "x\u0323\u0301".repeat(20);
    const cut = fitText(marked, 30);
    expect(graphemes(cut).every((g) => g === "x\u0323\u0301".normalize("NFC"))).toBe(true);
    const emoji = "🙂".repeat(40);
    expect(fitText(emoji, 30)).toBe("🙂".repeat(30));
    // A family emoji is one grapheme of 7 code points: three fit after "Lan ", never part of a fourth.
    const family = "👨‍👩‍👧‍👦";
    expect(fitText(`Lan ${family.repeat(5)}`, 30)).toBe(`Lan ${family.repeat(3)}`);
  });

  it("always fits, and is a grapheme prefix of the composed text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), fc.integer({ min: 1, max: 40 }), (text, max) => {
        const out = fitText(text, max);
        expect([...out].length).toBeLessThanOrEqual(max);
        const whole = graphemes(text.normalize("NFC").trim());
        const mine = graphemes(out);
        expect(whole.slice(0, mine.length)).toEqual(mine);
      }),
    );
  });
});

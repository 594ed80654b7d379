import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BANDS, bandOf, isValidScore, opensCase, SCALES, SURVEY_KINDS } from "./kinds";

describe("survey kinds and bands", () => {
  it("bands each scale at the CX team's boundaries", () => {
    expect([0, 6, 7, 8, 9, 10].map((s) => bandOf("nps", s).id)).toEqual([
      "detractor",
      "detractor",
      "passive",
      "passive",
      "promoter",
      "promoter",
    ]);
    expect([1, 2, 3, 4, 5].map((s) => bandOf("csat", s).id)).toEqual(["low", "low", "neutral", "high", "high"]);
    expect([1, 3, 4, 5, 7].map((s) => bandOf("ces", s).id)).toEqual(["hard", "hard", "neutral", "easy", "easy"]);
  });

  it("opens a case for detractors, low CSAT and hard CES only", () => {
    expect([6, 7].map((s) => opensCase("nps", s))).toEqual([true, false]);
    expect([2, 3].map((s) => opensCase("csat", s))).toEqual([true, false]);
    expect([3, 4].map((s) => opensCase("ces", s))).toEqual([true, false]);
  });

  it("the bands of a kind cover its scale exactly once, in order", () => {
    for (const kind of SURVEY_KINDS) {
      const { min, max } = SCALES[kind];
      const covered: number[] = [];
      for (const band of BANDS[kind]) for (let s = band.min; s <= band.max; s++) covered.push(s);
      expect(covered).toEqual(Array.from({ length: max - min + 1 }, (_, i) => min + i));
    }
  });

  it("refuses anything that is not an integer on the scale", () => {
    for (const bad of [-1, 11, 7.5, Number.NaN, Infinity, 1e300, "7", null, undefined, [7]]) expect(isValidScore("nps", bad)).toBe(false);
    expect(isValidScore("csat", 0)).toBe(false);
    expect(isValidScore("ces", 8)).toBe(false);
    expect(() => bandOf("nps", 11)).toThrow(RangeError);
    expect(() => bandOf("nps", 6.5)).toThrow(RangeError);
  });

  it("property: a number is a valid score exactly when bandOf finds a band", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SURVEY_KINDS), fc.oneof(fc.integer({ min: -5, max: 15 }), fc.double()), (kind, score) => {
        let banded = true;
        try {
          bandOf(kind, score);
        } catch {
          banded = false;
        }
        expect(isValidScore(kind, score)).toBe(banded);
      }),
    );
  });
});

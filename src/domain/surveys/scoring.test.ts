import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cesScore, csatScore, npsMarginOfError, npsScore, proportionMarginOfError, surveyScore } from "./scoring";

describe("NPS", () => {
  it("no answers: n = 0 and nulls, never NaN", () => {
    expect(npsScore([])).toEqual({ n: 0, promoters: 0, passives: 0, detractors: 0, nps: null, marginOfError: null });
  });

  it("all passives score 0 with no margin; all detractors −100; all promoters +100", () => {
    expect(npsScore([7, 8, 7])).toMatchObject({ nps: 0, passives: 3, marginOfError: 0 });
    expect(npsScore([0, 3, 6])).toMatchObject({ nps: -100, detractors: 3, marginOfError: 0 });
    expect(npsScore([9, 10])).toMatchObject({ nps: 100, marginOfError: 0 });
  });

  it("n = 1", () => {
    expect(npsScore([10])).toMatchObject({ n: 1, nps: 100, marginOfError: 0 });
    expect(npsScore([8])).toMatchObject({ n: 1, nps: 0 });
  });

  it("a hand-computed example: 5 promoters, 3 passives, 2 detractors", () => {
    const s = npsScore([9, 9, 10, 10, 9, 7, 8, 8, 0, 6]);
    expect(s.nps).toBeCloseTo(30, 10);
    // p9 = .5, p0 = .2: .25 + .16 + .2 = .61; √(.61 / 10) = .24698; × 1.96 × 100 = 48.408
    expect(s.marginOfError).toBeCloseTo(48.408, 2);
  });

  it("refuses a score off the scale rather than counting it", () => {
    expect(() => npsScore([11])).toThrow(RangeError);
    expect(() => npsScore([Number.NaN])).toThrow(RangeError);
  });

  it("property: NPS is in −100..100, counts add up, the margin is finite and ≥ 0", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 300 }), (scores) => {
        const s = npsScore(scores);
        expect(s.promoters + s.passives + s.detractors).toBe(scores.length);
        expect(s.nps!).toBeGreaterThanOrEqual(-100);
        expect(s.nps!).toBeLessThanOrEqual(100);
        expect(Number.isFinite(s.marginOfError!)).toBe(true);
        expect(s.marginOfError!).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("property: the margin shrinks as the same mix is seen more often", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 50 }), (scores) => {
        const once = npsScore(scores).marginOfError!;
        const four = npsScore([...scores, ...scores, ...scores, ...scores]).marginOfError!;
        expect(four).toBeCloseTo(once / 2, 9);
      }),
    );
  });

  it("margin of error helpers give null for n = 0", () => {
    expect(npsMarginOfError(0, 0, 0)).toBeNull();
    expect(proportionMarginOfError(0, 0)).toBeNull();
    expect(proportionMarginOfError(1, 2)).toBeCloseTo(1.96 * Math.sqrt(0.25 / 2) * 100, 10);
  });
});

describe("CSAT and CES", () => {
  it("CSAT is the share of 4–5", () => {
    expect(csatScore([])).toEqual({ n: 0, satisfied: 0, csat: null, marginOfError: null });
    expect(csatScore([5, 4, 3, 1])).toMatchObject({ n: 4, satisfied: 2, csat: 50 });
    expect(csatScore([3])).toMatchObject({ csat: 0, marginOfError: 0 });
    expect(() => csatScore([0])).toThrow(RangeError);
  });

  it("CES gives the mean and the share of 5–7", () => {
    expect(cesScore([])).toEqual({ n: 0, mean: null, easy: 0, easyPercent: null, marginOfError: null });
    expect(cesScore([7, 5, 4, 1])).toMatchObject({ n: 4, mean: 4.25, easy: 2, easyPercent: 50 });
    expect(() => cesScore([8])).toThrow(RangeError);
  });

  it("surveyScore picks the kind's score", () => {
    expect(surveyScore("csat", [5])).toMatchObject({ kind: "csat", csat: 100 });
    expect(surveyScore("ces", [4])).toMatchObject({ kind: "ces", mean: 4 });
    expect(surveyScore("nps", [])).toMatchObject({ kind: "nps", nps: null });
  });

  it("property: percentages stay in 0..100 and the CES mean on the scale", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 200 }), (scores) => {
        const ces = cesScore(scores);
        expect(ces.mean!).toBeGreaterThanOrEqual(1);
        expect(ces.mean!).toBeLessThanOrEqual(7);
        expect(ces.easyPercent!).toBeGreaterThanOrEqual(0);
        expect(ces.easyPercent!).toBeLessThanOrEqual(100);
        const csat = csatScore(scores.map((s) => Math.min(s, 5)));
        expect(csat.csat!).toBeGreaterThanOrEqual(0);
        expect(csat.csat!).toBeLessThanOrEqual(100);
      }),
    );
  });
});

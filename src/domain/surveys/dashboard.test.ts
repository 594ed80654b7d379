import { describe, expect, it } from "vitest";
import { lastWeeksPeriod, scoreFromCounts, sentimentRanges, vietnamWeekStart } from "./dashboard";
import { cesScore, csatScore, npsScore } from "./scoring";
import { vietnamDayNumber } from "../loyalty/vietnam-time";

const counts = (scores: number[], kind: "nps" | "csat" | "ces") => {
  const r = sentimentRanges(kind);
  return {
    n: scores.length,
    positive: scores.filter((s) => s >= r.positive.min && s <= r.positive.max).length,
    negative: scores.filter((s) => s >= r.negative.min && s <= r.negative.max).length,
    sum: scores.reduce((a, b) => a + b, 0),
  };
};

describe("survey dashboard: Vietnam weeks", () => {
  it("starts a week on Monday 00:00 in Vietnam (Sunday 17:00 UTC)", () => {
    // Sunday 28 June 2026 23:59 in Vietnam belongs to the week of Monday 22 June; a minute later, to 29 June.
    const sunday = vietnamDayNumber(Date.parse("2026-06-28T16:59:00Z"));
    const monday = vietnamDayNumber(Date.parse("2026-06-28T17:00:00Z"));
    expect(vietnamWeekStart(sunday)).toBe(monday - 7);
    expect(vietnamWeekStart(monday)).toBe(monday);
    expect(vietnamWeekStart(monday + 6)).toBe(monday);
  });

  it("ends the period at next Monday 00:00 in Vietnam, with `weeks` Mondays", () => {
    const p = lastWeeksPeriod(Date.parse("2026-06-30T03:00:00Z"), 3);
    expect(p.from).toBe("2026-06-15");
    expect(p.to).toBe("2026-07-05");
    expect(p.weekStarts).toHaveLength(3);
    expect(new Date(p.toMs).toISOString()).toBe("2026-07-05T17:00:00.000Z");
    expect(new Date(p.fromMs).toISOString()).toBe("2026-06-14T17:00:00.000Z");
  });
});

describe("survey dashboard: scores from counts equal scoring.ts on the answers", () => {
  const cases: [kind: "nps" | "csat" | "ces", scores: number[]][] = [
    ["nps", [10, 9, 8, 7, 6, 0, 3, 10]],
    ["nps", [10]],
    ["nps", [7, 8]],
    ["csat", [5, 4, 3, 2, 1, 5]],
    ["ces", [7, 6, 5, 4, 3, 1]],
  ];
  it.each(cases)("%s %j", (kind, scores) => {
    const got = scoreFromCounts(kind, counts(scores, kind));
    if (kind === "nps") {
      const want = npsScore(scores);
      expect([got.score, got.marginOfError]).toEqual([want.nps, want.marginOfError]);
    } else if (kind === "csat") {
      const want = csatScore(scores);
      expect([got.score, got.marginOfError]).toEqual([want.csat, want.marginOfError]);
    } else {
      const want = cesScore(scores);
      expect([got.score, got.marginOfError, got.mean]).toEqual([want.easyPercent, want.marginOfError, want.mean]);
    }
  });

  it("no answers: null score and margin, never NaN", () => {
    expect(scoreFromCounts("nps", { n: 0, positive: 0, negative: 0, sum: 0 })).toMatchObject({
      score: null,
      marginOfError: null,
      mean: null,
    });
  });
});

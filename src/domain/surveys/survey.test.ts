import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ANSWER_CHANGE_WINDOW_MS,
  changeDeadline,
  coversStore,
  followUpFor,
  followUpProblems,
  isSurveyOpen,
  mayChangeAnswer,
  mayFollowUp,
  scoreProblem,
  SURVEY_LIMITS,
  validateSurvey,
  type SurveyDefinition,
} from "./survey";

const nps: SurveyDefinition = {
  kind: "nps",
  name: "Sau mua hàng",
  question: { vi: "Bạn có giới thiệu chúng tôi không?", en: "Would you recommend us?" },
  followUps: {
    detractor: {
      prompt: { vi: "Điều gì chưa tốt?", en: "What went wrong?" },
      reasons: [
        { id: "slow", label: { vi: "Chậm", en: "Slow" } },
        { id: "taste", label: { vi: "Vị", en: "Taste" } },
      ],
    },
    promoter: {
      prompt: { vi: "Bạn thích gì?", en: "What did you love?" },
      reasons: [{ id: "staff", label: { vi: "Nhân viên", en: "Staff" } }],
    },
  },
  touchpoint: "post_purchase",
  storeIds: null,
  channel: "in_app",
  rewardPoints: 10,
  throttleDays: 30,
  startsAt: null,
  endsAt: null,
};

describe("survey definition", () => {
  it("a complete definition has no problems", () => {
    expect(validateSurvey(nps)).toEqual([]);
  });

  it("reports each problem where it is", () => {
    const bad: SurveyDefinition = {
      ...nps,
      name: " ",
      question: { vi: "", en: "x".repeat(201) },
      followUps: {
        low: { prompt: { vi: "a", en: "a" }, reasons: [] },
        detractor: {
          prompt: { vi: "a", en: "a" },
          reasons: [
            { id: "Slow", label: { vi: "a", en: "a" } },
            { id: "ok", label: { vi: "a", en: "" } },
            { id: "ok", label: { vi: "a", en: "a" } },
          ],
        },
      },
      rewardPoints: -1,
      throttleDays: 0,
      startsAt: 10,
      endsAt: 10,
      storeIds: ["a", "a"],
      channel: "zns_rating",
    };
    expect(validateSurvey(bad, "csat")).toEqual(
      expect.arrayContaining([
        { code: "required", field: "name" },
        { code: "required", field: "question.vi" },
        { code: "too_long", field: "question.en", params: { max: 200 } },
        { code: "kind_changed", field: "kind", params: { kind: "csat" } },
        { code: "channel_kind", field: "channel", params: { kind: "csat" } },
        { code: "band_unknown", field: "followUps.low", params: { kind: "nps" } },
        { code: "id_format", field: "followUps.detractor.reasons.0.id" },
        { code: "required", field: "followUps.detractor.reasons.1.label.en" },
        { code: "id_duplicate", field: "followUps.detractor.reasons.2.id", params: { id: "ok" } },
        { code: "reward_range", field: "rewardPoints", params: { min: 0, max: 10_000 } },
        { code: "throttle_range", field: "throttleDays", params: { min: 1, max: 365 } },
        { code: "window_order", field: "endsAt" },
        { code: "store_duplicate", field: "storeIds" },
      ]),
    );
  });

  it("is open only while active and inside [startsAt, endsAt)", () => {
    const w = { startsAt: 100, endsAt: 200 };
    expect([99, 100, 199, 200].map((t) => isSurveyOpen("active", w, t))).toEqual([false, true, true, false]);
    expect(isSurveyOpen("draft", { startsAt: null, endsAt: null }, 0)).toBe(false);
    expect(isSurveyOpen("archived", { startsAt: null, endsAt: null }, 0)).toBe(false);
  });

  it("covers every store when unscoped, else the listed ones", () => {
    expect(coversStore({ storeIds: null }, null)).toBe(true);
    expect(coversStore({ storeIds: ["s1"] }, "s1")).toBe(true);
    expect(coversStore({ storeIds: ["s1"] }, "s2")).toBe(false);
    expect(coversStore({ storeIds: ["s1"] }, null)).toBe(false);
  });
});

describe("answers", () => {
  it("a change is allowed for 10 minutes after the first answer, not at the deadline", () => {
    const first = 1_000_000;
    expect(changeDeadline(first)).toBe(first + ANSWER_CHANGE_WINDOW_MS);
    expect(mayChangeAnswer(first, first + ANSWER_CHANGE_WINDOW_MS - 1)).toBe(true);
    expect(mayChangeAnswer(first, first + ANSWER_CHANGE_WINDOW_MS)).toBe(false);
    expect(mayFollowUp(first, first + 1)).toBe(true);
    expect(mayFollowUp(first, first + 25 * 3_600_000)).toBe(false);
  });

  it("offers the band's follow-up, or none", () => {
    expect(followUpFor(nps, 3)).toMatchObject({ band: "detractor", sentiment: "negative", reasons: [{ id: "slow" }, { id: "taste" }] });
    expect(followUpFor(nps, 10)).toMatchObject({ band: "promoter", sentiment: "positive" });
    expect(followUpFor(nps, 8)).toBeNull();
  });

  it("reasons must be the answer's band's; comment and count are limited", () => {
    expect(followUpProblems(nps, 3, { reasons: ["slow"], comment: "Quá lâu" })).toEqual([]);
    expect(followUpProblems(nps, 3, { reasons: [], comment: null })).toEqual([]);
    expect(followUpProblems(nps, 10, { reasons: ["slow"], comment: null })).toEqual([{ code: "reason_unknown", field: "reasons.0" }]);
    expect(followUpProblems(nps, 8, { reasons: ["staff"], comment: null })).toEqual([{ code: "reason_unknown", field: "reasons.0" }]);
    expect(followUpProblems(nps, 3, { reasons: ["slow", "slow"], comment: null })).toEqual([
      { code: "reason_duplicate", field: "reasons.1" },
    ]);
    expect(followUpProblems(nps, 3, { reasons: Array(6).fill("slow"), comment: null })).toContainEqual({
      code: "reasons_too_many",
      field: "reasons",
      params: { max: SURVEY_LIMITS.reasonsPerAnswer },
    });
    // Counted in characters: 500 emoji (1,000 UTF-16 units) fit, 501 do not.
    expect(followUpProblems(nps, 3, { reasons: [], comment: "😀".repeat(500) })).toEqual([]);
    expect(followUpProblems(nps, 3, { reasons: [], comment: "😀".repeat(501) })).toEqual([
      { code: "comment_too_long", field: "comment", params: { max: 500 } },
    ]);
  });

  it("a score problem names the scale", () => {
    expect(scoreProblem("nps", 10)).toBeNull();
    expect(scoreProblem("nps", 11)).toEqual({ code: "score_invalid", field: "score", params: { min: 0, max: 10 } });
    expect(scoreProblem("csat", 0)).toEqual({ code: "score_invalid", field: "score", params: { min: 1, max: 5 } });
  });

  it("property: followUpProblems never throws and accepts exactly the band's reasons", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.array(fc.constantFrom("slow", "taste", "staff", "x"), { maxLength: 3 }),
        (score, reasons) => {
          const problems = followUpProblems(nps, score, { reasons: [...new Set(reasons)], comment: null });
          const allowed = new Set((followUpFor(nps, score)?.reasons ?? []).map((r) => r.id));
          expect(problems.length === 0).toBe([...new Set(reasons)].every((r) => allowed.has(r)));
        },
      ),
    );
  });
});

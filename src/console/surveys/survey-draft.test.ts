import { describe, expect, it } from "vitest";
import { validateSurvey } from "../../domain/surveys/survey";
import { changeKind, draftToDefinition, draftToInput, newDraft, reasonId } from "./survey-draft";

describe("survey draft", () => {
  it("a new NPS draft with a name is valid and asks detractors a follow-up", () => {
    const draft = { ...newDraft("nps"), name: "Sau mua hàng" };
    expect(validateSurvey(draftToDefinition(draft))).toEqual([]);
    expect(Object.keys(draft.followUps)).toEqual(["detractor"]);
  });

  it("turns Vietnam days into the window: 00:00 of the first day to the end of the last (UTC+7)", () => {
    const input = draftToInput({ ...newDraft(), name: "x", startsOn: "2026-07-01", endsOn: "2026-07-31" });
    expect(input.startsAt).toBe("2026-06-30T17:00:00.000Z");
    expect(input.endsAt).toBe("2026-07-31T17:00:00.000Z");
  });

  it("reports half-typed numbers as problems instead of saving 0", () => {
    const problems = validateSurvey(draftToDefinition({ ...newDraft(), name: "x", rewardPoints: "1 0", throttleDays: "" }));
    expect(problems.map((p) => p.code).sort()).toEqual(["reward_range", "throttle_range"]);
  });

  it("changing kind keeps the negative band's reasons and drops a ZNS rating that no longer fits", () => {
    const nps = { ...newDraft("csat"), channel: "zns_rating" as const };
    nps.followUps.low = { prompt: { vi: "a", en: "b" }, reasons: [{ id: "slow", label: { vi: "Chậm", en: "Slow" } }] };
    const ces = changeKind(nps, "ces");
    expect(ces.followUps.hard?.reasons.map((r) => r.id)).toEqual(["slow"]);
    expect(ces.channel).toBe("in_app");
    expect(ces.question.en).toMatch(/easy/);
  });

  it("makes reason ids from Vietnamese labels, unique in the band", () => {
    expect(reasonId("Phục vụ chậm", [])).toBe("phuc_vu_cham");
    expect(reasonId("Đồ uống ngon", [])).toBe("do_uong_ngon");
    expect(reasonId("Phục vụ chậm", ["phuc_vu_cham"])).toBe("phuc_vu_cham_2");
    expect(reasonId("5 sao", [])).toBe("sao");
    expect(reasonId("!!!", [])).toBe("reason");
  });
});

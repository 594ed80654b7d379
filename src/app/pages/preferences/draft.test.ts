import { describe, expect, it } from "vitest";
import { ANSWERS, FORM, preferences } from "../../test-utils/privacy-fixtures";
import {
  draftValue,
  firstUnanswered,
  initialDraft,
  nextView,
  previousView,
  sameAnswer,
  startView,
  storedFor,
  toggleOption,
  viewAfterReload,
  type Draft,
} from "./draft";

const q = (id: string) => FORM.questions.find((x) => x.id === id)!;
const TOTAL = FORM.questions.length;

describe("which screen shows", () => {
  it("opens a new member on the first question and a complete profile on its answers", () => {
    expect(startView(preferences({}))).toEqual({ mode: "step", index: 0, editing: false });
    expect(startView(preferences(ANSWERS))).toEqual({ mode: "summary" });
  });

  it("opens on the first required question still open before any optional one", () => {
    const { wish: _, favourite_categories: __, ...some } = ANSWERS;
    expect(firstUnanswered(preferences(some))).toBe(1);
    const { wish: ___, ...allRequired } = ANSWERS;
    expect(firstUnanswered(preferences(allRequired))).toBe(4);
  });

  it("goes on to the next question, and back to the summary after the last or when editing", () => {
    expect(nextView({ mode: "step", index: 0, editing: false }, TOTAL)).toEqual({ mode: "step", index: 1, editing: false });
    expect(nextView({ mode: "step", index: TOTAL - 1, editing: false }, TOTAL)).toEqual({ mode: "summary" });
    expect(nextView({ mode: "step", index: 0, editing: true }, TOTAL)).toEqual({ mode: "summary" });
  });

  it("goes back one question, never before the first; back from editing is the summary", () => {
    expect(previousView({ mode: "step", index: 2, editing: false })).toEqual({ mode: "step", index: 1, editing: false });
    expect(previousView({ mode: "step", index: 0, editing: false })).toEqual({ mode: "step", index: 0, editing: false });
    expect(previousView({ mode: "step", index: 2, editing: true })).toEqual({ mode: "summary" });
  });

  it("leaves a step that a newer, shorter form no longer has", () => {
    const shorter = preferences({}, { form: { ...FORM, version: 4, questions: FORM.questions.slice(0, 2) } });
    expect(viewAfterReload({ mode: "step", index: 3, editing: false }, shorter)).toEqual({ mode: "summary" });
    expect(viewAfterReload({ mode: "step", index: 1, editing: false }, shorter)).toEqual({ mode: "step", index: 1, editing: false });
  });
});

describe("the answer being drafted", () => {
  it("starts from the saved answer, or empty", () => {
    const prefs = preferences(ANSWERS);
    expect(initialDraft(q("birthday"), storedFor(prefs, q("birthday")))).toEqual({ kind: "birthday", day: 4, month: 2 });
    expect(initialDraft(q("favourite_categories"), undefined)).toEqual({ kind: "multi", optionIds: [] });
    expect(initialDraft(q("wish"), undefined)).toEqual({ kind: "text", text: "" });
  });

  it("ignores a saved answer of another kind (the question changed in a later form)", () => {
    const prefs = preferences({ birthday: { kind: "text", text: "4/2" } });
    expect(storedFor(prefs, q("birthday"))).toBeUndefined();
  });

  it("ticks and unticks choices in the order ticked", () => {
    let draft: Draft = { kind: "multi", optionIds: [] };
    draft = toggleOption(draft, "food");
    draft = toggleOption(draft as Extract<Draft, { kind: "multi" }>, "drinks");
    expect(draft).toEqual({ kind: "multi", optionIds: ["food", "drinks"] });
    expect(toggleOption(draft as Extract<Draft, { kind: "multi" }>, "food")).toEqual({ kind: "multi", optionIds: ["drinks"] });
  });

  it("is an answer only once complete", () => {
    expect(draftValue({ kind: "birthday", day: 4, month: null })).toBeNull();
    expect(draftValue({ kind: "birthday", day: 4, month: 2 })).toEqual({ kind: "birthday", day: 4, month: 2 });
    expect(draftValue({ kind: "text", text: "   " })).toBeNull();
    expect(draftValue({ kind: "multi", optionIds: [] })).toBeNull();
    expect(draftValue({ kind: "single", optionId: "weekly" })).toEqual({ kind: "single", optionId: "weekly" });
  });

  it("compares answers by value", () => {
    expect(sameAnswer({ kind: "multi", optionIds: ["a", "b"] }, { kind: "multi", optionIds: ["a", "b"] })).toBe(true);
    expect(sameAnswer({ kind: "multi", optionIds: ["a", "b"] }, { kind: "multi", optionIds: ["b", "a"] })).toBe(false);
  });
});

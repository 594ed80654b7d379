import { describe, expect, it } from "vitest";
import { DEFAULT_FORM_QUESTIONS } from "../../domain/preferences/fields";
import { validateForm, type Question } from "../../domain/preferences/form";
import { translate } from "../i18n";
import "./strings/load";
import { draftFromQuestions, formChanges, keyProblems, move, newQuestion, questionsFromDraft, sameQuestions, slugify } from "./form-draft";
import { formProblemText } from "./problems";

describe("form draft", () => {
  it("round-trips a published form unchanged, so an untouched form is not 'changed'", () => {
    const questions: Question[] = [
      ...DEFAULT_FORM_QUESTIONS,
      { id: "wish", kind: "text", label: { vi: "Món mới?", en: "New dish?" }, maxLength: 200, optional: true },
    ];
    expect(questionsFromDraft(draftFromQuestions(questions))).toEqual(questions);
    expect(sameQuestions(questionsFromDraft(draftFromQuestions(questions)), questionsFromDraft(draftFromQuestions(questions)))).toBe(true);
  });

  it("sends only the settings of the question's kind, trimmed", () => {
    const [draft] = draftFromQuestions([
      {
        id: "size",
        kind: "multi",
        label: { vi: " Cỡ ly ", en: "Size" },
        options: [{ id: "s", label: { vi: "S", en: "S" } }],
        maxChoices: 1,
      },
    ]);
    const asText = { ...draft!, kind: "text" as const, maxLength: "80", help: { vi: "  ", en: "" } };
    expect(questionsFromDraft([asText])).toEqual([{ id: "size", kind: "text", label: { vi: "Cỡ ly", en: "Size" }, maxLength: 80 }]);
  });

  it("turns a half-typed number into a problem instead of sending it", () => {
    const q = { ...newQuestion(), kind: "text" as const, maxLength: "5x" };
    expect(questionsFromDraft([q])[0]!.maxLength).toBeNaN();
    expect(validateForm(questionsFromDraft([q])).some((p) => p.field === "questions.0.maxLength")).toBe(true);
  });

  it("suggests ids from Vietnamese or English labels", () => {
    expect(slugify("Cà phê đá xay")).toBe("ca_phe_da_xay");
    expect(slugify("  Đồ uống & bánh!  ")).toBe("do_uong_banh");
    expect(slugify("2 ly trở lên")).toBe("ly_tro_len");
    expect(slugify("x".repeat(60))).toHaveLength(40);
  });

  it("ties index paths to the items they were computed for, so they follow a move", () => {
    const draft = draftFromQuestions(DEFAULT_FORM_QUESTIONS);
    const keyed = keyProblems(
      [
        { code: "required", field: "questions.1.options.2.label.en" },
        { code: "x", field: "questions.0.kind" },
        { code: "standard_removed", field: "questions", params: { id: "topics" } },
        { code: "out_of_range", field: "questions.9.id" },
      ],
      draft,
    );
    expect(keyed[0]).toEqual({
      question: draft[1]!.key,
      field: `options.${draft[1]!.options[2]!.key}.label.en`,
      problem: expect.objectContaining({ code: "required" }),
    });
    expect(keyed[1]).toEqual({ question: draft[0]!.key, field: "kind", problem: { code: "x", field: "questions.0.kind" } });
    expect(keyed[2]!.question).toBeNull();
    expect(keyed[3]).toEqual({ question: null, field: "questions.9.id", problem: { code: "out_of_range", field: "questions.9.id" } });
    const moved = move(draft, 1, -1);
    expect(moved[0]!.key).toBe(keyed[0]!.question);
    expect(move(draft, 0, -1).map((q) => q.key)).toEqual(draft.map((q) => q.key));
  });

  it("describes a publish by question id", () => {
    const before = DEFAULT_FORM_QUESTIONS;
    const after = [
      before[1]!,
      before[0]!,
      { ...before[3]!, label: { vi: "Tần suất?", en: "How often?" } },
      before[4]!,
      { id: "wish", kind: "text" as const, label: { vi: "a", en: "b" } },
    ];
    const changes = formChanges(before, after);
    expect(changes.added.map((q) => q.id)).toEqual(["wish"]);
    expect(changes.removed.map((q) => q.id)).toEqual(["preferred_store"]);
    expect(changes.changed.map((q) => q.id)).toEqual(["offer_frequency"]);
    expect(changes.reordered).toBe(true);
    // New and required: every complete profile is reset (the publish dialog warns).
    expect(changes.required.map((q) => q.id)).toEqual(["wish"]);
    expect(formChanges(before, before)).toEqual({ added: [], removed: [], changed: [], reordered: false, required: [] });
    // An optional question made required resets too; a new optional one does not.
    const optional = { ...after[4]!, optional: true };
    expect(formChanges([...before, optional], [...before, after[4]!]).required.map((q) => q.id)).toEqual(["wish"]);
    expect(formChanges(before, [...before, optional]).required).toEqual([]);
  });
});

describe("problem text", () => {
  const vi = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate("vi", key, params);
  const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate("en", key, params);

  it("has a sentence in both languages for every problem validateForm reports", () => {
    const broken: Question[] = [
      { id: "birthday", kind: "text", label: { vi: "", en: "x".repeat(200) }, maxLength: 900 },
      { id: "birthday", kind: "single", label: { vi: "a", en: "b" }, options: [{ id: "A", label: { vi: "", en: "" } }] },
      {
        id: "offer_frequency",
        kind: "multi",
        label: { vi: "a", en: "b" },
        options: [
          { id: "weekly", label: { vi: "a", en: "b" } },
          { id: "weekly", label: { vi: "a", en: "b" } },
        ],
        maxChoices: 5,
      },
      { id: "Bad id", kind: "store", label: { vi: "a", en: "b" }, options: [], maxLength: 3 },
      ...Array.from({ length: 20 }, (_, i): Question => ({ id: `q_${i}`, kind: "store", label: { vi: "a", en: "b" } })),
    ];
    const problems = [...validateForm(broken, [{ id: "q_1", kind: "text", label: { vi: "a", en: "b" } }]), ...validateForm([])];
    const codes = new Set(problems.map((p) => p.code));
    // Every distinct rule the domain has (so a new rule without a translation fails here).
    expect(codes.size).toBeGreaterThanOrEqual(15);
    for (const p of problems) {
      expect(formProblemText(p, "vi", vi), p.code).not.toBe(p.code);
      expect(formProblemText(p, "en", en), p.code).not.toBe(p.code);
      expect(formProblemText(p, "vi", vi), p.code).not.toMatch(/\{\w+\}/);
    }
  });

  it("fills in ids, limits and kind names, and leaves unknown codes as they are", () => {
    expect(
      formProblemText({ code: "standard_kind", field: "questions.0.kind", params: { id: "birthday", kind: "birthday" } }, "vi", vi),
    ).toBe("“birthday” là câu hỏi chuẩn, phải giữ loại Ngày sinh.");
    expect(formProblemText({ code: "too_long", params: { max: 120 } }, "vi", vi)).toBe("Tối đa 120 ký tự.");
    expect(formProblemText({ code: "too_long", params: { max: 120 } }, "en", en)).toBe("At most 120 characters.");
    expect(formProblemText({ code: "too_big", params: { maximum: 120, origin: "string" } }, "vi", vi)).toBe("Tối đa 120 ký tự.");
    expect(formProblemText({ code: "something_new" }, "vi", vi)).toBe("something_new");
  });
});

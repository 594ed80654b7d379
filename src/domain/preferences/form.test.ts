import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_FORM_QUESTIONS, preferenceFields } from "./fields";
import {
  answerText,
  formProgress,
  profileBonusDue,
  validateAnswer,
  validateForm,
  type AnswerValue,
  type PreferenceForm,
  type Question,
} from "./form";

const form: PreferenceForm = {
  version: 3,
  questions: [
    ...DEFAULT_FORM_QUESTIONS,
    {
      id: "milk",
      kind: "single",
      label: { vi: "Sữa", en: "Milk" },
      options: [
        { id: "oat", label: { vi: "Yến mạch", en: "Oat" } },
        { id: "none", label: { vi: "Không", en: "None" } },
      ],
      optional: true,
    },
    { id: "note", kind: "text", label: { vi: "Ghi chú", en: "Note" }, maxLength: 10, optional: true },
  ],
};
const ctx = { storeIds: ["s-1", "s-2"] };
const check = (id: string, value: AnswerValue | null) => validateAnswer(form, id, value, ctx);

describe("validateAnswer", () => {
  it("accepts each kind and normalises it", () => {
    expect(check("birthday", { kind: "birthday", day: 29, month: 2 })).toEqual({
      ok: true,
      value: { kind: "birthday", day: 29, month: 2 },
    });
    expect(check("favourite_categories", { kind: "multi", optionIds: ["merchandise", "drinks"] })).toEqual({
      ok: true,
      value: { kind: "multi", optionIds: ["drinks", "merchandise"] },
    });
    expect(check("preferred_store", { kind: "store", storeId: "s-2" })).toMatchObject({ ok: true });
    expect(check("note", { kind: "text", text: "  ít đá  " })).toEqual({ ok: true, value: { kind: "text", text: "ít đá" } });
    expect(check("milk", null)).toEqual({ ok: true, value: null });
  });

  it.each([
    ["shoe_size", { kind: "text", text: "42" }, "question_not_found"],
    ["birthday", { kind: "birthday", day: 30, month: 2 }, "answer_invalid"],
    ["birthday", { kind: "birthday", day: 31, month: 4 }, "answer_invalid"],
    ["birthday", { kind: "birthday", day: 1, month: 13 }, "answer_invalid"],
    ["birthday", { kind: "birthday", day: 1.5, month: 1 }, "answer_invalid"],
    ["offer_frequency", { kind: "single", optionId: "daily" }, "answer_invalid"],
    ["offer_frequency", { kind: "multi", optionIds: ["weekly"] }, "answer_invalid"],
    ["topics", { kind: "multi", optionIds: [] }, "answer_invalid"],
    ["topics", { kind: "multi", optionIds: ["events", "events"] }, "answer_invalid"],
    ["preferred_store", { kind: "store", storeId: "s-9" }, "answer_invalid"],
    ["note", { kind: "text", text: "x".repeat(11) }, "answer_invalid"],
    ["note", { kind: "text", text: "   " }, "answer_invalid"],
  ] as const)("refuses %s = %j (%s)", (id, value, code) => {
    expect(check(id, value as AnswerValue)).toMatchObject({ ok: false, code });
  });

  it("counts text length in characters, not UTF-16 units (Vietnamese and emoji)", () => {
    expect(check("note", { kind: "text", text: "Cà phê ☕☕☕" })).toMatchObject({ ok: true });
  });

  it("respects maxChoices", () => {
    const limited: PreferenceForm = { version: 1, questions: [{ ...DEFAULT_FORM_QUESTIONS[4]!, maxChoices: 1 }] };
    expect(validateAnswer(limited, "topics", { kind: "multi", optionIds: ["events", "discounts"] }, ctx)).toMatchObject({
      ok: false,
      code: "answer_invalid",
    });
  });
});

describe("validateForm", () => {
  it("accepts the default form", () => {
    expect(validateForm(DEFAULT_FORM_QUESTIONS)).toEqual([]);
    expect(validateForm(form.questions)).toEqual([]);
  });

  it("keeps the standard questions, their kinds and the offer-frequency options", () => {
    const broken = DEFAULT_FORM_QUESTIONS.filter((q) => q.id !== "birthday").map((q): Question => {
      if (q.id === "topics") return { ...q, kind: "single" };
      if (q.id === "offer_frequency")
        return { ...q, options: [...q.options!.slice(0, 2), { id: "daily", label: { vi: "Mỗi ngày", en: "Daily" } }] };
      return q;
    });
    expect(validateForm(broken)).toEqual(
      expect.arrayContaining([
        { code: "standard_removed", field: "questions", params: { id: "birthday" } },
        { code: "standard_kind", field: "questions.3.kind", params: { id: "topics", kind: "multi" } },
        { code: "offer_frequency_options", field: "questions.2.options", params: { ids: "weekly, monthly, important_only" } },
      ]),
    );
  });

  it("refuses duplicate or malformed ids, missing labels, one-option choices and options on a text question", () => {
    const bad: Question[] = [
      ...DEFAULT_FORM_QUESTIONS,
      { id: "milk", kind: "single", label: { vi: "", en: "Milk" }, options: [{ id: "oat", label: { vi: "Yến mạch", en: "Oat" } }] },
      { id: "milk", kind: "text", label: { vi: "Sữa", en: "Milk" }, options: [] },
      { id: "Bad Id", kind: "text", label: { vi: "x", en: "x" }, maxLength: 9999 },
    ];
    const problems = validateForm(bad).map((p) => p.field);
    expect(problems).toEqual(
      expect.arrayContaining([
        "questions.5.label.vi",
        "questions.5.options",
        "questions.6.id",
        "questions.6.options",
        "questions.7.id",
        "questions.7.maxLength",
      ]),
    );
  });

  it("keeps a question id's kind across versions, so old answers never change meaning", () => {
    const earlier: Question[] = [{ id: "milk", kind: "single", label: { vi: "Sữa", en: "Milk" }, options: form.questions[5]!.options }];
    const next = [...DEFAULT_FORM_QUESTIONS, { id: "milk", kind: "text" as const, label: { vi: "Sữa", en: "Milk" } }];
    expect(validateForm(next, earlier)).toEqual([expect.objectContaining({ field: "questions.5.kind" })]);
  });
});

describe("formProgress and the one-time profile bonus", () => {
  it("counts only the questions that are not optional", () => {
    expect(formProgress(form, new Set(["birthday", "milk"]))).toEqual({ answered: 1, total: 5, complete: false });
    expect(formProgress(form, new Set(DEFAULT_FORM_QUESTIONS.map((q) => q.id)))).toEqual({ answered: 5, total: 5, complete: true });
  });

  it("is paid when complete and never paid before, whatever else happens", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.integer({ min: -10, max: 1000 }), (complete, alreadyPaid, bonusPoints) => {
        const due = profileBonusDue({ complete, alreadyPaid, bonusPoints });
        expect(due).toBe(complete && !alreadyPaid && bonusPoints > 0 ? bonusPoints : 0);
      }),
    );
  });
});

describe("answers as words and as segment fields", () => {
  it("writes answers the way each language reads them", () => {
    const q = DEFAULT_FORM_QUESTIONS[0];
    expect(answerText(q, { kind: "birthday", day: 2, month: 9 }, "vi", () => undefined)).toBe("2/9");
    expect(answerText(q, { kind: "birthday", day: 2, month: 9 }, "en", () => undefined)).toBe("2 September");
    expect(answerText(DEFAULT_FORM_QUESTIONS[1], { kind: "multi", optionIds: ["drinks", "food"] }, "vi", () => undefined)).toBe(
      "Đồ uống, Đồ ăn",
    );
    expect(answerText(DEFAULT_FORM_QUESTIONS[2], { kind: "store", storeId: "s-1" }, "vi", () => "Quận 1")).toBe("Quận 1");
  });

  it("names the standard fields and prefixes the brand's own", () => {
    const fields = preferenceFields(
      new Map<string, AnswerValue>([
        ["birthday", { kind: "birthday", day: 29, month: 2 }],
        ["favourite_categories", { kind: "multi", optionIds: ["drinks"] }],
        ["preferred_store", { kind: "store", storeId: "s-1" }],
        ["offer_frequency", { kind: "single", optionId: "monthly" }],
        ["milk", { kind: "single", optionId: "oat" }],
        ["note", { kind: "text", text: "ít đá" }],
      ]),
    );
    expect(fields).toEqual({
      birthday_day: 29,
      birthday_month: 2,
      favourite_categories: ["drinks"],
      preferred_store_id: "s-1",
      offer_frequency: "monthly",
      topics: [],
      custom: { pref_milk: "oat", pref_note: "ít đá" },
    });
  });
});

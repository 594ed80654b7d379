import type { Locale } from "../locale/locale";

/**
 * Zero-party preference forms: what a member chooses to tell the brand, one question at a
 * time. A brand's form is versioned; an answer is always validated against the version it was
 * given for, so editing the form never invalidates what members already said.
 *
 * Standard questions (birthday, favourite categories, preferred store, offer frequency,
 * topics) feed segments, triggers and template parameters (docs/preference-fields.md): every
 * version must keep them, with their kind; their labels and options are the brand's to word.
 */

import { problem, type Problem, type ProblemParams } from "../problems";

export type Localized = { vi: string; en: string };
export type ChoiceOption = { id: string; label: Localized };
export const QUESTION_KINDS = ["birthday", "single", "multi", "store", "text"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export type Question = {
  /** Stable across versions: answers, segment fields and template parameters use it. */
  id: string;
  kind: QuestionKind;
  label: Localized;
  help?: Localized;
  /** single and multi only. */
  options?: ChoiceOption[];
  /** multi only; defaults to every option. */
  maxChoices?: number;
  /** text only. */
  maxLength?: number;
  /** Not needed for a complete profile. */
  optional?: boolean;
};

export type PreferenceForm = { version: number; questions: Question[] };

export type AnswerValue =
  | { kind: "birthday"; day: number; month: number }
  | { kind: "single"; optionId: string }
  | { kind: "multi"; optionIds: string[] }
  | { kind: "store"; storeId: string }
  | { kind: "text"; text: string };

/** Limits on everything a brand can define or a member can send. */
export const FORM_LIMITS = {
  questions: 20,
  options: 30,
  labelLength: 120,
  helpLength: 240,
  textMaxLength: 500,
  idPattern: /^[a-z][a-z0-9_]{1,39}$/,
} as const;

/** How often a member wants offers: read by the messaging engine's frequency rules. */
export const OFFER_FREQUENCIES = ["weekly", "monthly", "important_only"] as const;
export type OfferFrequency = (typeof OFFER_FREQUENCIES)[number];

export const STANDARD_QUESTIONS: Record<string, QuestionKind> = {
  birthday: "birthday",
  favourite_categories: "multi",
  preferred_store: "store",
  offer_frequency: "single",
  topics: "multi",
};

/** What validateForm finds; `field` is the path in the form ("questions.2.options.0.id"). */
export const FORM_PROBLEM_CODES = [
  "no_questions",
  "too_many_questions",
  "question_id_format",
  "option_id_format",
  "id_duplicate",
  "required",
  "too_long",
  "standard_kind",
  "kind_reused",
  "option_count",
  "max_choices",
  "offer_frequency_options",
  "no_options",
  "max_length",
  "length_only_text",
  "standard_removed",
] as const;
export type FormProblemCode = (typeof FORM_PROBLEM_CODES)[number];
export type FormProblem = Problem<FormProblemCode>;

/**
 * Problems with a form definition a manager wants to publish; empty when it can be published.
 * `earlier` are the questions of previously published versions: a question id keeps its kind
 * for ever, so old answers, segment fields and stats never mix two meanings under one name.
 */
export function validateForm(questions: Question[], earlier: readonly Question[] = []): FormProblem[] {
  const problems: FormProblem[] = [];
  const add = (field: string, code: FormProblemCode, params?: ProblemParams) => problems.push(problem(code, field, params));
  if (questions.length === 0) add("questions", "no_questions");
  if (questions.length > FORM_LIMITS.questions) add("questions", "too_many_questions", { max: FORM_LIMITS.questions });
  const seen = new Set<string>();
  questions.forEach((q, i) => {
    const at = `questions.${i}`;
    if (!FORM_LIMITS.idPattern.test(q.id)) add(`${at}.id`, "question_id_format");
    if (seen.has(q.id)) add(`${at}.id`, "id_duplicate", { id: q.id });
    seen.add(q.id);
    problems.push(...localizedProblems(q.label, `${at}.label`, FORM_LIMITS.labelLength, true));
    if (q.help) problems.push(...localizedProblems(q.help, `${at}.help`, FORM_LIMITS.helpLength, false));
    const standard = STANDARD_QUESTIONS[q.id];
    if (standard && standard !== q.kind) add(`${at}.kind`, "standard_kind", { id: q.id, kind: standard });
    const before = earlier.find((e) => e.id === q.id);
    if (!standard && before && before.kind !== q.kind) add(`${at}.kind`, "kind_reused", { id: q.id, kind: before.kind });
    const choice = q.kind === "single" || q.kind === "multi";
    if (choice) {
      const options = q.options ?? [];
      if (options.length < 2 || options.length > FORM_LIMITS.options)
        add(`${at}.options`, "option_count", { min: 2, max: FORM_LIMITS.options });
      const ids = new Set<string>();
      options.forEach((o, j) => {
        if (!FORM_LIMITS.idPattern.test(o.id)) add(`${at}.options.${j}.id`, "option_id_format");
        if (ids.has(o.id)) add(`${at}.options.${j}.id`, "id_duplicate", { id: o.id });
        ids.add(o.id);
        problems.push(...localizedProblems(o.label, `${at}.options.${j}.label`, FORM_LIMITS.labelLength, true));
      });
      if (
        q.kind === "multi" &&
        q.maxChoices !== undefined &&
        (!Number.isInteger(q.maxChoices) || q.maxChoices < 1 || q.maxChoices > options.length)
      ) {
        add(`${at}.maxChoices`, "max_choices");
      }
      if (q.id === "offer_frequency") {
        const want = [...OFFER_FREQUENCIES].sort().join(",");
        if ([...ids].sort().join(",") !== want) add(`${at}.options`, "offer_frequency_options", { ids: OFFER_FREQUENCIES.join(", ") });
      }
    } else if (q.options !== undefined || q.maxChoices !== undefined) {
      add(`${at}.options`, "no_options", { kind: q.kind });
    }
    if (q.kind === "text") {
      const max = q.maxLength ?? FORM_LIMITS.textMaxLength;
      if (!Number.isInteger(max) || max < 1 || max > FORM_LIMITS.textMaxLength)
        add(`${at}.maxLength`, "max_length", { max: FORM_LIMITS.textMaxLength });
    } else if (q.maxLength !== undefined) {
      add(`${at}.maxLength`, "length_only_text");
    }
  });
  for (const id of Object.keys(STANDARD_QUESTIONS)) {
    if (!seen.has(id)) add("questions", "standard_removed", { id });
  }
  return problems;
}

/** Both languages of a text: present when required, at most `max` characters (code points). Surveys use it too. */
export function localizedProblems(text: Localized, path: string, max: number, required: boolean): Problem<"required" | "too_long">[] {
  const out: Problem<"required" | "too_long">[] = [];
  for (const locale of ["vi", "en"] as const) {
    const value = text[locale] ?? "";
    if (required && value.trim() === "") out.push(problem("required", `${path}.${locale}`));
    if ([...value].length > max) out.push(problem("too_long", `${path}.${locale}`, { max }));
  }
  return out;
}

/** Why an answer does not fit its question (validateAnswer). */
export const ANSWER_PROBLEM_CODES = [
  "question_not_found",
  "answer_kind",
  "birthday_month",
  "birthday_day",
  "not_an_option",
  "option_twice",
  "too_many_choices",
  "no_choice",
  "store_unknown",
  "text_too_long",
  "text_empty",
] as const;
export type AnswerProblemCode = (typeof ANSWER_PROBLEM_CODES)[number];
export type AnswerRefusal = { code: "question_not_found" | "answer_invalid"; problem: Problem<AnswerProblemCode> };
export type AnswerCheck = { ok: true; value: AnswerValue | null } | ({ ok: false } & AnswerRefusal);

/**
 * Checks one answer against the form version it was given for. `null` clears the answer.
 * Returns the value to store (text trimmed, choices in the form's order).
 */
export function validateAnswer(
  form: PreferenceForm,
  questionId: string,
  value: AnswerValue | null,
  ctx: { storeIds: readonly string[] },
): AnswerCheck {
  const q = form.questions.find((x) => x.id === questionId);
  if (!q)
    return {
      ok: false,
      code: "question_not_found",
      problem: problem("question_not_found", undefined, { version: form.version, question: questionId }),
    };
  if (value === null) return { ok: true, value: null };
  const bad = (code: AnswerProblemCode, params?: ProblemParams): AnswerCheck => ({
    ok: false,
    code: "answer_invalid",
    problem: problem(code, undefined, params),
  });
  if (value.kind !== q.kind) return bad("answer_kind", { question: q.id, kind: q.kind });
  switch (value.kind) {
    case "birthday": {
      const { day, month } = value;
      if (!Number.isInteger(month) || month < 1 || month > 12) return bad("birthday_month");
      if (!Number.isInteger(day) || day < 1 || day > daysInMonth(month)) return bad("birthday_day", { day, month });
      return { ok: true, value: { kind: "birthday", day, month } };
    }
    case "single": {
      if (!q.options?.some((o) => o.id === value.optionId)) return bad("not_an_option", { option: value.optionId, question: q.id });
      return { ok: true, value };
    }
    case "multi": {
      const ids = q.options?.map((o) => o.id) ?? [];
      if (new Set(value.optionIds).size !== value.optionIds.length) return bad("option_twice");
      const unknown = value.optionIds.find((id) => !ids.includes(id));
      if (unknown !== undefined) return bad("not_an_option", { option: unknown, question: q.id });
      const max = q.maxChoices ?? ids.length;
      if (value.optionIds.length > max) return bad("too_many_choices", { max });
      // Clearing is `null`, not an empty choice.
      if (value.optionIds.length === 0) return bad("no_choice");
      return { ok: true, value: { kind: "multi", optionIds: ids.filter((id) => value.optionIds.includes(id)) } };
    }
    case "store": {
      if (!ctx.storeIds.includes(value.storeId)) return bad("store_unknown");
      return { ok: true, value };
    }
    case "text": {
      const text = value.text.trim();
      const max = q.maxLength ?? FORM_LIMITS.textMaxLength;
      if ([...text].length > max) return bad("text_too_long", { max });
      // Clearing is `null`, not an empty text.
      if (text === "") return bad("text_empty");
      return { ok: true, value: { kind: "text", text } };
    }
  }
}

/** Any year: 29 February is a birthday too. */
function daysInMonth(month: number) {
  return [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

export type Progress = { answered: number; total: number; complete: boolean };

/** Progress over the questions that count: a profile is complete when none of them is left. */
export function formProgress(form: PreferenceForm, answered: ReadonlySet<string>): Progress {
  const counted = form.questions.filter((q) => !q.optional);
  const done = counted.filter((q) => answered.has(q.id)).length;
  return { answered: done, total: counted.length, complete: done === counted.length };
}

/**
 * The one-time profile bonus: paid when a save completes the profile and it was never paid
 * before, whatever happens to the answers later (clearing and re-completing pays nothing).
 */
export function profileBonusDue(input: { complete: boolean; alreadyPaid: boolean; bonusPoints: number }): number {
  if (!input.complete || input.alreadyPaid) return 0;
  return Number.isInteger(input.bonusPoints) && input.bonusPoints > 0 ? input.bonusPoints : 0;
}

/** The idempotency key of a member's profile bonus: the ledger's unique index pays it once. */
export const profileBonusKey = (memberId: string) => `profile-bonus:${memberId}`;

/** An answer in words, for the console and the data export. */
export function answerText(
  q: Question | undefined,
  value: AnswerValue,
  locale: Locale,
  storeName: (id: string) => string | undefined,
): string {
  switch (value.kind) {
    case "birthday":
      return locale === "vi" ? `${value.day}/${value.month}` : `${value.day} ${MONTHS_EN[value.month - 1]}`;
    case "single":
      return q?.options?.find((o) => o.id === value.optionId)?.label[locale] ?? value.optionId;
    case "multi":
      return value.optionIds.map((id) => q?.options?.find((o) => o.id === id)?.label[locale] ?? id).join(", ");
    case "store":
      return storeName(value.storeId) ?? value.storeId;
    case "text":
      return value.text;
  }
}

const MONTHS_EN = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

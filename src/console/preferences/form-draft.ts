import { STANDARD_QUESTIONS, validateForm, type Localized, type Question, type QuestionKind } from "../../domain/preferences/form";
import type { Problem } from "../../domain/problems";

/**
 * The editor's working copy of a form. Inputs hold strings (a half-typed "1" for maxChoices is
 * still text), and every question and option has a client key so problems, focus and React
 * rows follow an item when it moves, instead of sticking to a position.
 */
export type DraftOption = {
  key: string;
  id: string;
  label: Localized;
  /** In the published version: members' answers and segments hold this id, so it is fixed. */
  published: boolean;
  /** A new option's id follows its English label until the manager types one. */
  autoId: boolean;
};

export type DraftQuestion = {
  key: string;
  id: string;
  kind: QuestionKind;
  label: Localized;
  help: Localized;
  options: DraftOption[];
  maxChoices: string;
  maxLength: string;
  optional: boolean;
  /** In the published version: id and kind are fixed (answers are stored under the id). */
  published: boolean;
  autoId: boolean;
};

let lastKey = 0;
const newKey = (prefix: string) => `${prefix}${++lastKey}`;

export const isChoice = (kind: QuestionKind) => kind === "single" || kind === "multi";
export const isStandard = (id: string) => Object.hasOwn(STANDARD_QUESTIONS, id);
/** offer_frequency's option ids are read by the messaging rules: exactly these, no more, no fewer. */
export const hasFixedOptions = (id: string) => id === "offer_frequency";

const EMPTY: Localized = { vi: "", en: "" };

export function draftFromQuestions(questions: readonly Question[]): DraftQuestion[] {
  return questions.map((q) => ({
    key: newKey("q"),
    id: q.id,
    kind: q.kind,
    label: { ...q.label },
    help: q.help ? { ...q.help } : EMPTY,
    options: (q.options ?? []).map((o) => ({ key: newKey("o"), id: o.id, label: { ...o.label }, published: true, autoId: false })),
    maxChoices: q.maxChoices === undefined ? "" : String(q.maxChoices),
    maxLength: q.maxLength === undefined ? "" : String(q.maxLength),
    optional: q.optional === true,
    published: true,
    autoId: false,
  }));
}

export function newOption(): DraftOption {
  return { key: newKey("o"), id: "", label: EMPTY, published: false, autoId: true };
}

export function newQuestion(): DraftQuestion {
  return {
    key: newKey("q"),
    id: "",
    kind: "single",
    label: EMPTY,
    help: EMPTY,
    // A choice question needs two options to be valid: start with the two empty rows to fill.
    options: [newOption(), newOption()],
    maxChoices: "",
    maxLength: "",
    optional: false,
    published: false,
    autoId: true,
  };
}

/** "Cà phê đá xay" → "ca_phe_da_xay": a suggested id for a new question or option. */
export function slugify(text: string): string {
  const ascii = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "");
  return ascii.slice(0, 40).replace(/_+$/, "");
}

const wholeNumber = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/** What Publish sends. Kind-specific settings of another kind are dropped, not sent. */
export function questionsFromDraft(draft: readonly DraftQuestion[]): Question[] {
  return draft.map((d) => {
    const q: Question = { id: d.id.trim(), kind: d.kind, label: trimmed(d.label) };
    if (d.help.vi.trim() !== "" || d.help.en.trim() !== "") q.help = trimmed(d.help);
    if (isChoice(d.kind)) q.options = d.options.map((o) => ({ id: o.id.trim(), label: trimmed(o.label) }));
    if (d.kind === "multi" && d.maxChoices.trim() !== "") q.maxChoices = wholeNumber(d.maxChoices);
    if (d.kind === "text" && d.maxLength.trim() !== "") q.maxLength = wholeNumber(d.maxLength);
    if (d.optional) q.optional = true;
    return q;
  });
}

const trimmed = (text: Localized): Localized => ({ vi: text.vi.trim(), en: text.en.trim() });

/** Both sides go through the same normalisation, so an untouched form is never "changed". */
export function sameQuestions(a: readonly Question[], b: readonly Question[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A problem tied to a draft item rather than a position: `question` is a question key (null:
 * the whole form), `field` a path inside it ("label.vi", "options", "options.<option key>.id").
 */
export type KeyedProblem = { question: string | null; field: string; problem: Problem };

const PATH = /^questions(?:\.(\d+)(?:\.(.+))?)?$/;
const OPTION_PATH = /^options\.(\d+)(\..+)?$/;

/** Maps index paths (validateForm's and the server's) onto the draft they were computed for. */
export function keyProblems(problems: readonly Problem[], draft: readonly DraftQuestion[]): KeyedProblem[] {
  return problems.map((problem) => {
    const path = problem.field ?? "";
    const match = PATH.exec(path);
    const question = match?.[1] !== undefined ? draft[Number(match[1])] : undefined;
    if (!match || !question) return { question: null, field: path, problem };
    let field = match[2] ?? "";
    const option = OPTION_PATH.exec(field);
    if (option) {
      const target = question.options[Number(option[1])];
      field = target ? `options.${target.key}${option[2] ?? ""}` : "options";
    }
    return { question: question.key, field, problem };
  });
}

/** The editor's own check: the domain's rules, run on what Publish would send. */
export function draftProblems(draft: readonly DraftQuestion[]): KeyedProblem[] {
  return keyProblems(validateForm(questionsFromDraft(draft)), draft);
}

export function move<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

export type FormChanges = {
  added: Question[];
  removed: Question[];
  changed: Question[];
  reordered: boolean;
  /** Needed for a complete profile now and not before (new, or no longer optional): completion resets. */
  required: Question[];
};

/** What a publish changes, for the confirmation: by question id, since ids are what persist. */
export function formChanges(before: readonly Question[], after: readonly Question[]): FormChanges {
  const beforeById = new Map(before.map((q) => [q.id, q]));
  const afterIds = new Set(after.map((q) => q.id));
  const added = after.filter((q) => !beforeById.has(q.id));
  const removed = before.filter((q) => !afterIds.has(q.id));
  const changed = after.filter((q) => {
    const old = beforeById.get(q.id);
    return old !== undefined && JSON.stringify(old) !== JSON.stringify(q);
  });
  const kept = after.filter((q) => beforeById.has(q.id)).map((q) => q.id);
  const keptBefore = before.filter((q) => afterIds.has(q.id)).map((q) => q.id);
  const required = after.filter((q) => {
    const old = beforeById.get(q.id);
    return !q.optional && (old === undefined || old.optional === true);
  });
  return { added, removed, changed, reordered: kept.join("\n") !== keptBefore.join("\n"), required };
}

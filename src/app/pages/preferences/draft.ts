import type { MyPreferences, Question } from "../../../contract/preferences";
import type { AnswerValue } from "../../../domain/preferences/form";

/**
 * The preferences page's state transitions, as pure functions: which screen shows (a question
 * or the summary of answers) and the answer being drafted on a question. The page only wires
 * them to the screen and the API.
 */

/** `editing`: opened from the summary, so saving goes back there instead of on to the next question. */
export type View = { mode: "step"; index: number; editing: boolean } | { mode: "summary" };

/** Complete profiles open on their answers; others on the first required question still open. */
export function startView(prefs: MyPreferences): View {
  const { questions } = prefs.form;
  if (prefs.progress.complete || questions.length === 0) return { mode: "summary" };
  const open = firstUnanswered(prefs);
  return open === -1 ? { mode: "summary" } : { mode: "step", index: open, editing: false };
}

/** After the form was read again: a newer form may have fewer questions than the step on screen. */
export function viewAfterReload(view: View, prefs: MyPreferences): View {
  return view.mode === "step" && view.index >= prefs.form.questions.length ? { mode: "summary" } : view;
}

/** After a save or a skip: the next question, or the summary when editing or at the last one. */
export function nextView(view: View, total: number): View {
  if (view.mode !== "step" || view.editing || view.index + 1 >= total) return { mode: "summary" };
  return { mode: "step", index: view.index + 1, editing: false };
}

/** Back: to the summary when editing, else to the previous question (never before the first). */
export function previousView(view: View): View {
  if (view.mode !== "step" || view.editing) return { mode: "summary" };
  return { mode: "step", index: Math.max(0, view.index - 1), editing: false };
}

/** The first required question still open, else the first optional one; -1 when all are answered. */
export function firstUnanswered(prefs: MyPreferences): number {
  const answered = (q: Question) => storedFor(prefs, q) !== undefined;
  const required = prefs.form.questions.findIndex((q) => !q.optional && !answered(q));
  return required !== -1 ? required : prefs.form.questions.findIndex((q) => !answered(q));
}

/** The saved answer, if it still fits the question (a later form version may change a kind). */
export function storedFor(prefs: MyPreferences, q: Question): AnswerValue | undefined {
  const value = prefs.answers[q.id]?.value;
  return value && value.kind === q.kind ? value : undefined;
}

export function sameAnswer(a: AnswerValue, b: AnswerValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---- the answer being drafted on one question ----

export type Draft =
  | { kind: "birthday"; day: number | null; month: number | null }
  | { kind: "single"; optionId: string | null }
  | { kind: "multi"; optionIds: string[] }
  | { kind: "store"; storeId: string | null }
  | { kind: "text"; text: string };

export function initialDraft(q: Question, stored: AnswerValue | undefined): Draft {
  switch (q.kind) {
    case "birthday":
      return stored?.kind === "birthday"
        ? { kind: "birthday", day: stored.day, month: stored.month }
        : { kind: "birthday", day: null, month: null };
    case "single":
      return { kind: "single", optionId: stored?.kind === "single" ? stored.optionId : null };
    case "multi":
      return { kind: "multi", optionIds: stored?.kind === "multi" ? stored.optionIds : [] };
    case "store":
      return { kind: "store", storeId: stored?.kind === "store" ? stored.storeId : null };
    case "text":
      return { kind: "text", text: stored?.kind === "text" ? stored.text : "" };
  }
}

/** A multiple choice with `id` ticked or unticked (in the order ticked). */
export function toggleOption(draft: Extract<Draft, { kind: "multi" }>, id: string): Draft {
  return { kind: "multi", optionIds: draft.optionIds.includes(id) ? draft.optionIds.filter((x) => x !== id) : [...draft.optionIds, id] };
}

/** The draft as an answer, or null while it is incomplete (nothing to save yet). */
export function draftValue(draft: Draft): AnswerValue | null {
  switch (draft.kind) {
    case "birthday":
      return draft.day !== null && draft.month !== null ? { kind: "birthday", day: draft.day, month: draft.month } : null;
    case "single":
      return draft.optionId ? { kind: "single", optionId: draft.optionId } : null;
    case "multi":
      return draft.optionIds.length > 0 ? { kind: "multi", optionIds: draft.optionIds } : null;
    case "store":
      return draft.storeId ? { kind: "store", storeId: draft.storeId } : null;
    case "text":
      return draft.text.trim() ? { kind: "text", text: draft.text } : null;
  }
}

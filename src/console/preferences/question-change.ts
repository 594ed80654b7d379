import type { DraftQuestion } from "./form-draft";

/** Applies an edit to one question; `fields` are the paths it touched (their server messages go). */
export type QuestionChange = (key: string, edit: (q: DraftQuestion) => DraftQuestion, fields: string[]) => void;

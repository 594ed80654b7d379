import { atom } from "jotai";
import { MyPreferences, SaveAnswerResponse } from "../../contract/preferences";
import type { AnswerValue } from "../../domain/preferences/form";
import { api, withSession } from "./api";
import { loadCardAtom } from "./card";
import { loadSummaryAtom } from "./summary";

export function fetchPreferences() {
  return withSession(() => api.get("/members/me/preferences", MyPreferences));
}

export type SaveAnswer = { questionId: string; formVersion: number; value: AnswerValue | null };

/**
 * Saves one answer (null clears it). When this save completed the profile and the server paid
 * the bonus, the card and summary are read again so the new balance shows everywhere.
 */
export const saveAnswerAtom = atom(null, async (_get, set, { questionId, formVersion, value }: SaveAnswer) => {
  const saved = await withSession(() =>
    api.put(`/members/me/preferences/${encodeURIComponent(questionId)}`, { formVersion, value }, SaveAnswerResponse),
  );
  if (saved.bonusCredited > 0) {
    void set(loadCardAtom);
    void set(loadSummaryAtom);
  }
  return saved;
});

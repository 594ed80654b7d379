import { atom } from "jotai";

import type { AnswerValue } from "../../domain/preferences/form";
import { preferenceEndpoints } from "../../contract/endpoints/preferences";
import { api, withSession } from "./api";
import { loadCardAtom } from "./card";
import { loadSummaryAtom } from "./summary";

export function fetchPreferences() {
  return withSession(() => api.request(preferenceEndpoints.myPreferences));
}

export type SaveAnswer = { questionId: string; formVersion: number; value: AnswerValue | null };

/**
 * Saves one answer (null clears it). When this save completed the profile and the server paid
 * the bonus, the card and summary are read again so the new balance shows everywhere.
 */
export const saveAnswerAtom = atom(null, async (_get, set, { questionId, formVersion, value }: SaveAnswer) => {
  const saved = await withSession(() =>
    api.request(preferenceEndpoints.saveAnswer, { params: { questionId }, body: { formVersion, value } }),
  );
  if (saved.bonusCredited > 0) {
    void set(loadCardAtom);
    void set(loadSummaryAtom);
  }
  return saved;
});

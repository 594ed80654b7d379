import { atom } from "jotai";

import type { AnswerValue } from "../../domain/preferences/form";
import { preferenceEndpoints } from "../../contract/endpoints/preferences";
import { api, withSession } from "./api";
import { loadCardAtom } from "./card";
import { remoteAtoms } from "./remote";
import { loadSummaryAtom } from "./summary";

const preferences = remoteAtoms(() => withSession(() => api.request(preferenceEndpoints.myPreferences)));
/** The brand's preference form, the member's answers and progress, and the stores to pick from. */
export const preferencesAtom = preferences.valueAtom;
export const loadPreferencesAtom = preferences.loadAtom;

export type SaveAnswer = { questionId: string; formVersion: number; value: AnswerValue | null };

/**
 * Saves one answer (null clears it) and shows the preferences the server answered with. When
 * this save completed the profile and the server paid the bonus, the card and summary are read
 * again so the new balance shows everywhere.
 */
export const saveAnswerAtom = atom(null, async (_get, set, { questionId, formVersion, value }: SaveAnswer) => {
  const saved = await withSession(() =>
    api.request(preferenceEndpoints.saveAnswer, { params: { questionId }, body: { formVersion, value } }),
  );
  const { bonusCredited: _, ...prefs } = saved;
  set(preferences.updateAtom, prefs);
  if (saved.bonusCredited > 0) {
    void set(loadCardAtom);
    void set(loadSummaryAtom);
  }
  return saved;
});

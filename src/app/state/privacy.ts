import { atom } from "jotai";
import { preferenceEndpoints } from "../../contract/endpoints/preferences";
import type { MemberExport } from "../../contract/preferences";
import { api, withSession } from "./api";

/**
 * Loose (as MemberExport is): the export's sections are open-ended (a later feature adds its own),
 * and the file the member keeps must hold every one of them, not only those this app version knows.
 */
export type FullExport = MemberExport & Record<string, unknown>;

/** Everything we hold about the member, for the file they download (an action: read once per tap). */
export const exportDataAtom = atom(null, (): Promise<FullExport> => withSession(() => api.request(preferenceEndpoints.exportData)));

/**
 * Erases the account on the server. The caller then moves to onboarding and calls
 * afterAccountErasedAtom in the same tick, so the screens of the erased member are never shown
 * again while the app signs in anew.
 */
export const eraseAccountAtom = atom(null, () => withSession(() => api.request(preferenceEndpoints.erase, { body: { confirm: true } })));

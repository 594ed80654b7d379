import { atom } from "jotai";
import type { MemberSummary } from "../../contract/loyalty";
import { failureCode, type FailureCode } from "./api-base";
import { callApi } from "./contract";
import type { Locale } from "../../domain/locale/locale";
import { localeAtom } from "./locale";

export type SummaryState =
  { status: "loading" } | { status: "ready"; summary: MemberSummary; locale: Locale } | { status: "error"; code: FailureCode };

const summaryStateAtom = atom<SummaryState>({ status: "loading" });

/** Balance, tier, progress and next expiry of the signed-in member (GET /members/me/summary). */
export const summaryAtom = atom((get) => get(summaryStateAtom));

/**
 * Loads or refreshes the summary in the UI language (tier names, benefits and rules come
 * localized). A failed refresh keeps what is shown: the card's cached balance covers offline.
 */
export const loadSummaryAtom = atom(null, async (get, set) => {
  const locale = get(localeAtom);
  try {
    const summary = await callApi(({ api, loyaltyEndpoints }) => api.request(loyaltyEndpoints.summary, { query: { locale } }));
    // A reply for a language the shopper has since switched away from is dropped.
    if (get(localeAtom) === locale) set(summaryStateAtom, { status: "ready", summary, locale });
  } catch (err) {
    if (get(summaryStateAtom).status !== "ready") set(summaryStateAtom, { status: "error", code: failureCode(err) });
  }
});

/** Another account, or signed out: forget the summary. */
export const resetSummaryAtom = atom(null, (_get, set) => set(summaryStateAtom, { status: "loading" }));

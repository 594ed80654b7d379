import { atom } from "jotai";
import { atomWithLazy } from "jotai/utils";
import type { MemberSummary } from "../../contract/loyalty";
import type { Locale } from "../../domain/locale/locale";
import { platformStorage, readJson } from "../platform/storage";
import { failureCode, type FailureCode } from "./api-base";
import { isSummarySnapshot, type SummarySnapshot } from "./cache-guards";
import { callApi, loadedApi } from "./contract";
import { localeAtom, storedLocale } from "./locale";

const SUMMARY_KEY = "ll.summary";
// Nothing secret in it (tier, progress, next expiry): the first paint inside Zalo reads it from the
// localStorage mirror like the card's name and points (platform/storage.ts).
platformStorage.mirror(SUMMARY_KEY);

export type SummaryState =
  { status: "loading" } | { status: "ready"; summary: MemberSummary; locale: Locale } | { status: "error"; code: FailureCode };

/**
 * Starts from the phone's copy (in the language the app opens in), read when the state is first
 * needed: the card page's first render draws the tier and progress with the card instead of a
 * skeleton and one more render after an effect (issue 12).
 */
const summaryStateAtom = atomWithLazy<SummaryState>(() => {
  const locale = storedLocale();
  const cached = readCache(locale);
  return cached ? { status: "ready", summary: cached, locale } : { status: "loading" };
});

/** Balance, tier, progress and next expiry of the signed-in member (GET /members/me/summary). */
export const summaryAtom = atom((get) => get(summaryStateAtom));

/** The cached summary in `locale`: by shape before the contract's chunk is here, then by its schema. */
function readCache(locale: Locale): MemberSummary | null {
  const value = readJson(platformStorage, SUMMARY_KEY);
  const contract = loadedApi();
  const snapshot = contract ? (contract.CachedSummary.safeParse(value).data ?? null) : isSummarySnapshot(value) ? value : null;
  return snapshot?.locale === locale ? snapshot.summary : null;
}

function writeCache(snapshot: SummarySnapshot | null) {
  if (snapshot) platformStorage.setItem(SUMMARY_KEY, JSON.stringify(snapshot));
  else platformStorage.removeItem(SUMMARY_KEY);
}

/**
 * Loads or refreshes the summary in the UI language (tier names, benefits and rules come
 * localized). A returning member's is drawn from the phone's copy at once, as the card is
 * (issue 12: the card page's tier and progress are on the first screen, and were its last paint),
 * then replaced by the server's. A failed refresh keeps what is shown: offline, the copy stays.
 */
export const loadSummaryAtom = atom(null, async (get, set) => {
  const locale = get(localeAtom);
  if (get(summaryStateAtom).status !== "ready") {
    const cached = readCache(locale);
    if (cached) set(summaryStateAtom, { status: "ready", summary: cached, locale });
  }
  try {
    const summary = await callApi(({ api, loyaltyEndpoints }) => api.request(loyaltyEndpoints.summary, { query: { locale } }));
    // A reply for a language the shopper has since switched away from is dropped.
    if (get(localeAtom) === locale) {
      set(summaryStateAtom, { status: "ready", summary, locale });
      writeCache({ summary, locale });
    }
  } catch (err) {
    if (get(summaryStateAtom).status !== "ready") set(summaryStateAtom, { status: "error", code: failureCode(err) });
  }
});

/** Another account, or signed out: forget the summary, on the phone too. */
export const resetSummaryAtom = atom(null, (_get, set) => {
  writeCache(null);
  set(summaryStateAtom, { status: "loading" });
});

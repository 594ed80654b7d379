import { atom } from "jotai";
import type { TermsResponse } from "../../contract/members";
import { callApi } from "./contract";

export type TermsState = { status: "loading" } | { status: "ready"; terms: TermsResponse } | { status: "error" };

const termsStateAtom = atom<TermsState>({ status: "loading" });

/** The current membership terms (both languages) and the phone purpose text. */
export const termsAtom = atom((get) => get(termsStateAtom));

/**
 * The fetch in progress: onboarding prefetches and consent asks again on mount, so one request
 * serves both. A forced reload supersedes it; the superseded answer is then ignored.
 */
const inFlightAtom = atom<{ promise: Promise<void> } | null>(null);

/**
 * Fetches the terms. `force` re-reads them even when loaded: after a terms_outdated answer
 * the wording on screen is stale and must be replaced before asking again.
 */
export const loadTermsAtom = atom(null, (get, set, opts?: { force?: boolean }): Promise<void> => {
  const running = get(inFlightAtom);
  if (running && !opts?.force) return running.promise;
  if (get(termsStateAtom).status === "ready" && !opts?.force) return Promise.resolve();
  set(termsStateAtom, { status: "loading" });
  // Public endpoint: the terms must be readable before anyone has agreed to anything.
  const request = callApi(({ api, memberEndpoints }) => api.request(memberEndpoints.terms), { signedIn: false });
  const ticket = { promise: Promise.resolve() };
  const current = () => get(inFlightAtom) === ticket;
  ticket.promise = request
    .then(
      (terms) => {
        if (current()) set(termsStateAtom, { status: "ready", terms });
      },
      () => {
        if (current()) set(termsStateAtom, { status: "error" });
      },
    )
    .finally(() => {
      if (current()) set(inFlightAtom, null);
    });
  set(inFlightAtom, ticket);
  return ticket.promise;
});

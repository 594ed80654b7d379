import { atom } from "jotai";
import { loadable } from "jotai/utils";
import { TermsResponse } from "../../contract/members";
import { api } from "./api";

/** Bumped to fetch the terms again (after an error, or when the server says they changed). */
const termsVersionAtom = atom(0);

const termsRequestAtom = atom(async (get) => {
  get(termsVersionAtom);
  // Public endpoint: the terms must be readable before anyone has agreed to anything.
  return api.get("/terms", TermsResponse);
});

/** The current membership terms as a loadable: { state: "loading" | "hasData" | "hasError" }. */
export const termsAtom = loadable(termsRequestAtom);

export const reloadTermsAtom = atom(null, (get, set) => set(termsVersionAtom, get(termsVersionAtom) + 1));

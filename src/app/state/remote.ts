import { atom, type Getter } from "jotai";
import { failureCode, type FailureCode } from "./api-base";
import { meAtom } from "./session";

/**
 * The Mini App's one loading pattern for data read from the API: a status union in a private
 * atom, a read-only atom for the page and a load action the page calls when the shopper
 * arrives (the card, summary and terms atoms have the same shape, plus their offline cache).
 *
 * Why not an async atom behind Suspense (or jotai's `loadable`): a page here often refreshes
 * what it already shows — the catalog after a redemption, the vouchers while one is at the
 * till, the switches after a consent change — and must keep showing it meanwhile and when the
 * refresh fails; an async atom goes back to pending on every refresh, which Suspense would
 * paint as the skeleton again. A union also carries the failure's code, which picks the
 * sentence and the retry on the page.
 */
export type Remote<T> = { status: "loading" } | { status: "ready"; data: T } | { status: "error"; code: FailureCode };

const LOADING = { status: "loading" } as const;

/**
 * Atoms for one API read. What was read belongs to the signed-in user it was read for: after a
 * sign-out, a role switch or an erased account, the next user's page starts from loading, never
 * from the previous user's data.
 */
export function remoteAtoms<T>(read: (get: Getter) => Promise<T>) {
  const userOf = (get: Getter) => get(meAtom)?.user.id ?? null;
  const heldAtom = atom<{ userId: string | null; state: Remote<T> }>({ userId: null, state: LOADING });

  /** What the page shows. */
  const valueAtom = atom<Remote<T>>((get) => {
    const held = get(heldAtom);
    return held.userId === userOf(get) ? held.state : LOADING;
  });

  /**
   * Reads it. `quiet`: the data stays on screen while it is read again, and stays when that
   * fails. Returns what was read, or null on failure.
   */
  const loadAtom = atom(null, async (get, set, opts?: { quiet?: boolean }): Promise<T | null> => {
    const userId = userOf(get);
    if (!opts?.quiet) set(heldAtom, { userId, state: LOADING });
    try {
      const data = await read(get);
      set(heldAtom, { userId, state: { status: "ready", data } });
      return data;
    } catch (err) {
      if (!opts?.quiet) set(heldAtom, { userId, state: { status: "error", code: failureCode(err) } });
      return null;
    }
  });

  /** A write answered with the new data (or changes what is shown): show it without reading again. */
  const updateAtom = atom(null, (get, set, next: T | ((current: T) => T)) => {
    const shown = get(valueAtom);
    const data = typeof next === "function" ? (shown.status === "ready" ? (next as (current: T) => T)(shown.data) : null) : next;
    if (data !== null) set(heldAtom, { userId: userOf(get), state: { status: "ready", data } });
  });

  return { valueAtom, loadAtom, updateAtom };
}

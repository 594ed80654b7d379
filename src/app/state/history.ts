import { atom } from "jotai";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import type { LedgerItem, LedgerPage } from "../../contract/loyalty";
import { api, withSession } from "./api";
import { remoteAtoms } from "./remote";

const PAGE_SIZE = 20;

export type Ledger = { items: LedgerItem[]; nextCursor: string | null };

function readLedger(after?: string): Promise<LedgerPage> {
  return withSession(() => api.request(loyaltyEndpoints.ledger, { query: after ? { limit: PAGE_SIZE, after } : { limit: PAGE_SIZE } }));
}

const ledger = remoteAtoms<Ledger>(async () => {
  const page = await readLedger();
  return { items: page.items, nextCursor: page.nextCursor };
});

/** The signed-in member's points history, newest first, as far as it was paged. */
export const ledgerAtom = ledger.valueAtom;
/** Reads the first page again. */
export const loadLedgerAtom = ledger.loadAtom;

/**
 * Appends the next page (entries already shown are not repeated); throws when it cannot be
 * read, so the page can say so under what is shown.
 */
export const loadMoreLedgerAtom = atom(null, async (get, set) => {
  const shown = get(ledgerAtom);
  if (shown.status !== "ready" || !shown.data.nextCursor) return;
  const page = await readLedger(shown.data.nextCursor);
  set(ledger.updateAtom, (prev) => {
    const seen = new Set(prev.items.map((i) => i.id));
    return { items: [...prev.items, ...page.items.filter((i) => !seen.has(i.id))], nextCursor: page.nextCursor };
  });
});

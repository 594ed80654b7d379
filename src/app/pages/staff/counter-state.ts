import { atom } from "jotai";
import { meAtom } from "../../state/session";
import type { Panel } from "./draft";

/**
 * What the counter shows, kept outside the page: a cashier who switches to another tab (to check
 * a reward, the account) and comes back finds the member they scanned and the bill they were
 * typing, not an empty scanner. In memory only, for the signed-in staff member: another
 * account on the device, or a restart, starts clean.
 */
type EarnDraft = { bill: string; receipt: string };
type Counter = { staffId: string | null; panel: Panel; draft: EarnDraft & { scanKey: string | null } };

const EMPTY_DRAFT = { bill: "", receipt: "", scanKey: null };
const counterAtom = atom<Counter>({ staffId: null, panel: null, draft: EMPTY_DRAFT });

const mine = (counter: Counter, staffId: string | null) => (counter.staffId === staffId ? counter : null);

/** The panel under the scan buttons (a verified member, a result, an error). */
export const counterPanelAtom = atom(
  (get) => mine(get(counterAtom), get(meAtom)?.user.id ?? null)?.panel ?? null,
  (get, set, panel: Panel) => {
    const staffId = get(meAtom)?.user.id ?? null;
    const current = mine(get(counterAtom), staffId);
    set(counterAtom, { staffId, panel, draft: current?.draft ?? EMPTY_DRAFT });
  },
);

/** The earn form's typed bill and receipt, for the scan it belongs to (`scanKey`). */
export const earnDraftAtom = atom(
  (get) => mine(get(counterAtom), get(meAtom)?.user.id ?? null)?.draft ?? EMPTY_DRAFT,
  (get, set, draft: EarnDraft & { scanKey: string }) => {
    const staffId = get(meAtom)?.user.id ?? null;
    const current = mine(get(counterAtom), staffId);
    set(counterAtom, { staffId, panel: current?.panel ?? null, draft });
  },
);

/** A scan's identity: a new scan of the same member is a new form. */
export const scanKeyOf = (scan: { code: string; capturedAt: string }) => `${scan.capturedAt}|${scan.code}`;

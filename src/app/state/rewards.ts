import { atom, type Getter } from "jotai";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import type { VoucherView } from "../../contract/loyalty";
import { api, failureCode, withSession, type FailureCode } from "./api";
import { remoteAtoms } from "./remote";
import { meAtom } from "./session";
import { loadSummaryAtom } from "./summary";
import { readCachedVouchers, writeCachedVouchers } from "./vouchers-cache";

const catalog = remoteAtoms(() => withSession(() => api.request(loyaltyEndpoints.catalog)));
/** The brand's rewards, each with what the member can do about it. */
export const catalogAtom = catalog.valueAtom;
export const loadCatalogAtom = catalog.loadAtom;

/**
 * The member's vouchers (usable first, sortVouchers) with when that list was read (`savedAt`,
 * ms). `offline`: the last read failed and this is the list as of `savedAt`, from the phone's
 * cache or from earlier on screen: its QR codes still work at the till unless used since.
 */
export type VouchersState =
  | { status: "loading" }
  | { status: "ready"; data: VoucherView[]; savedAt: number; offline: boolean }
  | { status: "error"; code: FailureCode };

const LOADING = { status: "loading" } as const;
const userOf = (get: Getter) => get(meAtom)?.user.id ?? null;
// Like remoteAtoms: what was read belongs to the user it was read for.
const heldVouchersAtom = atom<{ userId: string | null; state: VouchersState }>({ userId: null, state: LOADING });

export const vouchersAtom = atom<VouchersState>((get) => {
  const held = get(heldVouchersAtom);
  return held.userId === userOf(get) ? held.state : LOADING;
});

/**
 * Shows the cached list at once (the card's approach, state/card.ts), then reads it again from
 * the API and caches the answer. A failed read keeps what is shown and flags it offline; with
 * nothing to show it is an error. Returns the list read, or null on failure.
 */
export const loadVouchersAtom = atom(null, async (get, set): Promise<VoucherView[] | null> => {
  const userId = userOf(get);
  if (get(vouchersAtom).status !== "ready") {
    const cached = userId ? readCachedVouchers(userId) : null;
    set(heldVouchersAtom, {
      userId,
      state: cached ? { status: "ready", data: sortVouchers(cached.items), savedAt: cached.savedAt, offline: false } : LOADING,
    });
  }
  try {
    const items = sortVouchers((await withSession(() => api.request(loyaltyEndpoints.myVouchers))).items);
    const savedAt = Date.now();
    if (userId) writeCachedVouchers({ userId, savedAt, items });
    set(heldVouchersAtom, { userId, state: { status: "ready", data: items, savedAt, offline: false } });
    return items;
  } catch (err) {
    const shown = get(vouchersAtom);
    set(heldVouchersAtom, {
      userId,
      state: shown.status === "ready" ? { ...shown, offline: true } : { status: "error", code: failureCode(err) },
    });
    return null;
  }
});

/** Usable vouchers first (soonest to expire on top), then the used, expired and cancelled ones. */
export function sortVouchers(items: readonly VoucherView[]): VoucherView[] {
  const usable = items.filter((v) => v.status === "issued").sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
  const rest = items.filter((v) => v.status !== "issued").sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt));
  return [...usable, ...rest];
}

/**
 * A fresh idempotency key for one redemption attempt. Reused, on purpose, when the shopper
 * retries after a network failure: the server then answers with the voucher of the first
 * attempt if it did go through, instead of taking the points twice.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Redeems a reward and refreshes the balance shown on the card. */
export const redeemAtom = atom(null, async (_get, set, request: { rewardId: string; idempotencyKey: string }) => {
  const result = await withSession(() => api.request(loyaltyEndpoints.redeem, { body: request }));
  void set(loadSummaryAtom);
  return result;
});

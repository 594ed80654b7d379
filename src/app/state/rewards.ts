import { atom } from "jotai";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import type { VoucherView } from "../../contract/loyalty";
import { api, withSession } from "./api";
import { remoteAtoms } from "./remote";
import { loadSummaryAtom } from "./summary";

const catalog = remoteAtoms(() => withSession(() => api.request(loyaltyEndpoints.catalog)));
/** The brand's rewards, each with what the member can do about it. */
export const catalogAtom = catalog.valueAtom;
export const loadCatalogAtom = catalog.loadAtom;

const vouchers = remoteAtoms(async () => sortVouchers((await withSession(() => api.request(loyaltyEndpoints.myVouchers))).items));
/** The member's vouchers, usable ones first (sortVouchers). */
export const vouchersAtom = vouchers.valueAtom;
export const loadVouchersAtom = vouchers.loadAtom;

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

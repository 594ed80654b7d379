import { atom } from "jotai";

import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { api, withSession } from "./api";
import { loadSummaryAtom } from "./summary";

export function fetchCatalog() {
  return withSession(() => api.request(loyaltyEndpoints.catalog));
}

export function fetchVouchers() {
  return withSession(() => api.request(loyaltyEndpoints.myVouchers));
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

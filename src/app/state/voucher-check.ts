import { atom } from "jotai";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { api, withSession } from "./api";

/** The look before use: whose voucher it is and what it is worth. Reading it changes nothing. */
export const previewVoucherAtom = atom(null, (_get, _set, request: { code: string; storeId: string }) =>
  withSession(() => api.request(loyaltyEndpoints.previewVoucher, { body: request })),
);

/**
 * Uses the voucher the cashier just looked at. The key is made once per look and reused on a
 * retry, so a use whose answer was lost comes back as that use, not as "already used".
 */
export const spendVoucherAtom = atom(null, (_get, _set, request: { code: string; storeId: string; idempotencyKey: string }) =>
  withSession(() => api.request(loyaltyEndpoints.useVoucher, { body: request })),
);

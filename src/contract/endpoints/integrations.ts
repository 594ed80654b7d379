import { defineEndpoints } from "../endpoint";
import {
  PosEarnRequest,
  PosEarnResponse,
  PosRefundRequest,
  PosRefundResponse,
  PosVoucherCheck,
  PosVoucherPreview,
  PosVoucherUse,
  PosVoucherUsed,
  PosWhoAmI,
} from "../integrations";

/** A store's POS, with its API key (Authorization: Bearer llk_…): docs/integration.md. */
export const posEndpoints = defineEndpoints({
  whoAmI: { method: "get", path: "/pos/v1/me", response: PosWhoAmI },
  earn: { method: "post", path: "/pos/v1/earn", body: PosEarnRequest, response: PosEarnResponse },
  refund: { method: "post", path: "/pos/v1/refunds", body: PosRefundRequest, response: PosRefundResponse },
  /** POST, not GET: a voucher code is a bearer secret and stays out of URLs and access logs. */
  checkVoucher: { method: "post", path: "/pos/v1/vouchers/check", body: PosVoucherCheck, response: PosVoucherPreview },
  useVoucher: { method: "post", path: "/pos/v1/vouchers/use", body: PosVoucherUse, response: PosVoucherUsed },
});

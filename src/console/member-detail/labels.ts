import type { VoucherView } from "../../contract/loyalty";
import type { MessageKey } from "../i18n";

export const VOUCHER_STATUS_KEYS: Record<VoucherView["status"], MessageKey> = {
  issued: "vouchers.status.issued",
  used: "vouchers.status.used",
  void: "vouchers.status.void",
  expired: "vouchers.status.expired",
  cancelled: "vouchers.status.cancelled",
};

import type { LedgerItem, VoucherView } from "../../contract/loyalty";
import type { MessageKey } from "../i18n";

export const KIND_KEYS: Record<LedgerItem["kind"], MessageKey> = {
  earn: "ledger.kind.earn",
  redeem: "ledger.kind.redeem",
  expire: "ledger.kind.expire",
  adjust: "ledger.kind.adjust",
  reversal: "ledger.kind.reversal",
  bonus: "ledger.kind.bonus",
  game_prize: "ledger.kind.game_prize",
};

export const VOUCHER_STATUS_KEYS: Record<VoucherView["status"], MessageKey> = {
  issued: "vouchers.status.issued",
  used: "vouchers.status.used",
  void: "vouchers.status.void",
  expired: "vouchers.status.expired",
};

/** The server's rule, mirrored to decide where to offer the action: earns not yet reversed. */
export function isReversible(item: LedgerItem): boolean {
  return item.kind === "earn" && !item.reversed;
}

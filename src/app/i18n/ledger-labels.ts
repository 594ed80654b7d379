import type { LedgerItem } from "../../contract/loyalty";
import type { Locale } from "../../domain/locale/locale";
import { MEMBER_REASON_TEXT } from "../../domain/loyalty/actors";
import { isSystemReason, type EntryKind, type SystemReason } from "../../domain/loyalty/ledger";
import type { Translate } from "./use-t";
import type { MessageKey } from "./vi";

/**
 * Plain words for the ledger's codes, in one place for every Mini App screen that shows points
 * movements (history, and whatever lists them next). A code never reaches the shopper: every
 * entry kind and every system reason has a label in both languages (ledger-labels.test.ts).
 */
export const KIND_LABEL_KEYS: Record<EntryKind, MessageKey> = {
  earn: "history.kind.earnNoStore",
  redeem: "history.kind.redeemNoReason",
  expire: "history.kind.expire",
  adjust: "history.kind.adjustNoReason",
  reversal: "history.kind.reversal",
  bonus: "history.kind.bonus",
  game_prize: "history.kind.game_prize",
  refund: "history.kind.refund",
};

export const SYSTEM_REASON_KEYS: Record<SystemReason, MessageKey> = {
  profile_completed: "history.reason.profile_completed",
  account_erased: "history.reason.account_erased",
  survey_answered: "history.reason.survey_answered",
  daily_checkin: "history.reason.daily_checkin",
  referral_referrer: "history.reason.referral_referrer",
  referral_friend: "history.reason.referral_friend",
  referral_clawback: "history.reason.referral_clawback",
};

/** An entry's reason as a person reads it: a system code in words, anything else as written. */
export function reasonText(t: Translate, reason: string | null): string | null {
  if (reason === null || reason === "") return null;
  return isSystemReason(reason) ? t(SYSTEM_REASON_KEYS[reason]) : reason;
}

/**
 * What the member is told about a correction (adjustment, reversal, refund): the preset the
 * manager chose, in the member's language, or nothing. The manager's internal note never reaches
 * the Mini App (decision 0017): the server does not send it, and a free text is not shown here.
 */
export function memberReasonText(item: LedgerItem, locale: Locale): string | null {
  return item.memberReason ? MEMBER_REASON_TEXT[item.memberReason][locale] : null;
}

/** The one-line title of a ledger entry: "Tích điểm tại Cà Phê Mây", "Đổi quà: Bánh croissant"… */
export function ledgerLabel(t: Translate, item: LedgerItem, locale: Locale): string {
  const reason = reasonText(t, item.reason);
  switch (item.kind) {
    case "earn":
      return item.storeName ? t("history.kind.earn", { store: item.storeName }) : t(KIND_LABEL_KEYS.earn);
    case "redeem":
      return reason ? t("history.kind.redeem", { reason }) : t(KIND_LABEL_KEYS.redeem);
    case "adjust": {
      // The chosen preset, or a reason the system wrote (in words); never a person's free text.
      const told = memberReasonText(item, locale) ?? (isSystemReason(item.reason) ? reason : null);
      return told ? t("history.kind.adjust", { reason: told }) : t(KIND_LABEL_KEYS.adjust);
    }
    case "expire":
    case "reversal":
    case "bonus":
    case "game_prize":
    case "refund":
      return t(KIND_LABEL_KEYS[item.kind]);
  }
}

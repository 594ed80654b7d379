import type { LedgerActor, LedgerItem } from "../../contract/loyalty";
import { isSystemReason, type SystemReason } from "../../domain/loyalty/ledger";
import type { MessageKey } from "../i18n";

export const KIND_KEYS: Record<LedgerItem["kind"], MessageKey> = {
  earn: "ledger.kind.earn",
  redeem: "ledger.kind.redeem",
  expire: "ledger.kind.expire",
  adjust: "ledger.kind.adjust",
  reversal: "ledger.kind.reversal",
  bonus: "ledger.kind.bonus",
  game_prize: "ledger.kind.game_prize",
  refund: "ledger.kind.refund",
};

export const ACTOR_KIND_KEYS: Record<LedgerActor["kind"], MessageKey> = {
  staff: "actor.kind.staff",
  manager: "actor.kind.manager",
  member: "actor.kind.member",
  system: "actor.kind.system",
  game: "actor.kind.game",
  survey: "actor.kind.survey",
  pos: "actor.kind.pos",
};

export const ROLE_KEYS: Record<NonNullable<LedgerActor["role"]>, MessageKey> = {
  member: "role.member",
  staff: "role.staff",
  marketer: "role.marketer",
  manager: "role.manager",
  admin: "role.admin",
};

/** Reasons the system wrote (domain SYSTEM_REASONS) in words; a person's own reason stays as written. */
export const SYSTEM_REASON_KEYS: Record<SystemReason, MessageKey> = {
  profile_completed: "ledger.reason.profile_completed",
  account_erased: "ledger.reason.account_erased",
  survey_answered: "ledger.reason.survey_answered",
  daily_checkin: "ledger.reason.daily_checkin",
  referral_referrer: "ledger.reason.referral_referrer",
  referral_friend: "ledger.reason.referral_friend",
  referral_clawback: "ledger.reason.referral_clawback",
};

export function reasonText(t: (key: MessageKey) => string, reason: string | null): string | null {
  if (reason === null || reason === "") return null;
  return isSystemReason(reason) ? t(SYSTEM_REASON_KEYS[reason]) : reason;
}

/** The server's rule, mirrored to decide where to offer the action: earns not yet reversed. */
export function isReversible(item: LedgerItem): boolean {
  return item.kind === "earn" && !item.reversed;
}

/**
 * Rewards a member can redeem points for, and the expiry of the voucher a redemption issues.
 * Time windows are half-open like everything else in the ledger: a reward is on offer while
 * validFrom ≤ now < validUntil.
 */
import type { TierCode } from "./tiers";
import { addDays, endOfVietnamDate, vietnamDate } from "./vietnam-time";

export type RewardRules = {
  active: boolean;
  pointsCost: number;
  /** null = unlimited */
  stock: number | null;
  validFrom: number | null;
  validUntil: number | null;
  /** null = all tiers */
  eligibleTiers: TierCode[] | null;
};

export const REDEEM_BLOCKS = ["inactive", "not_started", "ended", "tier_not_eligible", "out_of_stock", "insufficient_points"] as const;
export type RedeemBlock = (typeof REDEEM_BLOCKS)[number];
export type RedeemCheck = { ok: true } | { ok: false; reason: RedeemBlock };

/**
 * Whether the member may redeem now. Checks run from the reward's own state to the member's,
 * so the reason shown is the one the member can do something about last ("not enough points"
 * only when nothing else stands in the way). `balance` should be the points spendable now
 * (availablePoints), since the debit is taken from unexpired lots only.
 */
export function checkRedeemable(reward: RewardRules, member: { tier: TierCode; balance: number }, now: number): RedeemCheck {
  if (!reward.active) return { ok: false, reason: "inactive" };
  if (reward.validFrom !== null && now < reward.validFrom) return { ok: false, reason: "not_started" };
  if (reward.validUntil !== null && now >= reward.validUntil) return { ok: false, reason: "ended" };
  if (reward.eligibleTiers !== null && !reward.eligibleTiers.includes(member.tier)) return { ok: false, reason: "tier_not_eligible" };
  if (reward.stock !== null && reward.stock <= 0) return { ok: false, reason: "out_of_stock" };
  if (member.balance < reward.pointsCost) return { ok: false, reason: "insufficient_points" };
  return { ok: true };
}

/**
 * End of the Vietnam day (23:59:59.999, UTC+7) `validityDays` calendar days after the voucher is
 * issued, but never after the reward's validUntil: a brand ending a campaign on a date must not
 * find vouchers from it still valid afterwards. validityDays 0 = until the end of the day of issue.
 */
export function voucherExpiresAt(issuedAt: number, validityDays: number, rewardValidUntil: number | null): number {
  if (!Number.isInteger(validityDays) || validityDays < 0)
    throw new RangeError(`validityDays must be a whole number ≥ 0, got ${validityDays}`);
  const end = endOfVietnamDate(addDays(vietnamDate(issuedAt), validityDays));
  return rewardValidUntil === null ? end : Math.min(end, rewardValidUntil);
}

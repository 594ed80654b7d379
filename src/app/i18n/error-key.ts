import type { FailureCode } from "../state/api";
import type { MessageKey } from "./vi";

/** API error codes that have their own sentence; everything else gets a generic one. */
const SPECIFIC: Partial<Record<FailureCode, MessageKey>> = {
  network: "error.network",
  zalo: "error.zalo",
  zalo_unavailable: "error.zalo",
  qr_expired: "error.qr_expired",
  qr_already_used: "error.qr_already_used",
  qr_invalid: "error.qr_invalid",
  qr_malformed: "error.qr_malformed",
  qr_not_yet_valid: "error.qr_not_yet_valid",
  wrong_brand: "error.wrong_brand",
  forbidden: "error.forbidden",
  phone_token_invalid: "error.phone_token_invalid",
  phone_invalid: "error.phone_invalid",
  zalo_token_invalid: "error.phone_token_invalid",
  not_a_member: "error.not_a_member",
  rate_limited: "error.rate_limited",
  daily_limit_reached: "error.daily_limit_reached",
  receipt_already_used: "error.receipt_already_used",
  bill_too_small: "error.bill_too_small",
  bill_invalid: "error.bill_invalid",
  bill_too_large: "error.bill_too_large",
  scan_token_invalid: "error.scan_token_invalid",
  store_not_allowed: "error.store_not_allowed",
  self_credit: "error.self_credit",
  member_not_found: "error.member_not_found",
  voucher_not_found: "error.voucher_not_found",
  voucher_used: "error.voucher_used",
  voucher_void: "error.voucher_void",
  voucher_cancelled: "error.voucher_cancelled",
  voucher_expired: "error.voucher_expired",
  insufficient_points: "error.insufficient_points",
  out_of_stock: "error.out_of_stock",
  reward_unavailable: "error.reward_unavailable",
  reward_not_found: "error.reward_unavailable",
  tier_not_eligible: "error.tier_not_eligible",
  answer_invalid: "error.answer_invalid",
  question_not_found: "error.question_not_found",
  form_version_unknown: "error.form_version_unknown",
  consent_wording_outdated: "error.consent_wording_outdated",
  consent_required: "error.consent_required",
  consent_not_granted: "error.consent_not_granted",
};

/** `overrides` words a code for one screen (wrong_brand means "card" on scan, "voucher" on use). */
export function errorKey(code: FailureCode, overrides?: Partial<Record<FailureCode, MessageKey>>): MessageKey {
  return overrides?.[code] ?? SPECIFIC[code] ?? "error.generic";
}

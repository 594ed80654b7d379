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
};

export function errorKey(code: FailureCode): MessageKey {
  return SPECIFIC[code] ?? "error.generic";
}

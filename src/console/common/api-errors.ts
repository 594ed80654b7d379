import { ApiError } from "../../client/api-client";
import type { MessageKey } from "../i18n";

/**
 * One sentence per error code the console's writes and reads can meet. Codes not listed fall
 * back to a generic message; the server's English `message` is never shown (it is for logs).
 */
const KNOWN: Partial<Record<ApiError["code"], MessageKey>> = {
  network: "error.network",
  forbidden: "error.forbidden",
  invalid_request: "error.invalid_request",
  member_not_found: "error.member_not_found",
  entry_not_found: "error.entry_not_found",
  voucher_not_found: "error.voucher_not_found",
  reward_not_found: "error.reward_not_found",
  insufficient_points: "error.insufficient_points",
  idempotency_conflict: "error.idempotency_conflict",
  already_reversed: "error.already_reversed",
  not_reversible: "error.not_reversible",
  voucher_used: "error.voucher_used",
  voucher_expired: "error.voucher_expired",
  voucher_cancelled: "error.voucher_cancelled",
  voucher_void: "error.voucher_void",
  rate_limited: "error.rate_limited",
  template_not_found: "error.template_not_found",
  survey_not_found: "error.survey_not_found",
  game_not_found: "error.game_not_found",
  game_invalid: "error.game_invalid",
  game_version_conflict: "error.game_version_conflict",
  game_status_conflict: "error.game_status_conflict",
  survey_inactive: "error.survey_inactive",
  survey_archived: "error.survey_archived",
  survey_version_conflict: "error.survey_version_conflict",
  survey_invalid: "error.survey_invalid",
  survey_settings_invalid: "error.survey_settings_invalid",
  survey_token_invalid: "error.survey_token_invalid",
  survey_token_expired: "error.survey_token_expired",
  case_not_found: "error.case_not_found",
  case_closed: "error.case_closed",
  case_not_closed: "error.case_not_closed",
  case_no_care_template: "error.case_no_care_template",
  case_care_not_allowed: "error.case_care_not_allowed",
  case_care_template_unfit: "error.case_care_template_unfit",
  case_voucher_already_granted: "error.case_voucher_already_granted",
  out_of_stock: "error.out_of_stock",
  reward_unavailable: "error.reward_unavailable",
  oa_connect_unavailable: "error.oa_connect_unavailable",
  oa_not_connected: "error.oa_not_connected",
  zalo_unreachable: "error.zalo_unreachable",
  zalo_refused: "error.zalo_refused",
  store_invalid: "error.store_invalid",
  store_not_found: "error.store_not_found",
  staff_not_found: "error.staff_not_found",
  staff_invalid: "error.staff_invalid",
  staff_invite_not_found: "error.staff_invite_not_found",
};

export function errorMessageKey(code: ApiError["code"]): MessageKey {
  return KNOWN[code] ?? "error.generic";
}

export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, "internal", String(error));
}

/**
 * Whether a failed write may or may not have reached the server: the answer got lost, or the
 * server fell over mid-request. Only these are worth retrying with the same idempotency key.
 */
export function outcomeUnknown(error: ApiError): boolean {
  return error.code === "network" || error.status >= 500;
}

import type { ApiError } from "../../client/api-client";
import type { CAMPAIGN_PROBLEM_CODES } from "../../contract/campaigns";
import type { Locale } from "../../domain/locale/locale";
import { VALUE_PROBLEM_CODES } from "../../domain/messaging/zns-template";
import type { Problem } from "../../domain/problems";
import { errorMessageKey } from "../common/api-errors";
import { problemText, SCHEMA_PROBLEMS, type ProblemTexts } from "../common/problems";
import type { MessageKey } from "../i18n";
import { templateProblemText } from "../messaging/problems";

type CampaignProblemCode = (typeof CAMPAIGN_PROBLEM_CODES)[number] | "required";

/** The campaign_invalid issues (contract/campaigns.ts CAMPAIGN_PROBLEM_CODES) and the editor's own checks. */
const CAMPAIGN_PROBLEMS: ProblemTexts<CampaignProblemCode> = {
  vi: {
    required: "Không được để trống.",
    shares_invalid: "Tỉ lệ các nhánh và nhóm đối chứng cộng lại phải bằng 100%, mỗi nhánh gửi lớn hơn 0%.",
    arm_duplicate: "Hai nhánh trùng tên.",
    template_unknown: "Mẫu tin này không thuộc thương hiệu (hoặc đã bị xoá).",
    template_inactive: "Mẫu tin này đang tắt. Bật lại ở trang Tin nhắn hoặc chọn mẫu khác.",
    template_automatic: "Mẫu tin này dành cho tin tự động, không dùng cho chiến dịch.",
    arms_tag_mismatch: "Hai nhánh phải dùng mẫu cùng loại tin (khuyến mãi, chăm sóc…).",
    segment_unknown: "Phân khúc hoặc phiên bản này không còn.",
    schedule_past: "Thời gian hẹn đã qua. Chọn thời điểm sau bây giờ.",
    param_unknown: "Mẫu không có tham số <{name}>.",
    param_duplicate: "Tham số <{name}> được điền hai lần.",
    field_unknown: "Trường này không còn được hỗ trợ.",
    survey_field: "Trường này chỉ dùng được trong tin tự động của nó.",
  },
  en: {
    required: "Required.",
    shares_invalid: "Arms and control must add up to 100%, and each sending arm above 0%.",
    arm_duplicate: "Two arms have the same key.",
    template_unknown: "This template is not the brand's (or was removed).",
    template_inactive: "This template is switched off. Switch it on under Messages or pick another.",
    template_automatic: "This template serves an automatic message, not campaigns.",
    arms_tag_mismatch: "Both arms need templates of the same kind (promotion, care…).",
    segment_unknown: "This segment or version no longer exists.",
    schedule_past: "The time has passed. Pick a time after now.",
    param_unknown: "The template has no parameter <{name}>.",
    param_duplicate: "The parameter <{name}> is filled twice.",
    field_unknown: "This field is no longer supported.",
    survey_field: "This field only works in its own automatic message.",
  },
};

const isValueCode = (code: string) => (VALUE_PROBLEM_CODES as readonly string[]).includes(code);

/** A problem at a campaign field in words; a parameter's value problems as the messaging page says them. */
export function campaignProblemText(problem: Problem, locale: Locale): string {
  if (isValueCode(problem.code)) return templateProblemText(problem, locale);
  return problemText(problem, locale, [CAMPAIGN_PROBLEMS, SCHEMA_PROBLEMS]);
}

const CAMPAIGN_ERRORS: Partial<Record<ApiError["code"], MessageKey>> = {
  campaign_invalid: "camp.error.campaign_invalid",
  campaign_not_found: "camp.error.campaign_not_found",
  campaign_version_conflict: "camp.error.campaign_version_conflict",
  campaign_status_conflict: "camp.error.campaign_status_conflict",
  campaign_note_required: "camp.error.campaign_note_required",
};

/** The campaigns' refusal codes travel in this section's dictionary; every other code is the console's. */
export function campaignErrorKey(code: ApiError["code"]): MessageKey {
  return CAMPAIGN_ERRORS[code] ?? errorMessageKey(code);
}

/** A refusal in words; a status conflict names the status the campaign is in now. */
export function campaignFailureText(t: (key: MessageKey, params?: Record<string, string | number>) => string, error: ApiError): string {
  const status = error.params.status;
  const statusText = typeof status === "string" && STATUS_KEYS[status] ? t(STATUS_KEYS[status]) : String(status ?? "");
  return t(campaignErrorKey(error.code), { ...error.params, status: statusText });
}

export const STATUS_KEYS: Record<string, MessageKey> = {
  draft: "camp.status.draft",
  pending_approval: "camp.status.pending_approval",
  scheduled: "camp.status.scheduled",
  sending: "camp.status.sending",
  paused: "camp.status.paused",
  done: "camp.status.done",
  cancelled: "camp.status.cancelled",
};

import { RECONCILED, RENDER_INVALID, type MessageErrorDetail, type QueueCode } from "../../domain/messaging/message-errors";
import { DEFAULT_PROMO_CAPS, NO_OA_TOKEN } from "../../domain/messaging/sending-rules";
import { VALUE_PROBLEM_CODES, type TemplateProblemCode, type ValueProblemCode } from "../../domain/messaging/zns-template";
import { problem as makeProblem, type Problem } from "../../domain/problems";
import { problemText, SCHEMA_PROBLEMS, type ProblemTexts } from "../common/problems";
import type { Locale } from "../../domain/locale/locale";
import { interpolate, type MessageKey } from "../i18n";
import type { Translate } from "./labels";

/**
 * The messaging feature's problems in the console's languages: a template's (validateTemplate
 * here and on the server, and the editor's own checks), a value's for its ZNS type, and the
 * message log's error codes.
 */

/** The editor's own checks beside validateTemplate's: limits of the contract, uniqueness among the loaded templates. */
export type EditorProblemCode = "required" | "too_long" | "zns_id_taken" | "trigger_taken" | "conflict";
type TemplateTextCode = Exclude<TemplateProblemCode, ValueProblemCode> | EditorProblemCode | "in_fixed" | "in_fallback";

export const editorProblem = (code: EditorProblemCode, field?: string, params?: Problem["params"]) => makeProblem(code, field, params);

const TEMPLATE_PROBLEMS: ProblemTexts<TemplateTextCode> = {
  vi: {
    zns_id_format: "Mã mẫu ZNS gồm 1–40 chữ cái hoặc chữ số, không dấu, không khoảng trắng.",
    param_count: "Mẫu cần từ {min} đến {max} tham số.",
    preview_too_long: "Nội dung tối đa 1.000 ký tự.",
    param_name_format: "Tên tham số viết thường, không dấu, không khoảng trắng, nối các từ bằng _ (ví dụ ten_khach_hang).",
    param_name_duplicate: "Tên tham số này đã được dùng ở tham số khác.",
    param_type_unknown: "Zalo không có loại tham số “{type}”.",
    param_not_in_preview: "Nội dung chưa có <{name}>.",
    care_tag_required: "Mẫu đánh giá dịch vụ và mẫu khảo sát thuộc loại tin Chăm sóc khách hàng.",
    rating_identifiers: "Mẫu đánh giá dịch vụ cần một tham số tên khách hàng và một tham số mã (mã giao dịch được đánh giá).",
    rating_trigger: "Mẫu đánh giá dịch vụ chỉ dùng cho khảo sát sau mua (hoặc không tự động).",
    trigger_needs_rating: "Khảo sát đánh giá sao cần một mẫu loại Đánh giá dịch vụ.",
    survey_link_param: "Khảo sát qua nút bấm cần một tham số loại URL lấy giá trị “Đường dẫn mở khảo sát”.",
    required: "Không được để trống.",
    too_long: "Tối đa {max} ký tự.",
    zns_id_taken: "Mẫu “{name}” đã dùng mã ZNS này.",
    trigger_taken: "Mẫu “{name}” đã dùng sự kiện này; mỗi sự kiện chỉ có một mẫu.",
    conflict: "Mã mẫu ZNS hoặc sự kiện tự động vừa được một mẫu khác dùng. Danh sách đã được tải lại.",
    in_fixed: "Giá trị cố định: {problem}.",
    in_fallback: "Giá trị dự phòng: {problem}.",
  },
  en: {
    zns_id_format: "A ZNS template id is 1–40 letters or digits, without diacritics or spaces.",
    param_count: "A template has between {min} and {max} parameters.",
    preview_too_long: "The text is at most 1,000 characters.",
    param_name_format: "Parameter names are lowercase, without diacritics or spaces, words joined by _ (e.g. ten_khach_hang).",
    param_name_duplicate: "Another parameter already has this name.",
    param_type_unknown: "Zalo has no parameter type “{type}”.",
    param_not_in_preview: "The text does not contain <{name}>.",
    care_tag_required: "Service rating and survey templates are Customer care messages.",
    rating_identifiers: "A service rating template needs a customer name parameter and a code parameter (the purchase rated).",
    rating_trigger: "A service rating template only serves the post-purchase survey (or nothing automatic).",
    trigger_needs_rating: "The star-rating survey needs a Service rating template.",
    survey_link_param: "The survey button needs a URL parameter taking “Link that opens the survey”.",
    required: "Required.",
    too_long: "At most {max} characters.",
    zns_id_taken: "Template “{name}” already uses this ZNS id.",
    trigger_taken: "Template “{name}” already serves this event; each event has one template.",
    conflict: "Another template has just taken this ZNS id or automatic event. The list has been reloaded.",
    in_fixed: "Fixed value: {problem}.",
    in_fallback: "Fallback: {problem}.",
  },
};

/** Said after a parameter's name or inside "Fixed value: …", hence lowercase and without a full stop. */
const VALUE_PROBLEMS: ProblemTexts<ValueProblemCode> = {
  vi: {
    value_empty: "đang trống",
    value_too_long: "dài hơn {max} ký tự",
    value_not_whole_number: "phải là số nguyên",
    value_currency: "chỉ gồm chữ số và lớn hơn 0 (ví dụ 125000)",
    value_time: "thời gian dạng hh:mm:ss dd/mm/yyyy, hh:mm dd/mm/yyyy, dd/mm/yyyy hoặc mm/yyyy",
    value_url: "đường dẫn bắt đầu bằng https://, không có khoảng trắng",
    value_phone: "chỉ gồm chữ số",
    value_otp: "chỉ gồm chữ cái và chữ số",
    value_transfer_note: "không dấu, không ký tự đặc biệt",
    value_missing: "thành viên chưa có giá trị này và tham số không có giá trị dự phòng",
  },
  en: {
    value_empty: "empty",
    value_too_long: "longer than {max} characters",
    value_not_whole_number: "must be a whole number",
    value_currency: "digits only and above 0 (e.g. 125000)",
    value_time: "a time as hh:mm:ss dd/mm/yyyy, hh:mm dd/mm/yyyy, dd/mm/yyyy or mm/yyyy",
    value_url: "a link starting with https://, without spaces",
    value_phone: "digits only",
    value_otp: "letters and digits only",
    value_transfer_note: "no diacritics or special characters",
    value_missing: "the member has no value and the parameter has no fallback",
  },
};

const isValueCode = (code: string): code is ValueProblemCode => (VALUE_PROBLEM_CODES as readonly string[]).includes(code);

/** What is wrong with one value (checkValue, renderTemplate), as a fragment. */
export function valueProblemText(problem: Problem, locale: Locale): string {
  return problemText(problem, locale, [VALUE_PROBLEMS]);
}

/** What rendering did to a value so the message could go (MessageView.renderNotes). */
export function renderNoteText(note: Problem, t: Translate, locale: Locale): string {
  const param = note.field ?? "";
  if (note.code === "param_shortened") return t("msg.log.note.shortened", { param, max: note.params?.max ?? "" });
  if (note.code === "param_fallback") {
    const { reason, ...params } = note.params ?? {};
    return t("msg.log.note.fallback", { param, reason: valueProblemText({ code: String(reason ?? ""), params }, locale) });
  }
  return note.code;
}

/**
 * A template problem in words. A value problem says whose value it is by its field: the
 * fixed value (params.2.source.fixed) or the fallback (params.2.fallback).
 */
export function templateProblemText(problem: Problem, locale: Locale): string {
  if (isValueCode(problem.code)) {
    const value = valueProblemText(problem, locale);
    const field = problem.field ?? "";
    const where = field.endsWith(".source.fixed") ? "in_fixed" : field.endsWith(".fallback") ? "in_fallback" : null;
    return where ? interpolate(TEMPLATE_PROBLEMS[locale][where], { problem: value }) : value;
  }
  return problemText(problem, locale, [TEMPLATE_PROBLEMS, SCHEMA_PROBLEMS]);
}

const ZNS_KEYS: Record<number, MessageKey> = {
  [-100]: "msg.error.zns_unknown",
  [-108]: "msg.error.zns_phone",
  [-109]: "msg.error.zns_template",
  [-110]: "msg.error.zns_version",
  [-111]: "msg.error.zns_data_empty",
  [-112]: "msg.error.zns_data_invalid",
  [-1121]: "msg.error.zns_param_long",
  [-1122]: "msg.error.zns_param_missing",
  [-1124]: "msg.error.zns_param_format",
  [-113]: "msg.error.zns_button",
  [-114]: "msg.error.zns_inactive",
  [-115]: "msg.error.zns_quota",
  [-144]: "msg.error.zns_quota",
  [-117]: "msg.error.zns_permission",
  [-118]: "msg.error.zns_no_zalo",
  [-119]: "msg.error.zns_cannot_receive",
  [-124]: "msg.error.zns_token",
};

/** Application and OA set-up errors (-101…-106): nothing a retry or the member can change. */
const SETUP_CODES = new Set([-101, -102, -103, -104, -105, -106]);

/** Every fixed code (QUEUE_CODES) but the two said with their detail below. */
const FIXED_ERRORS: Record<Exclude<QueueCode, typeof RECONCILED | typeof RENDER_INVALID>, MessageKey> = {
  consent_withdrawn: "msg.error.consent_withdrawn",
  consent_not_granted: "msg.error.consent_not_granted",
  consent_erased: "msg.error.consent_erased",
  consent_not_a_member: "msg.error.consent_not_a_member",
  template_inactive: "msg.error.template_inactive",
  no_phone: "msg.error.no_phone",
  member_missing: "msg.error.member_missing",
  quiet_hours: "msg.error.quiet_hours",
  daily_cap: "msg.error.daily_cap",
  monthly_cap: "msg.error.monthly_cap",
  member_preference: "msg.error.member_preference",
  promo_quota: "msg.error.promo_quota",
  daily_quota: "msg.error.daily_quota",
  unreadable_response: "msg.error.unreadable",
  accepted_without_msg_id: "msg.error.unreadable",
  no_oa_token: "msg.error.no_oa_token",
  oa_token_refresh_failed: "msg.error.oa_token_refresh_failed",
  oa_disconnected: "msg.error.oa_disconnected",
  notification_not_allowed: "msg.error.notification_not_allowed",
  notification_inactive: "msg.error.notification_inactive",
  no_zalo_id: "msg.error.no_zalo_id",
  miniapp_no_answer: "msg.error.miniapp_no_answer",
  miniapp_not_configured: "msg.error.miniapp_not_configured",
};

/**
 * The reasons the log can be filtered by, as codes the queue stores (the filter matches the
 * stored code): every fixed one, and the ZNS refusals the console names. A marketer picks the
 * words (errorText), never types a code.
 */
export const ERROR_FILTER_CODES: string[] = [
  ...Object.keys(FIXED_ERRORS).filter((code) => code !== "accepted_without_msg_id"),
  ...Object.keys(ZNS_KEYS)
    .map(Number)
    .filter((n) => n !== -144)
    .sort((a, b) => b - a)
    .map((n) => `zns_${n}`),
];

const isFixed = (code: string): code is keyof typeof FIXED_ERRORS => Object.hasOwn(FIXED_ERRORS, code);

/**
 * A message's last error in words. The queue stores codes (consent_withdrawn, quiet_hours,
 * zns_-118, http_503, render_invalid …) and what they carry in `detail`; null when the code is
 * not one the console knows, so the caller shows the code itself.
 */
export function errorText(code: string, detail: MessageErrorDetail | null, t: Translate, locale: Locale, brief = false): string | null {
  const inner = codeText(code, detail, t, locale, brief);
  const gaveUpAfter = detail?.params?.gaveUpAfter;
  if (inner === null || gaveUpAfter === undefined) return inner;
  return t("msg.error.gaveUp", { reason: inner, count: gaveUpAfter });
}

function codeText(code: string, detail: MessageErrorDetail | null, t: Translate, locale: Locale, brief: boolean): string | null {
  const fixed = isFixed(code) ? FIXED_ERRORS[code] : null;
  if (fixed) return t(fixed, { perDay: DEFAULT_PROMO_CAPS.perDay, perMonth: DEFAULT_PROMO_CAPS.perMonth });
  const zns = /^zns_(-?\d+)$/.exec(code);
  if (zns) {
    const n = Number(zns[1]);
    const key = ZNS_KEYS[n] ?? (SETUP_CODES.has(n) ? "msg.error.zns_setup" : "msg.error.zns_other");
    return t(key, { code: n });
  }
  const miniapp = /^miniapp_(-?\d+)$/.exec(code);
  if (miniapp) return t("msg.error.miniapp_refused", { code: Number(miniapp[1]) });
  const http = /^http_(\d{3})$/.exec(code);
  if (http) {
    const status = Number(http[1]);
    return t(status === 429 ? "msg.error.http_429" : status >= 500 ? "msg.error.http_5xx" : "msg.error.http_other", { status });
  }
  // Stored before the queue said it apart from network failures: nothing was sent for want of a token.
  if (code === `network:${NO_OA_TOKEN}`) return t("msg.error.no_oa_token");
  if (code.startsWith("network:")) return t("msg.error.network");
  if (code.startsWith("no_answer:")) return t("msg.error.no_answer");
  if (code === RECONCILED) return t("msg.error.reconciled");
  if (code === RENDER_INVALID) {
    const problems = detail?.problems ?? [];
    // A table row names the parameters; the expanded message says what is wrong with each.
    if (brief) return t("msg.error.renderBrief", { params: problems.map((p) => `<${p.field ?? ""}>`).join(", ") });
    const list = problems.map((p) => (p.field ? `${p.field}: ${valueProblemText(p, locale)}` : valueProblemText(p, locale)));
    return t("msg.error.render", { problems: list.join("; ") });
  }
  return null;
}

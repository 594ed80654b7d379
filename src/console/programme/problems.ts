import type { PROGRAMME_PROBLEM_CODES } from "../../domain/loyalty/programme";
import type { EarnProblemCode } from "../../domain/loyalty/earn";
import type { TierProblemCode } from "../../domain/loyalty/tiers";
import type { Locale } from "../../domain/locale/locale";
import { formatVnd } from "../../domain/locale/money";
import type { Problem, ProblemParams } from "../../domain/problems";
import { problemText, SCHEMA_PROBLEMS, type ProblemTexts } from "../common/problems";
import { formatNumber } from "../format";

type Code = (typeof PROGRAMME_PROBLEM_CODES)[number] | TierProblemCode | EarnProblemCode;

/** validateProgramme's codes (the programme_invalid issues, and the page's own check as you type), each with its limit. */
const PROGRAMME_PROBLEMS: ProblemTexts<Code> = {
  vi: {
    earn_rate_range: "Nhập số tiền từ {min} đến {max} cho 1 điểm.",
    max_bill_range: "Hóa đơn tối đa từ {min} đến {max}.",
    max_bill_below_rate: "Hóa đơn tối đa phải từ {min} trở lên (số tiền cho 1 điểm).",
    lot_validity_range: "Nhập số tháng từ {min} đến {max}.",
    profile_bonus_range: "Nhập số điểm từ {min} đến {max}.",
    threshold_too_large: "Ngưỡng tối đa {max}.",
    window_days_range: "Nhập số ngày từ {min} đến {max}.",
    grace_days_range: "Nhập số ngày từ {min} đến {max}.",
    name_too_long: "Tối đa {max} ký tự.",
    benefits_too_many: "Tối đa {max} quyền lợi.",
    benefit_invalid: "Mỗi dòng một quyền lợi, không để dòng trống, tối đa {max} ký tự.",
    promotions_too_many: "Tối đa {max} khuyến mãi.",
    promotion_name_required: "Nhập tên khuyến mãi.",
    promotion_store_unknown: "Có cửa hàng không thuộc thương hiệu.",
    promotion_id_duplicate: "Khuyến mãi bị lặp.",
    no_tiers: "Cần ít nhất một hạng.",
    first_tier_not_entry: "Hạng đầu tiên phải là hạng Thành viên.",
    first_threshold_not_zero: "Hạng đầu tiên bắt đầu từ 0 ₫.",
    tier_code_unknown: "Hạng không hợp lệ.",
    tier_code_duplicate: "Hạng bị lặp.",
    threshold_invalid: "Nhập số tiền nguyên, không âm.",
    earn_bps_invalid: "Hệ số từ {min} đến {max}.",
    name_required: "Nhập tên hạng bằng cả hai ngôn ngữ.",
    threshold_not_ascending: "Ngưỡng phải lớn hơn ngưỡng của hạng trước.",
    tier_order: "Các hạng phải theo thứ tự {order}.",
    window_days_invalid: "Nhập số ngày từ {min}.",
    grace_days_invalid: "Nhập số ngày từ {min}.",
    vnd_amount_invalid: "Nhập số tiền nguyên, lớn hơn 0.",
    promotion_bps_invalid: "Hệ số từ {min} đến {max}.",
    promotion_window_invalid: "Ngày kết thúc phải sau ngày bắt đầu.",
    promotion_no_store: "Chọn ít nhất một cửa hàng, hoặc “Mọi cửa hàng”.",
  },
  en: {
    earn_rate_range: "Enter an amount from {min} to {max} per point.",
    max_bill_range: "The largest bill must be from {min} to {max}.",
    max_bill_below_rate: "The largest bill must be at least {min} (the amount per point).",
    lot_validity_range: "Enter from {min} to {max} months.",
    profile_bonus_range: "Enter from {min} to {max} points.",
    threshold_too_large: "At most {max}.",
    window_days_range: "Enter from {min} to {max} days.",
    grace_days_range: "Enter from {min} to {max} days.",
    name_too_long: "At most {max} characters.",
    benefits_too_many: "At most {max} benefits.",
    benefit_invalid: "One benefit per line, no empty lines, at most {max} characters.",
    promotions_too_many: "At most {max} promotions.",
    promotion_name_required: "Enter a name for the promotion.",
    promotion_store_unknown: "A store is not one of the brand's.",
    promotion_id_duplicate: "The promotion is listed twice.",
    no_tiers: "At least one tier is needed.",
    first_tier_not_entry: "The first tier must be Member.",
    first_threshold_not_zero: "The first tier starts at 0 ₫.",
    tier_code_unknown: "Unknown tier.",
    tier_code_duplicate: "The tier is listed twice.",
    threshold_invalid: "Enter a whole amount, not negative.",
    earn_bps_invalid: "A multiplier from {min} to {max}.",
    name_required: "Enter the tier's name in both languages.",
    threshold_not_ascending: "The threshold must be above the previous tier's.",
    tier_order: "Tiers must follow the order {order}.",
    window_days_invalid: "Enter at least {min} days.",
    grace_days_invalid: "Enter at least {min} days.",
    vnd_amount_invalid: "Enter a whole amount above 0.",
    promotion_bps_invalid: "A multiplier from {min} to {max}.",
    promotion_window_invalid: "The end date must be after the start date.",
    promotion_no_store: "Choose at least one store, or “Every store”.",
  },
};

const MONEY = new Set(["earn_rate_range", "max_bill_range", "max_bill_below_rate", "threshold_too_large"]);
const MULTIPLIER = new Set(["earn_bps_invalid", "promotion_bps_invalid"]);

/** The limits in the sentence as the manager types them: đồng formatted, multipliers as ×1,2. */
export function programmeProblemText(problem: Problem, locale: Locale): string {
  const extra: ProblemParams = {};
  for (const key of ["min", "max"] as const) {
    const value = problem.params?.[key];
    if (typeof value !== "number") continue;
    if (MONEY.has(problem.code)) extra[key] = formatVnd(locale, value);
    else if (MULTIPLIER.has(problem.code)) extra[key] = `×${formatNumber(locale, value / 10_000)}`;
    else extra[key] = formatNumber(locale, value);
  }
  return problemText(problem, locale, [PROGRAMME_PROBLEMS, SCHEMA_PROBLEMS], extra);
}

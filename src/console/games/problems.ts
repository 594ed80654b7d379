import type { CheckinConfigProblemCode } from "../../domain/game/checkin";
import type { PointValueProblemCode } from "../../domain/game/point-value";
import type { ReferralConfigProblemCode } from "../../domain/game/referral";
import type { WheelProblemCode } from "../../domain/game/wheel";
import type { Locale } from "../../domain/locale/locale";
import type { Problem } from "../../domain/problems";
import { problemText, SCHEMA_PROBLEMS, type ProblemTexts } from "../common/problems";

type GameProblemCode = WheelProblemCode | CheckinConfigProblemCode | ReferralConfigProblemCode | PointValueProblemCode;

/**
 * validateWheelCampaign's codes (the game_invalid issues, and the editor's own check before it
 * sends), the check-in and referral configurations' codes and the point value's, in the
 * console's languages.
 */
export const GAME_PROBLEMS: ProblemTexts<GameProblemCode> = {
  vi: {
    required: "Không được để trống.",
    too_long: "Tối đa {max} ký tự.",
    segment_count: "Vòng quay cần từ {min} đến {max} ô.",
    id_format: "Mã ô không hợp lệ (chữ thường không dấu, số hoặc _, bắt đầu bằng chữ).",
    id_duplicate: "Mã ô “{id}” bị dùng hai lần.",
    color_format: "Chọn một màu (#rrggbb).",
    value_range: "Nhập số từ {min} đến {max}.",
    reward_required: "Chọn phần thưởng tặng dưới dạng voucher.",
    reward_not_allowed: "Chỉ ô voucher mới có phần thưởng.",
    weight_range: "Trọng số là số nguyên từ {min} đến {max}.",
    weight_total: "Tổng trọng số tối đa {max}.",
    stock_range: "Số lượng quà từ {min} đến {max} (để trống: không giới hạn).",
    stock_not_allowed: "Ô không trúng không có số lượng quà.",
    plays_range: "Nhập số lượt từ {min} đến {max}.",
    price_range: "Giá một lượt từ {min} đến {max} điểm (để trống: không bán lượt).",
    cap_range: "Nhập số từ {min} đến {max} (để trống: không giới hạn).",
    min_purchases_range: "Nhập số lần mua từ {min} đến {max}.",
    window_order: "Thời gian kết thúc phải sau thời gian bắt đầu.",
    too_many_stores: "Tối đa {max} cửa hàng.",
    store_duplicate: "Một cửa hàng được chọn hai lần.",
    no_weight: "Ít nhất một ô phải có trọng số lớn hơn 0.",
    reward_unknown: "Phần thưởng này không thuộc thương hiệu hoặc đã tắt.",
    store_unknown: "Có cửa hàng không thuộc thương hiệu.",
    checkin_days_count: "Cần đúng {count} ngày.",
    checkin_points_invalid: "Nhập số điểm nguyên, không âm.",
    checkin_points_too_high: "Tối đa {max} điểm một ngày.",
    referral_points_invalid: "Nhập số điểm từ {min} đến {max}.",
    referral_cap_invalid: "Nhập số lượt từ {min} đến {max}.",
    point_value_range: "Nhập giá trị từ {min} đến {max} ₫ (để trống: chưa đặt).",
  },
  en: {
    required: "Required.",
    too_long: "At most {max} characters.",
    segment_count: "A wheel has {min} to {max} segments.",
    id_format: "Not a valid segment id (lowercase letters, digits or _, starting with a letter).",
    id_duplicate: "The segment id “{id}” is used twice.",
    color_format: "Pick a colour (#rrggbb).",
    value_range: "Enter a number from {min} to {max}.",
    reward_required: "Pick the reward given as a voucher.",
    reward_not_allowed: "Only a voucher segment has a reward.",
    weight_range: "A weight is a whole number from {min} to {max}.",
    weight_total: "The weights add up to at most {max}.",
    stock_range: "Stock from {min} to {max} (empty: unlimited).",
    stock_not_allowed: "A no-prize segment has no stock.",
    plays_range: "Enter plays from {min} to {max}.",
    price_range: "A play costs {min} to {max} points (empty: plays are not sold).",
    cap_range: "Enter a number from {min} to {max} (empty: no limit).",
    min_purchases_range: "Enter purchases from {min} to {max}.",
    window_order: "The end must be after the start.",
    too_many_stores: "At most {max} stores.",
    store_duplicate: "A store is picked twice.",
    no_weight: "At least one segment needs a weight above 0.",
    reward_unknown: "This reward is not the brand's, or is switched off.",
    store_unknown: "A store is not one of the brand's.",
    checkin_days_count: "Exactly {count} days are needed.",
    checkin_points_invalid: "Enter whole, non-negative points.",
    checkin_points_too_high: "At most {max} points a day.",
    referral_points_invalid: "Enter points from {min} to {max}.",
    referral_cap_invalid: "Enter a number from {min} to {max}.",
    point_value_range: "Enter a value from {min} to {max} ₫ (empty: not set).",
  },
};

export function gameProblemText(problem: Problem, locale: Locale): string {
  return problemText(problem, locale, [GAME_PROBLEMS, SCHEMA_PROBLEMS]);
}

/** Problems by field path, for a form's fields to look theirs up. */
export type FieldProblems = ReadonlyMap<string, Problem>;
export function byField(problems: readonly Problem[]): FieldProblems {
  const out = new Map<string, Problem>();
  for (const p of problems) if (!out.has(p.field ?? "")) out.set(p.field ?? "", p);
  return out;
}

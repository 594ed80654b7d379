import type { Locale } from "../../domain/locale/locale";
import type { Problem } from "../../domain/problems";
import type { SurveyProblemCode } from "../../domain/surveys/survey";
import { problemText, SCHEMA_PROBLEMS, type ProblemTexts } from "../common/problems";

/** validateSurvey's codes (the survey_invalid issues) in the console's languages. */
export const SURVEY_PROBLEMS: ProblemTexts<SurveyProblemCode> = {
  vi: {
    required: "Không được để trống.",
    too_long: "Tối đa {max} ký tự.",
    id_format: "Mã cần 2–40 ký tự: chữ thường không dấu, số hoặc _, bắt đầu bằng chữ.",
    id_duplicate: "Mã “{id}” bị dùng hai lần.",
    band_unknown: "Nhóm điểm này không thuộc loại khảo sát {kind}.",
    too_many_reasons: "Tối đa {max} lý do cho mỗi nhóm điểm.",
    reward_range: "Nhập số điểm thưởng từ {min} đến {max}.",
    throttle_range: "Nhập số ngày từ {min} đến {max}.",
    window_order: "Ngày kết thúc phải sau ngày bắt đầu.",
    too_many_stores: "Tối đa {max} cửa hàng.",
    store_duplicate: "Một cửa hàng được chọn hai lần.",
    channel_kind: "Kênh đánh giá qua ZNS chỉ dùng cho khảo sát {kind} (1–5 sao).",
    kind_changed: "Không đổi được loại khảo sát (đang là {kind}). Hãy tạo khảo sát mới.",
    store_unknown: "Cửa hàng này không thuộc thương hiệu.",
  },
  en: {
    required: "Required.",
    too_long: "At most {max} characters.",
    id_format: "Ids are 2–40 lowercase letters, digits or _, starting with a letter.",
    id_duplicate: "The id “{id}” is used twice.",
    band_unknown: "This score band does not belong to a {kind} survey.",
    too_many_reasons: "At most {max} reasons per score band.",
    reward_range: "Enter reward points from {min} to {max}.",
    throttle_range: "Enter a number of days from {min} to {max}.",
    window_order: "The end date must be after the start date.",
    too_many_stores: "At most {max} stores.",
    store_duplicate: "A store is selected twice.",
    channel_kind: "The ZNS rating channel is for {kind} surveys only (1–5 stars).",
    kind_changed: "The survey type cannot change (it is {kind}). Create a new survey instead.",
    store_unknown: "This store is not one of the brand's.",
  },
};

/** A survey definition problem in words. */
export function surveyProblemText(problem: Problem, locale: Locale): string {
  const kind = typeof problem.params?.kind === "string" ? problem.params.kind.toUpperCase() : undefined;
  return problemText(problem, locale, [SURVEY_PROBLEMS, SCHEMA_PROBLEMS], kind ? { kind } : undefined);
}

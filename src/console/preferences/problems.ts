import type { FormProblemCode } from "../../domain/preferences/form";
import type { Problem } from "../../domain/problems";
import { problemText, SCHEMA_PROBLEMS, type ProblemTexts } from "../common/problems";
import type { Locale } from "../../domain/locale/locale";
import type { MessageKey, Params } from "../i18n";
import { kindKey } from "./labels";

/** validateForm's codes (run here and on the server) in the console's languages. */
export const FORM_PROBLEMS: ProblemTexts<FormProblemCode> = {
  vi: {
    no_questions: "Biểu mẫu cần ít nhất một câu hỏi.",
    too_many_questions: "Tối đa {max} câu hỏi.",
    question_id_format: "Mã cần 2–40 ký tự: chữ thường không dấu, số hoặc _, bắt đầu bằng chữ.",
    option_id_format: "Mã cần 2–40 ký tự: chữ thường không dấu, số hoặc _, bắt đầu bằng chữ.",
    id_duplicate: "Mã “{id}” bị dùng hai lần.",
    required: "Không được để trống.",
    too_long: "Tối đa {max} ký tự.",
    standard_kind: "“{id}” là câu hỏi chuẩn, phải giữ loại {kind}.",
    kind_reused: "Mã “{id}” từng là câu hỏi loại {kind} ở phiên bản trước. Hãy dùng mã khác cho loại mới.",
    option_count: "Cần từ {min} đến {max} lựa chọn.",
    max_choices: "Nhập số từ 1 đến số lựa chọn đang có.",
    offer_frequency_options: "Câu hỏi này phải giữ đúng các lựa chọn {ids}.",
    no_options: "Câu hỏi loại {kind} không có lựa chọn.",
    max_length: "Nhập số từ 1 đến {max}.",
    length_only_text: "Chỉ câu hỏi trả lời tự do mới có độ dài tối đa.",
    standard_removed: "Không được bỏ câu hỏi chuẩn “{id}”.",
  },
  en: {
    no_questions: "The form needs at least one question.",
    too_many_questions: "At most {max} questions.",
    question_id_format: "Ids are 2–40 lowercase letters, digits or _, starting with a letter.",
    option_id_format: "Ids are 2–40 lowercase letters, digits or _, starting with a letter.",
    id_duplicate: "The id “{id}” is used twice.",
    required: "Required.",
    too_long: "At most {max} characters.",
    standard_kind: "“{id}” is a standard question and must stay a {kind} question.",
    kind_reused: "The id “{id}” was a {kind} question in an earlier version. Use another id for a new type.",
    option_count: "Between {min} and {max} options.",
    max_choices: "Enter a number from 1 to the number of options.",
    offer_frequency_options: "This question keeps exactly the options {ids}.",
    no_options: "A {kind} question has no options.",
    max_length: "Enter a number from 1 to {max}.",
    length_only_text: "Only free-text questions have a maximum length.",
    standard_removed: "The standard question “{id}” cannot be removed.",
  },
};

/** A form problem in words; a question kind it names is said in the console's language too. */
export function formProblemText(problem: Problem, locale: Locale, t: (key: MessageKey, params?: Params) => string): string {
  const kind = typeof problem.params?.kind === "string" ? kindKey(problem.params.kind) : null;
  return problemText(problem, locale, [FORM_PROBLEMS, SCHEMA_PROBLEMS], kind ? { kind: t(kind) } : undefined);
}

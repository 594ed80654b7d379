import type { Problem, ProblemParams } from "../../domain/problems";
import type { Locale } from "../../domain/locale/locale";
import { interpolate } from "../i18n";

/**
 * A feature's sentences for its problem codes (src/domain/problems.ts), in both console
 * languages, kept next to the feature. Vietnamese is the source: `en` is typed against it.
 * A key may name a variant, `code:origin`, tried before the bare code (too_big:string).
 */
export type ProblemTexts<Code extends string> = Record<Locale, Record<Code, string>>;

/**
 * The sentence for `problem` from the first table that knows its code, its params filled in
 * (`extra` adds or replaces some, e.g. a translated question kind). A code no table knows (a
 * newer server) is shown as it came, never hidden.
 */
export function problemText(problem: Problem, locale: Locale, tables: readonly ProblemTexts<string>[], extra?: ProblemParams): string {
  const params = { ...problem.params, ...extra };
  const keys = typeof params.origin === "string" ? [`${problem.code}:${params.origin}`, problem.code] : [problem.code];
  for (const key of keys) {
    for (const table of tables) {
      const texts = table[locale];
      if (Object.hasOwn(texts, key)) return interpolate(texts[key]!, params);
    }
  }
  return problem.code;
}

/**
 * The server's invalid_request issues: zod's issue codes with their limits (maximum, minimum,
 * origin, expected, format), and the contract's own refinement codes. What the editors check
 * before sending rarely gets here; these keep a stale editor's answer readable.
 */
type SchemaCode =
  | "too_big"
  | "too_big:string"
  | "too_big:array"
  | "too_small"
  | "too_small:string"
  | "too_small:array"
  | "invalid_type"
  | "invalid_format"
  | "invalid_value"
  | "invalid_union"
  | "unrecognized_keys"
  | "text_characters"
  | "custom";

export const SCHEMA_PROBLEMS: ProblemTexts<SchemaCode> = {
  vi: {
    too_big: "Tối đa {maximum}.",
    "too_big:string": "Tối đa {maximum} ký tự.",
    "too_big:array": "Tối đa {maximum} mục.",
    too_small: "Tối thiểu {minimum}.",
    "too_small:string": "Cần ít nhất {minimum} ký tự.",
    "too_small:array": "Cần ít nhất {minimum} mục.",
    invalid_type: "Giá trị không đúng kiểu.",
    invalid_format: "Giá trị không đúng định dạng.",
    invalid_value: "Giá trị không nằm trong các lựa chọn cho phép.",
    invalid_union: "Giá trị không hợp lệ.",
    unrecognized_keys: "Có trường không được hỗ trợ.",
    text_characters: "Có ký tự không lưu được (ký tự điều khiển hoặc lỗi mã hoá); hãy gõ lại.",
    custom: "Giá trị không hợp lệ.",
  },
  en: {
    too_big: "At most {maximum}.",
    "too_big:string": "At most {maximum} characters.",
    "too_big:array": "At most {maximum} items.",
    too_small: "At least {minimum}.",
    "too_small:string": "At least {minimum} characters.",
    "too_small:array": "At least {minimum} items.",
    invalid_type: "The value has the wrong type.",
    invalid_format: "The value has the wrong format.",
    invalid_value: "The value is not one of the allowed choices.",
    invalid_union: "The value is not valid.",
    unrecognized_keys: "A field is not supported.",
    text_characters: "Contains a character that cannot be saved (a NUL or broken encoding); type it again.",
    custom: "The value is not valid.",
  },
};

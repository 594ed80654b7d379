import type { MessageKey, Params } from "../i18n";
import { kindKey } from "./labels";

type Translate = (key: MessageKey, params?: Params) => string;

/**
 * validateForm (run here and on the server) words its problems in English for logs and API
 * clients. The console says them in its own language: each known sentence maps to a message,
 * and anything unknown (a newer server, a schema check) is shown as the server wrote it.
 */
const PATTERNS: readonly [RegExp, MessageKey, (m: RegExpExecArray, t: Translate) => Params][] = [
  [/^at least one question is required$/, "formProblem.noQuestions", () => ({})],
  [/^at most (\d+) questions$/, "formProblem.tooManyQuestions", (m) => ({ max: m[1]! })],
  [/^ids are 2–40 lowercase letters, digits or _ and start with a letter$/, "formProblem.questionId", () => ({})],
  [/^option ids are 2–40 lowercase letters, digits or _$/, "formProblem.optionId", () => ({})],
  [/^"(.+)" is used twice$/, "formProblem.duplicateId", (m) => ({ id: m[1]! })],
  [/^required$/, "formProblem.required", () => ({})],
  [/^at most (\d+) characters$/, "formProblem.tooLong", (m) => ({ max: m[1]! })],
  [/^"(.+)" is a standard question and must stay a (\w+) question$/, "formProblem.standardKind", (m, t) => ({ id: m[1]!, kind: kindName(m[2]!, t) })],
  [/^"(.+)" was a (\w+) question in an earlier version; use a new id for a new kind$/, "formProblem.kindReused", (m, t) => ({ id: m[1]!, kind: kindName(m[2]!, t) })],
  [/^between 2 and (\d+) options$/, "formProblem.optionCount", (m) => ({ max: m[1]! })],
  [/^between 1 and the number of options$/, "formProblem.maxChoices", () => ({})],
  [/^offer frequency keeps exactly the options (.+)$/, "formProblem.offerFrequency", (m) => ({ ids: m[1]! })],
  [/^a (\w+) question has no options$/, "formProblem.noOptions", (m, t) => ({ kind: kindName(m[1]!, t) })],
  [/^between 1 and (\d+)$/, "formProblem.maxLength", (m) => ({ max: m[1]! })],
  [/^only text questions have a length$/, "formProblem.lengthOnlyText", () => ({})],
  [/^the standard question "(.+)" cannot be removed$/, "formProblem.standardRemoved", (m) => ({ id: m[1]! })],
];

function kindName(kind: string, t: Translate): string {
  const key = kindKey(kind);
  return key ? t(key) : kind;
}

export function problemText(message: string, t: Translate): string {
  for (const [pattern, key, params] of PATTERNS) {
    const match = pattern.exec(message);
    if (match) return t(key, params(match, t));
  }
  return message;
}

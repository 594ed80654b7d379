import { DEFAULT_PROMO_CAPS } from "../../domain/messaging/sending-rules";
import type { MessageKey, Params } from "../i18n";
import type { Translate } from "./labels";

/**
 * The domain (validateTemplate, checkValue, renderTemplate) and the queue word their problems
 * in English for logs and API clients. The console says them in its own language; anything it
 * does not recognise (a newer server) is shown as written, never hidden.
 */
type Pattern = readonly [RegExp, MessageKey, (m: RegExpExecArray, t: Translate) => Params];

/** checkValue's answers and renderTemplate's "no value": the inner part of a parameter problem. */
const VALUE_PATTERNS: readonly Pattern[] = [
  [/^empty$/, "msg.value.empty", () => ({})],
  [/^longer than (\d+) characters$/, "msg.value.tooLong", (m) => ({ max: m[1]! })],
  [/^not a whole number$/, "msg.value.number", () => ({})],
  [/^currency is digits only and positive$/, "msg.value.currency", () => ({})],
  [/^time is /, "msg.value.time", () => ({})],
  [/^an https URL without spaces$/, "msg.value.url", () => ({})],
  [/^digits only$/, "msg.value.digits", () => ({})],
  [/^letters and digits only$/, "msg.value.alnum", () => ({})],
  [/^no special characters or diacritics$/, "msg.value.plain", () => ({})],
  [/^no value and no fallback$/, "msg.value.missing", () => ({})],
];

export function valueProblemText(message: string, t: Translate): string {
  return match(VALUE_PATTERNS, message, t) ?? message;
}

const TEMPLATE_PATTERNS: readonly Pattern[] = [
  [/^required$/, "msg.problem.required", () => ({})],
  [/^at most (\d+) characters$/, "msg.problem.tooLong", (m) => ({ max: m[1]! })],
  [/^the ZNS template id is 1–40 letters and digits$/, "msg.problem.znsId", () => ({})],
  [/^between 1 and 20 parameters$/, "msg.problem.paramCount", () => ({})],
  [/^the preview is at most 1,000 characters$/, "msg.problem.previewLength", () => ({})],
  [/^names are lowercase/, "msg.problem.paramName", () => ({})],
  [/^used twice$/, "msg.problem.usedTwice", () => ({})],
  [/^unknown type (.+)$/, "msg.problem.unknownType", (m) => ({ type: m[1]! })],
  [/^fixed value: (.+)$/, "msg.problem.fixed", (m, t) => ({ problem: valueProblemText(m[1]!, t) })],
  [/^fallback: (.+)$/, "msg.problem.fallback", (m, t) => ({ problem: valueProblemText(m[1]!, t) })],
  [/^the preview does not show <(.+)>$/, "msg.problem.notInPreview", (m) => ({ name: m[1]! })],
  [/^zns id used by "(.*)"$/, "msg.problem.znsIdTaken", (m) => ({ name: m[1]! })],
  [/^trigger used by "(.*)"$/, "msg.problem.triggerTaken", (m) => ({ name: m[1]! })],
  [/^conflict$/, "msg.problem.conflict", () => ({})],
];

export function templateProblemText(message: string, t: Translate): string {
  return match(TEMPLATE_PATTERNS, message, t) ?? message;
}

/** "render: ma_voucher no value and no fallback; diem not a whole number" → one entry per parameter. */
export function renderProblems(detail: string): { param: string; message: string }[] {
  const body = detail.startsWith("render:") ? detail.slice("render:".length).trim() : detail;
  return body
    .split("; ")
    .filter((part) => part.trim() !== "")
    .map((part) => {
      const space = part.indexOf(" ");
      return space < 0 ? { param: "", message: part } : { param: part.slice(0, space), message: part.slice(space + 1) };
    });
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

const FIXED_ERRORS: Record<string, MessageKey> = {
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
};

/**
 * A message's last error in words. The queue stores codes (consent_withdrawn, quiet_hours,
 * zns_-118, http_503 …), sometimes with "(gave up after n attempts)"; null when the code is
 * not one the console knows, so the caller shows the code itself.
 */
export function errorText(code: string, t: Translate, brief = false): string | null {
  const gaveUp = /^(.*) \(gave up after (\d+) attempts\)$/.exec(code);
  if (gaveUp) {
    const inner = errorText(gaveUp[1]!, t, brief);
    return inner === null ? null : t("msg.error.gaveUp", { reason: inner, count: gaveUp[2]! });
  }
  const fixed = FIXED_ERRORS[code];
  if (fixed) return t(fixed, { perDay: DEFAULT_PROMO_CAPS.perDay, perMonth: DEFAULT_PROMO_CAPS.perMonth });
  const zns = /^zns_(-?\d+)$/.exec(code);
  if (zns) {
    const n = Number(zns[1]);
    const key = ZNS_KEYS[n] ?? (SETUP_CODES.has(n) ? "msg.error.zns_setup" : "msg.error.zns_other");
    return t(key, { code: n });
  }
  const http = /^http_(\d{3})$/.exec(code);
  if (http) {
    const status = Number(http[1]);
    return t(status === 429 ? "msg.error.http_429" : status >= 500 ? "msg.error.http_5xx" : "msg.error.http_other", { status });
  }
  if (code.startsWith("network:")) return t("msg.error.network");
  if (code.startsWith("no_answer:")) return t("msg.error.no_answer");
  if (code.startsWith("reconciled:")) return t("msg.error.reconciled");
  if (code.startsWith("render:")) {
    // A table row names the parameters; the expanded message says what is wrong with each.
    if (brief) return t("msg.error.renderBrief", { params: renderProblems(code).map((p) => `<${p.param}>`).join(", ") });
    const list = renderProblems(code).map((p) => (p.param ? `${p.param}: ${valueProblemText(p.message, t)}` : valueProblemText(p.message, t)));
    return t("msg.error.render", { problems: list.join("; ") });
  }
  return null;
}

function match(patterns: readonly Pattern[], message: string, t: Translate): string | null {
  for (const [pattern, key, params] of patterns) {
    const found = pattern.exec(message);
    if (found) return t(key, params(found, t));
  }
  return null;
}

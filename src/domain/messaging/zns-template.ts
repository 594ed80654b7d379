/**
 * ZNS templates as the brand registered them with Zalo, and rendering a message for one
 * member: every parameter gets a value from a member field, a fixed value or its fallback, and
 * is checked against its ZNS type and length (docs/zalo.md#zns-params) before anything is queued.
 * A message that would be invalid is reported, never sent.
 */
import { problem, type Problem, type ProblemParams } from "../problems";
import { fitText } from "./fit-text";
import type { TriggerName } from "./messages";

/** ZNS parameter types and their maximum length in characters (docs/zalo.md#zns-params; 2025 values where two differ). */
export const ZNS_PARAM_TYPES = {
  customer_name: 30,
  phone: 15,
  address: 80,
  code: 30,
  label: 30,
  status: 30,
  contact: 50,
  title: 5,
  product: 100,
  number: 20,
  time: 20,
  otp: 10,
  url: 200,
  currency: 12,
  transfer_note: 90,
} as const;
export type ZnsParamType = keyof typeof ZNS_PARAM_TYPES;

/**
 * Free-text types whose member values are shortened to fit when a message is rendered: a
 * shortened name or address still reads right. The others (codes, URLs, phones, numbers, times,
 * titles, contact details) would become wrong when cut, so a value too long for them fails.
 */
export const FITTED_PARAM_TYPES: ReadonlySet<ZnsParamType> = new Set(["customer_name", "address", "label", "status", "product"]);

/** Template tags (docs/zalo.md#zns-tags): one per template. */
export const ZNS_TAGS = ["transaction", "customer_care", "promotion"] as const;
export type ZnsTag = (typeof ZNS_TAGS)[number];

/**
 * Zalo's template types (docs/zalo.md#zns-tags): 1 custom, 2 OTP, 3 payment request, 4 voucher,
 * 5 service rating. We register custom templates and service rating ones: in a rating template
 * Zalo itself draws 1–5 stars under the text and reports the member's tap to the webhook
 * (`user_feedback`, docs/zalo.md#zns-rating). OTP, payment and voucher templates have no use here.
 */
export const ZNS_TEMPLATE_KINDS = ["custom", "rating"] as const;
export type ZnsTemplateKind = (typeof ZNS_TEMPLATE_KINDS)[number];

/** Member fields a parameter can be mapped to; docs/preference-fields.md and messaging docs name them. */
export const MEMBER_FIELDS = [
  "name",
  "member_no",
  "tier",
  "points_balance",
  "expiring_points",
  "expiring_date",
  "birthday",
  "favourite_category",
  "preferred_store",
  "last_visit",
  "voucher_code",
  "reward_name",
  "points_earned",
  "deep_link",
  /** The purchase a survey asks about (its receipt or ledger reference): only in survey messages. */
  "transaction_code",
  /** The survey's signed link into the Mini App: only in survey messages (survey_link). */
  "survey_link",
] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

export type ParamSource = { field: MemberField } | { fixed: string };
export type TemplateParam = { name: string; type: ZnsParamType; source: ParamSource; fallback?: string };
/** `kind` absent: a custom template (every template registered before rating templates existed). */
export type ZnsTemplate = { znsTemplateId: string; tag: ZnsTag; params: TemplateParam[]; preview: string; kind?: ZnsTemplateKind };

/** Values available for one member and one message; absent or null means "no value". */
export type FieldValues = Partial<Record<MemberField, string | number | null>>;

/**
 * What can be wrong with one value for its ZNS type (checkValue), or with a parameter that has
 * no value at all when a message is rendered (value_missing).
 */
export const VALUE_PROBLEM_CODES = [
  "value_empty",
  "value_too_long",
  "value_not_whole_number",
  "value_currency",
  "value_time",
  "value_url",
  "value_phone",
  "value_otp",
  "value_transfer_note",
  "value_missing",
] as const;
export type ValueProblemCode = (typeof VALUE_PROBLEM_CODES)[number];

/** What validateTemplate finds; a value problem is reported at the value's field (params.2.source.fixed, params.2.fallback). */
export const TEMPLATE_PROBLEM_CODES = [
  "zns_id_format",
  "param_count",
  "preview_too_long",
  "param_name_format",
  "param_name_duplicate",
  "param_type_unknown",
  "param_not_in_preview",
  "care_tag_required",
  "rating_identifiers",
  "rating_trigger",
  "trigger_needs_rating",
  "survey_link_param",
  ...VALUE_PROBLEM_CODES,
] as const;
export type TemplateProblemCode = (typeof TEMPLATE_PROBLEM_CODES)[number];

/** A problem of a template definition; `field` is the path in the template ("params.1.name", "preview"). */
export type TemplateProblem = Problem<TemplateProblemCode>;
/** A problem rendering one member's message; `field` is the parameter's name. */
export type RenderProblem = Problem<ValueProblemCode>;

const PARAM_NAME = /^[a-z][a-z0-9_]{0,39}$/;
const TIME_FORMATS = [
  /^\d{2}:\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/,
  /^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/,
  /^\d{2}\/\d{2}\/\d{4}$/,
  /^\d{2}\/\d{4}$/,
];
export const TEMPLATE_LIMITS = { params: 20, preview: 1000, znsTemplateId: 40 } as const;

/**
 * Problems with a template definition a manager registers. Fields are paths in the template as
 * sent (the contract's shape), so the console puts each problem next to its input.
 */
export function validateTemplate(t: ZnsTemplate & { trigger?: TriggerName | null }): TemplateProblem[] {
  const problems: TemplateProblem[] = [...kindProblems(t)];
  if (!/^[0-9A-Za-z]{1,40}$/.test(t.znsTemplateId))
    problems.push(problem("zns_id_format", "znsTemplateId", { max: TEMPLATE_LIMITS.znsTemplateId }));
  if (t.params.length === 0 || t.params.length > TEMPLATE_LIMITS.params)
    problems.push(problem("param_count", "params", { min: 1, max: TEMPLATE_LIMITS.params }));
  if ([...t.preview].length > TEMPLATE_LIMITS.preview)
    problems.push(problem("preview_too_long", "preview", { max: TEMPLATE_LIMITS.preview }));
  const names = new Set<string>();
  t.params.forEach((p, i) => {
    const at = `params.${i}`;
    if (!PARAM_NAME.test(p.name)) problems.push(problem("param_name_format", `${at}.name`));
    if (names.has(p.name)) problems.push(problem("param_name_duplicate", `${at}.name`, { name: p.name }));
    names.add(p.name);
    if (!(p.type in ZNS_PARAM_TYPES)) problems.push(problem("param_type_unknown", `${at}.type`, { type: p.type }));
    if ("fixed" in p.source) {
      const check = checkValue(p.type, p.source.fixed);
      if (!check.ok) problems.push({ ...check.problem, field: `${at}.source.fixed` });
    }
    if (p.fallback !== undefined) {
      const check = checkValue(p.type, p.fallback);
      if (!check.ok) problems.push({ ...check.problem, field: `${at}.fallback` });
    }
    if (!t.preview.includes(`<${p.name}>`)) problems.push(problem("param_not_in_preview", "preview", { name: p.name }));
  });
  return problems;
}

/**
 * The rules of rating templates and of the survey triggers (docs/zalo.md#zns-tags, #zns-rating):
 * - a service rating template is customer care (Zalo files surveys and service ratings under
 *   tag 2), and so is any survey message;
 * - tag 1/2 templates must name the customer and at least one transaction identifier, so a
 *   rating template needs a customer-name parameter and a code parameter (the purchase rated);
 * - a rating template serves the survey_rating trigger or none (it means nothing after an earn or
 *   a welcome), and survey_rating needs a rating template (the stars are the question);
 * - survey_link needs a URL parameter filled from the survey's link (its button into the app).
 */
function kindProblems(t: ZnsTemplate & { trigger?: TriggerName | null }): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const rating = t.kind === "rating";
  const trigger = t.trigger ?? null;
  const survey = trigger === "survey_rating" || trigger === "survey_link";
  if ((rating || survey) && t.tag !== "customer_care") problems.push(problem("care_tag_required", "tag"));
  if (rating && !(t.params.some((p) => p.type === "customer_name") && t.params.some((p) => p.type === "code")))
    problems.push(problem("rating_identifiers", "params"));
  if (rating && trigger !== null && trigger !== "survey_rating") problems.push(problem("rating_trigger", "trigger", { trigger }));
  if (!rating && trigger === "survey_rating") problems.push(problem("trigger_needs_rating", "trigger"));
  if (trigger === "survey_link" && !t.params.some((p) => p.type === "url" && "field" in p.source && p.source.field === "survey_link"))
    problems.push(problem("survey_link_param", "trigger"));
  return problems;
}

type ValueCheck = { ok: true; value: string | number } | { ok: false; problem: Problem<ValueProblemCode> };

/** A value as ZNS will accept it for `type`, or why not. Numbers go out as numbers. */
export function checkValue(type: ZnsParamType, raw: string | number): ValueCheck {
  const max = ZNS_PARAM_TYPES[type];
  const text = typeof raw === "number" ? String(raw) : raw.trim();
  const bad = (code: ValueProblemCode, params?: ProblemParams): ValueCheck => ({ ok: false, problem: problem(code, undefined, params) });
  if (text === "") return bad("value_empty");
  if ([...text].length > max) return bad("value_too_long", { max });
  switch (type) {
    case "number":
      if (!/^-?\d+$/.test(text)) return bad("value_not_whole_number");
      return { ok: true, value: Number(text) };
    case "currency":
      // Digits only and positive (docs/zalo.md#zns-params): 125000, not "125.000 ₫".
      if (!/^\d+$/.test(text) || /^0+$/.test(text)) return bad("value_currency");
      return { ok: true, value: text };
    case "time":
      // hh:mm:ss dd/mm/yyyy, hh:mm dd/mm/yyyy, dd/mm/yyyy or mm/yyyy
      if (!TIME_FORMATS.some((re) => re.test(text))) return bad("value_time");
      return { ok: true, value: text };
    case "url":
      if (!/^https:\/\/[^\s]+$/.test(text)) return bad("value_url");
      return { ok: true, value: text };
    case "phone":
      if (!/^\+?\d{8,15}$/.test(text)) return bad("value_phone");
      return { ok: true, value: text };
    case "otp":
      if (!/^[0-9A-Za-z]+$/.test(text)) return bad("value_otp");
      return { ok: true, value: text };
    case "transfer_note":
      if (!/^[0-9A-Za-z ]+$/.test(text)) return bad("value_transfer_note");
      return { ok: true, value: text };
    default:
      return { ok: true, value: text };
  }
}

/**
 * What rendering did to a value so the message could go (messages.render_notes, shown in the
 * console's log): `param_shortened` (free text cut to its type's length, params.max), or
 * `param_fallback` (the value could not be used for its type, params.reason is why, with that
 * problem's own params, and the parameter's fallback went instead). field = the parameter's name.
 */
export const RENDER_NOTE_CODES = ["param_shortened", "param_fallback"] as const;
export type RenderNote = Problem<(typeof RENDER_NOTE_CODES)[number]>;
export type Rendered = { ok: true; data: Record<string, string | number>; notes: RenderNote[] } | { ok: false; problems: RenderProblem[] };

const isBlank = (raw: string | number | null | undefined): raw is null | undefined | "" =>
  raw === null || raw === undefined || (typeof raw === "string" && raw.trim() === "");

/**
 * The template_data for one member: each parameter from its source, else (a test send) the
 * operator's sample for it, else its fallback; free text shortened to its type's length
 * (FITTED_PARAM_TYPES); each value checked. A value its type cannot take goes out as the
 * parameter's fallback when it has one (a message is never lost for a 35-letter Zalo name or a
 * malformed date), and `notes` says so. All problems are reported at once so the console can
 * show them together.
 */
export function renderTemplate(t: ZnsTemplate, values: FieldValues, samples: Readonly<Record<string, string>> = {}): Rendered {
  const data: Record<string, string | number> = {};
  const problems: RenderProblem[] = [];
  const notes: RenderNote[] = [];
  for (const p of t.params) {
    const own = "fixed" in p.source ? p.source.fixed : values[p.source.field];
    const raw = isBlank(own) ? samples[p.name] : own;
    if (isBlank(raw)) {
      if (p.fallback === undefined) {
        problems.push(problem("value_missing", p.name));
        continue;
      }
      const check = checkValue(p.type, p.fallback);
      if (check.ok) data[p.name] = check.value;
      else problems.push({ ...check.problem, field: p.name });
      continue;
    }
    const fitted = typeof raw === "string" && FITTED_PARAM_TYPES.has(p.type) ? fitText(raw, ZNS_PARAM_TYPES[p.type]) : raw;
    const check = checkValue(p.type, fitted);
    const fallback = check.ok || p.fallback === undefined ? null : checkValue(p.type, p.fallback);
    if (check.ok) {
      data[p.name] = check.value;
      // Composing (NFC) or trimming spaces is not shortening: only a cut is worth a note.
      if (typeof raw === "string" && fitted !== raw && [...String(fitted)].length < [...raw.normalize("NFC").trim()].length)
        notes.push(problem("param_shortened", p.name, { max: ZNS_PARAM_TYPES[p.type] }));
    } else if (fallback?.ok) {
      data[p.name] = fallback.value;
      notes.push(problem("param_fallback", p.name, { reason: check.problem.code, ...check.problem.params }));
    } else problems.push({ ...check.problem, field: p.name });
  }
  return problems.length ? { ok: false, problems } : { ok: true, data, notes };
}

/** The preview with the parameters filled in: what the member will read (sandbox inbox, console). */
export function previewText(t: ZnsTemplate, data: Record<string, string | number>): string {
  return t.preview.replace(/<([a-z][a-z0-9_]*)>/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

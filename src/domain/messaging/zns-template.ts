/**
 * ZNS templates as the brand registered them with Zalo, and rendering a message for one
 * member: every parameter gets a value from a member field, a fixed value or its fallback, and
 * is checked against its ZNS type and length (docs/zalo.md#zns-params) before anything is queued.
 * A message that would be invalid is reported, never sent.
 */

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

/** Template tags (docs/zalo.md#zns-tags): one per template. */
export const ZNS_TAGS = ["transaction", "customer_care", "promotion"] as const;
export type ZnsTag = (typeof ZNS_TAGS)[number];

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
] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

export type ParamSource = { field: MemberField } | { fixed: string };
export type TemplateParam = { name: string; type: ZnsParamType; source: ParamSource; fallback?: string };
export type ZnsTemplate = { znsTemplateId: string; tag: ZnsTag; params: TemplateParam[]; preview: string };

/** Values available for one member and one message; absent or null means "no value". */
export type FieldValues = Partial<Record<MemberField, string | number | null>>;

export type RenderProblem = { param: string; message: string };
export type Rendered = { ok: true; data: Record<string, string | number> } | { ok: false; problems: RenderProblem[] };

const PARAM_NAME = /^[a-z][a-z0-9_]{0,39}$/;
const TIME_FORMATS = [/^\d{2}:\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/, /^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/, /^\d{2}\/\d{2}\/\d{4}$/, /^\d{2}\/\d{4}$/];

/** Problems with a template definition a manager registers. */
export function validateTemplate(t: ZnsTemplate): RenderProblem[] {
  const problems: RenderProblem[] = [];
  if (!/^[0-9A-Za-z]{1,40}$/.test(t.znsTemplateId)) problems.push({ param: "(template)", message: "the ZNS template id is 1–40 letters and digits" });
  if (t.params.length === 0 || t.params.length > 20) problems.push({ param: "(template)", message: "between 1 and 20 parameters" });
  if ([...t.preview].length > 1000) problems.push({ param: "(template)", message: "the preview is at most 1,000 characters" });
  const names = new Set<string>();
  for (const p of t.params) {
    if (!PARAM_NAME.test(p.name)) problems.push({ param: p.name, message: "names are lowercase, no diacritics or spaces, words joined by _ (ZBS rule)" });
    if (names.has(p.name)) problems.push({ param: p.name, message: "used twice" });
    names.add(p.name);
    if (!(p.type in ZNS_PARAM_TYPES)) problems.push({ param: p.name, message: `unknown type ${p.type}` });
    if ("fixed" in p.source) {
      const check = checkValue(p.type, p.source.fixed);
      if (!check.ok) problems.push({ param: p.name, message: `fixed value: ${check.message}` });
    }
    if (p.fallback !== undefined) {
      const check = checkValue(p.type, p.fallback);
      if (!check.ok) problems.push({ param: p.name, message: `fallback: ${check.message}` });
    }
    if (!t.preview.includes(`<${p.name}>`)) problems.push({ param: p.name, message: `the preview does not show <${p.name}>` });
  }
  return problems;
}

/** A value as ZNS will accept it for `type`, or why not. Numbers go out as numbers. */
export function checkValue(type: ZnsParamType, raw: string | number): { ok: true; value: string | number } | { ok: false; message: string } {
  const max = ZNS_PARAM_TYPES[type];
  const text = typeof raw === "number" ? String(raw) : raw.trim();
  if (text === "") return { ok: false, message: "empty" };
  if ([...text].length > max) return { ok: false, message: `longer than ${max} characters` };
  switch (type) {
    case "number":
      if (!/^-?\d+$/.test(text)) return { ok: false, message: "not a whole number" };
      return { ok: true, value: Number(text) };
    case "currency":
      // Digits only and positive (docs/zalo.md#zns-params): 125000, not "125.000 ₫".
      if (!/^\d+$/.test(text) || /^0+$/.test(text)) return { ok: false, message: "currency is digits only and positive" };
      return { ok: true, value: text };
    case "time":
      if (!TIME_FORMATS.some((re) => re.test(text))) return { ok: false, message: "time is hh:mm:ss dd/mm/yyyy, hh:mm dd/mm/yyyy, dd/mm/yyyy or mm/yyyy" };
      return { ok: true, value: text };
    case "url":
      if (!/^https:\/\/[^\s]+$/.test(text)) return { ok: false, message: "an https URL without spaces" };
      return { ok: true, value: text };
    case "phone":
      if (!/^\+?\d{8,15}$/.test(text)) return { ok: false, message: "digits only" };
      return { ok: true, value: text };
    case "otp":
      if (!/^[0-9A-Za-z]+$/.test(text)) return { ok: false, message: "letters and digits only" };
      return { ok: true, value: text };
    case "transfer_note":
      if (!/^[0-9A-Za-z ]+$/.test(text)) return { ok: false, message: "no special characters or diacritics" };
      return { ok: true, value: text };
    default:
      return { ok: true, value: text };
  }
}

/**
 * The template_data for one member: each parameter from its source, else its fallback, each
 * value checked. All problems are reported at once so the console can show them together.
 */
export function renderTemplate(t: ZnsTemplate, values: FieldValues): Rendered {
  const data: Record<string, string | number> = {};
  const problems: RenderProblem[] = [];
  for (const p of t.params) {
    const raw = "fixed" in p.source ? p.source.fixed : values[p.source.field];
    const chosen = raw === null || raw === undefined || (typeof raw === "string" && raw.trim() === "") ? p.fallback : raw;
    if (chosen === undefined) {
      problems.push({ param: p.name, message: "no value and no fallback" });
      continue;
    }
    const check = checkValue(p.type, chosen);
    if (check.ok) data[p.name] = check.value;
    else problems.push({ param: p.name, message: check.message });
  }
  return problems.length ? { ok: false, problems } : { ok: true, data };
}

/** The preview with the parameters filled in: what the member will read (sandbox inbox, console). */
export function previewText(t: ZnsTemplate, data: Record<string, string | number>): string {
  return t.preview.replace(/<([a-z][a-z0-9_]*)>/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

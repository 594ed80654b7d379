/**
 * Console test sends (issue 11 item 8): a template needs a value for every parameter, and some
 * have none outside their event (a points template's `diem` exists only for an earn). The
 * operator is offered a sample for each parameter the chosen member has no value for, edits it
 * if they like, and the server checks each against its ZNS type before anything is queued.
 */
import { problem, type Problem } from "../problems";
import {
  checkValue,
  renderTemplate,
  type FieldValues,
  type MemberField,
  type TemplateParam,
  type ZnsParamType,
  type ZnsTemplate,
} from "./zns-template";

/**
 * What a parameter shows in the console's previews and offers as a test sample, by member field.
 * Vietnamese whatever the console language: the member reads the message in Vietnamese.
 */
export const SAMPLE_FIELD_VALUES: Record<MemberField, string | number> = {
  name: "Nguyễn Thị Lan",
  member_no: "00100024",
  tier: "Vàng",
  points_balance: 1250,
  expiring_points: 120,
  expiring_date: "31/03/2026",
  birthday: "14/02",
  favourite_category: "Cà phê",
  preferred_store: "Cà Phê Mây Lê Lợi",
  last_visit: "20/05/2025",
  voucher_code: "MAY7K2Q9",
  reward_name: "Cà phê sữa đá miễn phí",
  points_earned: 45,
  deep_link: "https://zalo.me/s/loyalloop/",
  transaction_code: "HD0012345",
  survey_link: "https://zalo.me/s/loyalloop/survey/1?t=mau",
};

/** A valid value of each ZNS type, for a parameter with a fixed source or none of the above. */
const SAMPLE_TYPE_VALUES: Record<ZnsParamType, string> = {
  customer_name: "Nguyễn Thị Lan",
  phone: "84912345678",
  address: "12 Lê Lợi, Quận 1, TP. Hồ Chí Minh",
  code: "MAY7K2Q9",
  label: "Thành viên Vàng",
  status: "Đã xác nhận",
  contact: "Cà Phê Mây",
  title: "Chị",
  product: "Cà phê sữa đá",
  number: "1.250",
  time: "31/03/2026",
  otp: "123456",
  url: "https://zalo.me/s/loyalloop/",
  currency: "125.000",
  transfer_note: "THANH TOAN 1250",
};

/** Vietnamese digit grouping ("1.250"), as an operator types a number. */
const groupVi = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");

/** The sample offered for a parameter: its field's example, else one of its type. */
export function suggestSample(p: TemplateParam): string {
  if ("field" in p.source) {
    const v = SAMPLE_FIELD_VALUES[p.source.field];
    const text = typeof v === "number" ? groupVi(v) : v;
    if (checkValue(p.type, readSample(p.type, text)).ok) return text;
  }
  return SAMPLE_TYPE_VALUES[p.type];
}

/**
 * A sample as the operator typed it, as ZNS takes it: for numbers and amounts, Vietnamese digit
 * grouping (1.250, 125.000) is dropped; "1.5" is not a grouping and stays (and fails as a number).
 */
export function readSample(type: ZnsParamType, text: string): string {
  const trimmed = text.trim();
  if ((type === "number" || type === "currency") && /^-?\d{1,3}(\.\d{3})+$/.test(trimmed)) return trimmed.replaceAll(".", "");
  return trimmed;
}

/** The member's own value of each parameter (as it would go), or null: no value, so a sample is needed or the fallback goes. */
export function memberParamValues(t: ZnsTemplate, values: FieldValues): { param: TemplateParam; value: string | number | null }[] {
  return t.params.map((p) => {
    const own = "fixed" in p.source ? p.source.fixed : values[p.source.field];
    if (own === null || own === undefined || (typeof own === "string" && own.trim() === "")) return { param: p, value: null };
    const one = renderTemplate({ ...t, params: [{ ...p, fallback: undefined }] }, values);
    return { param: p, value: one.ok ? one.data[p.name]! : own };
  });
}

export const SAMPLE_PROBLEM_CODES = ["sample_not_a_param"] as const;

/**
 * The samples of a test send, read and checked: each must name a parameter of the template and
 * be a valid value of its type. Problems are reported at the parameter's name, all at once.
 */
export function checkSamples(
  t: ZnsTemplate,
  samples: Readonly<Record<string, string>>,
): { ok: true; samples: Record<string, string> } | { ok: false; problems: Problem[] } {
  const out: Record<string, string> = {};
  const problems: Problem[] = [];
  for (const [name, text] of Object.entries(samples)) {
    const p = t.params.find((q) => q.name === name);
    if (!p) {
      problems.push(problem("sample_not_a_param", name));
      continue;
    }
    const value = readSample(p.type, text);
    const check = checkValue(p.type, value);
    if (check.ok) out[name] = value;
    else problems.push({ ...check.problem, field: name });
  }
  return problems.length ? { ok: false, problems } : { ok: true, samples: out };
}

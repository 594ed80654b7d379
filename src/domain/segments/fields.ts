/**
 * The segment field registry: every member field a segment condition can test, one entry each
 * (issue 15; docs/decisions/0033-segments.md). An entry says what the value is (its kind and
 * bounds), which operators a marketer may use on it, what extra argument it takes (a number of
 * days, a consent purpose, a question id), its labels in Vietnamese and English, and `source`:
 * the data the server needs to compile it. A source is a description, never SQL: the server
 * (src/server/features/segments/compile.ts) has one compiler per source kind and the values of
 * a condition are always bound as parameters.
 *
 * Adding a field is one entry here. If its data already has a source kind (a count of events in
 * a table the server knows as a stream, a preference answer, a survey band…) nothing else
 * changes; `event_count` is the kind the game (wheel plays, check-ins) and referrals are meant
 * to use: one entry per field, plus the stream's table once on the server.
 */
import { CONSENT_PURPOSES, ZALO_PERMISSIONS } from "../consent/purposes";
import type { Localized } from "../preferences/form";
import { OFFER_FREQUENCIES } from "../preferences/form";
import { TIER_CODES } from "../loyalty/tiers";
import { bandIdsOf, type SurveyKind } from "../surveys/kinds";

export const OPERATORS = [
  "eq",
  "gte",
  "lte",
  "between",
  "in",
  "not_in",
  "has_any",
  "has_all",
  "has_none",
  "before",
  "after",
  "is",
  "is_set",
  "is_not_set",
] as const;
export type Operator = (typeof OPERATORS)[number];

/** Dynamic option lists, known per brand: its stores, a preference question's options. */
export type OptionSource = "stores";

export type ValueSpec =
  /** Whole numbers in [min, max]; `in`/`not_in` take a list of them. */
  | { kind: "integer"; min: number; max: number; unit?: "points" | "vnd" | "days" | "visits" | "vouchers" | "month" }
  /** A Vietnam calendar date, "YYYY-MM-DD". */
  | { kind: "date" }
  /** One of a list of option ids (a static list, a brand's stores, or any well-formed id). */
  | { kind: "enum"; options: readonly string[] | OptionSource | "any_id" }
  /** A set of option ids the member holds (categories, topics, stores visited). */
  | { kind: "set"; options: readonly string[] | OptionSource | "any_id" }
  | { kind: "boolean" };

export type ArgSpec =
  /** A number of days the field looks back or ahead ("visits in the last N days"). */
  | { kind: "days"; min: number; max: number }
  /** Which one of several: a consent purpose, a Zalo permission, a brand's own question. */
  | { kind: "key"; options: readonly string[] | "choice_question" };

/** What the server compiles; plain data, so the registry stays in the domain (no SQL, no I/O). */
export type FieldSource =
  | { kind: "member_column"; column: "tier" | "points_balance" }
  | { kind: "expiring_points" }
  | { kind: "qualifying_spend" }
  | { kind: "visit_count" }
  | { kind: "days_since_last_visit" }
  | { kind: "first_visit" }
  | { kind: "birthday_month" }
  | { kind: "birthday_upcoming" }
  /** A preference answer: a standard question, or (question absent) the question named by the condition's key. */
  | { kind: "preference_choice"; question?: string }
  | { kind: "vouchers_unused" }
  | { kind: "consent" }
  | { kind: "zalo_permission" }
  | { kind: "stores_visited" }
  | { kind: "last_survey_band"; survey: SurveyKind }
  /** Rows of a member's events in a stream the server knows (game plays, referrals): counted in the last N days. */
  | { kind: "event_count"; stream: string };

export const FIELD_FAMILIES = ["loyalty", "visits", "preferences", "vouchers", "consent", "surveys"] as const;
export type FieldFamily = (typeof FIELD_FAMILIES)[number];

export type FieldDef = {
  id: string;
  family: FieldFamily;
  label: Localized;
  value: ValueSpec;
  ops: readonly Operator[];
  arg?: ArgSpec;
  /** Members may have no value (never visited, never answered): is_set / is_not_set apply. */
  nullable?: boolean;
  /**
   * Zero-party data (docs/preference-fields.md): usable only for members who granted this
   * purpose. For the others the condition is false whatever its operator (also `not_in`).
   */
  needsConsent?: "personalisation";
  source: FieldSource;
};

const COUNT_OPS = ["gte", "lte", "eq", "between"] as const;
const CHOICE_OPS = ["in", "not_in"] as const;
const SET_OPS = ["has_any", "has_all", "has_none"] as const;
const MAX_INT = 1_000_000_000_000;
const days = (max: number): ArgSpec => ({ kind: "days", min: 1, max });
/**
 * The longest "visits in the last N days" a rule may ask: member_visits keeps each member's
 * visits this far back (migration 0055_visit_days writes it in SQL; change both together).
 */
export const MAX_VISIT_WINDOW_DAYS = 730;

/** Band ids of a survey kind's last answer (NPS: detractor/passive/promoter…). */
const bands = (kind: SurveyKind) => bandIdsOf(kind) as readonly string[];

export const SEGMENT_FIELDS = [
  {
    id: "tier",
    family: "loyalty",
    label: { vi: "Hạng thành viên", en: "Tier" },
    value: { kind: "enum", options: TIER_CODES },
    ops: CHOICE_OPS,
    source: { kind: "member_column", column: "tier" },
  },
  {
    id: "points_balance",
    family: "loyalty",
    label: { vi: "Số điểm hiện có", en: "Points balance" },
    value: { kind: "integer", min: 0, max: MAX_INT, unit: "points" },
    ops: COUNT_OPS,
    source: { kind: "member_column", column: "points_balance" },
  },
  {
    id: "points_expiring",
    family: "loyalty",
    label: { vi: "Điểm sắp hết hạn trong N ngày", en: "Points expiring within N days" },
    value: { kind: "integer", min: 0, max: MAX_INT, unit: "points" },
    ops: COUNT_OPS,
    arg: days(365),
    source: { kind: "expiring_points" },
  },
  {
    id: "qualifying_spend",
    family: "loyalty",
    label: { vi: "Chi tiêu xét hạng (12 tháng)", en: "Qualifying spend (12 months)" },
    value: { kind: "integer", min: 0, max: MAX_INT, unit: "vnd" },
    ops: COUNT_OPS,
    source: { kind: "qualifying_spend" },
  },
  {
    id: "visits",
    family: "visits",
    label: { vi: "Số lần ghé trong N ngày qua", en: "Visits in the last N days" },
    value: { kind: "integer", min: 0, max: 100_000, unit: "visits" },
    ops: COUNT_OPS,
    arg: days(MAX_VISIT_WINDOW_DAYS),
    source: { kind: "visit_count" },
  },
  {
    id: "days_since_last_visit",
    family: "visits",
    label: { vi: "Số ngày từ lần ghé gần nhất", en: "Days since last visit" },
    value: { kind: "integer", min: 0, max: 36_500, unit: "days" },
    ops: [...COUNT_OPS, "is_set", "is_not_set"],
    nullable: true,
    source: { kind: "days_since_last_visit" },
  },
  {
    id: "first_visit_date",
    family: "visits",
    label: { vi: "Ngày ghé lần đầu", en: "First visit date" },
    value: { kind: "date" },
    ops: ["before", "after", "between", "is_set", "is_not_set"],
    nullable: true,
    source: { kind: "first_visit" },
  },
  {
    id: "stores_visited",
    family: "visits",
    label: { vi: "Cửa hàng đã ghé", en: "Stores visited" },
    value: { kind: "set", options: "stores" },
    ops: SET_OPS,
    source: { kind: "stores_visited" },
  },
  {
    id: "birthday_month",
    family: "preferences",
    label: { vi: "Tháng sinh nhật", en: "Birthday month" },
    value: { kind: "integer", min: 1, max: 12, unit: "month" },
    ops: [...CHOICE_OPS, "is_set", "is_not_set"],
    nullable: true,
    needsConsent: "personalisation",
    source: { kind: "birthday_month" },
  },
  {
    id: "birthday_within",
    family: "preferences",
    label: { vi: "Sinh nhật trong vòng N ngày tới", en: "Birthday within the next N days" },
    value: { kind: "integer", min: 0, max: 366, unit: "days" },
    ops: ["lte"],
    needsConsent: "personalisation",
    source: { kind: "birthday_upcoming" },
  },
  {
    id: "favourite_categories",
    family: "preferences",
    label: { vi: "Sản phẩm yêu thích", en: "Favourite categories" },
    value: { kind: "set", options: "any_id" },
    ops: SET_OPS,
    needsConsent: "personalisation",
    source: { kind: "preference_choice", question: "favourite_categories" },
  },
  {
    id: "preferred_store",
    family: "preferences",
    label: { vi: "Cửa hàng hay ghé", en: "Preferred store" },
    value: { kind: "enum", options: "stores" },
    ops: [...CHOICE_OPS, "is_set", "is_not_set"],
    nullable: true,
    needsConsent: "personalisation",
    source: { kind: "preference_choice", question: "preferred_store" },
  },
  {
    id: "offer_frequency",
    family: "preferences",
    label: { vi: "Tần suất nhận ưu đãi", en: "Offer frequency" },
    value: { kind: "enum", options: OFFER_FREQUENCIES },
    ops: [...CHOICE_OPS, "is_set", "is_not_set"],
    nullable: true,
    needsConsent: "personalisation",
    source: { kind: "preference_choice", question: "offer_frequency" },
  },
  {
    id: "topics",
    family: "preferences",
    label: { vi: "Chủ đề quan tâm", en: "Topics" },
    value: { kind: "set", options: "any_id" },
    ops: SET_OPS,
    needsConsent: "personalisation",
    source: { kind: "preference_choice", question: "topics" },
  },
  {
    id: "preference",
    family: "preferences",
    label: { vi: "Câu hỏi riêng của thương hiệu", en: "The brand's own question" },
    value: { kind: "set", options: "any_id" },
    ops: SET_OPS,
    arg: { kind: "key", options: "choice_question" },
    needsConsent: "personalisation",
    source: { kind: "preference_choice" },
  },
  {
    id: "vouchers_unused",
    family: "vouchers",
    label: { vi: "Voucher chưa dùng", en: "Unused vouchers" },
    value: { kind: "integer", min: 0, max: 100_000, unit: "vouchers" },
    ops: COUNT_OPS,
    source: { kind: "vouchers_unused" },
  },
  {
    id: "consent",
    family: "consent",
    label: { vi: "Đồng ý theo mục đích", en: "Consent granted (per purpose)" },
    value: { kind: "boolean" },
    ops: ["is"],
    arg: { kind: "key", options: CONSENT_PURPOSES },
    source: { kind: "consent" },
  },
  {
    id: "zalo_permission",
    family: "consent",
    label: { vi: "Quyền Zalo đã cho phép", en: "Zalo permission allowed" },
    value: { kind: "boolean" },
    ops: ["is"],
    arg: { kind: "key", options: ZALO_PERMISSIONS },
    source: { kind: "zalo_permission" },
  },
  {
    id: "last_nps_band",
    family: "surveys",
    label: { vi: "Nhóm NPS gần nhất", en: "Last NPS category" },
    value: { kind: "enum", options: bands("nps") },
    ops: [...CHOICE_OPS, "is_set", "is_not_set"],
    nullable: true,
    source: { kind: "last_survey_band", survey: "nps" },
  },
  {
    id: "last_csat_band",
    family: "surveys",
    label: { vi: "Mức CSAT gần nhất", en: "Last CSAT level" },
    value: { kind: "enum", options: bands("csat") },
    ops: [...CHOICE_OPS, "is_set", "is_not_set"],
    nullable: true,
    source: { kind: "last_survey_band", survey: "csat" },
  },
  {
    id: "last_ces_band",
    family: "surveys",
    label: { vi: "Mức CES gần nhất", en: "Last CES level" },
    value: { kind: "enum", options: bands("ces") },
    ops: [...CHOICE_OPS, "is_set", "is_not_set"],
    nullable: true,
    source: { kind: "last_survey_band", survey: "ces" },
  },
] as const satisfies readonly FieldDef[];

export type SegmentFieldId = (typeof SEGMENT_FIELDS)[number]["id"];
export const SEGMENT_FIELD_IDS = SEGMENT_FIELDS.map((f) => f.id) as [SegmentFieldId, ...SegmentFieldId[]];

const BY_ID: ReadonlyMap<string, FieldDef> = new Map(SEGMENT_FIELDS.map((f) => [f.id, f as FieldDef]));

/** The field's entry, or undefined for an id the registry does not have. */
export function fieldDef(id: string): FieldDef | undefined {
  return BY_ID.get(id);
}

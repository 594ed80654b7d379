/**
 * Importing a brand's existing members from a spreadsheet (issue 17, "Member import"): which
 * column is which (Vietnamese or English headers), and what is wrong with each row, as typed
 * problem codes by row and column. Pure: the server reads the file (CSV or .xlsx) into rows of
 * text and hands in the brand's tiers, stores and today's date; nothing here touches a database.
 *
 * A row is refused as a whole when any of its cells is wrong: importing half a member (the
 * points without the phone's owner being sure) would be worse than asking for a corrected file.
 */
import { normalizeVnPhone } from "../messaging/phone";
import { problem, type Problem } from "../problems";
import type { TierCode } from "../loyalty/tiers";
import { cleanName, isStorableText } from "../text/text";

export const IMPORT_COLUMNS = ["phone", "name", "birthday", "points", "tier", "store"] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Limits on one file: 200,000 rows (twice the benchmark), a name as long as the console allows. */
export const IMPORT_MAX_ROWS = 200_000;
export const IMPORT_MAX_NAME = 100;
/** An opening balance above a billion points is a typo (or a VND amount in the points column). */
export const IMPORT_MAX_POINTS = 1_000_000_000;
/** The file itself (CSV or .xlsx): larger is refused before it is read (import_file_too_large). */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/** How many row problems an answer lists (the counts cover all of them). */
export const IMPORT_PROBLEMS_SHOWN = 200;

export const IMPORT_ROW_PROBLEMS = [
  "phone_missing",
  "phone_invalid",
  "phone_duplicate",
  "phone_ambiguous",
  "text_characters",
  "name_too_long",
  "birthday_invalid",
  "birthday_future",
  "points_invalid",
  "points_negative",
  "points_too_large",
  "tier_unknown",
  "store_unknown",
] as const;
export type ImportRowProblemCode = (typeof IMPORT_ROW_PROBLEMS)[number];

export const IMPORT_FILE_PROBLEMS = [
  "import_file_empty",
  "import_column_missing",
  "import_column_duplicate",
  "import_too_many_rows",
  "csv_unterminated_quote",
  "csv_quote_in_field",
  "csv_too_many_records",
] as const;
export type ImportFileProblemCode = (typeof IMPORT_FILE_PROBLEMS)[number];

/** A problem of one row: `field` is the column, `params.row` the row number as the spreadsheet shows it (header = 1). */
export type ImportRowProblem = Problem<ImportRowProblemCode> & {
  field: ImportColumn;
  params: { row: number } & Record<string, number | string>;
};

/** What a good row becomes. */
export type ImportedRow = {
  row: number;
  /** 84xxxxxxxxx (domain/messaging/phone). */
  phone: string;
  name: string;
  birthday: { year: number | null; month: number; day: number } | null;
  points: number;
  tier: TierCode | null;
  storeId: string | null;
};

export type ImportContext = {
  /** The brand's tiers, each with the names a file may use (vi and en, any case or accents). */
  tiers: { code: TierCode; names: string[] }[];
  stores: { id: string; name: string }[];
  /** Today in the brand's calendar: a birthday after it is a typo. */
  today: { year: number; month: number; day: number };
};

/** Folded for comparison: lower case, no accents (đ → d), single spaces, no punctuation around words. */
export function foldHeader(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[_\-./()]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Header names a brand's spreadsheet may use, folded (foldHeader): Vietnamese first, then English. */
const HEADER_NAMES: Record<ImportColumn, string[]> = {
  phone: ["so dien thoai", "sdt", "dien thoai", "di dong", "so di dong", "phone", "phone number", "mobile", "tel"],
  name: ["ho ten", "ho va ten", "ten", "ten khach hang", "ten hoi vien", "khach hang", "name", "full name", "customer name"],
  birthday: ["ngay sinh", "sinh nhat", "birthday", "date of birth", "dob", "birth date"],
  points: ["diem", "so diem", "diem tich luy", "so du diem", "diem hien co", "points", "points balance", "balance", "point balance"],
  tier: ["hang", "hang thanh vien", "hang hoi vien", "cap do", "tier", "level", "membership tier"],
  store: ["cua hang", "chi nhanh", "cua hang dang ky", "store", "branch", "shop"],
};

export type HeaderMap = Partial<Record<ImportColumn, number>>;

/** Which column holds what; unknown columns are ignored. The phone column is required, the rest optional. */
export function mapHeader(
  header: readonly string[],
): { ok: true; map: HeaderMap } | { ok: false; problems: Problem<ImportFileProblemCode>[] } {
  const map: HeaderMap = {};
  const problems: Problem<ImportFileProblemCode>[] = [];
  header.forEach((cell, index) => {
    const folded = foldHeader(cell);
    const column = IMPORT_COLUMNS.find((c) => HEADER_NAMES[c].includes(folded));
    if (!column) return;
    if (map[column] !== undefined) problems.push(problem("import_column_duplicate", column, { column: index + 1 }));
    else map[column] = index;
  });
  if (map.phone === undefined) problems.push(problem("import_column_missing", "phone"));
  return problems.length ? { ok: false, problems } : { ok: true, map };
}

/** dd/mm/yyyy (also d/m/yyyy, with - or .), yyyy-mm-dd (ISO, a time after it ignored), or dd/mm without a year. */
export function parseBirthday(value: string): { year: number | null; month: number; day: number } | null {
  const v = value.trim();
  let day: number, month: number, year: number | null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(v);
  if (m) [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v))) [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})[/.-](\d{1,2})$/.exec(v))) [day, month, year] = [Number(m[1]), Number(m[2]), null];
  else return null;
  if (month < 1 || month > 12 || day < 1) return null;
  if (year !== null && year < 1900) return null;
  // 29/02 without a year is a real birthday; with a year it must be a leap year.
  const leap = year === null || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days ? { year, month, day } : null;
}

/** An integer number of points: digits, with thousands separators (1.000, 1,000, 1 000) allowed. */
export function parsePoints(
  value: string,
): { ok: true; points: number } | { ok: false; code: "points_invalid" | "points_negative" | "points_too_large" } {
  const v = value.trim().replace(/[\s\u00A0]/g, "");
  if (v === "") return { ok: true, points: 0 };
  const negative = v.startsWith("-");
  const body = negative ? v.slice(1) : v;
  // Thousands groups of exactly three digits, with one kind of separator; or plain digits (".0" from a spreadsheet number allowed).
  let digits: string | null = null;
  if (/^\d+(?:\.0+)?$/.test(body)) digits = body.replace(/\.0+$/, "");
  else if (/^\d{1,3}(?:\.\d{3})+$/.test(body)) digits = body.replace(/\./g, "");
  else if (/^\d{1,3}(?:,\d{3})+$/.test(body)) digits = body.replace(/,/g, "");
  if (digits === null) return { ok: false, code: "points_invalid" };
  if (negative && /[1-9]/.test(digits)) return { ok: false, code: "points_negative" };
  if (digits.length > 10 || Number(digits) > IMPORT_MAX_POINTS) return { ok: false, code: "points_too_large" };
  return { ok: true, points: Number(digits) };
}

const after = (a: { year: number; month: number; day: number }, b: { year: number; month: number; day: number }) =>
  a.year !== b.year ? a.year > b.year : a.month !== b.month ? a.month > b.month : a.day > b.day;

/**
 * Checks every row. `records` are the file's rows after the header (row numbers count the
 * header as 1, as a spreadsheet shows them). `ambiguousPhones`: phones (84…) that more than one
 * joined member shares (users.phone is not unique): the row cannot say whose opening balance it
 * is, so it is refused (`phone_ambiguous`). A phone ONE joined member has is a good row: the
 * import merges it into that member (decision 0044, addendum).
 */
export function validateImportRows(
  records: readonly (readonly string[])[],
  map: HeaderMap,
  ctx: ImportContext,
  ambiguousPhones: ReadonlySet<string> = new Set(),
): { rows: ImportedRow[]; problems: ImportRowProblem[]; refusedRows: number } {
  const tierByName = new Map<string, TierCode>();
  for (const t of ctx.tiers) {
    tierByName.set(foldHeader(t.code), t.code);
    for (const n of t.names) tierByName.set(foldHeader(n), t.code);
  }
  const storeByName = new Map(ctx.stores.map((s) => [foldHeader(s.name), s.id]));
  const firstRowOf = new Map<string, number>();
  const rows: ImportedRow[] = [];
  const problems: ImportRowProblem[] = [];
  let refusedRows = 0;
  records.forEach((cells, index) => {
    const row = index + 2;
    const mine: ImportRowProblem[] = [];
    const add = (code: ImportRowProblemCode, field: ImportColumn, params: Record<string, number | string> = {}) =>
      mine.push({ code, field, params: { row, ...params } });
    const cell = (c: ImportColumn) => (map[c] === undefined ? "" : (cells[map[c]!] ?? ""));
    for (const c of IMPORT_COLUMNS) if (!isStorableText(cell(c))) add("text_characters", c);
    if (mine.length) {
      problems.push(...mine);
      refusedRows++;
      return;
    }
    const rawPhone = cell("phone").trim();
    // A spreadsheet that stored the number as a number dropped its leading 0 (912345678).
    const phone = rawPhone
      ? (normalizeVnPhone(rawPhone) ?? (/^[1-9]\d{8,9}$/.test(rawPhone) ? normalizeVnPhone(`0${rawPhone}`) : null))
      : null;
    if (!rawPhone) add("phone_missing", "phone");
    else if (!phone) add("phone_invalid", "phone");
    else if (firstRowOf.has(phone)) add("phone_duplicate", "phone", { firstRow: firstRowOf.get(phone)! });
    else {
      firstRowOf.set(phone, row);
      if (ambiguousPhones.has(phone)) add("phone_ambiguous", "phone");
    }
    const name = cleanName(cell("name"));
    if ([...name].length > IMPORT_MAX_NAME) add("name_too_long", "name", { max: IMPORT_MAX_NAME });
    const rawBirthday = cell("birthday").trim();
    const birthday = rawBirthday ? parseBirthday(rawBirthday) : null;
    if (rawBirthday && !birthday) add("birthday_invalid", "birthday");
    else if (birthday?.year != null && after({ ...birthday, year: birthday.year }, ctx.today)) add("birthday_future", "birthday");
    const points = parsePoints(cell("points"));
    if (!points.ok) add(points.code, "points", points.code === "points_too_large" ? { max: IMPORT_MAX_POINTS } : {});
    const rawTier = cell("tier").trim();
    const tier = rawTier ? (tierByName.get(foldHeader(rawTier)) ?? null) : null;
    if (rawTier && !tier) add("tier_unknown", "tier");
    const rawStore = cell("store").trim();
    const storeId = rawStore ? (storeByName.get(foldHeader(rawStore)) ?? null) : null;
    if (rawStore && !storeId) add("store_unknown", "store");
    if (mine.length) {
      problems.push(...mine);
      refusedRows++;
      return;
    }
    rows.push({ row, phone: phone!, name, birthday, points: points.ok ? points.points : 0, tier, storeId });
  });
  return { rows, problems, refusedRows };
}

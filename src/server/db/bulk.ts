/**
 * Set-based statements for many rows at once (campaign materialisation, bulk enqueue): a list of
 * ids as ONE bound parameter (`= any($1::uuid[])`) instead of one parameter per id, and many
 * rows as one JSON parameter read by `jsonb_to_recordset`. Both keep a statement's text and its
 * parameter count fixed whatever the number of rows: drizzle's `inArray` over 10,000 ids binds
 * 10,000 parameters that PostgreSQL parses and plans one by one, and a multi-row VALUES of 10,000
 * messages × 16 columns passes PostgreSQL's 65,535-parameter limit.
 */
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `column = any(<ids as one uuid[] parameter>)`. The ids are checked to be UUIDs, so the array
 * literal holds nothing but hex digits and dashes (a bad id is a programming error: it throws).
 */
export function anyUuid(column: SQLWrapper, ids: readonly string[]): SQL {
  for (const id of ids) if (!UUID.test(id)) throw new Error(`anyUuid: not a uuid: ${JSON.stringify(id)}`);
  return sql`${column} = any(${`{${ids.join(",")}}`}::uuid[])`;
}

/**
 * Column arrays for `unnest(…) as r(a, b, …)`: one bound parameter per column, the cheapest way
 * PostgreSQL reads many rows (no JSON to parse; materialising a campaign writes 100,000 rows so).
 * Each is an array literal: uuids checked like anyUuid, integers checked, texts double-quoted with
 * `\` and `"` escaped (array syntax), so any text travels as itself and nothing in it is ever SQL.
 */
export function uuidArray(ids: readonly string[]): SQL {
  for (const id of ids) if (!UUID.test(id)) throw new Error(`uuidArray: not a uuid: ${JSON.stringify(id)}`);
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}
export function intArray(values: readonly (number | null)[]): SQL {
  for (const v of values) if (v !== null && !Number.isSafeInteger(v)) throw new Error(`intArray: not an integer: ${v}`);
  return sql`${`{${values.map((v) => (v === null ? "NULL" : String(v))).join(",")}}`}::int[]`;
}
export const boolArray = (values: readonly boolean[]): SQL => sql`${`{${values.map((v) => (v ? "t" : "f")).join(",")}}`}::boolean[]`;
export function textArray(values: readonly (string | null)[]): SQL {
  const quoted = values.map((v) => (v === null ? "NULL" : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`));
  return sql`${`{${quoted.join(",")}}`}::text[]`;
}

/** Rows as one jsonb parameter, for `jsonb_to_recordset(${rowsJson(rows)}) as r(col type, …)`. */
export const rowsJson = (rows: readonly object[]): SQL => sql`${JSON.stringify(rows)}::jsonb`;

/**
 * `column in (<texts as one jsonb parameter>)`, for many phone numbers at once: a semi-join
 * PostgreSQL can hash. (`= any(array(…))` over a computed array compares each row with every
 * element: 100,000 phones against 100,000 rows took most of a re-run in bench:import.) The
 * values travel as one bound JSON array, so nothing in them is ever SQL.
 */
export function inTexts(column: SQLWrapper, values: readonly string[]): SQL {
  return sql`${column} in (select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

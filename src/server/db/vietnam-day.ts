import { sql, type SQLWrapper } from "drizzle-orm";
import { DAY_MS, VIETNAM_UTC_OFFSET_MS } from "../../domain/loyalty/vietnam-time";

/**
 * The Vietnam day number of a timestamptz in SQL, as domain/loyalty/vietnam-time vietnamDayNumber
 * counts it (UTC+7, no daylight saving). The constants are written into the text, not sent as
 * parameters: a GROUP BY must see the very expression its SELECT has, and two parameters are two
 * expressions to PostgreSQL.
 */
export const vietnamDayNumberSql = (at: SQLWrapper) =>
  sql`floor((extract(epoch from ${at}) * 1000 + ${sql.raw(String(VIETNAM_UTC_OFFSET_MS))}) / ${sql.raw(String(DAY_MS))})::int`;

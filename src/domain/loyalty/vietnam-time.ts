/**
 * Calendar arithmetic in Vietnam time, for expiry dates that members read as "hết hạn ngày …".
 *
 * Vietnam is UTC+7 all year (Asia/Ho_Chi_Minh has had no DST since 1975), so a fixed offset is
 * exact and we need no time-zone database. Times are epoch milliseconds passed in by the caller
 * (domain rule: the domain never reads the clock); civil dates are derived with pure integer arithmetic
 * (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", civil_from_days / days_from_civil)
 * so results do not depend on the host's time zone.
 */

export const DAY_MS = 86_400_000;
export const VIETNAM_UTC_OFFSET_MS = 7 * 3_600_000;

/** A calendar date; month is 1..12. */
export type CivilDate = { year: number; month: number; day: number };

/** Days since 1970-01-01 of the Vietnam calendar day containing `ms`; equal keys = same day. */
export function vietnamDayNumber(ms: number): number {
  return Math.floor((ms + VIETNAM_UTC_OFFSET_MS) / DAY_MS);
}

function civilFromDays(days: number): CivilDate {
  // Hinnant civil_from_days: eras of 400 years (146 097 days) starting 0000-03-01.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

function daysFromCivil({ year, month, day }: CivilDate): number {
  // Hinnant days_from_civil, the inverse of civilFromDays.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The Vietnam calendar date of the instant `ms`. */
export function vietnamDate(ms: number): CivilDate {
  return civilFromDays(vietnamDayNumber(ms));
}

/** "2026-03-07": a civil date as ISO 8601 text (sorts as text; what a date input and a file name take). */
export function civilDateText({ year, month, day }: CivilDate): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** 00:00 Vietnam time of Vietnam day number `day` (vietnamDayNumber), as epoch ms. */
export function startOfVietnamDayNumber(day: number): number {
  return day * DAY_MS - VIETNAM_UTC_OFFSET_MS;
}

/** 23:59:59.999 Vietnam time on `date`, as epoch ms. */
export function endOfVietnamDate(date: CivilDate): number {
  return (daysFromCivil(date) + 1) * DAY_MS - VIETNAM_UTC_OFFSET_MS - 1;
}

/** 23:59:59.999 Vietnam time on the Vietnam day containing `ms`. */
export function endOfVietnamDay(ms: number): number {
  return (vietnamDayNumber(ms) + 1) * DAY_MS - VIETNAM_UTC_OFFSET_MS - 1;
}

/**
 * `date` moved by `months` calendar months, clamping the day to the target month's length
 * (31 Jan + 1 month = 28 Feb, or 29 Feb in a leap year): a member who earned on the 31st must
 * not get a date that silently rolls into the following month.
 */
export function addMonthsClamped(date: CivilDate, months: number): CivilDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** `date` moved by `days` calendar days. */
export function addDays(date: CivilDate, days: number): CivilDate {
  return civilFromDays(daysFromCivil(date) + days);
}

/**
 * Visits, repeat visits, cohort retention and churn, derived from the points ledger (issue 13,
 * "Retention and churn beside them"). Pure: times are epoch ms passed in; days and months are
 * Vietnam calendar days and months (UTC+7, vietnam-time.ts), the calendar the brand reads.
 *
 * What a visit is (docs/decisions/0025-visits-from-the-ledger.md):
 * - an `earn` at the counter (it has a store) that was not reversed: a reversal says the earn
 *   was a mistake (wrong member, wrong bill), so it is no evidence of that member's visit;
 * - at most one visit per member, per store, per Vietnam day: two receipts at the same till on
 *   the same afternoon are one visit; the same member in two stores that day is two visits.
 *
 * The server computes these figures in SQL (a brand may have a million ledger rows); the
 * functions here are the definition the SQL is tested against, and they shape its counts.
 */
import { addMonthsClamped, civilDateText, vietnamDate, vietnamDayNumber, type CivilDate } from "../loyalty/vietnam-time";

/** An earn as the ledger holds it. */
export type EarnEvent = { memberId: string; storeId: string | null; at: number; reversed?: boolean };

/** One member at one store on one Vietnam day (`day`: vietnamDayNumber). */
export type Visit = { memberId: string; storeId: string; day: number };

export const DEFAULT_CHURN_DAYS = 90;
export const DEFAULT_PERIOD_DAYS = 90;
export const DEFAULT_COHORT_MONTHS = 12;

/** Earns → visits, one per (member, store, Vietnam day), in the order first seen. */
export function visitsFromEarns(earns: readonly EarnEvent[]): Visit[] {
  const seen = new Set<string>();
  const visits: Visit[] = [];
  for (const e of earns) {
    if (e.reversed || e.storeId === null) continue;
    const day = vietnamDayNumber(e.at);
    const key = `${e.memberId}|${e.storeId}|${day}`;
    if (seen.has(key)) continue;
    seen.add(key);
    visits.push({ memberId: e.memberId, storeId: e.storeId, day });
  }
  return visits;
}

/**
 * The period "the last `days` Vietnam days", today included: [firstDay, lastDay] as day
 * numbers, and the instants that bound it ([fromMs, toMs), toMs the start of tomorrow).
 */
export function lastDaysPeriod(now: number, days: number) {
  const lastDay = vietnamDayNumber(now);
  const firstDay = lastDay - days + 1;
  return {
    firstDay,
    lastDay,
    fromMs: dayStartMs(firstDay),
    toMs: dayStartMs(lastDay + 1),
    from: civilDateText(vietnamDate(dayStartMs(firstDay))),
    to: civilDateText(vietnamDate(dayStartMs(lastDay))),
  };
}

/** 00:00 Vietnam time of a Vietnam day number, as epoch ms. */
export function dayStartMs(day: number): number {
  return day * 86_400_000 - 7 * 3_600_000;
}

export type RepeatFigures = { members: number; repeaters: number };

/**
 * Members with at least one visit in [firstDay, lastDay] and, of them, those with two or more
 * (two visits on one day at two stores count: they are two visits).
 */
export function repeatFigures(visits: readonly Visit[], firstDay: number, lastDay: number): RepeatFigures {
  const counts = new Map<string, number>();
  for (const v of visits) if (v.day >= firstDay && v.day <= lastDay) counts.set(v.memberId, (counts.get(v.memberId) ?? 0) + 1);
  let repeaters = 0;
  for (const n of counts.values()) if (n >= 2) repeaters++;
  return { members: counts.size, repeaters };
}

/** part / whole as a percentage, 0 when there is no whole (nothing to divide is not 100%). */
export function percent(part: number, whole: number): number {
  return whole > 0 ? (part / whole) * 100 : 0;
}

/** "2026-03": the Vietnam month of a day number. */
export function monthOfDay(day: number): string {
  const d = vietnamDate(dayStartMs(day));
  return monthText(d);
}

const monthText = (d: { year: number; month: number }) => `${d.year}-${String(d.month).padStart(2, "0")}`;

/** Months from `from` to `to` ("YYYY-MM"), negative when `to` is earlier. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

/** The month `months` after `month` ("YYYY-MM"). */
export function addMonths(month: string, months: number): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const d: CivilDate = addMonthsClamped({ year, month: m, day: 1 }, months);
  return monthText(d);
}

/** How many members of cohort `cohort` (month of first visit) visited in `month`. */
export type CohortCount = { cohort: string; month: string; members: number };

/** From visits: the counts the SQL computes (every month of every cohort, all time). */
export function cohortCounts(visits: readonly Visit[]): CohortCount[] {
  const first = new Map<string, number>();
  for (const v of visits) first.set(v.memberId, Math.min(first.get(v.memberId) ?? Infinity, v.day));
  const cells = new Map<string, Set<string>>();
  for (const v of visits) {
    const key = `${monthOfDay(first.get(v.memberId)!)}|${monthOfDay(v.day)}`;
    let members = cells.get(key);
    if (!members) cells.set(key, (members = new Set()));
    members.add(v.memberId);
  }
  return [...cells.entries()]
    .map(([key, members]) => {
      const [cohort, month] = key.split("|") as [string, string];
      return { cohort, month, members: members.size };
    })
    .sort((a, b) => a.cohort.localeCompare(b.cohort) || a.month.localeCompare(b.month));
}

export type CohortRow = {
  /** "YYYY-MM", the Vietnam month of the members' first visit. */
  cohort: string;
  /** Members whose first visit was in that month. */
  size: number;
  /** cells[k]: members of the cohort with a visit in month cohort+k, k = 0 .. up to the current month. */
  cells: number[];
};

/**
 * The retention grid for the last `months` cohorts up to the month of `now` (oldest first),
 * every month listed even when nobody started then (size 0, cells of 0). Cell 0 is the cohort's
 * size (everyone visited in their first month); the grid is a triangle, the latest cohort has one cell.
 */
export function cohortGrid(counts: readonly CohortCount[], now: number, months: number): CohortRow[] {
  const current = monthOfDay(vietnamDayNumber(now));
  const byKey = new Map(counts.map((c) => [`${c.cohort}|${c.month}`, c.members]));
  const rows: CohortRow[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const cohort = addMonths(current, -i);
    const cells: number[] = [];
    for (let k = 0; k <= i; k++) cells.push(byKey.get(`${cohort}|${addMonths(cohort, k)}`) ?? 0);
    rows.push({ cohort, size: cells[0] ?? 0, cells });
  }
  return rows;
}

/**
 * Churned: members with a visit ever whose latest visit is `days` or more Vietnam days before
 * today (no visit in the last `days` days, today included). Members who never visited are not
 * churned: they were never customers at the counter.
 */
export function isChurned(lastVisitDay: number, now: number, days: number = DEFAULT_CHURN_DAYS): boolean {
  return vietnamDayNumber(now) - lastVisitDay >= days;
}

/** The churn count over visits: members who ever visited, and how many of them churned. */
export function churnFigures(visits: readonly Visit[], now: number, days: number = DEFAULT_CHURN_DAYS) {
  const last = new Map<string, number>();
  const today = vietnamDayNumber(now);
  for (const v of visits) if (v.day <= today) last.set(v.memberId, Math.max(last.get(v.memberId) ?? -Infinity, v.day));
  let churned = 0;
  for (const day of last.values()) if (isChurned(day, now, days)) churned++;
  return { everVisited: last.size, churned };
}

/**
 * Weekly buckets counted back from today: bucket weeks-1 is the last 7 days (today included),
 * bucket 0 the oldest. Rolling weeks rather than calendar weeks, so every bucket is a full
 * seven days and the latest one is not a stub on a Monday.
 */
export function weekIndex(day: number, today: number, weeks: number): number | null {
  const back = Math.floor((today - day) / 7);
  return back >= 0 && back < weeks ? weeks - 1 - back : null;
}

/** The number of weekly buckets for a period of `days` days. */
export const weeksFor = (days: number) => Math.ceil(days / 7);

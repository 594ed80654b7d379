/**
 * The daily check-in (issue 14; docs/decisions/0032-checkin-and-referrals.md).
 *
 * One check-in per member per Vietnam calendar day (UTC+7, vietnam-time.ts): the brand's day is
 * the day the member lives in, so 23:59:59.999 and 00:00:00.000 Vietnam time are two days
 * whatever the server's zone. Consecutive days make a streak; a day without a check-in resets
 * it to 1 on the next check-in. Points follow the streak's day in a 7-day cycle (configurable per
 * day); after day 7 the cycle starts again at day 1 while the streak keeps counting (day 8 of a
 * streak pays day 1's points, and the member still sees "8 days in a row").
 *
 * Pure: days are Vietnam day numbers (vietnamDayNumber) or civil dates, time is passed in.
 */
import { problem, type Problem } from "../problems";
import { addDays, civilDateText, vietnamDate, vietnamDayNumber, type CivilDate } from "../loyalty/vietnam-time";

export const CHECKIN_CYCLE_DAYS = 7;
/** A ceiling that keeps a typo (50000 for 50) from paying a fortune every day. */
export const CHECKIN_MAX_POINTS_PER_DAY = 10_000;

export type CheckinConfig = {
  enabled: boolean;
  /** Points for day 1..7 of the cycle: exactly 7 integers in 0..CHECKIN_MAX_POINTS_PER_DAY. */
  pointsPerDay: readonly number[];
};

export const DEFAULT_CHECKIN_CONFIG: CheckinConfig = { enabled: false, pointsPerDay: [5, 5, 10, 10, 15, 15, 30] };

export type CheckinConfigProblemCode = "checkin_days_count" | "checkin_points_invalid" | "checkin_points_too_high";

/** Problems of a configuration a manager wants to save (field: "pointsPerDay.<i>"). */
export function validateCheckinConfig(config: { enabled: boolean; pointsPerDay: readonly unknown[] }): Problem<CheckinConfigProblemCode>[] {
  const out: Problem<CheckinConfigProblemCode>[] = [];
  if (config.pointsPerDay.length !== CHECKIN_CYCLE_DAYS)
    return [problem("checkin_days_count", "pointsPerDay", { count: CHECKIN_CYCLE_DAYS })];
  config.pointsPerDay.forEach((p, i) => {
    if (typeof p !== "number" || !Number.isSafeInteger(p) || p < 0) out.push(problem("checkin_points_invalid", `pointsPerDay.${i}`));
    else if (p > CHECKIN_MAX_POINTS_PER_DAY)
      out.push(problem("checkin_points_too_high", `pointsPerDay.${i}`, { max: CHECKIN_MAX_POINTS_PER_DAY }));
  });
  return out;
}

/** A past check-in as the server stores it: the Vietnam day number and the streak it made. */
export type PastCheckin = { day: number; streak: number };

/** Day 1..7 of the cycle for the n-th day of a streak (n ≥ 1): 1..7, then 1..7 again. */
export function cycleDayOf(streak: number): number {
  return ((streak - 1) % CHECKIN_CYCLE_DAYS) + 1;
}

export function pointsForStreak(config: CheckinConfig, streak: number): number {
  return config.pointsPerDay[cycleDayOf(streak) - 1] ?? 0;
}

export type CheckinDecision =
  | { ok: true; day: number; date: string; streak: number; cycleDay: number; points: number }
  | { ok: false; reason: "already_today" | "disabled" };

/**
 * Whether a check-in at `now` is taken, given the member's latest check-in, and what it makes.
 * A latest check-in in the future (a clock set back) counts as today: never a second one.
 */
export function decideCheckin(config: CheckinConfig, latest: PastCheckin | null, now: number): CheckinDecision {
  if (!config.enabled) return { ok: false, reason: "disabled" };
  const today = vietnamDayNumber(now);
  if (latest && latest.day >= today) return { ok: false, reason: "already_today" };
  const streak = latest && latest.day === today - 1 ? latest.streak + 1 : 1;
  return {
    ok: true,
    day: today,
    date: civilDateText(vietnamDate(now)),
    streak,
    cycleDay: cycleDayOf(streak),
    points: pointsForStreak(config, streak),
  };
}

export const SLOT_STATUSES = ["checked", "missed", "today_open", "today_done", "upcoming"] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];
export type CycleSlot = { cycleDay: number; date: string; points: number; status: SlotStatus };
export type WeekDay = { date: string; status: SlotStatus };

export type CheckinView = {
  enabled: boolean;
  today: string;
  checkedToday: boolean;
  /** The streak as it stands: today's if checked in, yesterday's if it is still alive, else 0. */
  streak: number;
  /** The cycle day today is (or would be, if the member checks in now). */
  todayCycleDay: number;
  /** The points today's check-in gave, or would give. */
  todayPoints: number;
  /** The member had a streak and missed a day: the next check-in starts again at day 1. */
  streakBroken: boolean;
  /** The current 7-day cycle: checked days before today, today, upcoming days with their points. */
  cycle: CycleSlot[];
  /** The last 7 Vietnam calendar days, oldest first, checked or missed, ending with today. */
  week: WeekDay[];
};

/**
 * The calendar the Mini App draws. `recent` is the member's check-ins of (at least) the last
 * 7 days, any order; `latest` among them decides the streak.
 */
export function checkinView(config: CheckinConfig, recent: readonly PastCheckin[], now: number): CheckinView {
  const today = vietnamDayNumber(now);
  const todayDate = vietnamDate(now);
  const latest = recent.reduce<PastCheckin | null>((a, c) => (a === null || c.day > a.day ? c : a), null);
  const checkedToday = latest !== null && latest.day >= today;
  const alive = latest !== null && latest.day === today - 1;
  const streak = checkedToday ? latest!.streak : alive ? latest!.streak : 0;
  const todayStreak = checkedToday ? latest!.streak : alive ? latest!.streak + 1 : 1;
  const todayCycleDay = cycleDayOf(todayStreak);
  const dateAt = (offset: number): string => civilDateText(addDays(todayDate as CivilDate, offset));
  const cycle: CycleSlot[] = [];
  for (let d = 1; d <= CHECKIN_CYCLE_DAYS; d++) {
    const offset = d - todayCycleDay;
    const status: SlotStatus = offset < 0 ? "checked" : offset === 0 ? (checkedToday ? "today_done" : "today_open") : "upcoming";
    cycle.push({ cycleDay: d, date: dateAt(offset), points: pointsForStreak(config, todayStreak + offset), status });
  }
  const days = new Set(recent.map((c) => c.day));
  const week: WeekDay[] = [];
  for (let offset = -(CHECKIN_CYCLE_DAYS - 1); offset <= 0; offset++) {
    const status: SlotStatus =
      offset === 0 ? (checkedToday ? "today_done" : "today_open") : days.has(today + offset) ? "checked" : "missed";
    week.push({ date: dateAt(offset), status });
  }
  return {
    enabled: config.enabled,
    today: civilDateText(todayDate),
    checkedToday,
    streak,
    todayCycleDay,
    todayPoints: pointsForStreak(config, todayStreak),
    streakBroken: !checkedToday && !alive && latest !== null,
    cycle,
    week,
  };
}

/** Streak lengths bucketed for the console: 1..7 by day, then "8+" (keys "1".."7", "8+"). */
export function streakBucket(streak: number): string {
  return streak >= CHECKIN_CYCLE_DAYS + 1 ? `${CHECKIN_CYCLE_DAYS + 1}+` : String(streak);
}

/** Check-in in the console: the brand's configuration (managers write, audited) and results. */
import { eq, sql } from "drizzle-orm";
import type { CheckinConfigSchema, CheckinResults, ConsoleCheckinConfig } from "../../../contract/checkin";
import { DEFAULT_CHECKIN_CONFIG, streakBucket, validateCheckinConfig, CHECKIN_CYCLE_DAYS } from "../../../domain/game/checkin";
import { addDays, civilDateText, vietnamDate } from "../../../domain/loyalty/vietnam-time";
import { queryRows, type Db } from "../../db/client";
import { auditEvents, checkinSettings, users } from "../../db/schema";
import type { Auth } from "../../http/context";
import type { Issue } from "../../http/errors";

export async function consoleCheckinConfig(db: Db, brandId: string): Promise<ConsoleCheckinConfig> {
  const [row] = await db
    .select({
      enabled: checkinSettings.enabled,
      pointsPerDay: checkinSettings.pointsPerDay,
      updatedAt: checkinSettings.updatedAt,
      updatedBy: users.displayName,
    })
    .from(checkinSettings)
    .leftJoin(users, eq(users.id, checkinSettings.updatedBy))
    .where(eq(checkinSettings.brandId, brandId));
  if (!row) return { ...DEFAULT_CHECKIN_CONFIG, pointsPerDay: [...DEFAULT_CHECKIN_CONFIG.pointsPerDay], updatedAt: null, updatedBy: null };
  return { ...row, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy ?? null };
}

export type SaveConfigOutcome<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** Saves the configuration and its audit row (the values before and after) in one transaction. */
export async function saveCheckinConfig(
  db: Db,
  now: number,
  auth: Auth,
  input: CheckinConfigSchema,
): Promise<SaveConfigOutcome<ConsoleCheckinConfig>> {
  const issues = validateCheckinConfig(input);
  if (issues.length) return { ok: false, issues };
  const before = await consoleCheckinConfig(db, auth.brandId);
  const at = new Date(now);
  await db.transaction(async (tx) => {
    const values = { enabled: input.enabled, pointsPerDay: input.pointsPerDay, updatedAt: at, updatedBy: auth.userId };
    await tx
      .insert(checkinSettings)
      .values({ brandId: auth.brandId, ...values })
      .onConflictDoUpdate({ target: checkinSettings.brandId, set: values });
    await tx.insert(auditEvents).values({
      brandId: auth.brandId,
      actorId: auth.userId,
      action: "checkin_config_changed",
      subjectId: auth.brandId,
      at,
      detail: {
        enabledBefore: before.enabled,
        enabledAfter: input.enabled,
        pointsPerDayBefore: before.pointsPerDay.join(","),
        pointsPerDayAfter: input.pointsPerDay.join(","),
      },
    });
  });
  return { ok: true, value: await consoleCheckinConfig(db, auth.brandId) };
}

const DEFAULT_PERIOD_DAYS = 30;
/** A period longer than this is cut to its last days (one row per day in the answer). */
const MAX_PERIOD_DAYS = 366;

/** The period asked for, in Vietnam dates: by default the last 30 days up to today. */
export function periodOf(now: number, q: { from?: string; to?: string }): { from: string; to: string; days: string[] } {
  const today = vietnamDate(now);
  const to = q.to ?? civilDateText(today);
  const toDate = parseDate(to);
  let from = q.from ?? civilDateText(addDays(toDate, -(DEFAULT_PERIOD_DAYS - 1)));
  if (from < civilDateText(addDays(toDate, -(MAX_PERIOD_DAYS - 1)))) from = civilDateText(addDays(toDate, -(MAX_PERIOD_DAYS - 1)));
  const days: string[] = [];
  for (let d = parseDate(from); civilDateText(d) <= to; d = addDays(d, 1)) days.push(civilDateText(d));
  return { from, to, days };
}

function parseDate(text: string) {
  const [year, month, day] = text.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}

export async function checkinResults(db: Db, now: number, brandId: string, q: { from?: string; to?: string }): Promise<CheckinResults> {
  const { from, to, days } = periodOf(now, q);
  const perDayRows = await queryRows<{ day: string; checkins: string | number; points: string | number }>(
    db,
    sql`select to_char(day, 'YYYY-MM-DD') as day, count(*) as checkins, coalesce(sum(points), 0) as points
        from checkins where brand_id = ${brandId} and day between ${from} and ${to} group by day`,
  );
  const byDay = new Map(perDayRows.map((r) => [r.day, r]));
  const perDay = days.map((date) => {
    const r = byDay.get(date);
    return { date, checkins: Number(r?.checkins ?? 0), points: Number(r?.points ?? 0) };
  });
  const streakRows = await queryRows<{ streak: number; members: string | number }>(
    db,
    sql`select streak, count(*) as members from (
          select member_id, max(streak) as streak from checkins
          where brand_id = ${brandId} and day between ${from} and ${to} group by member_id) s
        group by streak`,
  );
  const buckets = new Map<string, number>();
  for (let d = 1; d <= CHECKIN_CYCLE_DAYS + 1; d++) buckets.set(streakBucket(d), 0);
  for (const r of streakRows) {
    const key = streakBucket(Number(r.streak));
    buckets.set(key, buckets.get(key)! + Number(r.members));
  }
  const today = vietnamDate(now);
  const yesterday = civilDateText(addDays(today, -1));
  const [active] = await queryRows<{ n: string | number }>(
    db,
    sql`select count(distinct member_id) as n from checkins where brand_id = ${brandId} and day between ${yesterday} and ${civilDateText(today)}`,
  );
  const totals = {
    checkins: perDay.reduce((a, d) => a + d.checkins, 0),
    points: perDay.reduce((a, d) => a + d.points, 0),
    members: [...buckets.values()].reduce((a, n) => a + n, 0),
  };
  return {
    from,
    to,
    totals,
    perDay,
    streaks: [...buckets].map(([bucket, members]) => ({ bucket, members })),
    activeStreaks: Number(active?.n ?? 0),
  };
}

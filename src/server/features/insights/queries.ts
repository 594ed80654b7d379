/**
 * Retention and the store loop view, aggregated in the database: a brand may hold a million
 * ledger rows, so nothing here loads them; each read is one grouped statement over the brand's
 * earns (index ledger_earn_time_idx) whose answer is at most a row per store, scanner, week or
 * cohort cell. What a visit is and how the figures are defined: domain/insights/retention.ts
 * (the API tests check these statements against it on a hand-computed dataset).
 */
import { eq, sql, type SQL } from "drizzle-orm";
import { vietnamDayNumberSql } from "../../db/vietnam-day";
import { NOT_MEASURED, type Retention, type ScannerLoopRow, type StoreLoop, type StoreLoopRow } from "../../../contract/insights";
import {
  addMonths,
  cohortGrid,
  lastDaysPeriod,
  monthOfDay,
  weeksFor,
  dayStartMs,
  type CohortCount,
} from "../../../domain/insights/retention";
import { civilDateText, vietnamDate, vietnamDayNumber } from "../../../domain/loyalty/vietnam-time";
import { estimatedCostVnd, znsPrices as pricesOf } from "../../../domain/messaging/zns-prices";
import type { ZnsTag } from "../../../domain/messaging/zns-template";
import { scoreFromCounts, sentimentRanges, type ScoreCounts } from "../../../domain/surveys/dashboard";
import type { SurveyKind } from "../../../domain/surveys/kinds";
import { queryRows, type Db } from "../../db/client";
import { stores, users, znsPrices } from "../../db/schema";
import { caseCountsByScanner, caseCountsByStore } from "../cases/case-counts";
import { openPointsByStoreAndActor } from "../loyalty/console-queries";

const iso = (ms: number) => new Date(ms).toISOString();

/** The Vietnam day number of an entry, as domain/loyalty/vietnam-time vietnamDayNumber computes it. */
const vietnamDay = vietnamDayNumberSql(sql`e.occurred_at`);

/**
 * The brand's earns at a counter in [fromMs, toMs) that were not reversed (a reversal says the
 * earn was a mistake, so it is no visit and issued nothing), as rows of the statement's FROM.
 */
function earns(brandId: string, fromMs: number | null, toMs: number, columns: SQL): SQL {
  return sql`select ${columns}
    from ledger_entries e
    where e.brand_id = ${brandId} and e.kind = 'earn' and e.store_id is not null
      ${fromMs === null ? sql`` : sql`and e.occurred_at >= ${iso(fromMs)}::timestamptz`}
      and e.occurred_at < ${iso(toMs)}::timestamptz
      and not exists (select 1 from ledger_entries r where r.kind = 'reversal' and r.ref_entry_id = e.id)`;
}

export async function retention(
  db: Db,
  brandId: string,
  now: number,
  q: { days: number; churnDays: number; months: number },
): Promise<Retention> {
  const period = lastDaysPeriod(now, q.days);
  const today = vietnamDayNumber(now);

  const [repeat] = await queryRows<{ members: number; repeaters: number }>(
    db,
    sql`select count(*)::int as members, (count(*) filter (where n >= 2))::int as repeaters
      from (select member_id, count(*) as n
            from (${earns(brandId, period.fromMs, period.toMs, sql`distinct e.member_id, e.store_id, ${vietnamDay} as day`)}) v
            group by member_id) m`,
  );

  // Cohorts: each member's first month over all time, then the months they came back in.
  const firstCohort = addMonths(monthOfDay(today), -(q.months - 1));
  const vietnamMonth = sql`to_char(e.occurred_at at time zone 'UTC' + interval '7 hours', 'YYYY-MM')`;
  const counts = await queryRows<CohortCount>(
    db,
    sql`with v as (${earns(brandId, null, period.toMs, sql`distinct e.member_id, ${vietnamMonth} as month`)}),
      f as (select member_id, min(month) as cohort from v group by member_id)
      select f.cohort as cohort, v.month as month, count(*)::int as members
      from v join f on f.member_id = v.member_id
      where f.cohort >= ${firstCohort}
      group by f.cohort, v.month`,
  );

  const lastVisits = sql`select member_id, max(day) as last_day
    from (${earns(brandId, null, period.toMs, sql`e.member_id, ${vietnamDay} as day`)}) v
    group by member_id`;
  const churnedBy = today - q.churnDays;
  const [churn] = await queryRows<{ ever: number; churned: number }>(
    db,
    sql`select count(*)::int as ever, (count(*) filter (where last_day <= ${churnedBy}))::int as churned from (${lastVisits}) m`,
  );
  // The NPS of members still coming vs churned: their current NPS answers, counted per band here
  // and scored by the survey core's domain.
  const nps = sentimentRanges("nps");
  const voice = await queryRows<{ churned: boolean; n: number; positive: number; negative: number; sum: number }>(
    db,
    sql`select m.last_day <= ${churnedBy} as churned, count(*)::int as n,
        (count(*) filter (where a.score between ${nps.positive.min} and ${nps.positive.max}))::int as positive,
        (count(*) filter (where a.score between ${nps.negative.min} and ${nps.negative.max}))::int as negative,
        coalesce(sum(a.score), 0)::int as sum
      from survey_answers a join (${lastVisits}) m on m.member_id = a.member_id
      where a.brand_id = ${brandId} and a.kind = 'nps' and a.superseded_at is null and a.answered_at < ${iso(period.toMs)}::timestamptz
      group by 1`,
  );
  const npsOf = (churned: boolean) => {
    const row = voice.find((r) => r.churned === churned);
    const counts = { n: row?.n ?? 0, positive: row?.positive ?? 0, negative: row?.negative ?? 0, sum: row?.sum ?? 0 };
    return { nps: scoreFromCounts("nps", counts).score, responses: counts.n };
  };

  return {
    period: { days: q.days, from: period.from, to: period.to },
    repeat: { members: repeat?.members ?? 0, repeaters: repeat?.repeaters ?? 0 },
    cohorts: cohortGrid(counts, now, q.months),
    churn: { days: q.churnDays, everVisited: churn?.ever ?? 0, churned: churn?.churned ?? 0 },
    npsByChurn: { retained: npsOf(false), churned: npsOf(true) },
  };
}

type Key = string;
const keyOf = (storeId: string, actorId: string | null): Key => `${storeId}|${actorId ?? ""}`;

/** The messages an earn caused carry `points_updated:<entry id>` (messaging/enqueue.ts). */
const POINTS_UPDATED = "points_updated:";

export async function storeLoop(db: Db, brandId: string, now: number, q: { days: number }): Promise<StoreLoop> {
  const period = lastDaysPeriod(now, q.days);
  const today = period.lastDay;
  const weeks = weeksFor(q.days);
  // The sparkline's window: whole weeks back from today (a little longer than the period when
  // the period is not a whole number of weeks).
  const windowFromMs = dayStartMs(today - weeks * 7 + 1);
  const fromMs = Math.min(windowFromMs, period.fromMs);

  const weekly = await queryRows<{ store_id: string; actor_id: string | null; back: number; points: string; in_period: string | null }>(
    db,
    sql`select store_id, actor_id, (${today}::int - day) / 7 as back, sum(points) as points,
        sum(points) filter (where day >= ${period.firstDay}) as in_period
      from (${earns(brandId, fromMs, period.toMs, sql`e.store_id, e.actor_id, e.points, ${vietnamDay} as day`)}) x
      group by store_id, actor_id, back`,
  );

  const visitsInPeriod = earns(brandId, period.fromMs, period.toMs, sql`e.store_id, e.actor_id, e.member_id, ${vietnamDay} as day`);
  const byStore = await queryRows<{ store_id: string; active: number; repeaters: number }>(
    db,
    sql`select store_id, count(*)::int as active, (count(*) filter (where n >= 2))::int as repeaters
      from (select store_id, member_id, count(distinct day) as n from (${visitsInPeriod}) v group by store_id, member_id) m
      group by store_id`,
  );
  const byScanner = await queryRows<{ store_id: string; actor_id: string | null; active: number; repeaters: number }>(
    db,
    sql`select store_id, actor_id, count(*)::int as active, (count(*) filter (where n >= 2))::int as repeaters
      from (select store_id, actor_id, member_id, count(distinct day) as n from (${visitsInPeriod}) v
            group by store_id, actor_id, member_id) m
      group by store_id, actor_id`,
  );

  // Messages sent in the period: the brand's all, and those an earn caused, by the earn's store
  // and person. The key is checked before the cast, so a key of another shape is never cast.
  const sentInPeriod = sql`m.brand_id = ${brandId} and m.status in ('sent', 'delivered') and not m.dev_mode
    and m.sent_at >= ${iso(period.fromMs)}::timestamptz and m.sent_at < ${iso(period.toMs)}::timestamptz`;
  const brandMessages = await queryRows<{ tag: ZnsTag; n: number }>(
    db,
    sql`select m.tag as tag, count(*)::int as n from messages m where ${sentInPeriod} group by m.tag`,
  );
  const earnMessages = await queryRows<{ store_id: string | null; actor_id: string | null; tag: ZnsTag; n: number }>(
    db,
    sql`select e.store_id, e.actor_id, m.tag as tag, count(*)::int as n
      from messages m
      join ledger_entries e on e.id = (case when m.dedupe_key ~ ${`^${POINTS_UPDATED}[0-9a-f-]{36}$`}
                                       then substr(m.dedupe_key, ${POINTS_UPDATED.length + 1})::uuid end)
      where ${sentInPeriod} and m.source = 'trigger:points_updated' and e.kind = 'earn' and e.brand_id = ${brandId}
      group by e.store_id, e.actor_id, m.tag`,
  );

  const voice = await voiceByStoreAndScanner(db, brandId, period.fromMs, period.toMs);

  const prices = pricesOf(
    await db.select({ tag: znsPrices.tag, vnd: znsPrices.vndPerMessage }).from(znsPrices).where(eq(znsPrices.brandId, brandId)),
  );
  const open = await openPointsByStoreAndActor(db, brandId);
  const cases = await caseCountsByStore(db, brandId, now);
  const scannerCases = await caseCountsByScanner(db, brandId, now);
  const storeRows = await db.select({ id: stores.id, name: stores.name }).from(stores).where(eq(stores.brandId, brandId));
  const storeName = new Map(storeRows.map((s) => [s.id, s.name]));

  // Assemble: scanner rows keyed by store|actor, store rows by store.
  const blank = () => ({
    pointsIssued: 0,
    liability: 0,
    messagesSent: 0,
    costVnd: 0,
    activeMembers: 0,
    repeaters: 0,
    weekly: Array.from({ length: weeks }, () => 0),
    ...NOT_MEASURED,
  });
  type Figures = ReturnType<typeof blank>;
  const scanners = new Map<Key, Figures & { storeId: string; actorId: string | null }>();
  const byStoreFigures = new Map<string, Figures>(storeRows.map((s) => [s.id, blank()]));
  const storeOf = (storeId: string) => {
    let f = byStoreFigures.get(storeId);
    if (!f) byStoreFigures.set(storeId, (f = blank()));
    return f;
  };
  const scannerOf = (storeId: string, actorId: string | null) => {
    const key = keyOf(storeId, actorId);
    let f = scanners.get(key);
    if (!f) scanners.set(key, (f = { ...blank(), storeId, actorId }));
    return f;
  };

  for (const r of weekly) {
    const points = Number(r.points);
    const inPeriod = Number(r.in_period ?? 0);
    const bucket = weeks - 1 - Number(r.back);
    for (const f of [storeOf(r.store_id), scannerOf(r.store_id, r.actor_id)]) {
      f.pointsIssued += inPeriod;
      if (bucket >= 0 && bucket < weeks) f.weekly[bucket] = (f.weekly[bucket] ?? 0) + points;
    }
  }
  for (const r of byStore) Object.assign(storeOf(r.store_id), { activeMembers: r.active, repeaters: r.repeaters });
  // Cases are counted now, not over the period (an open case is today's work): every store has
  // a count, 0 when none is open. A scanner's row counts the cases whose answer was about an
  // earn they scanned (the manager closes them; the count says where the low scores come from).
  for (const f of byStoreFigures.values()) Object.assign(f, { openCases: 0, overdueCases: 0 });
  for (const r of cases) {
    if (r.storeId === null) continue;
    Object.assign(storeOf(r.storeId), { openCases: r.open, overdueCases: r.overdue });
  }
  for (const r of byScanner) Object.assign(scannerOf(r.store_id, r.actor_id), { activeMembers: r.active, repeaters: r.repeaters });
  for (const r of scannerCases) Object.assign(scannerOf(r.storeId, r.actorId), { openCases: r.open, overdueCases: r.overdue });
  for (const r of open) {
    if (r.storeId === null) continue;
    storeOf(r.storeId).liability += r.points;
    scannerOf(r.storeId, r.actorId).liability += r.points;
  }
  for (const r of earnMessages) {
    if (r.store_id === null) continue;
    const cost = estimatedCostVnd({ [r.tag]: r.n }, prices);
    for (const f of [storeOf(r.store_id), scannerOf(r.store_id, r.actor_id)]) {
      f.messagesSent += r.n;
      f.costVnd += cost;
    }
  }

  for (const r of voice) {
    const f = r.actor === undefined ? storeOf(r.storeId) : scannerOf(r.storeId, r.actor);
    const score = scoreFromCounts(r.kind, r).score;
    if (r.kind === "nps") Object.assign(f, { nps: score, npsResponses: r.n });
    else Object.assign(f, { csat: score, csatResponses: r.n });
  }

  // Every scanner row exists now (earns, liability, messages, voice): 0 cases where none is open.
  for (const f of scanners.values()) if (f.openCases === null) Object.assign(f, { openCases: 0, overdueCases: 0 });

  const actorIds = [...new Set([...scanners.values()].map((s) => s.actorId).filter((id): id is string => id !== null))];
  const names = new Map(
    actorIds.length === 0
      ? []
      : (
          await db
            .select({ id: users.id, name: users.displayName })
            .from(users)
            .where(
              sql`${users.id} in (${sql.join(
                actorIds.map((id) => sql`${id}::uuid`),
                sql`, `,
              )})`,
            )
        ).map((u) => [u.id, u.name]),
  );

  const storeList: StoreLoopRow[] = [...byStoreFigures.entries()]
    .map(([storeId, f]) => ({ storeId, storeName: storeName.get(storeId) ?? "", ...f }))
    .sort((a, b) => a.storeName.localeCompare(b.storeName, "vi"));
  const scannerList: ScannerLoopRow[] = [...scanners.values()]
    .map(({ actorId, storeId, ...f }) => ({
      userId: actorId,
      name: actorId ? (names.get(actorId) ?? null) : null,
      storeId,
      storeName: storeName.get(storeId) ?? "",
      ...f,
    }))
    .sort((a, b) => a.storeName.localeCompare(b.storeName, "vi") || (a.name ?? "").localeCompare(b.name ?? "", "vi"));

  const brandCounts = Object.fromEntries(brandMessages.map((r) => [r.tag, r.n])) as Partial<Record<ZnsTag, number>>;
  return {
    period: { days: q.days, from: period.from, to: period.to },
    weeks: Array.from({ length: weeks }, (_, i) => civilDateText(vietnamDate(dayStartMs(today - (weeks - i) * 7 + 1)))),
    stores: storeList,
    scanners: scannerList,
    brand: {
      messagesSent: brandMessages.reduce((n, r) => n + r.n, 0),
      costVnd: estimatedCostVnd(brandCounts, prices),
      pointsIssued: storeList.reduce((n, s) => n + s.pointsIssued, 0),
      liability: open.reduce((n, r) => n + r.points, 0),
    },
    prices,
  };
}

const UUID_TEXT = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/**
 * NPS and CSAT counts of the period's current answers (a changed answer counts once), per store
 * and, when the answer is about an earn (its transaction is the earn's ledger entry id), per the
 * person who scanned it. The database counts per band; the score comes from the survey core's
 * domain (domain/surveys/dashboard scoreFromCounts), the CX team's definition.
 * `actor` undefined: the store's row; null: earns with no person behind them.
 */
async function voiceByStoreAndScanner(
  db: Db,
  brandId: string,
  fromMs: number,
  toMs: number,
): Promise<(ScoreCounts & { kind: "nps" | "csat"; storeId: string; actor?: string | null })[]> {
  const kinds = ["nps", "csat"] as const satisfies readonly SurveyKind[];
  const inBand = (which: "positive" | "negative") =>
    sql.join(
      kinds.map((k) => {
        const r = sentimentRanges(k)[which];
        return sql`(x.kind = ${k} and x.score between ${r.min} and ${r.max})`;
      }),
      sql` or `,
    );
  const rows = await queryRows<{
    store_id: string;
    actor_id: string | null;
    by_actor: boolean;
    earn: boolean | null;
    kind: "nps" | "csat";
    n: number;
    positive: number;
    negative: number;
    sum: number;
  }>(
    db,
    sql`select x.store_id, x.actor_id, grouping(x.actor_id) = 0 as by_actor, x.earn, x.kind, count(*)::int as n,
        (count(*) filter (where ${inBand("positive")}))::int as positive,
        (count(*) filter (where ${inBand("negative")}))::int as negative,
        coalesce(sum(x.score), 0)::int as sum
      from (select a.store_id, a.kind, a.score, e.actor_id, e.id is not null as earn
            from survey_answers a
            left join ledger_entries e on e.id = (case when a.transaction_ref ~ ${UUID_TEXT} then a.transaction_ref::uuid end)
              and e.brand_id = a.brand_id and e.kind = 'earn' and e.store_id = a.store_id
            where a.brand_id = ${brandId} and a.superseded_at is null and a.kind in ('nps', 'csat') and a.store_id is not null
              and a.answered_at >= ${iso(fromMs)}::timestamptz and a.answered_at < ${iso(toMs)}::timestamptz) x
      group by grouping sets ((x.store_id, x.kind), (x.store_id, x.kind, x.actor_id, x.earn))`,
  );
  return rows.flatMap((r) => {
    const counts = { kind: r.kind, storeId: r.store_id, n: r.n, positive: r.positive, negative: r.negative, sum: r.sum };
    if (!r.by_actor) return [counts];
    // Answers about no earn (a QR on the table, a general survey) belong to the store only.
    return r.earn ? [{ ...counts, actor: r.actor_id }] : [];
  });
}

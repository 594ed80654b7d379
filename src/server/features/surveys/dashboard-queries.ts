/**
 * The survey dashboards, aggregated in the database: a brand may hold a million answers, so
 * nothing here loads them. The scores' counts (per week, store, touchpoint, survey, source and
 * in total) and the top reasons come from the exact daily rollups survey_answer_days and
 * survey_reason_days (decision 0035: a trigger keeps them in the answer's transaction), one
 * grouped scan each; the score and its margin are computed from those counts by
 * domain/surveys/dashboard (scoring.ts's formulas). Channels read the asks; comments read the
 * current answers (survey_answers_comments_idx, the trigram index on PostgreSQL).
 */
import { sql, type SQL } from "drizzle-orm";
import type { SurveyComments, SurveyDashboard } from "../../../contract/survey-dashboard";
import {
  COMMENTS_PAGE_SIZE,
  dayText,
  lastWeeksPeriod,
  scoreFromCounts,
  sentimentRanges,
  TOP_REASONS,
  vietnamDayStart,
} from "../../../domain/surveys/dashboard";
import type { BandId, SurveyKind } from "../../../domain/surveys/kinds";
import type { AnswerSource, FollowUp, SurveyChannel, SurveyDefinition, Touchpoint } from "../../../domain/surveys/survey";
import { DAY_MS } from "../../../domain/loyalty/vietnam-time";
import { queryRows, type Db } from "../../db/client";

const iso = (ms: number) => new Date(ms).toISOString();

export type DashboardScope = { brandId: string; kind: SurveyKind; surveyId: string | null };

/** The survey named by a query, in this brand; null when there is none (another brand's is none too). */
export async function surveyKindOf(db: Db, brandId: string, surveyId: string): Promise<SurveyKind | null> {
  const [row] = await queryRows<{ kind: SurveyKind }>(db, sql`select kind from surveys where id = ${surveyId} and brand_id = ${brandId}`);
  return row?.kind ?? null;
}

/** The current answers of the scope answered in [fromMs, toMs), as a WHERE on alias a. */
function answersWhere(scope: DashboardScope, fromMs: number | null, toMs: number | null): SQL {
  return sql`a.brand_id = ${scope.brandId} and a.superseded_at is null and a.kind = ${scope.kind}
    ${scope.surveyId ? sql`and a.survey_id = ${scope.surveyId}` : sql``}
    ${fromMs === null ? sql`` : sql`and a.answered_at >= ${iso(fromMs)}::timestamptz`}
    ${toMs === null ? sql`` : sql`and a.answered_at < ${iso(toMs)}::timestamptz`}`;
}

type CountRow = {
  g: number;
  week: number | null;
  store_id: string | null;
  store_name: string | null;
  touchpoint: Touchpoint | null;
  survey_id: string | null;
  source: AnswerSource | null;
  n: number;
  positive: number;
  negative: number;
  sum: number;
};

/** The rollup buckets of the scope in the period's Vietnam days [fromDay, toDay), as a WHERE on alias r. */
function rollupWhere(scope: DashboardScope, fromDay: number, toDay: number): SQL {
  return sql`r.brand_id = ${scope.brandId} and r.kind = ${scope.kind}
    and r.day >= ${fromDay} and r.day < ${toDay} and r.answers > 0
    ${scope.surveyId ? sql`and r.survey_id = ${scope.surveyId}` : sql``}`;
}

export async function surveyDashboard(db: Db, scope: DashboardScope, now: number, weeks: number): Promise<SurveyDashboard> {
  const period = lastWeeksPeriod(now, weeks);
  // The period is whole Vietnam days (Monday to Monday), so the rollup's days cover it exactly.
  const fromDay = period.weekStarts[0]!;
  const toDay = period.weekStarts[period.weekStarts.length - 1]! + 7;
  const inPeriod = rollupWhere(scope, fromDay, toDay);
  const r = sentimentRanges(scope.kind);

  // The daily buckets folded to weeks first (at most ~7× fewer rows), then one pass of
  // GROUPING SETS for the total, weeks, stores, touchpoints, surveys and sources.
  const rows = await queryRows<CountRow>(
    db,
    sql`select grouping(x.week, x.store_id, x.touchpoint, x.survey_id, x.source)::int as g, x.week, x.store_id, max(s.name) as store_name,
        x.touchpoint, x.survey_id, x.source,
        sum(x.n)::int as n,
        coalesce(sum(x.n) filter (where x.score between ${r.positive.min} and ${r.positive.max}), 0)::int as positive,
        coalesce(sum(x.n) filter (where x.score between ${r.negative.min} and ${r.negative.max}), 0)::int as negative,
        coalesce(sum(x.n * x.score), 0)::int as sum
      from (select r.day - ((r.day + 3) % 7) as week, r.store_id, r.touchpoint, r.survey_id, r.source, r.score, sum(r.answers) as n
          from survey_answer_days r where ${inPeriod}
          group by 1, 2, 3, 4, 5, 6) x
      left join stores s on s.id = x.store_id
      group by grouping sets ((), (x.week), (x.store_id), (x.touchpoint), (x.survey_id), (x.source))`,
  );
  // grouping(): a bit per column left out of the set: week 16, store 8, touchpoint 4, survey 2, source 1.
  const counts = (row: CountRow | undefined) => ({
    n: row?.n ?? 0,
    positive: row?.positive ?? 0,
    negative: row?.negative ?? 0,
    sum: row?.sum ?? 0,
  });
  const score = (row: CountRow | undefined) => scoreFromCounts(scope.kind, counts(row));
  const total = rows.find((x) => x.g === 31);
  const byWeek = new Map(rows.filter((x) => x.g === 15).map((x) => [Number(x.week), x]));
  const byStore = rows.filter((x) => x.g === 23).sort((a, b) => b.n - a.n || (a.store_name ?? "").localeCompare(b.store_name ?? ""));
  const byTouchpoint = rows.filter((x) => x.g === 27).sort((a, b) => b.n - a.n);
  const bySurvey = rows.filter((x) => x.g === 29).sort((a, b) => b.n - a.n);
  const sources = rows
    .filter((x) => x.g === 30)
    .map((x) => ({ source: x.source!, answers: x.n }))
    .sort((a, b) => b.answers - a.answers || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));

  const reasons = await queryRows<{ band: BandId; reason: string; count: number }>(
    db,
    sql`select r.band, r.reason, sum(r.answers)::int as count
      from survey_reason_days r
      where ${inPeriod}
      group by r.band, r.reason
      order by count desc, r.band, r.reason
      limit ${TOP_REASONS}`,
  );
  const labels = await reasonLabels(db, scope);

  const askWhere = sql`k.brand_id = ${scope.brandId} and k.outcome <> 'throttled'
    and k.asked_at >= ${iso(period.fromMs)}::timestamptz and k.asked_at < ${iso(period.toMs)}::timestamptz
    ${scope.surveyId ? sql`and k.survey_id = ${scope.surveyId}` : sql`and exists (select 1 from surveys v where v.id = k.survey_id and v.kind = ${scope.kind})`}`;
  const channels = await queryRows<{ channel: SurveyChannel; asks: number; answered: number }>(
    db,
    sql`select k.channel, count(*)::int as asks, (count(*) filter (where k.outcome = 'answered'))::int as answered
      from survey_asks k where ${askWhere} group by k.channel order by k.channel`,
  );

  return {
    kind: scope.kind,
    period: { weeks, from: period.from, to: period.to },
    total: score(total),
    weekly: period.weekStarts.map((w) => ({ week: dayText(w), score: score(byWeek.get(w)) })),
    byStore: byStore.map((x) => ({ storeId: x.store_id, storeName: x.store_name, score: score(x) })),
    byTouchpoint: byTouchpoint.map((x) => ({ touchpoint: x.touchpoint!, score: score(x) })),
    bySurvey: bySurvey.map((x) => ({ surveyId: x.survey_id!, score: score(x) })),
    reasons: reasons.map((x) => ({ ...x, label: labels.get(`${x.band}:${x.reason}`) ?? null })),
    channels,
    sources,
  };
}

/**
 * Reason labels from the current version of each survey in scope, newest survey first: a
 * reason id kept across versions keeps its meaning (domain/surveys/survey), so the newest
 * label names it.
 */
async function reasonLabels(db: Db, scope: DashboardScope): Promise<Map<string, { vi: string; en: string }>> {
  const defs = await queryRows<{ definition: SurveyDefinition }>(
    db,
    sql`select v.definition from surveys s join survey_versions v on v.survey_id = s.id and v.version = s.version
      where s.brand_id = ${scope.brandId} and s.kind = ${scope.kind} ${scope.surveyId ? sql`and s.id = ${scope.surveyId}` : sql``}
      order by s.updated_at asc`,
  );
  const out = new Map<string, { vi: string; en: string }>();
  for (const { definition } of defs)
    for (const [band, followUp] of Object.entries(definition.followUps ?? {}) as [BandId, FollowUp | undefined][])
      for (const reason of followUp?.reasons ?? []) out.set(`${band}:${reason.id}`, reason.label);
  return out;
}

export type CommentsFilter = {
  band?: BandId;
  storeId?: string;
  reason?: string;
  from?: string;
  to?: string;
  q?: string;
  page: number;
};

/** "Cà phê 50%" → a LIKE pattern matching it literally, anywhere in the text. */
function containsPattern(words: string): string {
  return `%${words.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The verbatim comments of the scope, newest first, one page at a time. */
export async function surveyComments(db: Db, scope: DashboardScope, f: CommentsFilter): Promise<SurveyComments> {
  const dayStart = (text: string) => {
    const [y, m, d] = text.split("-").map(Number);
    return vietnamDayStart(Math.floor(Date.UTC(y!, m! - 1, d!) / DAY_MS));
  };
  const where = sql`${answersWhere(scope, f.from ? dayStart(f.from) : null, f.to ? dayStart(f.to) + DAY_MS : null)}
    and a.comment is not null
    ${f.band ? sql`and a.band = ${f.band}` : sql``}
    ${f.storeId ? sql`and a.store_id = ${f.storeId}` : sql``}
    ${f.reason ? sql`and ${f.reason} = any(a.reasons)` : sql``}
    ${f.q && f.q.trim() ? sql`and a.comment ilike ${containsPattern(f.q)}` : sql``}`;
  const [{ total } = { total: 0 }] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from survey_answers a where ${where}`,
  );
  const rows = await queryRows<{
    id: string;
    survey_id: string;
    score: number;
    band: BandId;
    reasons: string[];
    comment: string;
    store_id: string | null;
    store_name: string | null;
    touchpoint: Touchpoint;
    answered_at: string | Date;
  }>(
    db,
    sql`select a.id, a.survey_id, a.score, a.band, a.reasons, a.comment, a.store_id, s.name as store_name, a.touchpoint, a.answered_at
      from survey_answers a left join stores s on s.id = a.store_id
      where ${where}
      order by a.answered_at desc, a.id
      limit ${COMMENTS_PAGE_SIZE} offset ${(f.page - 1) * COMMENTS_PAGE_SIZE}`,
  );
  return {
    comments: rows.map((x) => ({
      answerId: x.id,
      surveyId: x.survey_id,
      score: x.score,
      band: x.band,
      reasons: x.reasons,
      comment: x.comment,
      storeId: x.store_id,
      storeName: x.store_name,
      touchpoint: x.touchpoint,
      answeredAt: new Date(x.answered_at).toISOString(),
    })),
    total,
    page: f.page,
    pageSize: COMMENTS_PAGE_SIZE,
  };
}

/** Every store of the brand, by name. */
export function brandStores(db: Db, brandId: string): Promise<{ id: string; name: string }[]> {
  return queryRows(db, sql`select id, name from stores where brand_id = ${brandId} order by name, id`);
}

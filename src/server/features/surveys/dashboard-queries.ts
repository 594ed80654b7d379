/**
 * The survey dashboards, aggregated in the database: a brand may hold a million answers, so
 * nothing here loads them. The scores' counts (per week, store, touchpoint and in total) come
 * from one grouped scan with GROUPING SETS over the brand's current answers in the period
 * (partial index survey_answers_brand_time_idx / _survey_time_idx: `superseded_at is null`);
 * the score and its margin are computed from those counts by domain/surveys/dashboard
 * (scoring.ts's formulas). Reasons, channels and comments are one statement each.
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
import { DAY_MS, VIETNAM_UTC_OFFSET_MS } from "../../../domain/loyalty/vietnam-time";
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
  n: number;
  positive: number;
  negative: number;
  sum: number;
};

export async function surveyDashboard(db: Db, scope: DashboardScope, now: number, weeks: number): Promise<SurveyDashboard> {
  const period = lastWeeksPeriod(now, weeks);
  const where = answersWhere(scope, period.fromMs, period.toMs);
  const r = sentimentRanges(scope.kind);
  // The Monday of the answer's Vietnam week as a day number: day 0 (1 Jan 1970) was a Thursday.
  const day = sql`floor((extract(epoch from a.answered_at) * 1000 + ${VIETNAM_UTC_OFFSET_MS}) / ${DAY_MS})::int`;
  const week = sql`(${day} - ((${day} + 3) % 7))`;

  const rows = await queryRows<CountRow>(
    db,
    sql`select grouping(x.week, x.store_id, x.touchpoint, x.survey_id)::int as g, x.week, x.store_id, max(s.name) as store_name, x.touchpoint, x.survey_id,
        count(*)::int as n,
        (count(*) filter (where x.score between ${r.positive.min} and ${r.positive.max}))::int as positive,
        (count(*) filter (where x.score between ${r.negative.min} and ${r.negative.max}))::int as negative,
        coalesce(sum(x.score), 0)::int as sum
      from (select ${week} as week, a.store_id, a.touchpoint, a.survey_id, a.score from survey_answers a where ${where}) x
      left join stores s on s.id = x.store_id
      group by grouping sets ((), (x.week), (x.store_id), (x.touchpoint), (x.survey_id))`,
  );
  // grouping(): a bit per column left out of the set: week 8, store 4, touchpoint 2, survey 1.
  const counts = (row: CountRow | undefined) => ({
    n: row?.n ?? 0,
    positive: row?.positive ?? 0,
    negative: row?.negative ?? 0,
    sum: row?.sum ?? 0,
  });
  const score = (row: CountRow | undefined) => scoreFromCounts(scope.kind, counts(row));
  const total = rows.find((x) => x.g === 15);
  const byWeek = new Map(rows.filter((x) => x.g === 7).map((x) => [Number(x.week), x]));
  const byStore = rows.filter((x) => x.g === 11).sort((a, b) => b.n - a.n || (a.store_name ?? "").localeCompare(b.store_name ?? ""));
  const byTouchpoint = rows.filter((x) => x.g === 13).sort((a, b) => b.n - a.n);
  const bySurvey = rows.filter((x) => x.g === 14).sort((a, b) => b.n - a.n);

  const reasons = await queryRows<{ band: BandId; reason: string; count: number }>(
    db,
    sql`select a.band, x.reason, count(*)::int as count
      from survey_answers a cross join lateral unnest(a.reasons) as x(reason)
      where ${where} and cardinality(a.reasons) > 0
      group by a.band, x.reason
      order by count desc, a.band, x.reason
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
  const sources = await queryRows<{ source: AnswerSource; answers: number }>(
    db,
    sql`select a.source, count(*)::int as answers from survey_answers a where ${where} group by a.source order by answers desc, a.source`,
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

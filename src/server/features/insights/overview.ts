/**
 * The brand overview (issue 15 "Results"; contract/overview.ts): one read that puts together
 * what the other pages already compute — retention's repeat rate, the store loop's points issued
 * and owed, the survey rollups' weekly NPS, each campaign's results — plus the few figures only
 * this page shows: active members, messages by tag against the quota, triggers' attributed revenue.
 */
import { and, desc, eq, gte, isNotNull, sql } from "drizzle-orm";
import type { BrandOverview } from "../../../contract/overview";
import { DEFAULT_CHURN_DAYS, lastDaysPeriod } from "../../../domain/insights/retention";
import { DAY_MS, vietnamDayNumber } from "../../../domain/loyalty/vietnam-time";
import { promoCap } from "../../../domain/messaging/quota";
import { ZNS_TAGS } from "../../../domain/messaging/zns-template";
import { DASHBOARD_WEEKS } from "../../../domain/surveys/dashboard";
import { TRIGGER_KINDS, type TriggerKind } from "../../../domain/triggers/triggers";
import { queryRows, type Db } from "../../db/client";
import { loyaltySettings, messageQuota, znsCampaigns } from "../../db/schema";
import { campaignResults } from "../campaigns/results";
import { loadCampaign } from "../campaigns/store";
import { dailyQuotaOf } from "../messaging/quota-store";
import type { MessagingConfig } from "../messaging/types";
import { surveyDashboard } from "../surveys/dashboard-queries";
import { retention, storeLoop } from "./queries";

/** The window after a trigger's message in which an earn counts for it (the campaigns' default). */
export const TRIGGER_CONVERSION_DAYS = 7;
const MAX_CAMPAIGNS = 20;
const iso = (ms: number) => new Date(ms).toISOString();

export async function brandOverview(
  db: Db,
  cfg: Pick<MessagingConfig, "dailyQuota" | "promoSharePercent">,
  brandId: string,
  now: number,
  q: { days: number },
): Promise<BrandOverview> {
  const period = lastDaysPeriod(now, q.days);
  const from = iso(period.fromMs);
  const to = iso(period.toMs);
  const today = vietnamDayNumber(now);
  const activeSince = (days: number) => iso(lastDaysPeriod(now, days).fromMs);

  // A visit as retention counts it: a counter earn that was not reversed.
  const [counts] = await queryRows<{ total: number; active30: number; active90: number }>(
    db,
    sql`select (select count(*)::int from members m where m.brand_id = ${brandId} and m.erased_at is null) as total,
        count(distinct e.member_id) filter (where e.occurred_at >= ${activeSince(30)}::timestamptz)::int as active30,
        count(distinct e.member_id)::int as active90
      from ledger_entries e join members m on m.id = e.member_id and m.erased_at is null
      where e.brand_id = ${brandId} and e.kind = 'earn' and e.store_id is not null
        and e.occurred_at >= ${activeSince(90)}::timestamptz and e.occurred_at < ${to}::timestamptz
        and not exists (select 1 from ledger_entries r where r.kind = 'reversal' and r.ref_entry_id = e.id)`,
  );
  const { repeat } = await retention(db, brandId, now, { days: q.days, churnDays: DEFAULT_CHURN_DAYS, months: 2 });
  const { brand } = await storeLoop(db, brandId, now, { days: q.days });
  const [settings] = await db
    .select({ pointValueVnd: loyaltySettings.pointValueVnd })
    .from(loyaltySettings)
    .where(eq(loyaltySettings.brandId, brandId));
  const pointValueVnd = settings?.pointValueVnd ?? null;

  const weeks = Math.min(DASHBOARD_WEEKS.max, Math.max(DASHBOARD_WEEKS.min, Math.ceil(q.days / 7)));
  const nps = await surveyDashboard(db, { brandId, kind: "nps", surveyId: null }, now, weeks);

  const byTag = await queryRows<{ tag: string; n: number | string }>(
    db,
    sql`select tag, count(*)::int as n from messages
      where brand_id = ${brandId} and status in ('sent', 'delivered') and dev_mode = false
        and sent_at >= ${from}::timestamptz and sent_at < ${to}::timestamptz
      group by tag`,
  );
  const dailyQuota = await dailyQuotaOf(db, brandId, cfg.dailyQuota);
  const [used] = await db
    .select()
    .from(messageQuota)
    .where(and(eq(messageQuota.brandId, brandId), eq(messageQuota.day, today)));
  const sentOf = (tag: string) => Number(byTag.find((r) => r.tag === tag)?.n ?? 0);

  const started = await db
    .select({ id: znsCampaigns.id })
    .from(znsCampaigns)
    .where(and(eq(znsCampaigns.brandId, brandId), isNotNull(znsCampaigns.startedAt), gte(znsCampaigns.startedAt, new Date(period.fromMs))))
    .orderBy(desc(znsCampaigns.startedAt))
    .limit(MAX_CAMPAIGNS);
  const campaigns: BrandOverview["campaigns"] = [];
  for (const { id } of started) {
    const c = (await loadCampaign(db, brandId, id))!;
    const r = await campaignResults(db, c, now);
    const arms = r.groups.filter((g) => g.group !== "control");
    campaigns.push({
      id,
      name: c.row.name,
      status: c.row.status,
      startedAt: c.row.startedAt!.toISOString(),
      recipients: r.recipients,
      sent: r.sent,
      converted: arms.reduce((s, g) => s + g.converted, 0),
      attributedRevenueVnd: arms.reduce((s, g) => s + g.revenueVnd, 0),
      incrementalRevenueVnd: r.lift.length ? r.lift.reduce((s, l) => s + l.incrementalRevenueVnd, 0) : null,
    });
  }

  return {
    period: { days: q.days, from: period.from, to: period.to },
    members: { total: counts?.total ?? 0, active30: counts?.active30 ?? 0, active90: counts?.active90 ?? 0 },
    repeat,
    points: {
      issued: brand.pointsIssued,
      liability: brand.liability,
      pointValueVnd,
      issuedVnd: pointValueVnd === null ? null : brand.pointsIssued * pointValueVnd,
      liabilityVnd: pointValueVnd === null ? null : brand.liability * pointValueVnd,
    },
    nps: {
      weekly: nps.weekly.map((w) => ({ week: w.week, score: w.score.score, responses: w.score.n })),
      total: { score: nps.total.score, responses: nps.total.n },
    },
    messages: {
      byTag: ZNS_TAGS.map((tag) => ({ tag, sent: sentOf(tag) })),
      sent: ZNS_TAGS.reduce((s, tag) => s + sentOf(tag), 0),
      dailyQuota,
      promoSharePercent: cfg.promoSharePercent,
      periodQuota: dailyQuota * q.days,
      periodPromoQuota: promoCap(dailyQuota, cfg.promoSharePercent) * q.days,
      today: { sent: used?.sent ?? 0, promo: used?.promo ?? 0 },
    },
    campaigns,
    triggers: { conversionDays: TRIGGER_CONVERSION_DAYS, rows: await triggerAttribution(db, brandId, from, to) },
  };
}

/**
 * Per trigger kind: its messages sent in the period, the members who earned (a non-reversed
 * earn) within TRIGGER_CONVERSION_DAYS after one, and those earns' bills, each earn once.
 */
async function triggerAttribution(db: Db, brandId: string, from: string, to: string): Promise<BrandOverview["triggers"]["rows"]> {
  const rows = await queryRows<{ kind: string; sent: number | string; converted: number | string; revenue: number | string }>(
    db,
    sql`with sent as (
        select substr(m.source, 9) as kind, m.member_id, m.sent_at from messages m
        where m.brand_id = ${brandId} and m.source like 'trigger:%' and m.status in ('sent', 'delivered') and m.dev_mode = false
          and m.sent_at >= ${from}::timestamptz and m.sent_at < ${to}::timestamptz
      ), conv as (
        select distinct s.kind, s.member_id, l.id, l.bill_vnd from sent s
        join ledger_entries l on l.member_id = s.member_id and l.kind = 'earn'
          and l.occurred_at > s.sent_at and l.occurred_at <= s.sent_at + ${TRIGGER_CONVERSION_DAYS * DAY_MS}::bigint * interval '1 millisecond'
          and not exists (select 1 from ledger_entries r where r.kind = 'reversal' and r.ref_entry_id = l.id)
      )
      select k.kind, (select count(*) from sent s where s.kind = k.kind)::int as sent,
        (select count(distinct c.member_id) from conv c where c.kind = k.kind)::int as converted,
        (select coalesce(sum(c.bill_vnd), 0) from conv c where c.kind = k.kind)::bigint as revenue
      from (select distinct kind from sent) k`,
  );
  return rows
    .filter((r): r is typeof r & { kind: TriggerKind } => (TRIGGER_KINDS as readonly string[]).includes(r.kind))
    .map((r) => ({ kind: r.kind, sent: Number(r.sent), converted: Number(r.converted), attributedRevenueVnd: Number(r.revenue) }))
    .sort((a, b) => TRIGGER_KINDS.indexOf(a.kind) - TRIGGER_KINDS.indexOf(b.kind));
}

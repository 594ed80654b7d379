/**
 * What a campaign did (issue 15 "Results"; docs/decisions/0038-campaign-results.md): per arm and
 * the control group, the recipients, what the queue did with their messages, clicks, and
 * conversions — members who earned or redeemed within the campaign's window after their send —
 * with each arm's lift over the control group (domain/campaigns/results.ts) and a daily series.
 *
 * Every recipient counts in their group whether or not their message went (intention to treat:
 * the control group cannot fail to be sent, so dropping an arm's failures would compare the
 * reachable against everyone). A recipient's window opens at their message's send, else the time
 * it was planned for, else the campaign's start (the control group).
 */
import { sql, type SQL } from "drizzle-orm";
import { vietnamDayNumberSql } from "../../db/vietnam-day";
import { CAMPAIGN_GROUPS, type CampaignGroupResult, type CampaignResults } from "../../../contract/campaigns";
import { ARM_KEYS, CONTROL } from "../../../domain/campaigns/assignment";
import { liftOf, rateOf } from "../../../domain/campaigns/results";
import { DAY_MS, vietnamDayNumber } from "../../../domain/loyalty/vietnam-time";
import { queryRows, type Db } from "../../db/client";
import { channelCounts } from "../messaging/channel-counts";
import { campaignSource } from "./audience";
import type { ArmRow, CampaignRow } from "./store";

/** A chart of more days than this is cut to its first ones (a window is at most 90 days, plus the sends). */
const MAX_SERIES_DAYS = 200;
const WAITING = sql`('queued', 'sending', 'in_doubt')`;
const NOT_QUEUED = "not_queued";

/**
 * The recipients with their message, window and conversion: one row per recipient, as a CTE.
 * An arm recipient's window opens at their send, else the time it was planned for. A control
 * member's opens where their counterpart's does: control members and sending members are each
 * taken in member order (the materialiser's), and the j-th of C control members is paired with
 * the sending member at floor(j × S / C), so the control windows are spread over the send days
 * exactly as the arms' are, pauses and re-plans included (decision 0038 addendum). Without any
 * sending member, the campaign's start. Reversed earns and refunded redemptions are not
 * conversions, nor is a reversed earn's bill revenue.
 */
function recipientsCte(c: CampaignRow) {
  const start = sql`coalesce(${c.startedAt}::timestamptz, ${c.sendAt}::timestamptz)`;
  return sql`with rec0 as (
      select r.arm, r.member_id, r.clicked_at, r.created_at, m.status, m.last_error, m.sent_at, m.delivered_at, (m.id is null) as no_message,
        case when r.arm = ${CONTROL} then null else coalesce(m.sent_at, m.not_before, ${start}, r.created_at) end as own_opens_at,
        (row_number() over (partition by r.arm = ${CONTROL} order by mb.member_seq) - 1)::bigint as idx,
        count(*) over (partition by r.arm = ${CONTROL}) as group_size
      from zns_campaign_recipients r
      join members mb on mb.id = r.member_id
      left join messages m on m.brand_id = ${c.brandId} and m.dedupe_key = ${campaignSource(c.id)}::text || ':' || r.member_id::text
      where r.campaign_id = ${c.id}
    ), sending as (
      select idx, own_opens_at, group_size from rec0 where arm <> ${CONTROL}
    ), rec as (
      select rec0.*, case when rec0.arm = ${CONTROL} then coalesce(
          (select s.own_opens_at from sending s where s.idx = (rec0.idx * s.group_size) / rec0.group_size),
          ${start}, rec0.created_at) else rec0.own_opens_at end as opens_at
      from rec0
    ), x as (
      select rec.*, conv.first_at, coalesce(conv.revenue, 0) as revenue
      from rec left join lateral (${conversionOf(sql`rec.member_id`, sql`rec.opens_at`, c.conversionDays)}) conv on true
    )`;
}

/**
 * A recipient's conversion (first_at: their first earn or redeem in (opens, opens + days], null
 * when none) and its revenue: a lateral subquery over the ledger, shared with the recipients export.
 */
export function conversionOf(memberId: SQL, opensAt: SQL, days: number): SQL {
  return sql`select min(l.occurred_at) as first_at, sum(l.bill_vnd) filter (where l.kind = 'earn') as revenue
        from ledger_entries l
        where l.member_id = ${memberId} and l.kind in ('earn', 'redeem')
          and l.occurred_at > ${opensAt} and l.occurred_at <= ${opensAt} + ${days}::int * interval '1 day'
          and not exists (select 1 from ledger_entries v where v.kind = 'reversal' and v.ref_entry_id = l.id)
          and (l.kind <> 'redeem' or l.voucher_id is null
            or not exists (select 1 from ledger_entries f where f.kind = 'refund' and f.voucher_id = l.voucher_id))`;
}

type GroupRow = Record<Exclude<keyof CampaignGroupResult, "group" | "conversionRate">, number | string> & { arm: string };
type SeriesRow = { kind: "sent" | "delivered" | "click" | "conversion"; arm: string | null; day: number | string; n: number | string };

const dayOf = vietnamDayNumberSql;
const isoDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export async function campaignResults(db: Db, c: { row: CampaignRow; arms: ArmRow[] }, now: number): Promise<CampaignResults> {
  const { row } = c;
  const cte = recipientsCte(row);
  const groupRows = await queryRows<GroupRow>(
    db,
    sql`${cte} select arm,
        count(*)::int as recipients,
        (count(*) filter (where no_message and arm <> ${CONTROL}))::int as "notQueued",
        (count(*) filter (where status in ${WAITING}))::int as waiting,
        (count(*) filter (where status in ('sent', 'delivered')))::int as sent,
        (count(*) filter (where status = 'delivered'))::int as delivered,
        (count(*) filter (where status = 'failed' or (status = 'cancelled' and last_error is not null)))::int as failed,
        (count(*) filter (where status = 'cancelled' and last_error is null))::int as cancelled,
        (count(*) filter (where clicked_at is not null))::int as clicks,
        (count(*) filter (where first_at is not null))::int as converted,
        coalesce(sum(revenue), 0)::bigint as "revenueVnd"
      from x group by arm`,
  );
  const seriesRows = await queryRows<SeriesRow>(
    db,
    sql`${cte}
      select 'sent' as kind, null as arm, ${dayOf(sql`sent_at`)} as day, count(*)::int as n from x
        where sent_at is not null and status in ('sent', 'delivered') group by 3
      union all select 'delivered', null, ${dayOf(sql`delivered_at`)}, count(*)::int from x
        where delivered_at is not null and status = 'delivered' group by 3
      union all select 'click', null, ${dayOf(sql`clicked_at`)}, count(*)::int from x where clicked_at is not null group by 3
      union all select 'conversion', arm, ${dayOf(sql`first_at`)}, count(*)::int from x where first_at is not null group by 2, 3`,
  );
  const reasons = await queryRows<{ reason: string; n: number | string }>(
    db,
    sql`select last_error as reason, count(*)::int as n from messages
      where brand_id = ${row.brandId} and source = ${campaignSource(row.id)} and last_error is not null
        and (status = 'failed' or status = 'cancelled')
      group by last_error order by 2 desc, 1`,
  );
  const byChannel = await channelCounts(db, sql`m.brand_id = ${row.brandId} and m.source = ${campaignSource(row.id)}`, true);
  const [last] = await queryRows<{ at: Date | string | null }>(
    db,
    sql`select max(sent_at) as at from messages where brand_id = ${row.brandId} and source = ${campaignSource(row.id)}`,
  );

  const groups: CampaignGroupResult[] = CAMPAIGN_GROUPS.flatMap((group) => {
    const r = groupRows.find((g) => g.arm === group);
    // An arm the campaign does not have, or a control group of 0 %, is left out; one with nobody in it yet shows zeros.
    const exists = group === CONTROL ? row.controlPercent > 0 : c.arms.some((a) => a.key === group);
    if (!exists) return [];
    const n = (v: number | string | undefined) => Number(v ?? 0);
    const counts = {
      recipients: n(r?.recipients),
      notQueued: n(r?.notQueued),
      waiting: n(r?.waiting),
      sent: n(r?.sent),
      delivered: n(r?.delivered),
      failed: n(r?.failed),
      cancelled: n(r?.cancelled),
      clicks: n(r?.clicks),
      converted: n(r?.converted),
      revenueVnd: n(r?.revenueVnd),
    };
    return [{ group, ...counts, conversionRate: rateOf(counts) }];
  });
  const control = groups.find((g) => g.group === CONTROL);
  const lift = control
    ? ARM_KEYS.flatMap((arm) => {
        const g = groups.find((x) => x.group === arm);
        const l = g ? liftOf(g, control) : null;
        return l ? [{ arm, ...l }] : [];
      })
    : [];
  const sum = (k: "recipients" | "sent" | "delivered" | "failed" | "clicks") => groups.reduce((s, g) => s + g[k], 0);
  const notQueued = groups.reduce((s, g) => s + g.notQueued, 0);
  const failedByReason = reasons.map((r) => ({ reason: r.reason, count: Number(r.n) }));
  if (notQueued) failedByReason.push({ reason: NOT_QUEUED, count: notQueued });

  const lastSend = last?.at ? new Date(last.at).getTime() : null;
  const windowOpen = lastSend ?? row.startedAt?.getTime() ?? null;
  const windowClosesAt = windowOpen === null ? null : windowOpen + row.conversionDays * DAY_MS;
  return {
    campaignId: row.id,
    status: row.status,
    conversionDays: row.conversionDays,
    audience: row.audience,
    recipients: sum("recipients"),
    sent: sum("sent"),
    delivered: sum("delivered"),
    failed: sum("failed") + notQueued,
    failedByReason,
    clicks: sum("clicks"),
    byChannel,
    groups,
    lift,
    series: seriesOf(seriesRows, row, now, windowClosesAt),
    windowClosesAt: windowClosesAt === null ? null : new Date(windowClosesAt).toISOString(),
    computedAt: new Date(now).toISOString(),
  };
}

/** Every day from the first event (or the start) to today or the window's end, whichever is first; empty days as zeros. */
function seriesOf(rows: SeriesRow[], row: CampaignRow, now: number, windowClosesAt: number | null): CampaignResults["series"] {
  const days = rows.map((r) => Number(r.day));
  if (row.startedAt) days.push(vietnamDayNumber(row.startedAt.getTime()));
  if (!days.length) return [];
  const first = Math.min(...days);
  const lastEvent = Math.max(...days);
  const end = Math.max(lastEvent, Math.min(vietnamDayNumber(now), windowClosesAt === null ? lastEvent : vietnamDayNumber(windowClosesAt)));
  const out: CampaignResults["series"] = [];
  for (let d = first; d <= end && out.length < MAX_SERIES_DAYS; d++) {
    const at = rows.filter((r) => Number(r.day) === d);
    const count = (kind: SeriesRow["kind"]) => at.filter((r) => r.kind === kind).reduce((s, r) => s + Number(r.n), 0);
    out.push({
      date: isoDate(d),
      sent: count("sent"),
      delivered: count("delivered"),
      clicks: count("click"),
      conversions: Object.fromEntries(at.filter((r) => r.kind === "conversion").map((r) => [r.arm, Number(r.n)])),
    });
  }
  return out;
}

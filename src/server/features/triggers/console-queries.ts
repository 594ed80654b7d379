/** A trigger's preview ("who would get it today") and results, for the console. */
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { TriggerPreview, TriggerResults } from "../../../contract/triggers";
import { purposeForZnsTag } from "../../../domain/consent/purposes";
import type { MessageStatus } from "../../../domain/messaging/messages";
import { triggerSource } from "../../../domain/triggers/triggers";
import { queryRows, type Db } from "../../db/client";
import { members, messages, triggerFirings, users } from "../../db/schema";
import { formatMemberNo } from "../members/cards";
import { channelCounts } from "../messaging/channel-counts";
import { membersWithConsent } from "../messaging/enqueue";
import { dueCandidates, pendingWelcomes } from "./due";
import { templateOf, type EffectiveTrigger } from "./store";

const SAMPLE = 10;
/** A trigger's conversion window: a campaign's default (decision 0038); triggers have no setting for it. */
export const CONVERSION_DAYS = 7;

/**
 * The occurrences a pass now would fire, counted by what the pass checks before queueing: consent
 * for the template's purpose (a survey's messages are customer care). A tier upgrade not yet seen
 * by a pass is counted by the next pass, after it marks tiers.
 */
export async function previewTrigger(db: Db, brandId: string, t: EffectiveTrigger, now: number): Promise<TriggerPreview> {
  const template = t.kind === "post_purchase_survey" ? null : await templateOf(db, brandId, t);
  // A welcome switched off has nobody due: switching it on starts it at that moment (restartWelcomeCursor).
  const due = t.kind === "welcome" ? (t.enabled ? await pendingWelcomes(db, brandId) : []) : await dueCandidates(db, brandId, t, now);
  const purpose = template ? purposeForZnsTag(template.tag) : "zns_care";
  const allowed = new Set<string>();
  for (let i = 0; i < due.length; i += 1_000) {
    const ids = due.slice(i, i + 1_000).map((c) => c.memberId);
    for (const id of await membersWithConsent(db, ids, purpose, now)) allowed.add(id);
  }
  const reachable = due.filter((c) => allowed.has(c.memberId));
  const sample = reachable.slice(0, SAMPLE);
  const people = sample.length
    ? await db
        .select({ id: members.id, seq: members.memberSeq, name: users.displayName })
        .from(members)
        .innerJoin(users, eq(users.id, members.userId))
        .where(inArray(members.id, [...new Set(sample.map((c) => c.memberId))]))
    : [];
  const by = new Map(people.map((p) => [p.id, p]));
  return {
    count: reachable.length,
    withoutConsent: due.length - reachable.length,
    sample: sample.map((c) => ({
      memberId: c.memberId,
      memberNo: formatMemberNo(by.get(c.memberId)?.seq ?? 0),
      displayName: by.get(c.memberId)?.name ?? "",
      period: c.period,
    })),
  };
}

/**
 * What the trigger did: its firings by outcome, and its messages by status. The welcome has no
 * firings (its dispatcher dedupes by message), so its messages are found by their source.
 */
export async function triggerResults(db: Db, brandId: string, t: EffectiveTrigger): Promise<TriggerResults> {
  const firings = await db
    .select({ outcome: triggerFirings.outcome, n: count() })
    .from(triggerFirings)
    .where(and(eq(triggerFirings.brandId, brandId), eq(triggerFirings.kind, t.kind)))
    .groupBy(triggerFirings.outcome);
  // The same set of messages, in SQL over `messages m` for the per-channel counts.
  const mineSql =
    t.kind === "welcome"
      ? sql`m.brand_id = ${brandId} and m.source = ${triggerSource("welcome")}`
      : sql`m.brand_id = ${brandId} and m.id in (select f.message_id from trigger_firings f
          where f.brand_id = ${brandId} and f.kind = ${t.kind} and f.message_id is not null)`;
  const mine =
    t.kind === "welcome"
      ? and(eq(messages.brandId, brandId), eq(messages.source, triggerSource("welcome")))
      : and(
          eq(messages.brandId, brandId),
          sql`${messages.id} in (select f.message_id from ${triggerFirings} f
            where f.brand_id = ${brandId} and f.kind = ${t.kind} and f.message_id is not null)`,
        );
  const statuses = await db.select({ status: messages.status, n: count() }).from(messages).where(mine).groupBy(messages.status);
  const reasons = await db
    .select({ code: sql<string>`coalesce(${messages.lastError}, 'unknown')`, n: count() })
    .from(messages)
    .where(and(mine, eq(messages.status, "failed")))
    .groupBy(sql`coalesce(${messages.lastError}, 'unknown')`)
    .orderBy(asc(sql`coalesce(${messages.lastError}, 'unknown')`));
  // Conversions as a campaign's (decision 0038): an earn or a redeem within the window after the message was queued.
  const vnDay = (col: string) => sql.raw(`to_char((${col} at time zone 'UTC') + interval '7 hours', 'YYYY-MM-DD')`);
  const converted = sql.raw(`exists (select 1 from ledger_entries l where l.member_id = f.member_id and l.kind in ('earn', 'redeem')
    and l.occurred_at > f.fired_at and l.occurred_at <= f.fired_at + interval '${CONVERSION_DAYS} days')`);
  const sentDays = await queryRows<{ day: string; sent: number | string; conversions: number | string }>(
    db,
    sql`select ${vnDay("f.fired_at")} as day, count(*) as sent, count(*) filter (where ${converted}) as conversions
      from ${triggerFirings} f where f.brand_id = ${brandId} and f.kind = ${t.kind} and f.outcome = 'queued'
      group by 1 order by 1`,
  );
  const clickDays = await queryRows<{ day: string; clicks: number | string }>(
    db,
    sql`select ${vnDay("f.clicked_at")} as day, count(*) as clicks
      from ${triggerFirings} f where f.brand_id = ${brandId} and f.kind = ${t.kind} and f.clicked_at is not null
      group by 1 order by 1`,
  );
  const days = new Map<string, { date: string; sent: number; clicks: number; conversions: number }>();
  const dayOf = (date: string) => days.get(date) ?? days.set(date, { date, sent: 0, clicks: 0, conversions: 0 }).get(date)!;
  for (const r of sentDays) Object.assign(dayOf(r.day), { sent: Number(r.sent), conversions: Number(r.conversions) });
  for (const r of clickDays) dayOf(r.day).clicks = Number(r.clicks);
  const series = [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
  const byStatus: Partial<Record<MessageStatus, number>> = {};
  for (const s of statuses) byStatus[s.status] = Number(s.n);
  const of = (...keys: MessageStatus[]) => keys.reduce((sum, k) => sum + (byStatus[k] ?? 0), 0);
  return {
    kind: t.kind,
    firings: Object.fromEntries(firings.map((f) => [f.outcome, Number(f.n)])),
    messages: {
      total: of("queued", "sending", "in_doubt", "sent", "delivered", "failed", "cancelled"),
      sent: of("sent", "delivered"),
      delivered: of("delivered"),
      failed: of("failed"),
      pending: of("queued", "sending", "in_doubt"),
      byStatus,
    },
    byChannel: await channelCounts(db, mineSql, false),
    failedByReason: reasons.map((r) => ({ code: r.code, count: Number(r.n) })),
    clicks: series.reduce((n, d) => n + d.clicks, 0),
    conversion: {
      days: CONVERSION_DAYS,
      recipients: series.reduce((n, d) => n + d.sent, 0),
      converted: series.reduce((n, d) => n + d.conversions, 0),
    },
    days: series,
  };
}

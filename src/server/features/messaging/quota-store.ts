/**
 * The ZNS quota in the database (docs/messaging.md#quota): one message_quota row per brand and
 * Vietnam day, and on each message the day whose quota it holds one unit of (messages.quota_day).
 * A unit is taken in the reservation's transaction and given back in the same statement that
 * clears it on the message, so a message holds at most one unit whatever happens to it (in
 * doubt, crashed, sent again). The rules themselves are pure: src/domain/messaging/quota.ts.
 */
import { and, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { vietnamDayNumber, startOfVietnamDayNumber } from "../../../domain/loyalty/vietnam-time";
import { holdAfterRefusal, isHeld, PROBE_INTERVAL_MS, quotaGrant, quotaUsed, type QuotaHold } from "../../../domain/messaging/quota";
import { queryRows, type Db, type Tx } from "../../db/client";
import { messageQuota, messages, oaLimits } from "../../db/schema";
import type { MessagingDeps } from "./types";

/** Codes of messages waiting for quota (our count or Zalo's refusal): what a lifted hold releases. */
const QUOTA_WAIT_CODES = ["daily_quota", "promo_quota", "zns_-115", "zns_-144"];

export const nextVietnamMidnight = (at: number) => startOfVietnamDayNumber(vietnamDayNumber(at) + 1);

/** The OA's daily quota: what Zalo last told us (webhook or send answer), else the configured one. */
export async function dailyQuotaOf(q: Db | Tx, brandId: string, configured: number): Promise<number> {
  const [row] = await q.select({ quota: oaLimits.dailyQuota }).from(oaLimits).where(eq(oaLimits.brandId, brandId));
  return row?.quota ?? configured;
}

/** A message the worker is about to send, as the reservation sees it. */
export type QuotaCandidate = { id: string; promo: boolean; quotaDay: number | null; probe: boolean };

/**
 * Takes today's quota for as many of `items` as the grant allows, under the day row's lock and
 * before any call: exact whatever the number of workers. Returns the ids that may go; each now
 * holds one unit of today (messages.quota_day). During a Zalo hold only the probe of the held
 * kind goes, whatever our count says (it is Zalo's answer we want).
 */
export async function reserveQuota(d: MessagingDeps, brandId: string, now: number, items: QuotaCandidate[]): Promise<Set<string>> {
  const day = vietnamDayNumber(now);
  return d.db.transaction(async (tx) => {
    // A unit still held from an earlier call (a release lost in a crash) is given back first.
    const stale = items.filter((i) => i.quotaDay !== null).map((i) => i.id);
    if (stale.length) await releaseWhere(tx, inArray(messages.id, stale));
    const dailyQuota = await dailyQuotaOf(tx, brandId, d.config.dailyQuota);
    await tx.insert(messageQuota).values({ brandId, day }).onConflictDoNothing();
    const [row] = await tx
      .select()
      .from(messageQuota)
      .where(and(eq(messageQuota.brandId, brandId), eq(messageQuota.day, day)))
      .for("update");
    const hold = row?.hold ?? null;
    const probes = items.filter((i) => i.probe && isHeld(hold, i.promo));
    const rest = items.filter((i) => !probes.includes(i));
    const promos = rest.filter((i) => i.promo).length;
    const used = {
      sent: quotaUsed({ sent: row?.sent ?? 0, zaloUsed: row?.zaloUsed ?? null, sentAtZalo: row?.sentAtZalo ?? null }),
      promo: row?.promo ?? 0,
    };
    const grant = quotaGrant({ dailyQuota, promoSharePercent: d.config.promoSharePercent, used, count: rest.length, promos, hold });
    let promoLeft = grant.promo;
    let totalLeft = grant.total;
    const going = [...probes];
    for (const i of rest) {
      if (totalLeft > 0 && (!i.promo || promoLeft > 0)) {
        totalLeft--;
        if (i.promo) promoLeft--;
        going.push(i);
      }
    }
    if (going.length) {
      const promo = going.filter((i) => i.promo).length;
      await tx
        .update(messageQuota)
        .set({ sent: sql`${messageQuota.sent} + ${going.length}`, promo: sql`${messageQuota.promo} + ${promo}` })
        .where(and(eq(messageQuota.brandId, brandId), eq(messageQuota.day, day)));
      await tx
        .update(messages)
        .set({ quotaDay: day })
        .where(
          inArray(
            messages.id,
            going.map((i) => i.id),
          ),
        );
    }
    return new Set(going.map((i) => i.id));
  });
}

/**
 * Gives back the units held by the messages `where` selects, and applies `set` to them, in one
 * statement: a message never holds a unit it was not counted for, nor is counted for one it
 * gave back.
 */
export async function releaseWhere(q: Db | Tx, where: SQL, set?: SQL): Promise<void> {
  await q.execute(sql`
    with due as (
      select id, brand_id, quota_day, tag from messages where ${where} for update skip locked),
    moved as (
      update messages m set quota_day = null${set ? sql`, ${set}` : sql``} from due where m.id = due.id
      returning due.brand_id, due.quota_day, due.tag),
    counts as (
      select brand_id, quota_day, count(*)::int as n, (count(*) filter (where tag = 'promotion'))::int as p
      from moved where quota_day is not null group by brand_id, quota_day)
    update message_quota q set sent = greatest(q.sent - c.n, 0), promo = greatest(q.promo - c.p, 0)
    from counts c where q.brand_id = c.brand_id and q.day = c.quota_day`);
}

/**
 * A delivery event for a message that holds no unit because its in-doubt window ended first (it
 * is `queued` again, not yet re-sent): Zalo did accept it, so it takes a unit of the day it was
 * delivered. In the webhook's transaction, before the status changes.
 */
export async function countLateDelivery(tx: Tx, trackingId: string | null, msgId: string | null, at: number): Promise<void> {
  const day = vietnamDayNumber(at);
  const [late] = await queryRows<{ brand_id: string; tag: string }>(
    tx,
    sql`update messages set quota_day = ${day}
        where ${trackingId ? sql`tracking_id = ${trackingId}` : sql`msg_id = ${msgId}`}
          and status = 'queued' and quota_day is null
        returning brand_id, tag`,
  );
  if (!late) return;
  const promo = late.tag === "promotion" ? 1 : 0;
  await tx
    .insert(messageQuota)
    .values({ brandId: late.brand_id, day, sent: 1, promo })
    .onConflictDoUpdate({
      target: [messageQuota.brandId, messageQuota.day],
      set: { sent: sql`${messageQuota.sent} + 1`, promo: sql`${messageQuota.promo} + ${promo}` },
    });
}

/** The call was not accepted: the message's unit goes back. */
export const releaseQuota = (d: MessagingDeps, messageId: string) => releaseWhere(d.db, eq(messages.id, messageId));

/**
 * Zalo accepted a message and said how much of the day it has used: kept (the highest of the
 * day, with our count at that moment) so the grant never goes past Zalo's figure; a different
 * daily quota replaces the OA's. An accepted probe lifts the hold and lets the held messages go
 * now (the grant, from the new figures, keeps them within the quota).
 */
export async function recordAccepted(
  d: MessagingDeps,
  brandId: string,
  now: number,
  zalo: { used: number; dailyQuota: number } | null,
  probe: boolean,
): Promise<void> {
  const day = vietnamDayNumber(now);
  const at = new Date(d.now());
  if (zalo) {
    await d.db
      .update(messageQuota)
      .set({
        zaloUsed: sql`greatest(coalesce(${messageQuota.zaloUsed}, 0), ${zalo.used})`,
        sentAtZalo: messageQuota.sent,
        zaloAt: at,
      })
      .where(and(eq(messageQuota.brandId, brandId), eq(messageQuota.day, day)));
    if (zalo.dailyQuota !== (await dailyQuotaOf(d.db, brandId, d.config.dailyQuota)))
      await d.db
        .insert(oaLimits)
        .values({ brandId, dailyQuota: zalo.dailyQuota, updatedAt: at })
        .onConflictDoUpdate({ target: oaLimits.brandId, set: { dailyQuota: zalo.dailyQuota, updatedAt: at } });
  }
  if (!probe) return;
  const [lifted] = await queryRows<{ hold: QuotaHold }>(
    d.db,
    sql`update message_quota q set hold = null, probe_at = null
        from (select hold from message_quota where brand_id = ${brandId} and day = ${day} for update) old
        where q.brand_id = ${brandId} and q.day = ${day} and q.hold is not null
        returning old.hold`,
  );
  if (!lifted) return;
  await d.db
    .update(messages)
    .set({ notBefore: at })
    .where(
      and(
        eq(messages.brandId, brandId),
        eq(messages.status, "queued"),
        inArray(messages.lastError, QUOTA_WAIT_CODES),
        sql`${messages.notBefore} > ${at}`,
        lifted.hold === "promotion" ? eq(messages.tag, "promotion") : undefined,
      ),
    );
}

/**
 * Zalo refused a message for quota (-115/-144): hold that kind for the rest of the day, with a
 * probe in an hour. A refused promotion holds promotions only (Zalo does not say which share is
 * out; a care message refused next widens the hold to everything).
 */
export async function holdForQuota(d: MessagingDeps, brandId: string, now: number, promo: boolean): Promise<void> {
  const day = vietnamDayNumber(now);
  await d.db.transaction(async (tx) => {
    await tx.insert(messageQuota).values({ brandId, day }).onConflictDoNothing();
    const [row] = await tx
      .select({ hold: messageQuota.hold })
      .from(messageQuota)
      .where(and(eq(messageQuota.brandId, brandId), eq(messageQuota.day, day)))
      .for("update");
    await tx
      .update(messageQuota)
      .set({
        hold: holdAfterRefusal(row?.hold ?? null, promo),
        probeAt: sql`coalesce(${messageQuota.probeAt}, ${new Date(d.now() + PROBE_INTERVAL_MS)})`,
      })
      .where(and(eq(messageQuota.brandId, brandId), eq(messageQuota.day, day)));
  });
}

/** A new tier was announced (change_oa_daily_quota): a held day probes at the next pass instead of within the hour. */
export async function probeNow(tx: Tx, brandId: string, now: number): Promise<void> {
  await tx
    .update(messageQuota)
    .set({ probeAt: new Date(now) })
    .where(and(eq(messageQuota.brandId, brandId), eq(messageQuota.day, vietnamDayNumber(now)), isNotNull(messageQuota.hold)));
}

/** The marker on a message chosen as its brand's probe (messages.error_detail.params). */
export const PROBE_PARAM = "quotaProbe";

/**
 * For each brand held today whose probe is due: takes the hour's probe slot (one worker wins it)
 * and makes one held message of the held kind due now, marked as the probe. At most one probe
 * per brand per hour, so a quota that stays out costs one refused call an hour.
 */
export async function releaseProbes(d: MessagingDeps): Promise<void> {
  const now = d.now();
  const day = vietnamDayNumber(now);
  const taken = await queryRows<{ brand_id: string; hold: QuotaHold }>(
    d.db,
    sql`update message_quota set probe_at = ${new Date(now + PROBE_INTERVAL_MS)}
        where day = ${day} and hold is not null and probe_at <= ${new Date(now)}
        returning brand_id, hold`,
  );
  for (const { brand_id: brandId, hold } of taken) {
    await d.db.execute(sql`
      update messages set not_before = ${new Date(now)}, error_detail = ${JSON.stringify({ params: { [PROBE_PARAM]: 1 } })}::jsonb
      where id = (
        select id from messages
        where brand_id = ${brandId} and status = 'queued'
          and last_error in (${sql.join(
            QUOTA_WAIT_CODES.map((c) => sql`${c}`),
            sql`, `,
          )})
          ${hold === "promotion" ? sql`and tag = 'promotion'` : sql``}
        order by not_before, created_at limit 1 for update skip locked)`);
  }
}

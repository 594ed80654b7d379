/**
 * The message worker: claims due messages (FOR UPDATE SKIP LOCKED, so several processes share
 * the queue on PostgreSQL), re-checks everything at send time, sends, and records the outcome.
 * docs/messaging.md states the delivery guarantee this implements.
 */
import { and, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import type { ConsentPurpose } from "../../../domain/consent/purposes";
import { DAY_MS, VIETNAM_UTC_OFFSET_MS, vietnamDayNumber } from "../../../domain/loyalty/vietnam-time";
import { normalizeVnPhone } from "../../../domain/messaging/phone";
import { classifyZns, promoFrequency, quietHoursHold, retryDelay, type SendAttempt } from "../../../domain/messaging/sending-rules";
import { previewText, type TemplateParam, type ZnsTag } from "../../../domain/messaging/zns-template";
import type { AnswerValue, OfferFrequency } from "../../../domain/preferences/form";
import type { Db } from "../../db/client";
import { members, messageQuota, messages, preferenceAnswers, users, znsTemplates } from "../../db/schema";
import { mayContactMember } from "../preferences/consents";
import { dispatchEarnMessages } from "./enqueue";

export type OutgoingZns = { brandId: string; phone: string; znsTemplateId: string; data: Record<string, string | number>; trackingId: string; text: string };

export interface Transport {
  readonly name: "zalo" | "sandbox";
  send(m: OutgoingZns): Promise<SendAttempt>;
  /** After -124: get a new OA token (one process at a time). False when it could not. */
  refreshToken(brandId: string): Promise<boolean>;
}

export type MessagingConfig = {
  transport: Transport;
  dailyQuota: number;
  /** Share of the daily quota promotions may use, in percent. */
  promoSharePercent: number;
  /** Sends per second per worker process. */
  ratePerSecond: number;
  batchSize: number;
  /** How long a claimed message is this worker's before it counts as crashed. */
  leaseMs: number;
  /** How long an in-doubt message waits for its delivery event before it is sent again. */
  reconcileMs: number;
  maxAttempts: number;
  random: () => number;
};

export type MessagingDeps = { db: Db; now: () => number; config: MessagingConfig; log?: { warn(obj: object, msg: string): void } };

type Claimed = typeof messages.$inferSelect;

/** Crashed claims become in doubt; in-doubt messages with no delivery event after the window go again. */
export async function reconcile(d: MessagingDeps): Promise<void> {
  const now = d.now();
  await d.db
    .update(messages)
    .set({ status: "in_doubt", leaseUntil: new Date(now + d.config.reconcileMs) })
    .where(and(eq(messages.status, "sending"), lt(messages.leaseUntil, new Date(now))));
  await d.db
    .update(messages)
    .set({ status: "queued", notBefore: new Date(now), leaseUntil: null, lastError: "reconciled: no delivery event in the window, sending again" })
    .where(and(eq(messages.status, "in_doubt"), lt(messages.leaseUntil, new Date(now))));
}

export async function claim(d: MessagingDeps, limit: number): Promise<Claimed[]> {
  const now = d.now();
  const result = await d.db.execute(sql`
    update messages set status = 'sending', attempts = attempts + 1, lease_until = ${new Date(now + d.config.leaseMs)}
    where id in (
      select id from messages where status = 'queued' and not_before <= ${new Date(now)}
      order by not_before limit ${limit} for update skip locked)
    returning id`);
  const ids = (((result as { rows?: { id: string }[] }).rows ?? result) as { id: string }[]).map((r) => r.id);
  return ids.length ? d.db.select().from(messages).where(inArray(messages.id, ids)) : [];
}

/** One pass: reconcile, claim a batch, process it. Returns how many messages were claimed. */
export async function runOnce(d: MessagingDeps, limiter = rateLimiter(d.config.ratePerSecond)): Promise<number> {
  await dispatchEarnMessages(d.db, d.now());
  await reconcile(d);
  const batch = await claim(d, d.config.batchSize);
  for (const m of batch) await processOne(d, m, limiter);
  return batch.length;
}

/** Runs the worker until `stop()`; idles briefly when the queue is empty. */
export function startWorker(d: MessagingDeps, idleMs = 500): { stop(): Promise<void> } {
  let stopped = false;
  const limiter = rateLimiter(d.config.ratePerSecond);
  const loop = (async () => {
    while (!stopped) {
      try {
        if ((await runOnce(d, limiter)) === 0) await sleep(idleMs);
      } catch (error) {
        d.log?.warn({ err: String(error) }, "message worker pass failed");
        await sleep(idleMs);
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A token bucket per process: at most `perSecond` sends, smoothed. */
export function rateLimiter(perSecond: number) {
  let next = 0;
  return async () => {
    if (!Number.isFinite(perSecond) || perSecond <= 0) return;
    const now = performance.now();
    const at = Math.max(now, next);
    next = at + 1000 / perSecond;
    if (at > now) await sleep(at - now);
  };
}

async function finish(d: MessagingDeps, m: Claimed, set: Partial<typeof messages.$inferInsert>) {
  await d.db
    .update(messages)
    .set({ leaseUntil: null, ...set })
    .where(and(eq(messages.id, m.id), inArray(messages.status, ["sending", "in_doubt"])));
}

/** Back on the queue for later; a hold (quiet hours, caps, quota) is not an attempt. */
const requeue = (d: MessagingDeps, m: Claimed, at: number, why: string, counts = false) =>
  finish(d, m, { status: "queued", notBefore: new Date(at), lastError: why, attempts: counts ? m.attempts : m.attempts - 1 });

const nextVietnamMidnight = (at: number) => (vietnamDayNumber(at) + 1) * DAY_MS - VIETNAM_UTC_OFFSET_MS;

async function processOne(d: MessagingDeps, m: Claimed, limiter: () => Promise<void>) {
  const now = d.now();
  const [ctx] = await d.db
    .select({ phone: users.phone, erasedAt: members.erasedAt, template: znsTemplates })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .innerJoin(znsTemplates, eq(znsTemplates.id, m.templateId))
    .where(eq(members.id, m.memberId));
  if (!ctx) return finish(d, m, { status: "failed", lastError: "member_missing" });
  // Consent is read again now: a withdrawal after queueing stops the message.
  const consent = await mayContactMember(d.db, m.memberId, m.purpose as ConsentPurpose, now);
  if (!consent.ok) return finish(d, m, { status: "cancelled", lastError: `consent_${consent.reason}` });
  if (!ctx.template.active) return finish(d, m, { status: "cancelled", lastError: "template_inactive" });
  const phone = ctx.phone ? normalizeVnPhone(ctx.phone) : null;
  if (!phone) return finish(d, m, { status: "failed", lastError: "no_phone" });

  const tag = m.tag as ZnsTag;
  const hold = quietHoursHold(now, tag);
  if (hold !== null) return requeue(d, m, hold, "quiet_hours");
  const promo = tag === "promotion";
  if (promo) {
    const verdict = promoFrequency({ sent: await promoTimes(d, m, now), at: now, preference: await offerFrequency(d, m.memberId), important: m.important });
    if (!verdict.ok) {
      return verdict.retryAt === null ? finish(d, m, { status: "cancelled", lastError: verdict.reason }) : requeue(d, m, verdict.retryAt, verdict.reason);
    }
  }
  if (!(await reserveQuota(d, m.brandId, now, promo))) return requeue(d, m, nextVietnamMidnight(now), promo ? "promo_quota" : "daily_quota");

  await limiter();
  const template = ctx.template;
  const data = m.templateData as Record<string, string | number>;
  const attempt = await d.config.transport.send({
    brandId: m.brandId,
    phone,
    znsTemplateId: template.znsTemplateId,
    data,
    trackingId: m.trackingId,
    text: previewText({ znsTemplateId: template.znsTemplateId, tag, params: template.params as TemplateParam[], preview: template.preview }, data),
  });
  const v = classifyZns(attempt);
  switch (v.verdict) {
    case "accepted":
      return finish(d, m, { status: "sent", msgId: v.msgId, sentAt: new Date(d.now()), lastError: null });
    case "in_doubt":
      // Zalo may have it: wait for its delivery event rather than send a second copy now.
      return d.db
        .update(messages)
        .set({ status: "in_doubt", leaseUntil: new Date(d.now() + d.config.reconcileMs), lastError: v.code })
        .where(and(eq(messages.id, m.id), eq(messages.status, "sending")));
    case "permanent":
      await releaseQuota(d, m.brandId, now, promo);
      return finish(d, m, { status: "failed", lastError: v.code });
    case "quota_exhausted":
      await releaseQuota(d, m.brandId, now, promo);
      await d.db.update(messageQuota).set({ sent: d.config.dailyQuota }).where(and(eq(messageQuota.brandId, m.brandId), eq(messageQuota.day, vietnamDayNumber(now))));
      return requeue(d, m, nextVietnamMidnight(now), v.code);
    case "refresh_token": {
      await releaseQuota(d, m.brandId, now, promo);
      const refreshed = await d.config.transport.refreshToken(m.brandId);
      if (refreshed && m.attempts < d.config.maxAttempts) return requeue(d, m, d.now(), v.code, true);
      return retryOrFail(d, m, v.code);
    }
    case "retry":
      await releaseQuota(d, m.brandId, now, promo);
      return retryOrFail(d, m, v.code);
  }
}

function retryOrFail(d: MessagingDeps, m: Claimed, code: string) {
  if (m.attempts >= d.config.maxAttempts) return finish(d, m, { status: "failed", lastError: `${code} (gave up after ${m.attempts} attempts)` });
  return requeue(d, m, d.now() + retryDelay(m.attempts - 1, d.config.random()), code, true);
}

async function promoTimes(d: MessagingDeps, m: Claimed, now: number): Promise<number[]> {
  const rows = await d.db
    .select({ at: sql<Date>`coalesce(${messages.sentAt}, ${messages.createdAt})` })
    .from(messages)
    .where(
      and(
        eq(messages.memberId, m.memberId),
        eq(messages.tag, "promotion"),
        inArray(messages.status, ["sent", "delivered", "sending", "in_doubt"]),
        ne(messages.id, m.id),
        gte(messages.createdAt, new Date(now - 31 * DAY_MS)),
      ),
    );
  return rows.map((r) => new Date(r.at).getTime());
}

async function offerFrequency(d: MessagingDeps, memberId: string): Promise<OfferFrequency | null> {
  const [row] = await d.db
    .select({ value: preferenceAnswers.value })
    .from(preferenceAnswers)
    .where(and(eq(preferenceAnswers.memberId, memberId), eq(preferenceAnswers.questionId, "offer_frequency")));
  const v = row?.value as AnswerValue | undefined;
  return v?.kind === "single" ? (v.optionId as OfferFrequency) : null;
}

/** Takes one unit of today's quota (and of the promotional share) before the call, exactly. */
async function reserveQuota(d: MessagingDeps, brandId: string, now: number, promo: boolean): Promise<boolean> {
  const day = vietnamDayNumber(now);
  await d.db.insert(messageQuota).values({ brandId, day }).onConflictDoNothing();
  const promoCap = Math.floor((d.config.dailyQuota * d.config.promoSharePercent) / 100);
  const taken = await d.db
    .update(messageQuota)
    .set({ sent: sql`${messageQuota.sent} + 1`, promo: promo ? sql`${messageQuota.promo} + 1` : messageQuota.promo })
    .where(and(eq(messageQuota.brandId, brandId), eq(messageQuota.day, day), lt(messageQuota.sent, d.config.dailyQuota), promo ? lt(messageQuota.promo, promoCap) : sql`true`))
    .returning({ sent: messageQuota.sent });
  return taken.length === 1;
}

async function releaseQuota(d: MessagingDeps, brandId: string, now: number, promo: boolean) {
  await d.db
    .update(messageQuota)
    .set({ sent: sql`greatest(${messageQuota.sent} - 1, 0)`, promo: promo ? sql`greatest(${messageQuota.promo} - 1, 0)` : messageQuota.promo })
    .where(and(eq(messageQuota.brandId, brandId), eq(messageQuota.day, vietnamDayNumber(now))));
}

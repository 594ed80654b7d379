/**
 * The message worker: claims due messages (FOR UPDATE SKIP LOCKED, so several processes share
 * the queue on PostgreSQL), re-checks everything at send time, sends, and records the outcome.
 * docs/messaging.md states the delivery guarantee this implements.
 */
import { randomBytes } from "node:crypto";
import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, ne, sql } from "drizzle-orm";
import { mayUse, purposeForZnsTag, type ConsentEvent } from "../../../domain/consent/purposes";
import { DAY_MS } from "../../../domain/loyalty/vietnam-time";
import {
  MINIAPP_NO_ANSWER,
  MINIAPP_NOT_CONFIGURED,
  NO_ZALO_ID,
  NOTIFICATION_INACTIVE,
  NOTIFICATION_NOT_ALLOWED,
  OA_DISCONNECTED,
  OA_TOKEN_REFRESH_FAILED,
  RECONCILED,
} from "../../../domain/messaging/message-errors";
import { classifyNotification, fallbackOf, notificationData, recentlyActive } from "../../../domain/messaging/miniapp-notification";
import { OA_DISCONNECTED_RECHECK_MS } from "../../../domain/messaging/oa-connection";
import { normalizeVnPhone } from "../../../domain/messaging/phone";
import {
  classifyZns,
  NO_OA_TOKEN,
  promoFrequency,
  quietHoursHold,
  retryDelay,
  tokenRetryDelay,
  type SendAttempt,
} from "../../../domain/messaging/sending-rules";
import { previewText } from "../../../domain/messaging/zns-template";
import { preferenceFields } from "../../../domain/preferences/fields";
import type { OfferFrequency } from "../../../domain/preferences/form";
import { queryRows, type Db } from "../../db/client";
import { brands, consents, members, messages, preferenceAnswers, users, znsCampaigns, znsTemplates } from "../../db/schema";
import {
  holdForQuota,
  nextVietnamMidnight,
  PROBE_PARAM,
  recordAccepted,
  releaseProbes,
  releaseQuota,
  releaseWhere,
  reserveQuota,
} from "./quota-store";
import { advanceCampaigns, PAUSED_UNTIL } from "../campaigns/transitions";
import { dispatchEarnMessages, dispatchVoucherMessages, dispatchWelcomeMessages } from "./enqueue";
import { dispatchSurveyAsks } from "../surveys/asks";
import { notificationsAllowed } from "./notifications";
import type { MessagingDeps } from "./types";

type Claimed = typeof messages.$inferSelect;

/**
 * Ended leases. A claim whose call never started was never sent: back on the queue at once, and
 * the claim's attempt given back (an attempt is a call). A call that started and was not answered
 * (crash, or a worker far slower than its lease) may have reached Zalo: in doubt for the window.
 * In-doubt messages with no delivery event after the window go again.
 */
export async function reconcile(d: MessagingDeps): Promise<void> {
  const now = d.now();
  const ended = and(eq(messages.status, "sending"), lt(messages.leaseUntil, new Date(now)));
  // Never sent, so its quota unit (if the crashed pass had reserved one) goes back too.
  await releaseWhere(
    d.db,
    sql`status = 'sending' and lease_until < ${new Date(now)} and call_started_at is null`,
    sql`status = 'queued', not_before = ${new Date(now)}, lease_until = null, lease_by = null, attempts = greatest(attempts - 1, 0)`,
  );
  // A Mini App notification whose call started may have gone, and no delivery event exists to
  // settle it (docs/messaging.md#mini-app-notifications): never sent again. It held no ZNS quota.
  await d.db
    .update(messages)
    .set({ status: "failed", lastError: MINIAPP_NO_ANSWER, leaseUntil: null, leaseBy: null })
    .where(and(ended, isNotNull(messages.callStartedAt), eq(messages.channel, "miniapp")));
  // The lease holder keeps its lease id: if it was only slow, its answer is still recorded.
  await d.db
    .update(messages)
    .set({ status: "in_doubt", leaseUntil: new Date(now + d.config.reconcileMs) })
    .where(and(ended, isNotNull(messages.callStartedAt)));
  // Not accepted after all (no delivery event in the window): its quota unit goes back with it.
  await releaseWhere(
    d.db,
    sql`status = 'in_doubt' and lease_until < ${new Date(now)}`,
    sql`status = 'queued', not_before = ${new Date(now)}, lease_until = null, lease_by = null, last_error = ${RECONCILED}, error_detail = null`,
  );
}

/**
 * Called when a worker starts (the server is already listening for webhooks): every message in
 * doubt gets at least a whole window from now. The window is the time Zalo's redelivered
 * delivery event has to reach us, so it must be time during which we could receive it; a window
 * that ran out while the server was down (a crash, a deploy, a slow restart) says nothing about
 * whether Zalo accepted the message, and re-sending at once, before the redelivery lands, would
 * send it twice. The cost: after downtime, messages that were really lost go again one window later.
 */
export async function resumeInDoubt(d: MessagingDeps): Promise<void> {
  const until = new Date(d.now() + d.config.reconcileMs);
  await d.db
    .update(messages)
    .set({ leaseUntil: until })
    .where(and(eq(messages.status, "in_doubt"), lt(messages.leaseUntil, until)));
}

/**
 * Claims up to `limit` due messages for this worker. A brand whose OA is disconnected (Zalo
 * refused its refresh token for good) is skipped: its messages stay `queued` as they are, no
 * attempt and no pass spent on them, until saving new tokens clears the mark (oa-token-store.ts).
 * Only with the Zalo transport: the sandbox uses no OA token.
 */
export async function claim(d: MessagingDeps, limit: number, owner?: string): Promise<Claimed[]> {
  const now = d.now();
  // Random per claim; prefixed with the worker's own id when it has one, so a worker that stops
  // can give back its claims (releaseUnstarted).
  const by = owner ? `${owner}.${randomBytes(9).toString("hex")}` : randomBytes(12).toString("hex");
  const oaConnected =
    d.config.transport.name === "zalo"
      ? sql`and not exists (select 1 from oa_tokens t where t.brand_id = messages.brand_id and t.disconnected_at is not null)`
      : sql``;
  const claimed = await queryRows<{ id: string }>(
    d.db,
    sql`
    update messages set status = 'sending', attempts = attempts + 1, lease_until = ${new Date(now + d.config.leaseMs)},
      lease_by = ${by}, call_started_at = null
    where id in (
      select id from messages where status = 'queued' and not_before <= ${new Date(now)} ${oaConnected}
      order by not_before limit ${limit} for update skip locked)
    returning id`,
  );
  const ids = claimed.map((r) => r.id);
  return ids.length
    ? d.db
        .select()
        .from(messages)
        .where(and(inArray(messages.id, ids), eq(messages.leaseBy, by)))
    : [];
}

/**
 * Just before a message's call: records that the call starts and gives it a lease measured from
 * now, only while the claim is still ours (same lease id, still `sending`, no call started). False:
 * another worker took the message over (our lease had ended), and this one must not send it.
 */
async function callStarting(d: MessagingDeps, m: Claimed): Promise<boolean> {
  const now = d.now();
  const campaignId = campaignOf(m);
  const started = await d.db
    .update(messages)
    .set({ callStartedAt: new Date(now), leaseUntil: new Date(now + d.config.callLeaseMs) })
    .where(
      and(
        eq(messages.id, m.id),
        eq(messages.leaseBy, m.leaseBy ?? ""),
        eq(messages.status, "sending"),
        isNull(messages.callStartedAt),
        // A campaign cancelled or paused after this message was claimed: it must not go (decision 0038
        // addendum). Checked in the same statement that starts the call, so a cancel that committed
        // before it always wins; the one read is by primary key and only for campaign messages.
        campaignId
          ? sql`not exists (select 1 from zns_campaigns c where c.id = ${campaignId} and c.status in ('cancelled', 'paused'))`
          : sql`true`,
      ),
    )
    .returning({ id: messages.id });
  return started.length > 0;
}

const CAMPAIGN_SOURCE = /^campaign:([0-9a-f-]{36})$/;
const campaignOf = (m: Claimed) => CAMPAIGN_SOURCE.exec(m.source ?? "")?.[1] ?? null;

/**
 * A claimed campaign message whose call was refused because its campaign stopped meanwhile: a
 * cancelled campaign's is cancelled (no error: cancelled by the campaign, as the queued ones), a
 * paused one's waits for the resume like the queued ones (not an attempt). Its quota unit goes
 * back in the same statement. Only while the claim is ours and no call started.
 */
async function dropForStoppedCampaign(d: MessagingDeps, m: Claimed, campaignId: string): Promise<void> {
  const ours = sql`id = ${m.id} and lease_by = ${m.leaseBy ?? ""} and status = 'sending' and call_started_at is null`;
  const stopped = (status: string) => sql`exists (select 1 from zns_campaigns c where c.id = ${campaignId} and c.status = ${status})`;
  await releaseWhere(
    d.db,
    sql`${ours} and ${stopped("cancelled")}`,
    sql`status = 'cancelled', lease_until = null, lease_by = null, last_error = null, error_detail = null`,
  );
  await releaseWhere(
    d.db,
    sql`${ours} and ${stopped("paused")}`,
    sql`status = 'queued', not_before = ${PAUSED_UNTIL}, lease_until = null, lease_by = null, attempts = greatest(attempts - 1, 0)`,
  );
}

/** Sends in flight at once per worker process unless configured: ZNS calls are I/O, the database work stays small. */
const SEND_CONCURRENCY = 8;

/**
 * A worker process's send slots: at most `size` calls in flight, each taking a slot just before
 * its call. `whenFree()` lets the worker's loop claim when a slot is free (sendLoop).
 */
export function sendSlots(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  let freed: (() => void)[] = [];
  return {
    async take(): Promise<void> {
      if (free > 0) free--;
      else await new Promise<void>((r) => waiting.push(r));
    },
    give(): void {
      const next = waiting.shift();
      if (next) return next();
      free++;
      const wake = freed;
      freed = [];
      for (const w of wake) w();
    },
    /** Resolves once at least one slot is free. */
    whenFree(): Promise<void> {
      return free > 0 && !waiting.length ? Promise.resolve() : new Promise<void>((r) => freed.push(r));
    },
  };
}
type Slots = ReturnType<typeof sendSlots>;

/** What every pass does before it claims: queue the ledgers' messages, take back ended leases, release due quota probes. */
async function chores(d: MessagingDeps): Promise<void> {
  await dispatchEarnMessages(d.db, d.now());
  await dispatchWelcomeMessages(d.db, d.now());
  await dispatchVoucherMessages(d.db, d.now());
  // Survey asks after earns (surveys/asks.ts); ZNS survey channels register their delivery here.
  await dispatchSurveyAsks(d.db, d.now(), { deliveries: d.surveyDeliveries });
  // Campaigns: materialise one left unfinished by a crash, start the due ones, finish the sent ones.
  await advanceCampaigns(d.db, d.config, d.now());
  await reconcile(d);
  await releaseProbes(d);
}

/**
 * One pass: chores, claim a batch and check it. Resolves once every message of the batch has a
 * send slot (its call started, or done); `done` once they are all finished.
 */
async function pass(d: MessagingDeps, limiter: () => Promise<void>, slots: Slots): Promise<{ claimed: number; done: Promise<void> }> {
  await chores(d);
  const batch = await claim(d, d.config.batchSize);
  const { done } = batch.length ? await processBatch(d, batch, limiter, slots) : { done: Promise.resolve() };
  return { claimed: batch.length, done };
}

/**
 * One pass, waiting for its sends (tests and scripts step the queue with it). Claims a whole
 * batch, whose messages may wait for a send slot: their lease (leaseMs) covers the whole batch
 * at the rate limit and timeout. Returns how many messages were claimed.
 */
export async function runOnce(
  d: MessagingDeps,
  limiter = rateLimiter(d.config.ratePerSecond),
  slots = sendSlots(d.config.sendConcurrency ?? SEND_CONCURRENCY),
): Promise<number> {
  const { claimed, done } = await pass(d, limiter, slots);
  await done;
  return claimed;
}

/**
 * The worker's loop: send slots refilled continuously. As soon as a slot is free and every message
 * of the last batch has a slot (its call started, or it needed none), it claims the next batch; it
 * never waits for a batch's calls to end. A call hanging until its timeout so holds its own slot
 * only, while the others keep claiming and sending (before, each pass waited for its whole batch).
 * At most one batch waits for slots, under the claim's lease, which covers the wait (setup.ts).
 * Claiming only for the free slots would keep no message waiting, but pays the claim's reads and
 * quota transaction for every one or two messages: about half the throughput in bench:messaging
 * (PGlite, same machine load). Chores (dispatch, reconcile, probes) run at most every `idleMs` while the queue
 * is busy, and always before the loop concludes that nothing is due. `untilEmpty`: returns once
 * nothing is due and no call is in flight (scripts); otherwise runs until `stopped()`, idling
 * `idleMs` when nothing is due.
 */
async function sendLoop(
  d: MessagingDeps,
  o: { idleMs: number; untilEmpty: boolean; stopped: () => boolean; owner?: string },
): Promise<void> {
  const limiter = rateLimiter(d.config.ratePerSecond);
  const slots = sendSlots(d.config.sendConcurrency ?? SEND_CONCURRENCY);
  const inFlight = new Set<Promise<void>>();
  let choresAt = Number.NEGATIVE_INFINITY;
  while (!o.stopped()) {
    try {
      await slots.whenFree();
      const due = performance.now() - choresAt >= o.idleMs;
      if (due) {
        choresAt = performance.now();
        await chores(d);
      }
      const batch = await claim(d, d.config.batchSize, o.owner);
      if (batch.length) {
        const { done } = await processBatch(d, batch, limiter, slots);
        // A send's failure (a database error) leaves its message `sending` until its lease ends; reconcile takes it back.
        const sent = done.catch((error: unknown) => d.log?.warn({ err: String(error) }, "message worker: send failed"));
        inFlight.add(sent);
        void sent.finally(() => inFlight.delete(sent));
        continue;
      }
      // Nothing due without the chores: do them now (new ledger rows, ended leases) before idling.
      if (!due) {
        choresAt = Number.NEGATIVE_INFINITY;
        continue;
      }
      if (o.untilEmpty) {
        if (!inFlight.size) break;
        // A call that ends may have made something due (or freed its slot): look again then.
        await Promise.race(inFlight);
        choresAt = Number.NEGATIVE_INFINITY;
        continue;
      }
      await sleep(o.idleMs);
    } catch (error) {
      d.log?.warn({ err: String(error) }, "message worker pass failed");
      await sleep(o.idleMs);
    }
  }
  await Promise.all(inFlight);
}

/** Sends until nothing is due and no call is in flight, the way the worker does (benchmarks, scripts). */
export const drain = (d: MessagingDeps, idleMs = 500) => sendLoop(d, { idleMs, untilEmpty: true, stopped: () => false });

/**
 * Runs the worker until `stop()`. Stopping (a deploy, a scale-down) gives back at once what this
 * worker claimed but has not started to send, so another worker sends it now rather than after
 * the lease; then it waits for the calls already started, whose outcome it must record. A send
 * still waiting for its slot finds its claim gone when it would start (callStarting) and skips.
 */
export function startWorker(d: MessagingDeps, idleMs = 500): { stop(): Promise<void>; running(): boolean } {
  let stopped = false;
  let ended = false;
  const owner = randomBytes(6).toString("hex");
  const loop = (async () => {
    await resumeInDoubt(d).catch((error: unknown) => d.log?.warn({ err: String(error) }, "message worker: in-doubt grace failed"));
    await sendLoop(d, { idleMs, untilEmpty: false, stopped: () => stopped, owner });
  })().finally(() => {
    ended = true;
  });
  return {
    async stop() {
      stopped = true;
      await releaseUnstarted(d, owner).catch((error: unknown) => d.log?.warn({ err: String(error) }, "message worker: release failed"));
      await loop;
      // A claim that was being made while stop began has sent what it had; anything left unstarted goes back too.
      await releaseUnstarted(d, owner).catch(() => {});
    },
    running: () => !ended && !stopped,
  };
}

/**
 * What a stopping worker claimed and never started to send: back on the queue, the attempt and
 * the quota unit given back (as reconcile does for an ended lease).
 */
export async function releaseUnstarted(d: MessagingDeps, owner: string): Promise<void> {
  await releaseWhere(
    d.db,
    sql`status = 'sending' and call_started_at is null and lease_by like ${`${owner}.%`}`,
    sql`status = 'queued', not_before = ${new Date(d.now())}, lease_until = null, lease_by = null, attempts = greatest(attempts - 1, 0)`,
  );
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

/** Only while the claim is ours: a message another worker has taken over is not touched. */
const ours = (m: Claimed) =>
  and(eq(messages.id, m.id), eq(messages.leaseBy, m.leaseBy ?? ""), inArray(messages.status, ["sending", "in_doubt"]));

async function finish(d: MessagingDeps, m: Claimed, set: Partial<typeof messages.$inferInsert>) {
  await d.db
    .update(messages)
    .set({ leaseUntil: null, leaseBy: null, errorDetail: null, ...set })
    .where(ours(m));
  d.onOutcome?.(m.channel, set.status ?? m.status, set.lastError ?? null);
}

/** Back on the queue for later; a hold (quiet hours, caps, quota) is not an attempt. */
const requeue = (d: MessagingDeps, m: Claimed, at: number, why: string, counts = false) =>
  finish(d, m, { status: "queued", notBefore: new Date(at), lastError: why, attempts: counts ? m.attempts : m.attempts - 1 });

/**
 * Processes a claimed batch: everything the checks need is read for the whole batch in two
 * queries, the quota is reserved for the batch in one, and each call goes out when a send slot
 * is free. Resolves once every call has a slot; `done` once they have all finished.
 */
async function processBatch(
  d: MessagingDeps,
  batch: Claimed[],
  limiter: () => Promise<void>,
  slots: Slots,
): Promise<{ done: Promise<void> }> {
  const now = d.now();
  const ctx = await d.db
    .select({
      id: messages.id,
      phone: users.phone,
      zaloId: users.zaloId,
      userId: members.userId,
      erasedAt: members.erasedAt,
      template: znsTemplates,
      appUrl: brands.miniAppUrl,
      lastAppUse: members.lastAppUseAt,
      // A campaign's message: its channel choice decides what a notification that may not go becomes.
      campaignChannel: znsCampaigns.channel,
    })
    .from(messages)
    .innerJoin(members, eq(members.id, messages.memberId))
    .innerJoin(users, eq(users.id, members.userId))
    .innerJoin(brands, eq(brands.id, messages.brandId))
    .innerJoin(znsTemplates, eq(znsTemplates.id, messages.templateId))
    .leftJoin(
      znsCampaigns,
      and(eq(znsCampaigns.brandId, messages.brandId), sql`${messages.source} = 'campaign:' || ${znsCampaigns.id}::text`),
    )
    .where(
      inArray(
        messages.id,
        batch.map((m) => m.id),
      ),
    );
  const ctxOf = new Map(ctx.map((c) => [c.id, c]));
  // Consent is read again now: a withdrawal after queueing stops the message.
  const histories = await consentHistories(d.db, [...new Set(ctx.map((c) => c.userId))]);
  // And for notifications, Zalo's permission: a member who since refused the prompt gets nothing.
  const notifyIds = batch.filter((m) => m.channel === "miniapp").map((m) => ctxOf.get(m.id)?.userId ?? "");
  const allowed = await notificationsAllowed(d.db, notifyIds.filter(Boolean));

  const ready: Ready[] = [];
  for (const m of batch) {
    const c = ctxOf.get(m.id);
    if (!c) {
      await finish(d, m, { status: "failed", lastError: "member_missing" });
      continue;
    }
    // "Notification first, ZNS if not allowed": a notification that may not go (its purpose
    // withdrawn, Zalo's prompt refused, the member outside §5.4's window) goes by ZNS instead when
    // the member has consent for the template's ZNS purpose — back on the queue now as ZNS, not an
    // attempt; the next claim checks it as any ZNS message (consent, phone, caps, quota) — and the
    // row keeps why (`fallback_reason`, shown in the message log). Otherwise it stops as before.
    const fallBack = (why: string) =>
      m.channel === "miniapp" &&
      fallbackOf(c.campaignChannel) === "zns" &&
      mayUse({ history: histories.get(c.userId) ?? [], purpose: purposeForZnsTag(m.tag), at: now, erased: c.erasedAt !== null }).ok
        ? finish(d, m, {
            status: "queued",
            channel: "zns",
            purpose: purposeForZnsTag(m.tag),
            notBefore: new Date(now),
            lastError: why,
            fallbackReason: why,
            attempts: m.attempts - 1,
          }).then(() => true)
        : Promise.resolve(false);
    const consent = mayUse({ history: histories.get(c.userId) ?? [], purpose: m.purpose, at: now, erased: c.erasedAt !== null });
    if (!consent.ok) {
      if (!(await fallBack(`consent_${consent.reason}`)))
        await finish(d, m, { status: "cancelled", lastError: `consent_${consent.reason}` });
      continue;
    }
    if (!c.template.active) {
      await finish(d, m, { status: "cancelled", lastError: "template_inactive" });
      continue;
    }
    let to: Ready["to"];
    if (m.channel === "miniapp") {
      if (!allowed.has(c.userId)) {
        if (!(await fallBack(NOTIFICATION_NOT_ALLOWED))) await finish(d, m, { status: "cancelled", lastError: NOTIFICATION_NOT_ALLOWED });
        continue;
      }
      if (!c.zaloId) {
        await finish(d, m, { status: "failed", lastError: NO_ZALO_ID });
        continue;
      }
      // §5.4: only to members who used the Mini App recently. Past the window, "notification
      // first" sends it by ZNS (above); otherwise it fails, never retried (time only takes the
      // member further out of the window).
      if (!recentlyActive(c.lastAppUse?.getTime() ?? null, now)) {
        if (!(await fallBack(NOTIFICATION_INACTIVE))) await finish(d, m, { status: "failed", lastError: NOTIFICATION_INACTIVE });
        continue;
      }
      to = { channel: "miniapp", zaloId: c.zaloId, appUrl: c.appUrl };
    } else {
      const phone = c.phone ? normalizeVnPhone(c.phone) : null;
      if (!phone) {
        await finish(d, m, { status: "failed", lastError: "no_phone" });
        continue;
      }
      to = { channel: "zns", phone };
    }
    const hold = quietHoursHold(now, m.tag);
    if (hold !== null) {
      await requeue(d, m, hold, "quiet_hours");
      continue;
    }
    const promo = m.tag === "promotion";
    // A test send (dev mode) reaches only the OA's admins: the members' caps are not its business.
    if (promo && !m.devMode) {
      const verdict = promoFrequency({
        sent: await promoTimes(d, m, now),
        at: now,
        preference: await offerFrequency(d, m.memberId),
        important: m.important,
      });
      if (!verdict.ok) {
        await (verdict.retryAt === null
          ? finish(d, m, { status: "cancelled", lastError: verdict.reason })
          : requeue(d, m, verdict.retryAt, verdict.reason));
        continue;
      }
    }
    ready.push({ m, to, template: c.template, promo });
  }

  // Today's quota, reserved exactly for as many as it allows; the rest wait for tomorrow (or
  // for a probe to find that Zalo's quota came back). Test sends (Zalo's development mode) take
  // none of it: they hold no unit (quota_day stays null), so there is nothing to give back either.
  // Nor do Mini App notifications: the daily quota is the OA's ZNS quota; the notification's own
  // platform caps are unconfirmed (§5.4) and answered by its API (a refusal is recorded).
  const ownQuota = (r: Ready) => r.m.devMode || r.to.channel === "miniapp";
  const going: typeof ready = ready.filter(ownQuota);
  for (const brandId of new Set(ready.map((r) => r.m.brandId))) {
    const mine = ready.filter((r) => r.m.brandId === brandId && !ownQuota(r));
    const go = await reserveQuota(
      d,
      brandId,
      now,
      mine.map((r) => ({ id: r.m.id, promo: r.promo, quotaDay: r.m.quotaDay, probe: isProbe(r.m) })),
    );
    for (const r of mine) {
      if (go.has(r.m.id)) going.push(r);
      else {
        await requeue(d, r.m, nextVietnamMidnight(now), r.promo ? "promo_quota" : "daily_quota");
      }
    }
  }

  // Each send catches its own failure (a rejection nobody awaits yet would crash the process);
  // the first one is raised when they are all done.
  let failure: { error: unknown } | null = null;
  const sends: Promise<void>[] = [];
  for (const r of going) {
    await slots.take();
    sends.push(
      (async () => {
        try {
          await limiter();
          await (r.to.channel === "miniapp"
            ? sendNotification(d, r.m, r.to, r.template)
            : sendOne(d, r.m, r.to.phone, r.template, r.promo, now));
        } catch (error) {
          failure ??= { error };
        } finally {
          slots.give();
        }
      })(),
    );
  }
  const done = Promise.all(sends).then(() => {
    if (failure) throw failure.error;
  });
  return { done };
}

type Ready = {
  m: Claimed;
  to: { channel: "zns"; phone: string } | { channel: "miniapp"; zaloId: string; appUrl: string | null };
  template: typeof znsTemplates.$inferSelect;
  promo: boolean;
};

/**
 * One Mini App notification (docs/messaging.md#mini-app-notifications): the campaign's rendered
 * message as the notification's text, to the member's Zalo id. Accepted → sent (no delivery event
 * exists for this channel); refused → failed with the platform's code, never retried; no answer →
 * failed as miniapp_no_answer, never sent again; not sent (network) → retried like ZNS.
 */
async function sendNotification(
  d: MessagingDeps,
  m: Claimed,
  to: { zaloId: string; appUrl: string | null },
  template: typeof znsTemplates.$inferSelect,
) {
  let lost = false;
  const text = previewText(
    { znsTemplateId: template.znsTemplateId, tag: m.tag, params: template.params, preview: template.preview },
    m.templateData,
  );
  const transport = d.config.transport;
  const notification = {
    brandId: m.brandId,
    zaloUserId: to.zaloId,
    trackingId: m.trackingId,
    data: notificationData({ title: template.name, text, data: m.templateData, appLink: to.appUrl ?? "https://zalo.me/" }),
  };
  const attempt: SendAttempt = transport.notify
    ? await transport.notify(notification, async () => {
        lost = !(await callStarting(d, m));
        return !lost;
      })
    : { kind: "not_sent", reason: MINIAPP_NOT_CONFIGURED };
  if (lost) {
    const campaignId = campaignOf(m);
    if (campaignId) await dropForStoppedCampaign(d, m, campaignId);
    return;
  }
  const v = classifyNotification(attempt);
  switch (v.verdict) {
    case "accepted":
      return finish(d, m, { status: "sent", msgId: v.msgId, sentAt: new Date(d.now()), lastError: null });
    case "retry":
      return retryOrFail(d, m, v.code);
    case "permanent":
    case "no_answer":
      return finish(d, m, { status: "failed", lastError: v.code });
  }
}

async function sendOne(
  d: MessagingDeps,
  m: Claimed,
  phone: string,
  template: typeof znsTemplates.$inferSelect,
  promo: boolean,
  now: number,
) {
  const tag = m.tag;
  const data = m.templateData;
  let lost = false;
  const attempt = await d.config.transport.send(
    {
      brandId: m.brandId,
      phone,
      znsTemplateId: template.znsTemplateId,
      data,
      trackingId: m.trackingId,
      devMode: m.devMode,
      text: previewText({ znsTemplateId: template.znsTemplateId, tag, params: template.params, preview: template.preview }, data),
    },
    async () => {
      lost = !(await callStarting(d, m));
      return !lost;
    },
  );
  if (lost) {
    // Its campaign was cancelled or paused after the claim: dropped (or held) here, unit given back.
    const campaignId = campaignOf(m);
    if (campaignId) await dropForStoppedCampaign(d, m, campaignId);
    // Otherwise no longer ours and not sent: the reconcile that took it back released its quota unit.
    return;
  }
  const v = classifyZns(attempt);
  switch (v.verdict) {
    case "accepted":
      await recordAccepted(d, m.brandId, now, v.quota, isProbe(m));
      return finish(d, m, { status: "sent", msgId: v.msgId, sentAt: new Date(d.now()), lastError: null });
    case "in_doubt":
      // Zalo may have it: wait for its delivery event rather than send a second copy now.
      return d.db
        .update(messages)
        .set({ status: "in_doubt", leaseUntil: new Date(d.now() + d.config.reconcileMs), lastError: v.code, errorDetail: null })
        .where(and(eq(messages.id, m.id), eq(messages.leaseBy, m.leaseBy ?? ""), eq(messages.status, "sending")));
    case "permanent":
      await releaseQuota(d, m.id);
      return finish(d, m, { status: "failed", lastError: v.code });
    case "quota_exhausted":
      await releaseQuota(d, m.id);
      await holdForQuota(d, m.brandId, now, promo);
      return requeue(d, m, nextVietnamMidnight(now), v.code);
    case "refresh_token": {
      await releaseQuota(d, m.id);
      // Our own token state, not the message's: never an attempt and never a failure, but always
      // a backoff (longer each time), so a token Zalo keeps refusing cannot spin the queue.
      const refreshed = await d.config.transport.refreshToken(m.brandId);
      if (refreshed === OA_DISCONNECTED) return holdForOa(d, m);
      const holds = Number(m.errorDetail?.params?.tokenHolds ?? 0) || 0;
      const code = refreshed || v.code === NO_OA_TOKEN ? v.code : OA_TOKEN_REFRESH_FAILED;
      return finish(d, m, {
        status: "queued",
        notBefore: new Date(d.now() + tokenRetryDelay(holds, d.config.random())),
        lastError: code,
        attempts: m.attempts - 1,
        errorDetail: { params: { tokenHolds: holds + 1 } },
      });
    }
    case "oa_disconnected":
      await releaseQuota(d, m.id);
      return holdForOa(d, m);
    case "retry":
      await releaseQuota(d, m.id);
      return retryOrFail(d, m, v.code);
  }
}

/**
 * The OA is disconnected (Zalo refused its refresh token for good): the message waits, not
 * counted as an attempt and never failed; it looks again every few minutes (a database read,
 * no call to Zalo), and storing new tokens releases it at once (oa-token-store.ts save).
 */
const holdForOa = (d: MessagingDeps, m: Claimed) =>
  finish(d, m, {
    status: "queued",
    notBefore: new Date(d.now() + OA_DISCONNECTED_RECHECK_MS),
    lastError: OA_DISCONNECTED,
    attempts: m.attempts - 1,
  });

async function consentHistories(db: Db, userIds: string[]): Promise<Map<string, ConsentEvent[]>> {
  const out = new Map<string, ConsentEvent[]>();
  if (!userIds.length) return out;
  const rows = await db.select().from(consents).where(inArray(consents.userId, userIds)).orderBy(asc(consents.id));
  for (const c of rows) {
    if (!out.has(c.userId)) out.set(c.userId, []);
    out
      .get(c.userId)!
      .push({ purpose: c.purpose, granted: c.granted, at: c.createdAt.getTime(), wordingVersion: c.wordingVersion, channel: c.channel });
  }
  return out;
}

function retryOrFail(d: MessagingDeps, m: Claimed, code: string) {
  if (m.attempts >= d.config.maxAttempts)
    return finish(d, m, { status: "failed", lastError: code, errorDetail: { params: { gaveUpAfter: m.attempts } } });
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
        eq(messages.devMode, false),
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
  return row ? preferenceFields(new Map([["offer_frequency", row.value]])).offer_frequency : null;
}

/** The message its brand's probe step chose to find out whether Zalo's quota came back. */
const isProbe = (m: Claimed) => Boolean(m.errorDetail?.params?.[PROBE_PARAM]);

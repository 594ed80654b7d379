/**
 * Signed outgoing webhooks (docs/integration.md, docs/decisions/0043). Events come from the
 * business tables past a cursor per endpoint and event (the message queue's dispatch pattern,
 * docs/architecture.md "Events"): no write path knows that webhooks exist. Each event becomes
 * one `webhook_deliveries` row per endpoint (unique per cause), claimed and leased by workers
 * as the message queue's rows are (FOR UPDATE SKIP LOCKED), sent with an HMAC-SHA256 signature
 * over `<timestamp>.<body>`, and retried with backoff (domain/integrations/webhooks.ts).
 * Delivery is at least once: a receiver deduplicates on the event id.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { WebhookDeliveryView, WebhookEndpointView } from "../../../contract/integrations-console";
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signatureHeader,
  signedPayload,
  TIMESTAMP_HEADER,
  WEBHOOK_EVENTS,
  webhookRetryDelay,
  webhookUrlProblem,
  type WebhookEvent,
} from "../../../domain/integrations/webhooks";
import { queryRows, type Db, type Tx } from "../../db/client";
import { consumePastCursor } from "../messaging/cursor";
import { auditEvents, webhookDeliveries, webhookEndpoints } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";

type Admin = { userId: string; brandId: string };

// ── Endpoints (console, admins) ─────────────────────────────────────────────────────────────

const endpointView = (e: typeof webhookEndpoints.$inferSelect): WebhookEndpointView => ({
  id: e.id,
  url: e.url,
  events: e.events,
  createdAt: e.createdAt.toISOString(),
  disabledAt: e.disabledAt?.toISOString() ?? null,
});

export async function listWebhookEndpoints(db: Db, brandId: string): Promise<WebhookEndpointView[]> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.brandId, brandId))
    .orderBy(desc(webhookEndpoints.createdAt));
  return rows.map(endpointView);
}

/** A new endpoint with its signing secret (shown once). Plain http only to a development server. */
export async function createWebhookEndpoint(
  db: Db,
  now: number,
  admin: Admin,
  req: { url: string; events: WebhookEvent[] },
  allowHttp: boolean,
): Promise<Outcome<{ endpoint: WebhookEndpointView; secret: string }>> {
  return inTransaction(db, async (tx) => {
    const problem = webhookUrlProblem(req.url, allowHttp);
    if (problem) throw new Refusal("webhook_url_invalid", "Send events to an https URL.", { reason: problem });
    const secret = `whsec_${randomBytes(32).toString("base64url")}`;
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        brandId: admin.brandId,
        url: req.url,
        secret,
        events: [...new Set(req.events)],
        createdBy: admin.userId,
        createdAt: new Date(now),
      })
      .returning();
    await tx.insert(auditEvents).values({
      brandId: admin.brandId,
      actorId: admin.userId,
      action: "webhook_endpoint_changed",
      subjectId: row!.id,
      at: new Date(now),
      detail: { change: "created", url: req.url, events: req.events.join(",") },
    });
    return { endpoint: endpointView(row!), secret };
  });
}

/** Stops sending to an endpoint (deliveries still queued for it are dropped as failed); its log stays. */
export async function disableWebhookEndpoint(db: Db, now: number, admin: Admin, endpointId: string): Promise<Outcome<null>> {
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ disabledAt: new Date(now) })
      .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.brandId, admin.brandId), isNull(webhookEndpoints.disabledAt)))
      .returning();
    if (!row) {
      const [exists] = await tx
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.brandId, admin.brandId)));
      if (!exists) throw new Refusal("webhook_not_found", "No such webhook endpoint.");
      return null;
    }
    await tx
      .update(webhookDeliveries)
      .set({ status: "failed", lastError: "endpoint_removed", leaseUntil: null, leaseBy: null })
      .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "queued")));
    await tx.insert(auditEvents).values({
      brandId: admin.brandId,
      actorId: admin.userId,
      action: "webhook_endpoint_changed",
      subjectId: endpointId,
      at: new Date(now),
      detail: { change: "removed", url: row.url },
    });
    return null;
  });
}

// ── Delivery log (console) ──────────────────────────────────────────────────────────────────

type DeliveryRow = typeof webhookDeliveries.$inferSelect & { url: string };
const deliveryView = (d: DeliveryRow): WebhookDeliveryView => ({
  id: d.id,
  endpointId: d.endpointId,
  url: d.url,
  eventId: d.eventId,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  createdAt: d.createdAt.toISOString(),
  lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
  nextAttemptAt: d.status === "queued" ? d.notBefore.toISOString() : null,
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
});

const LOG_LIMIT = 200;

/** The newest deliveries of the brand (at most 200), optionally of one status. */
export async function listDeliveries(db: Db, brandId: string, status?: WebhookDeliveryView["status"]): Promise<WebhookDeliveryView[]> {
  const rows = await db
    .select({ d: webhookDeliveries, url: webhookEndpoints.url })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(eq(webhookDeliveries.brandId, brandId), status ? eq(webhookDeliveries.status, status) : undefined))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(LOG_LIMIT);
  return rows.map(({ d, url }) => deliveryView({ ...d, url }));
}

/** An admin sends a failed (or waiting) delivery again now, with a fresh schedule of retries. */
export async function retryDelivery(db: Db, now: number, admin: Admin, deliveryId: string): Promise<Outcome<WebhookDeliveryView>> {
  return inTransaction(db, async (tx) => {
    const [found] = await tx
      .select({ d: webhookDeliveries, url: webhookEndpoints.url, disabledAt: webhookEndpoints.disabledAt })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.brandId, admin.brandId)));
    if (!found || found.disabledAt) throw new Refusal("webhook_not_found", "No such delivery, or its endpoint was removed.");
    if (found.d.status === "failed" || found.d.status === "queued") {
      const [row] = await tx
        .update(webhookDeliveries)
        .set({ status: "queued", attempts: 0, notBefore: new Date(now), leaseUntil: null, leaseBy: null })
        .where(eq(webhookDeliveries.id, deliveryId))
        .returning();
      await tx.insert(auditEvents).values({
        brandId: admin.brandId,
        actorId: admin.userId,
        action: "webhook_endpoint_changed",
        subjectId: found.d.endpointId,
        at: new Date(now),
        detail: { change: "redelivered", url: found.url, delivery: deliveryId },
      });
      return deliveryView({ ...row!, url: found.url });
    }
    return deliveryView({ ...found.d, url: found.url });
  });
}

// ── Events past a cursor ────────────────────────────────────────────────────────────────────

/**
 * Rows past `position` become events. Ledger entries and members carry a sequence; vouchers used
 * and cases opened a time, read up to SETTLE_MS ago (a transaction that wrote a time commits
 * within it) and inclusively from the last time read (the dedupe key makes a second read harmless).
 */
type Source = {
  latest(tx: Tx, brandId: string, now: number): Promise<number>;
  past(
    tx: Tx,
    brandId: string,
    position: number,
    now: number,
    limit: number,
  ): Promise<{ position: number; key: string; at: Date; data: Record<string, unknown> }[]>;
};
const SETTLE_MS = 5_000;

const asDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));

const SOURCES: Record<WebhookEvent, Source> = {
  "points.changed": {
    async latest(tx, brandId) {
      const [row] = await queryRows<{ p: string | number }>(
        tx,
        sql`select coalesce(max(seq), 0) as p from ledger_entries where brand_id = ${brandId}`,
      );
      return Number(row?.p ?? 0);
    },
    async past(tx, brandId, position, _now, limit) {
      const rows = await queryRows<{
        id: string;
        seq: string | number;
        member_id: string;
        member_seq: string | number;
        kind: string;
        points: string | number;
        balance_after: string | number;
        store_id: string | null;
        receipt_no: string | null;
        bill_vnd: string | number | null;
        ref_entry_id: string | null;
        occurred_at: string | Date;
      }>(
        tx,
        sql`select e.id, e.seq, e.member_id, m.member_seq, e.kind, e.points, e.balance_after, e.store_id, e.receipt_no, e.bill_vnd, e.ref_entry_id, e.occurred_at
            from ledger_entries e join members m on m.id = e.member_id
            where e.brand_id = ${brandId} and e.seq > ${position} order by e.seq limit ${limit}`,
      );
      return rows.map((r) => ({
        position: Number(r.seq),
        key: `points.changed:${r.id}`,
        at: asDate(r.occurred_at),
        data: {
          entryId: r.id,
          memberId: r.member_id,
          memberNo: String(r.member_seq).padStart(8, "0"),
          kind: r.kind,
          points: Number(r.points),
          balance: Number(r.balance_after),
          storeId: r.store_id,
          receiptNo: r.receipt_no,
          amountVnd: r.bill_vnd === null ? null : Number(r.bill_vnd),
          refEntryId: r.ref_entry_id,
          occurredAt: asDate(r.occurred_at).toISOString(),
        },
      }));
    },
  },
  "member.joined": {
    async latest(tx, brandId) {
      const [row] = await queryRows<{ p: string | number }>(
        tx,
        sql`select coalesce(max(member_seq), 0) as p from members where brand_id = ${brandId}`,
      );
      return Number(row?.p ?? 0);
    },
    async past(tx, brandId, position, _now, limit) {
      const rows = await queryRows<{ id: string; member_seq: string | number; tier: string; joined_at: string | Date }>(
        tx,
        sql`select id, member_seq, tier, joined_at from members where brand_id = ${brandId} and member_seq > ${position} order by member_seq limit ${limit}`,
      );
      return rows.map((r) => ({
        position: Number(r.member_seq),
        key: `member.joined:${r.id}`,
        at: asDate(r.joined_at),
        data: {
          memberId: r.id,
          memberNo: String(r.member_seq).padStart(8, "0"),
          tier: r.tier,
          joinedAt: asDate(r.joined_at).toISOString(),
        },
      }));
    },
  },
  "voucher.used": {
    latest: async (_tx, _brandId, now) => now - SETTLE_MS,
    async past(tx, brandId, position, now, limit) {
      const rows = await queryRows<{
        id: string;
        member_id: string;
        reward_id: string;
        reward_name: string;
        used_store_id: string | null;
        used_at: string | Date;
      }>(
        tx,
        sql`select v.id, v.member_id, v.reward_id, r.name as reward_name, v.used_store_id, v.used_at
            from vouchers v join rewards r on r.id = v.reward_id
            where v.brand_id = ${brandId} and v.status = 'used'
              and v.used_at >= ${new Date(position)} and v.used_at <= ${new Date(now - SETTLE_MS)}
            order by v.used_at, v.id limit ${limit}`,
      );
      return rows.map((r) => ({
        position: asDate(r.used_at).getTime(),
        key: `voucher.used:${r.id}`,
        at: asDate(r.used_at),
        data: {
          voucherId: r.id,
          memberId: r.member_id,
          rewardId: r.reward_id,
          rewardName: r.reward_name,
          storeId: r.used_store_id,
          usedAt: asDate(r.used_at).toISOString(),
        },
      }));
    },
  },
  "case.opened": {
    latest: async (_tx, _brandId, now) => now - SETTLE_MS,
    async past(tx, brandId, position, now, limit) {
      const rows = await queryRows<{
        id: string;
        member_id: string;
        store_id: string | null;
        opened_score: number;
        opened_at: string | Date;
      }>(
        tx,
        sql`select id, member_id, store_id, opened_score, opened_at from feedback_cases
            where brand_id = ${brandId} and opened_at >= ${new Date(position)} and opened_at <= ${new Date(now - SETTLE_MS)}
            order by opened_at, id limit ${limit}`,
      );
      return rows.map((r) => ({
        position: asDate(r.opened_at).getTime(),
        key: `case.opened:${r.id}`,
        at: asDate(r.opened_at),
        data: {
          caseId: r.id,
          memberId: r.member_id,
          storeId: r.store_id,
          score: Number(r.opened_score),
          openedAt: asDate(r.opened_at).toISOString(),
        },
      }));
    },
  },
};

/**
 * Queues the events of every active endpoint: per endpoint and event, the rows past its cursor
 * (a new cursor starts at the present, so an endpoint receives what happens after it was added).
 * The cursor moves in the transaction that queues the deliveries: a crash loses nothing.
 */
export async function dispatchWebhookEvents(db: Db, now: number, limit = 500): Promise<number> {
  const endpoints = await db.select().from(webhookEndpoints).where(isNull(webhookEndpoints.disabledAt));
  let total = 0;
  for (const endpoint of endpoints) {
    for (const event of endpoint.events) {
      const source = SOURCES[event];
      if (!source) continue;
      const cursor = `webhook:${endpoint.id}:${event}`;
      total += await db.transaction((tx) =>
        consumePastCursor(
          tx,
          cursor,
          () => source.latest(tx, endpoint.brandId, now),
          (position) => source.past(tx, endpoint.brandId, position, now, limit),
          async (rows) => {
            const inserted = await tx
              .insert(webhookDeliveries)
              .values(
                rows.map((r) => {
                  const eventId = randomUUID();
                  return {
                    brandId: endpoint.brandId,
                    endpointId: endpoint.id,
                    eventId,
                    event,
                    dedupeKey: r.key,
                    payload: { id: eventId, type: event, createdAt: r.at.toISOString(), brandId: endpoint.brandId, data: r.data },
                    notBefore: new Date(now),
                    createdAt: new Date(now),
                  };
                }),
              )
              .onConflictDoNothing()
              .returning({ id: webhookDeliveries.id });
            return inserted.length;
          },
        ),
      );
    }
  }
  return total;
}

// ── Sending ────────────────────────────────────────────────────────────────────────────────

export type WebhookWorkerDeps = {
  db: Db;
  now: () => number;
  /** Injected so tests can answer without a network; the worker uses the global fetch. */
  fetch?: typeof fetch;
  log?: Logger;
  /** How long a claim is held before another worker may take the delivery (default 60 s). */
  leaseMs?: number;
  /** One attempt's time limit (default 10 s). */
  timeoutMs?: number;
  batchSize?: number;
};

/** The HMAC-SHA256 signature of a body sent at `timestampSeconds`, as the header carries it. */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return signatureHeader(createHmac("sha256", secret).update(signedPayload(timestampSeconds, body)).digest("hex"));
}

async function claimDeliveries(d: WebhookWorkerDeps, limit: number) {
  const now = d.now();
  const by = randomBytes(12).toString("hex");
  // Ended leases (a worker that crashed mid-send) go back to the queue: at least once, never lost.
  await d.db
    .update(webhookDeliveries)
    .set({ status: "queued", leaseUntil: null, leaseBy: null })
    .where(and(eq(webhookDeliveries.status, "sending"), lt(webhookDeliveries.leaseUntil, new Date(now))));
  const claimed = await queryRows<{ id: string }>(
    d.db,
    sql`update webhook_deliveries set status = 'sending', attempts = attempts + 1, lease_until = ${new Date(now + (d.leaseMs ?? 60_000))}, lease_by = ${by}
        where id in (select id from webhook_deliveries where status = 'queued' and not_before <= ${new Date(now)}
                     order by not_before limit ${limit} for update skip locked)
        returning id`,
  );
  if (!claimed.length) return [];
  return d.db
    .select({ d: webhookDeliveries, url: webhookEndpoints.url, secret: webhookEndpoints.secret })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(
      and(
        inArray(
          webhookDeliveries.id,
          claimed.map((c) => c.id),
        ),
        eq(webhookDeliveries.leaseBy, by),
      ),
    );
}

async function deliver(d: WebhookWorkerDeps, c: Awaited<ReturnType<typeof claimDeliveries>>[number]) {
  const body = JSON.stringify(c.d.payload);
  const timestamp = Math.floor(d.now() / 1000);
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await (d.fetch ?? fetch)(c.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "LoyalLoop-Webhooks/1",
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(c.secret, timestamp, body),
        [EVENT_HEADER]: c.d.event,
        [DELIVERY_HEADER]: c.d.id,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(d.timeoutMs ?? 10_000),
    });
    status = res.status;
    // The body is not read beyond what is needed to free the connection.
    await res.body?.cancel().catch(() => {});
    if (status < 200 || status >= 300) error = `http_${status}`;
  } catch (e) {
    error = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError") ? "timeout" : "network";
  }
  const now = d.now();
  const ours = and(
    eq(webhookDeliveries.id, c.d.id),
    eq(webhookDeliveries.leaseBy, c.d.leaseBy ?? ""),
    eq(webhookDeliveries.status, "sending"),
  );
  if (!error) {
    await d.db
      .update(webhookDeliveries)
      .set({
        status: "delivered",
        deliveredAt: new Date(now),
        lastAttemptAt: new Date(now),
        lastStatus: status,
        lastError: null,
        leaseUntil: null,
      })
      .where(ours);
    return;
  }
  const delay = webhookRetryDelay(c.d.attempts);
  await d.db
    .update(webhookDeliveries)
    .set({
      status: delay === null ? "failed" : "queued",
      notBefore: new Date(now + (delay ?? 0)),
      lastAttemptAt: new Date(now),
      lastStatus: status,
      lastError: error,
      leaseUntil: null,
      leaseBy: null,
    })
    .where(ours);
}

/** One pass: queue new events, claim what is due, send it. Returns how many deliveries were attempted. */
export async function runWebhookPass(d: WebhookWorkerDeps): Promise<number> {
  await dispatchWebhookEvents(d.db, d.now());
  const batch = await claimDeliveries(d, d.batchSize ?? 50);
  await Promise.all(batch.map((c) => deliver(d, c)));
  return batch.length;
}

/** Runs passes until `stop()`: at once while there is work, every `idleMs` otherwise. */
export function startWebhookWorker(d: WebhookWorkerDeps, idleMs = 1000): { stop(): Promise<void> } {
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      let sent = 0;
      try {
        sent = await runWebhookPass(d);
      } catch (error) {
        d.log?.warn({ err: String(error) }, "webhook worker pass failed");
      }
      if (!sent && !stopped) await new Promise<void>((r) => ((wake = r), setTimeout(r, idleMs)));
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

export { WEBHOOK_EVENTS };

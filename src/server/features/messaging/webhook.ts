/**
 * Zalo's event webhook (docs/zalo.md#webhook). The signature is
 * X-ZEvent-Signature = "mac=" + sha256_hex(appId + rawBody + timestamp + OA secret), timestamp
 * from the body; it is compared in constant time over the raw bytes, and events more than
 * 300 s from our clock are refused so a captured request cannot be replayed later. Each event
 * is applied once (key: event name + message id); Zalo redelivers on slow answers, so the
 * handler only writes two rows and answers at once.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { countLateDelivery, probeNow } from "./quota-store";
import type { WebhookSecrets } from "./types";
import { brands, messages, oaLimits, webhookEvents, znsTemplates } from "../../db/schema";

export const WEBHOOK_WINDOW_MS = 300_000;

export function webhookSignature(secrets: WebhookSecrets, rawBody: string, timestamp: string): string {
  return `mac=${createHash("sha256")
    .update(secrets.appId + rawBody + timestamp + secrets.oaSecret)
    .digest("hex")}`;
}

export type WebhookOutcome =
  | { status: 200; result: "applied" | "duplicate" | "ignored" | "unknown_message" }
  | { status: 401; result: "bad_signature" | "stale" | "not_configured" }
  | { status: 400; result: "malformed" };

/** Zalo's timestamps are milliseconds since the epoch: digits only, nothing else is ever fresh. */
const MILLIS = /^\d{1,15}$/;
/** A delivery may be reported late (Zalo redelivers for a while), never from the future. */
const DELIVERY_AHEAD_MS = 86_400_000;
/** Zalo's daily quota tiers run in thousands; a number beyond this is not a quota. */
export const MAX_DAILY_QUOTA = 10_000_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const millisOf = (v: unknown): number | null => {
  const text = typeof v === "number" || typeof v === "string" ? String(v) : "";
  return MILLIS.test(text) ? Number(text) : null;
};

/**
 * `secrets` null: this deployment has a real Zalo app but no OA secret (ZALO_OA_SECRET), so no
 * event can be verified and every one is refused (start-up says so). The sandbox's own key,
 * public in this repository, is only ever accepted in dev identity mode.
 */
export async function receiveWebhook(
  db: Db,
  now: number,
  secrets: WebhookSecrets | null,
  rawBody: string,
  signature: string | undefined,
  brandSlug?: string,
): Promise<WebhookOutcome> {
  if (!secrets) return { status: 401, result: "not_configured" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return { status: 400, result: "malformed" };
  }
  // null, arrays, strings and numbers are JSON too; none of them is an event.
  if (!isObject(parsed)) return { status: 400, result: "malformed" };
  const body = parsed;
  const timestamp = millisOf(body.timestamp) === null ? null : String(body.timestamp);
  if (!timestamp) return { status: 400, result: "malformed" };
  const expected = Buffer.from(webhookSignature(secrets, rawBody, timestamp));
  const given = Buffer.from(signature ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 401, result: "bad_signature" };
  if (Math.abs(now - Number(timestamp)) > WEBHOOK_WINDOW_MS) return { status: 401, result: "stale" };

  const event = String(body.event_name ?? "");
  if (event === "change_template_status") return templateStatus(db, now, body, timestamp);
  if (event === "change_oa_daily_quota") return dailyQuota(db, now, body, timestamp, brandSlug);
  const message = isObject(body.message) ? body.message : {};
  const msgId = typeof message.msg_id === "string" ? message.msg_id : null;
  const trackingId = typeof message.tracking_id === "string" ? message.tracking_id : null;
  if (event !== "user_received_message" || (!msgId && !trackingId)) return { status: 200, result: "ignored" };

  // Absent means "now"; present, it must be a time we can store and believe.
  const reported = message.delivery_time;
  const delivery = reported === undefined || reported === null || reported === "" ? now : millisOf(reported);
  if (delivery === null || delivery > now + DELIVERY_AHEAD_MS) return { status: 400, result: "malformed" };
  const deliveredAt = new Date(delivery || now);
  return applyOnce(db, now, `${event}:${msgId ?? trackingId}`, async (tx) => {
    // Also from queued or in_doubt: the event is the proof Zalo accepted it, so it is never sent again.
    await countLateDelivery(tx, trackingId, msgId, delivery || now);
    const updated = await tx
      .update(messages)
      .set({
        status: "delivered",
        deliveredAt,
        sentAt: sql`coalesce(${messages.sentAt}, ${deliveredAt})`,
        ...(msgId ? { msgId } : {}),
        leaseUntil: null,
      })
      .where(
        and(
          or(trackingId ? eq(messages.trackingId, trackingId) : undefined, msgId ? eq(messages.msgId, msgId) : undefined),
          inArray(messages.status, ["queued", "sending", "in_doubt", "sent"]),
        ),
      )
      .returning({ id: messages.id });
    return updated.length ? "applied" : "unknown_message";
  });
}

/**
 * Applies an event once: the dedupe mark and the change commit together, so a crash between
 * them cannot swallow the redelivery that should repair it.
 */
async function applyOnce(
  db: Db,
  now: number,
  key: string,
  apply: (tx: Tx) => Promise<"applied" | "unknown_message" | "ignored">,
): Promise<WebhookOutcome> {
  const result = await db.transaction(async (tx) => {
    const fresh = await tx
      .insert(webhookEvents)
      .values({ key, receivedAt: new Date(now) })
      .onConflictDoNothing()
      .returning({ key: webhookEvents.key });
    return fresh.length ? apply(tx) : ("duplicate" as const);
  });
  return { status: 200, result };
}

/**
 * A template approved, paused or disabled by Zalo (ZBS event change_template_status; payload
 * shape from third-party copies of the docs [3P], read defensively). Only ENABLE keeps a
 * template active; the queue cancels messages of an inactive template at send time.
 */
async function templateStatus(db: Db, now: number, body: Record<string, unknown>, timestamp: string): Promise<WebhookOutcome> {
  const data = isObject(body.data) ? body.data : {};
  const status = isObject(body.status) ? body.status : {};
  const templateId = [body.template_id, data.template_id, data.templateId].find((v) => typeof v === "string" || typeof v === "number");
  const next = [status.new_status, body.new_status, data.new_status, data.status].find((v) => typeof v === "string");
  if (templateId === undefined || typeof next !== "string") return { status: 200, result: "ignored" };
  return applyOnce(db, now, `change_template_status:${templateId}:${timestamp}`, async (tx) => {
    const updated = await tx
      .update(znsTemplates)
      .set({ active: next.toUpperCase() === "ENABLE" })
      .where(eq(znsTemplates.znsTemplateId, String(templateId)))
      .returning({ id: znsTemplates.id });
    return updated.length ? "applied" : "unknown_message";
  });
}

/**
 * The OA moved to another quota tier (ZBS event change_oa_daily_quota; shape [3P], read
 * defensively). One deployment serves one brand, so the quota is that brand's from now on.
 */
async function dailyQuota(
  db: Db,
  now: number,
  body: Record<string, unknown>,
  timestamp: string,
  brandSlug: string | undefined,
): Promise<WebhookOutcome> {
  const data = isObject(body.data) ? body.data : {};
  const quota = isObject(body.quota) ? body.quota : isObject(data.quota) ? data.quota : {};
  const given = [quota.new_quota, quota.daily_quota, body.new_quota, data.new_quota, data.daily_quota].find(
    (v) => v !== undefined && v !== null,
  );
  if (!brandSlug || given === undefined) return { status: 200, result: "ignored" };
  // A quota we could not store or would not believe ("lots", -5, 1e20) is refused, not applied.
  const next = typeof given === "number" || (typeof given === "string" && /^\d{1,9}$/.test(given)) ? Number(given) : NaN;
  if (!Number.isInteger(next) || next < 1 || next > MAX_DAILY_QUOTA) return { status: 400, result: "malformed" };
  return applyOnce(db, now, `change_oa_daily_quota:${timestamp}`, async (tx) => {
    const [brand] = await tx.select({ id: brands.id }).from(brands).where(eq(brands.slug, brandSlug));
    if (!brand) return "ignored";
    const values = { brandId: brand.id, dailyQuota: next, updatedAt: new Date(now) };
    await tx
      .insert(oaLimits)
      .values(values)
      .onConflictDoUpdate({ target: oaLimits.brandId, set: { dailyQuota: next, updatedAt: values.updatedAt } });
    await probeNow(tx, brand.id, now);
    return "applied";
  });
}

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
import { parseUserFeedback } from "../../zalo/zns-feedback";
import { countLateDelivery, probeNow } from "./quota-store";
import type { RatingSink, WebhookSecrets } from "./types";
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
 * What the webhook needs beyond the event: where a rating goes (the survey core's recordRating;
 * without it a rating is logged and dropped), our OA id to check events against, and a log for
 * events it cannot use (never with personal data: codes and ids only).
 */
export type WebhookOptions = {
  brandSlug?: string;
  oaId?: string | null;
  ratings?: RatingSink;
  log?: { warn(obj: object, msg: string): void; info?(obj: object, msg: string): void };
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
  options: WebhookOptions = {},
): Promise<WebhookOutcome> {
  const { brandSlug } = options;
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
  if (event === "user_feedback") return userFeedback(db, now, body, secrets, options);
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
  apply: (tx: Tx) => Promise<"applied" | "unknown_message" | "ignored" | "duplicate">,
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
 * A member's star rating in a ZNS service rating message (docs/zalo.md#zns-rating). The payload
 * is read in one place (zalo/zns-feedback.ts). An event we cannot use — malformed, another app's,
 * a message we never sent or one that carried no survey — is logged and answered 200, like any
 * event we do not act on: Zalo would only redeliver it, and a 4xx could get the webhook disabled.
 * The rating is recorded once: the event's mark (the message and when it was rated) and the
 * survey core's write commit together, and the survey core deduplicates per ask as well.
 */
async function userFeedback(
  db: Db,
  now: number,
  body: Record<string, unknown>,
  secrets: WebhookSecrets,
  options: WebhookOptions,
): Promise<WebhookOutcome> {
  const parsed = parseUserFeedback(body, { appId: secrets.appId, oaId: options.oaId ?? null, now });
  if (!parsed.ok) {
    options.log?.warn({ event: "user_feedback", reason: parsed.reason }, "webhook: user_feedback not usable; ignored");
    return { status: 200, result: "ignored" };
  }
  const f = parsed.feedback;
  const ratings = options.ratings;
  if (!ratings) {
    // Not marked as seen: once the survey core is wired in, Zalo's redelivery is still recorded.
    options.log?.warn({ event: "user_feedback", reason: "no_survey_core" }, "webhook: rating not recorded");
    return { status: 200, result: "ignored" };
  }
  const byId = or(f.msgId ? eq(messages.msgId, f.msgId) : undefined, f.trackingId ? eq(messages.trackingId, f.trackingId) : undefined);
  return applyOnce(db, now, `user_feedback:${f.msgId ?? f.trackingId}:${f.submittedAt}`, async (tx) => {
    const [message] = await tx
      .select({ id: messages.id, brandId: messages.brandId, memberId: messages.memberId, surveyAskId: messages.surveyAskId })
      .from(messages)
      .where(byId)
      .limit(1);
    if (!message) {
      options.log?.warn({ event: "user_feedback", msgId: f.msgId }, "webhook: rating for a message we do not know; ignored");
      return "unknown_message";
    }
    if (!message.surveyAskId) {
      // A rating template sent outside a survey (a console test send): nothing to record it against.
      options.log?.warn({ event: "user_feedback", messageId: message.id, reason: "no_survey_ask" }, "webhook: rating not recorded");
      return "ignored";
    }
    const out = await ratings(tx, {
      brandId: message.brandId,
      memberId: message.memberId,
      surveyAskId: message.surveyAskId,
      messageId: message.id,
      msgId: f.msgId,
      score: f.rate,
      note: f.note,
      reasons: f.feedbacks,
      at: f.submittedAt,
    });
    if (out.result === "refused") {
      options.log?.info?.({ event: "user_feedback", messageId: message.id, reason: out.reason }, "webhook: rating refused by the survey");
      return "ignored";
    }
    return out.result === "recorded" ? "applied" : "duplicate";
  });
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

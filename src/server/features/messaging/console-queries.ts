/** The console's reads of messaging: templates, the message log, quota, the sandbox inbox. */
import type { z } from "zod";
import { and, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { MessageQuery, OaConnectionView, TemplateView } from "../../../contract/messaging";
import { MESSAGE_STATUSES } from "../../../domain/messaging/messages";
import { civilDateText, vietnamDate, vietnamDayNumber } from "../../../domain/loyalty/vietnam-time";
import { maskVoucherCodesIn } from "../../../domain/loyalty/voucher-mask";
import { maskVnPhone } from "../../../domain/messaging/phone";
import { promoCap } from "../../../domain/messaging/quota";
import { previewText } from "../../../domain/messaging/zns-template";
import type { Db } from "../../db/client";
import { members, messageQuota, messages, oaTokens, sandboxInbox, users, znsTemplates } from "../../db/schema";
import { formatMemberNo } from "../members/cards";
import type { MessagingConfig } from "./types";
import { dailyQuotaOf } from "./quota-store";

export async function templateView(db: Db, row: typeof znsTemplates.$inferSelect) {
  const counts = await db
    .select({ status: messages.status, n: sql<number>`count(*)::int` })
    .from(messages)
    .where(eq(messages.templateId, row.id))
    .groupBy(messages.status);
  return {
    id: row.id,
    name: row.name,
    znsTemplateId: row.znsTemplateId,
    tag: row.tag,
    kind: row.kind,
    params: row.params,
    preview: row.preview,
    trigger: row.trigger,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    counts: Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, counts.find((c) => c.status === s)?.n ?? 0])) as TemplateView["counts"],
  };
}

/** The brand's templates, by name, each with its message counts. */
export async function templateList(db: Db, brandId: string) {
  const rows = await db.select().from(znsTemplates).where(eq(znsTemplates.brandId, brandId)).orderBy(znsTemplates.name);
  return { items: await Promise.all(rows.map((r) => templateView(db, r))) };
}

/** One page of the message log, newest first; null when the `before` cursor is not one this API gave. */
export async function messagePage(db: Db, brandId: string, q: z.output<typeof MessageQuery>) {
  const where: SQL[] = [eq(messages.brandId, brandId)];
  if (q.status) where.push(eq(messages.status, q.status));
  if (q.source) where.push(eq(messages.source, q.source));
  if (q.templateId) where.push(eq(messages.templateId, q.templateId));
  // The console chooses a stored code from a list (ERROR_FILTER_CODES): the filter is that code,
  // exactly — a substring would bring zns_-1121 up under zns_-112.
  if (q.error) where.push(eq(messages.lastError, q.error));
  if (q.channel) where.push(eq(messages.channel, q.channel));
  if (q.before) {
    const [at, id] = q.before.split("~");
    const t = new Date(at ?? "");
    if (Number.isNaN(t.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id)) return null;
    where.push(or(lt(messages.createdAt, t), and(eq(messages.createdAt, t), lt(messages.id, id)))!);
  }
  const rows = await db
    .select({ m: messages, name: users.displayName, seq: members.memberSeq, t: znsTemplates })
    .from(messages)
    .innerJoin(members, eq(members.id, messages.memberId))
    .innerJoin(users, eq(users.id, members.userId))
    .innerJoin(znsTemplates, eq(znsTemplates.id, messages.templateId))
    .where(and(...where))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(({ m, name, seq, t }) => ({
      id: m.id,
      memberId: m.memberId,
      memberName: name,
      memberNo: formatMemberNo(seq),
      templateId: t.id,
      templateName: t.name,
      tag: m.tag,
      source: m.source,
      channel: m.channel,
      status: m.status,
      attempts: m.attempts,
      lastError: m.lastError,
      fallbackReason: m.fallbackReason,
      errorDetail: m.errorDetail,
      renderNotes: m.renderNotes ?? [],
      devMode: m.devMode,
      trackingId: m.trackingId,
      // A voucher message carries the live code: the console shows it masked (decision 0012).
      text: maskVoucherCodesIn(
        previewText({ znsTemplateId: t.znsTemplateId, tag: t.tag, params: t.params, preview: t.preview }, m.templateData),
      ),
      createdAt: m.createdAt.toISOString(),
      notBefore: m.notBefore.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
      deliveredAt: m.deliveredAt?.toISOString() ?? null,
    })),
    nextBefore: rows.length > q.limit ? `${page[page.length - 1]!.m.createdAt.toISOString()}~${page[page.length - 1]!.m.id}` : null,
  };
}

/** Today's quota use (Vietnam day), the promotional share and the queue. */
export async function quotaView(db: Db, brandId: string, now: number, cfg: MessagingConfig) {
  const day = vietnamDayNumber(now);
  const [[used], [queue]] = await Promise.all([
    db
      .select()
      .from(messageQuota)
      .where(and(eq(messageQuota.brandId, brandId), eq(messageQuota.day, day))),
    db
      .select({
        queued: sql<number>`count(*) filter (where ${messages.status} = 'queued')::int`,
        inDoubt: sql<number>`count(*) filter (where ${messages.status} in ('sending', 'in_doubt'))::int`,
      })
      .from(messages)
      .where(and(eq(messages.brandId, brandId), inArray(messages.status, ["queued", "sending", "in_doubt"]))),
  ]);
  const d = vietnamDate(now);
  const dailyQuota = await dailyQuotaOf(db, brandId, cfg.dailyQuota);
  return {
    transport: cfg.transport.name,
    day: civilDateText(d),
    dailyQuota,
    sent: used?.sent ?? 0,
    promoCap: promoCap(dailyQuota, cfg.promoSharePercent),
    promo: used?.promo ?? 0,
    queued: queue?.queued ?? 0,
    inDoubt: queue?.inDoubt ?? 0,
    zalo: used?.zaloUsed != null && used.zaloAt ? { used: used.zaloUsed, at: used.zaloAt.toISOString() } : null,
    hold: used?.hold ? { scope: used.hold, probeAt: used.probeAt?.toISOString() ?? null } : null,
    oa: cfg.transport.name === "zalo" ? await oaConnectionView(db, brandId) : null,
  };
}

/** The OA's connection as the console shows it (oa-token-store.ts sets it; no call to Zalo). */
export async function oaConnectionView(db: Db, brandId: string): Promise<z.infer<typeof OaConnectionView>> {
  const [row] = await db
    .select({ at: oaTokens.disconnectedAt, reason: oaTokens.disconnectReason, zaloError: oaTokens.disconnectZaloError })
    .from(oaTokens)
    .where(eq(oaTokens.brandId, brandId));
  if (!row) return { state: "not_connected", disconnectedAt: null, reason: null, zaloError: null };
  if (!row.at) return { state: "connected", disconnectedAt: null, reason: null, zaloError: null };
  return { state: "disconnected", disconnectedAt: row.at.toISOString(), reason: row.reason, zaloError: row.zaloError };
}

/** The sandbox inbox, newest first (the last 100). */
export async function sandboxInboxView(db: Db, brandId: string) {
  const rows = await db
    .select({ s: sandboxInbox, status: messages.status, name: users.displayName, template: znsTemplates.name })
    .from(sandboxInbox)
    .leftJoin(messages, eq(messages.trackingId, sandboxInbox.trackingId))
    .leftJoin(members, eq(members.id, messages.memberId))
    .leftJoin(users, eq(users.id, members.userId))
    .leftJoin(znsTemplates, eq(znsTemplates.id, messages.templateId))
    .where(eq(sandboxInbox.brandId, brandId))
    .orderBy(desc(sandboxInbox.receivedAt))
    .limit(100);
  return {
    items: rows.map(({ s, status, name, template }) => ({
      msgId: s.msgId,
      phoneMasked: maskVnPhone(s.phone),
      memberName: name,
      templateName: template,
      text: maskVoucherCodesIn(s.text),
      receivedAt: s.receivedAt.toISOString(),
      status,
    })),
  };
}

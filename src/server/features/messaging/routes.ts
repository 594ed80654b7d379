import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { and, desc, eq, inArray, like, lt, or, sql, type SQL } from "drizzle-orm";
import { Uuid } from "../../../contract/common";
import {
  MESSAGE_STATUSES,
  MessagePage,
  MessageQuery,
  QuotaView,
  SandboxInbox,
  TemplateInput,
  TemplateList,
  TemplateView,
  TestSendRequest,
  TestSendResponse,
} from "../../../contract/messaging";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import { vietnamDate, vietnamDayNumber } from "../../../domain/loyalty/vietnam-time";
import { maskVnPhone } from "../../../domain/messaging/phone";
import { previewText, validateTemplate, type TemplateParam, type ZnsTag } from "../../../domain/messaging/zns-template";
import { isUniqueViolation, type Db } from "../../db/client";
import { members, messageQuota, messages, sandboxInbox, users, znsTemplates } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { defineRoute, errorResponse, json, jsonBody } from "../../http/route";
import { formatMemberNo } from "../members/cards";
import { enqueueMessage } from "./enqueue";
import { receiveWebhook } from "./webhook";
import { dailyQuotaOf } from "./worker";

const tags = ["Messaging (console)"];

const listTemplates = defineRoute({ method: "get", path: "/console/messaging/templates", tags, summary: "Registered ZNS templates with message counts per status", access: CONSOLE_ROLES, responses: { 200: json(TemplateList, "Templates") } });
const createTemplate = defineRoute({
  method: "post",
  path: "/console/messaging/templates",
  tags,
  summary: "Register a ZNS template approved by Zalo, with how each parameter is filled",
  access: MANAGERS,
  request: jsonBody(TemplateInput),
  responses: { 201: json(TemplateView, "Registered"), 409: errorResponse("template_conflict"), 422: errorResponse("template_invalid, with issues") },
});
const updateTemplate = defineRoute({
  method: "put",
  path: "/console/messaging/templates/{id}",
  tags,
  summary: "Change a template's mapping, trigger or active flag (queued messages keep what they rendered)",
  access: MANAGERS,
  request: { params: z.object({ id: Uuid }), ...jsonBody(TemplateInput) },
  responses: { 200: json(TemplateView, "Updated"), 404: errorResponse("template_not_found"), 409: errorResponse("template_conflict"), 422: errorResponse("template_invalid") },
});
const listMessages = defineRoute({
  method: "get",
  path: "/console/messaging/messages",
  tags,
  summary: "The message log, newest first, filtered by status, source, template or error",
  access: CONSOLE_ROLES,
  request: { query: MessageQuery },
  responses: { 200: json(MessagePage, "Messages") },
});
const quota = defineRoute({ method: "get", path: "/console/messaging/quota", tags, summary: "Today's quota use (Vietnam day), the promotional share and the queue", access: CONSOLE_ROLES, responses: { 200: json(QuotaView, "Quota") } });
const testSend = defineRoute({
  method: "post",
  path: "/console/messaging/test-send",
  tags,
  summary: "Queue one message of a template to a chosen member (consent and rendering checked as for any message)",
  access: MANAGERS,
  request: jsonBody(TestSendRequest),
  responses: { 200: json(TestSendResponse, "What happened"), 404: errorResponse("template_not_found or member_not_found") },
});
const sandbox = defineRoute({ method: "get", path: "/console/messaging/sandbox", tags, summary: "The sandbox inbox: each message as the member would have read it", access: CONSOLE_ROLES, responses: { 200: json(SandboxInbox, "Inbox") } });
const webhook = defineRoute({
  method: "post",
  path: "/webhooks/zalo",
  tags: ["Webhooks"],
  summary: "Zalo events (user_received_message…): signed with X-ZEvent-Signature, ±300 s, applied once",
  access: "public",
  responses: { 200: json(z.object({ result: z.string() }), "Accepted (also for duplicates and unknown messages, so Zalo stops retrying)"), 401: errorResponse("webhook_signature_invalid") },
});

async function templateView(db: Db, row: typeof znsTemplates.$inferSelect) {
  const counts = await db.select({ status: messages.status, n: sql<number>`count(*)::int` }).from(messages).where(eq(messages.templateId, row.id)).groupBy(messages.status);
  return {
    id: row.id,
    name: row.name,
    znsTemplateId: row.znsTemplateId,
    tag: row.tag,
    params: row.params as TemplateParam[],
    preview: row.preview,
    trigger: row.trigger as TemplateView["trigger"],
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    counts: Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, counts.find((c) => c.status === s)?.n ?? 0])) as TemplateView["counts"],
  };
}


export const messagingRoutes = new OpenAPIHono<AppEnv>()
  .openapi(listTemplates, async (c) => {
    const { database } = c.get("deps");
    const rows = await database.db.select().from(znsTemplates).where(eq(znsTemplates.brandId, c.get("auth").brandId)).orderBy(znsTemplates.name);
    return c.json({ items: await Promise.all(rows.map((r) => templateView(database.db, r))) }, 200);
  })
  .openapi(createTemplate, async (c) => {
    const { database, now } = c.get("deps");
    const body = c.req.valid("json");
    const problems = validateTemplate({ ...body, params: body.params as TemplateParam[] });
    if (problems.length) return fail(c, "template_invalid", "The template cannot be registered as it is.", problems.map((p) => ({ path: p.param, message: p.message })));
    try {
      const [row] = await database.db.insert(znsTemplates).values({ ...body, brandId: c.get("auth").brandId, createdAt: new Date(now()) }).returning();
      return c.json(await templateView(database.db, row!), 201);
    } catch (error) {
      if (isUniqueViolation(error)) return fail(c, "template_conflict", "This ZNS template id or trigger already has a template.");
      throw error;
    }
  })
  .openapi(updateTemplate, async (c) => {
    const { database } = c.get("deps");
    const body = c.req.valid("json");
    const problems = validateTemplate({ ...body, params: body.params as TemplateParam[] });
    if (problems.length) return fail(c, "template_invalid", "The template cannot be saved as it is.", problems.map((p) => ({ path: p.param, message: p.message })));
    try {
      const [row] = await database.db
        .update(znsTemplates)
        .set(body)
        .where(and(eq(znsTemplates.id, c.req.valid("param").id), eq(znsTemplates.brandId, c.get("auth").brandId)))
        .returning();
      if (!row) return fail(c, "template_not_found", "No such template.");
      return c.json(await templateView(database.db, row), 200);
    } catch (error) {
      if (isUniqueViolation(error)) return fail(c, "template_conflict", "This ZNS template id or trigger already has a template.");
      throw error;
    }
  })
  .openapi(listMessages, async (c) => {
    const { database } = c.get("deps");
    const q = c.req.valid("query");
    const where: SQL[] = [eq(messages.brandId, c.get("auth").brandId)];
    if (q.status) where.push(eq(messages.status, q.status));
    if (q.source) where.push(eq(messages.source, q.source));
    if (q.templateId) where.push(eq(messages.templateId, q.templateId));
    if (q.error) where.push(like(messages.lastError, `%${q.error.replace(/[%_\\]/g, "\\$&")}%`));
    if (q.before) {
      const [at, id] = q.before.split("~");
      const t = new Date(at ?? "");
      if (Number.isNaN(t.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id)) return fail(c, "invalid_request", "The paging cursor is not one this API gave.");
      where.push(or(lt(messages.createdAt, t), and(eq(messages.createdAt, t), lt(messages.id, id)))!);
    }
    const rows = await database.db
      .select({ m: messages, name: users.displayName, seq: members.memberSeq, t: znsTemplates })
      .from(messages)
      .innerJoin(members, eq(members.id, messages.memberId))
      .innerJoin(users, eq(users.id, members.userId))
      .innerJoin(znsTemplates, eq(znsTemplates.id, messages.templateId))
      .where(and(...where))
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    return c.json(
      {
        items: page.map(({ m, name, seq, t }) => ({
          id: m.id,
          memberId: m.memberId,
          memberName: name,
          memberNo: formatMemberNo(seq),
          templateId: t.id,
          templateName: t.name,
          tag: m.tag as ZnsTag,
          source: m.source,
          status: m.status,
          attempts: m.attempts,
          lastError: m.lastError,
          trackingId: m.trackingId,
          text: previewText({ znsTemplateId: t.znsTemplateId, tag: t.tag, params: t.params as TemplateParam[], preview: t.preview }, m.templateData as Record<string, string | number>),
          createdAt: m.createdAt.toISOString(),
          notBefore: m.notBefore.toISOString(),
          sentAt: m.sentAt?.toISOString() ?? null,
          deliveredAt: m.deliveredAt?.toISOString() ?? null,
        })),
        nextBefore: rows.length > q.limit ? `${page[page.length - 1]!.m.createdAt.toISOString()}~${page[page.length - 1]!.m.id}` : null,
      },
      200,
    );
  })
  .openapi(quota, async (c) => {
    const { database, now, messaging } = c.get("deps");
    const brandId = c.get("auth").brandId;
    const day = vietnamDayNumber(now());
    const [[used], [queue]] = await Promise.all([
      database.db.select().from(messageQuota).where(and(eq(messageQuota.brandId, brandId), eq(messageQuota.day, day))),
      database.db
        .select({
          queued: sql<number>`count(*) filter (where ${messages.status} = 'queued')::int`,
          inDoubt: sql<number>`count(*) filter (where ${messages.status} in ('sending', 'in_doubt'))::int`,
        })
        .from(messages)
        .where(and(eq(messages.brandId, brandId), inArray(messages.status, ["queued", "sending", "in_doubt"]))),
    ]);
    const d = vietnamDate(now());
    const cfg = messaging.config;
    const dailyQuota = await dailyQuotaOf(database.db, brandId, cfg.dailyQuota);
    return c.json(
      {
        transport: cfg.transport.name,
        day: `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`,
        dailyQuota,
        sent: used?.sent ?? 0,
        promoCap: Math.floor((dailyQuota * cfg.promoSharePercent) / 100),
        promo: used?.promo ?? 0,
        queued: queue?.queued ?? 0,
        inDoubt: queue?.inDoubt ?? 0,
      },
      200,
    );
  })
  .openapi(testSend, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const body = c.req.valid("json");
    const [template] = await database.db.select().from(znsTemplates).where(and(eq(znsTemplates.id, body.templateId), eq(znsTemplates.brandId, auth.brandId)));
    if (!template) return fail(c, "template_not_found", "No such template.");
    const [member] = await database.db.select({ id: members.id }).from(members).where(and(eq(members.id, body.memberId), eq(members.brandId, auth.brandId)));
    if (!member) return fail(c, "member_not_found", "No such member.");
    const at = now();
    const out = await database.db.transaction((tx) =>
      enqueueMessage(tx, { brandId: auth.brandId, memberId: member.id, template, source: "test", dedupeKey: `test:${at}:${member.id}:${template.id}`, at }),
    );
    return c.json(out.queued ? { queued: true, messageId: out.messageId, reason: null, detail: null } : { queued: false, messageId: null, reason: out.reason, detail: out.detail ?? null }, 200);
  })
  .openapi(sandbox, async (c) => {
    const { database } = c.get("deps");
    const rows = await database.db
      .select({ s: sandboxInbox, status: messages.status, name: users.displayName, template: znsTemplates.name })
      .from(sandboxInbox)
      .leftJoin(messages, eq(messages.trackingId, sandboxInbox.trackingId))
      .leftJoin(members, eq(members.id, messages.memberId))
      .leftJoin(users, eq(users.id, members.userId))
      .leftJoin(znsTemplates, eq(znsTemplates.id, messages.templateId))
      .where(eq(sandboxInbox.brandId, c.get("auth").brandId))
      .orderBy(desc(sandboxInbox.receivedAt))
      .limit(100);
    return c.json(
      {
        items: rows.map(({ s, status, name, template }) => ({
          msgId: s.msgId,
          phoneMasked: maskVnPhone(s.phone),
          memberName: name,
          templateName: template,
          text: s.text,
          receivedAt: s.receivedAt.toISOString(),
          status,
        })),
      },
      200,
    );
  })
  .openapi(webhook, async (c) => {
    const { database, now, config } = c.get("deps");
    const raw = await c.req.text();
    const out = await receiveWebhook(database.db, now(), config.webhook, raw, c.req.header("x-zevent-signature"), config.brandSlug);
    if (out.status === 401) return fail(c, "webhook_signature_invalid", out.result === "stale" ? "The event is older than 300 seconds." : "The signature does not match.");
    if (out.status === 400) return fail(c, "invalid_request", "The event is not JSON with a timestamp.");
    return c.json({ result: out.result }, 200);
  });

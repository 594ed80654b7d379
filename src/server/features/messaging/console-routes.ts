import { OpenAPIHono } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { messagingEndpoints } from "../../../contract/endpoints/messaging";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import { validateTemplate } from "../../../domain/messaging/zns-template";
import { isUniqueViolation } from "../../db/client";
import { members, znsTemplates } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { messagePage, quotaView, sandboxInboxView, templateList, templateView } from "./console-queries";
import { enqueueMessage } from "./enqueue";

/** Messaging in the console: mounted at /console/messaging. */
const route = routesAt("/console/messaging");
const tags = ["Messaging (console)"];

const listTemplates = route(messagingEndpoints.listTemplates, {
  tags,
  summary: "Registered ZNS templates with message counts per status",
  access: CONSOLE_ROLES,
  ok: "Templates",
});
const createTemplate = route(messagingEndpoints.createTemplate, {
  tags,
  summary: "Register a ZNS template approved by Zalo, with how each parameter is filled",
  access: MANAGERS,
  ok: "Registered",
  errors: { 409: "template_conflict", 422: "template_invalid, with issues" },
});
const updateTemplate = route(messagingEndpoints.updateTemplate, {
  tags,
  summary: "Change a template's mapping, trigger or active flag (queued messages keep what they rendered)",
  access: MANAGERS,
  ok: "Updated",
  errors: { 404: "template_not_found", 409: "template_conflict", 422: "template_invalid" },
});
const listMessages = route(messagingEndpoints.listMessages, {
  tags,
  summary: "The message log, newest first, filtered by status, source, template or error",
  access: CONSOLE_ROLES,
  ok: "Messages",
});
const quota = route(messagingEndpoints.quota, {
  tags,
  summary: "Today's quota use (Vietnam day), the promotional share and the queue",
  access: CONSOLE_ROLES,
  ok: "Quota",
});
const testSend = route(messagingEndpoints.testSend, {
  tags,
  summary: "Queue one message of a template to a chosen member (consent and rendering checked as for any message)",
  access: MANAGERS,
  ok: "What happened",
  errors: { 404: "template_not_found or member_not_found" },
});
const sandbox = route(messagingEndpoints.sandbox, {
  tags,
  summary: "The sandbox inbox: each message as the member would have read it",
  access: CONSOLE_ROLES,
  ok: "Inbox",
});
export const messagingConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(listTemplates, async (c) => {
    const { database } = c.get("deps");
    return c.json(await templateList(database.db, c.get("auth").brandId), 200);
  })
  .openapi(createTemplate, async (c) => {
    const { database, now } = c.get("deps");
    const body = c.req.valid("json");
    const problems = validateTemplate({ ...body, params: body.params });
    if (problems.length) return fail(c, "template_invalid", "The template cannot be registered as it is.", problems);
    try {
      const [row] = await database.db
        .insert(znsTemplates)
        .values({ ...body, brandId: c.get("auth").brandId, createdAt: new Date(now()) })
        .returning();
      return c.json(await templateView(database.db, row!), 201);
    } catch (error) {
      if (isUniqueViolation(error)) return fail(c, "template_conflict", "This ZNS template id or trigger already has a template.");
      throw error;
    }
  })
  .openapi(updateTemplate, async (c) => {
    const { database } = c.get("deps");
    const body = c.req.valid("json");
    const problems = validateTemplate({ ...body, params: body.params });
    if (problems.length) return fail(c, "template_invalid", "The template cannot be saved as it is.", problems);
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
    const page = await messagePage(c.get("deps").database.db, c.get("auth").brandId, c.req.valid("query"));
    return page ? c.json(page, 200) : fail(c, "invalid_request", "The paging cursor is not one this API gave.");
  })
  .openapi(quota, async (c) => {
    const { database, now, messaging } = c.get("deps");
    return c.json(await quotaView(database.db, c.get("auth").brandId, now(), messaging.config), 200);
  })
  .openapi(testSend, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const body = c.req.valid("json");
    const [template] = await database.db
      .select()
      .from(znsTemplates)
      .where(and(eq(znsTemplates.id, body.templateId), eq(znsTemplates.brandId, auth.brandId)));
    if (!template) return fail(c, "template_not_found", "No such template.");
    const [member] = await database.db
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.id, body.memberId), eq(members.brandId, auth.brandId)));
    if (!member) return fail(c, "member_not_found", "No such member.");
    const at = now();
    const out = await database.db.transaction((tx) =>
      enqueueMessage(tx, {
        brandId: auth.brandId,
        memberId: member.id,
        template,
        source: "test",
        dedupeKey: `test:${at}:${member.id}:${template.id}`,
        at,
      }),
    );
    return c.json(
      out.queued
        ? { queued: true, messageId: out.messageId, reason: null, detail: null, problems: [] }
        : { queued: false, messageId: null, reason: out.reason, detail: out.detail ?? null, problems: out.problems ?? [] },
      200,
    );
  })
  .openapi(sandbox, async (c) => c.json(await sandboxInboxView(c.get("deps").database.db, c.get("auth").brandId), 200));

import { OpenAPIHono } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { messagingEndpoints } from "../../../contract/endpoints/messaging";
import { purposeForZnsTag } from "../../../domain/consent/purposes";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import { checkSamples, memberParamValues, suggestSample } from "../../../domain/messaging/test-samples";
import { validateTemplate } from "../../../domain/messaging/zns-template";
import { isUniqueViolation, type Db } from "../../db/client";
import { members, znsTemplates } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { messagePage, quotaView, sandboxInboxView, templateList, templateView } from "./console-queries";
import { enqueueMessage } from "./enqueue";
import { memberFieldValues } from "./member-fields";
import { mayContactMember } from "../preferences/consents";

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
const testSendPreview = route(messagingEndpoints.testSendPreview, {
  tags,
  summary: "Before a test send: each parameter's value for the chosen member, or none (then a sample is offered)",
  access: MANAGERS,
  ok: "The template's parameters for this member",
  errors: { 404: "template_not_found or member_not_found" },
});
const testSend = route(messagingEndpoints.testSend, {
  tags,
  summary:
    "Queue one test message of a template to a chosen member, in Zalo's development mode (no daily quota, no promotion caps); " +
    "samples fill the parameters the member has no value for",
  access: MANAGERS,
  ok: "What happened",
  errors: { 404: "template_not_found or member_not_found", 422: "test_samples_invalid, with issues per parameter" },
});
const sandbox = route(messagingEndpoints.sandbox, {
  tags,
  summary: "The sandbox inbox: each message as the member would have read it",
  access: CONSOLE_ROLES,
  ok: "Inbox",
});
const asZnsTemplate = (t: typeof znsTemplates.$inferSelect) => ({
  znsTemplateId: t.znsTemplateId,
  tag: t.tag,
  params: t.params,
  preview: t.preview,
});

/** The brand's template and member a test send names, or which one is missing. */
async function templateAndMember(db: Db, brandId: string, templateId: string, memberId: string) {
  const [template] = await db
    .select()
    .from(znsTemplates)
    .where(and(eq(znsTemplates.id, templateId), eq(znsTemplates.brandId, brandId)));
  if (!template) return { ok: false as const, code: "template_not_found" as const };
  const [member] = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.brandId, brandId)));
  if (!member) return { ok: false as const, code: "member_not_found" as const };
  return { ok: true as const, template, member };
}

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
  .openapi(testSendPreview, async (c) => {
    const { database, now, messaging } = c.get("deps");
    const q = c.req.valid("query");
    const found = await templateAndMember(database.db, c.get("auth").brandId, q.templateId, q.memberId);
    if (!found.ok) return fail(c, found.code, found.code === "template_not_found" ? "No such template." : "No such member.");
    const { template, member } = found;
    const at = now();
    const [values, consent] = await database.db.transaction(async (tx) => [
      await memberFieldValues(tx, member.id, at),
      await mayContactMember(tx, member.id, purposeForZnsTag(template.tag), at),
    ]);
    const params = memberParamValues(asZnsTemplate(template), values).map(({ param, value }) => ({
      name: param.name,
      type: param.type,
      value,
      fallback: param.fallback ?? null,
      sample: suggestSample(param),
    }));
    // Said before the confirmation, so nobody confirms a send that consent will stop.
    const consentRefusal = consent.ok ? null : consent.reason;
    return c.json({ params, transport: messaging.config.transport.name, consentRefusal }, 200);
  })
  .openapi(testSend, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const body = c.req.valid("json");
    const found = await templateAndMember(database.db, auth.brandId, body.templateId, body.memberId);
    if (!found.ok) return fail(c, found.code, found.code === "template_not_found" ? "No such template." : "No such member.");
    const { template, member } = found;
    const samples = checkSamples(asZnsTemplate(template), body.samples);
    if (!samples.ok) return fail(c, "test_samples_invalid", "A sample value cannot be used for its parameter.", samples.problems);
    const at = now();
    const out = await database.db.transaction((tx) =>
      enqueueMessage(tx, {
        brandId: auth.brandId,
        memberId: member.id,
        template,
        source: "test",
        dedupeKey: `test:${at}:${member.id}:${template.id}`,
        at,
        samples: samples.samples,
        devMode: true,
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

import { OpenAPIHono } from "@hono/zod-openapi";
import { triggerEndpoints } from "../../../contract/endpoints/triggers";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { previewTrigger, triggerResults } from "./console-queries";
import { loadTrigger, saveTrigger, triggerList, triggerProblems, triggerView } from "./store";

/**
 * Always-on triggers in the console (issue 15; decision 0039), mounted at /console. Every console
 * role reads them; marketers and managers switch and configure them (audited). The preview runs
 * the due rules over the brand's members, so it counts against the `search` limit like the
 * segment builder and the campaign preview.
 */
const route = routesAt("/console");
const tags = ["Triggers (console)"];
const WRITERS = ["marketer", ...MANAGERS] as const;

const list = route(triggerEndpoints.listTriggers, {
  tags,
  summary: "The brand's triggers, with the templates and rewards they may use",
  access: CONSOLE_ROLES,
  ok: "Triggers",
});
const update = route(triggerEndpoints.updateTrigger, {
  tags,
  summary: "Switch a trigger on or off and configure it (audited)",
  access: WRITERS,
  ok: "Saved",
  errors: {
    409: "trigger_version_conflict (params.version)",
    422: "trigger_invalid, with issues (contract/triggers.ts TRIGGER_PROBLEM_CODES, template value codes)",
  },
});
const preview = route(triggerEndpoints.previewTrigger, {
  tags,
  summary: "Who a pass now would message: count, those without consent, a sample",
  access: CONSOLE_ROLES,
  limit: "search",
  ok: "Preview",
});
const results = route(triggerEndpoints.triggerResults, {
  tags,
  summary: "Firings by outcome and messages by status (sent, delivered, failed by reason)",
  access: CONSOLE_ROLES,
  ok: "Results",
});

export const triggerConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json(await triggerList(c.get("deps").database.db, c.get("auth").brandId), 200))
  .openapi(update, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const { kind } = c.req.valid("param");
    const input = c.req.valid("json");
    const issues = await triggerProblems(database.db, auth.brandId, kind, input);
    if (issues.length) return fail(c, "trigger_invalid", "The trigger has problems.", issues);
    const saved = await saveTrigger(database.db, now(), auth, kind, input);
    const after = await loadTrigger(database.db, auth.brandId, kind);
    if (!saved) return fail(c, "trigger_version_conflict", "The trigger changed in between.", undefined, { version: after.version });
    return c.json(await triggerView(database.db, auth.brandId, after), 200);
  })
  .openapi(preview, async (c) => {
    const { database, now } = c.get("deps");
    const brandId = c.get("auth").brandId;
    const t = await loadTrigger(database.db, brandId, c.req.valid("param").kind);
    return c.json(await previewTrigger(database.db, brandId, t, now()), 200);
  })
  .openapi(results, async (c) => {
    const db = c.get("deps").database.db;
    const brandId = c.get("auth").brandId;
    return c.json(await triggerResults(db, brandId, await loadTrigger(db, brandId, c.req.valid("param").kind)), 200);
  });

import { OpenAPIHono } from "@hono/zod-openapi";
import { campaignActivityEndpoints } from "../../../contract/endpoints/campaign-activity";
import { MANAGERS } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { auditCsv, campaignAudit } from "./activity";
import { loadCampaign } from "./store";

/**
 * A campaign's audit log (managers read and export it: decision 0034, "every change is written
 * to an audit log that managers can read and export"), for the console's campaign page.
 * Additive beside console-routes.ts.
 */
const route = routesAt("/console");
const tags = ["Campaigns (console)"];
const notFound = { 404: "campaign_not_found" };

const audit = route(campaignActivityEndpoints.campaignAudit, {
  tags,
  summary: "The campaign's audit log: who created, edited, submitted, approved, rejected (with the note), paused, resumed or cancelled it",
  access: MANAGERS,
  ok: "Events, oldest first",
  errors: notFound,
});
const auditExport = route(campaignActivityEndpoints.campaignAuditCsv, {
  tags,
  summary: "The campaign's audit log as CSV",
  description: "RFC 4180 CSV, UTF-8 with a BOM, oldest first; headers in the requested locale.",
  access: MANAGERS,
  limit: "export",
  ok: "The CSV file (text/csv; charset=utf-8), as an attachment",
  errors: notFound,
});
export const campaignActivityRoutes = new OpenAPIHono<AppEnv>()
  .openapi(audit, async (c) => {
    const { brandId } = c.get("auth");
    const { campaignId } = c.req.valid("param");
    const db = c.get("deps").database.db;
    if (!(await loadCampaign(db, brandId, campaignId))) return fail(c, "campaign_not_found", "No such campaign.");
    return c.json({ events: await campaignAudit(db, brandId, campaignId) }, 200);
  })
  .openapi(auditExport, async (c) => {
    const { brandId } = c.get("auth");
    const { campaignId } = c.req.valid("param");
    const db = c.get("deps").database.db;
    if (!(await loadCampaign(db, brandId, campaignId))) return fail(c, "campaign_not_found", "No such campaign.");
    const body = auditCsv(await campaignAudit(db, brandId, campaignId), c.req.valid("query").locale);
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="campaign-${campaignId}-audit.csv"`,
    });
  });

import { OpenAPIHono } from "@hono/zod-openapi";
import { campaignEndpoints } from "../../../contract/endpoints/campaigns";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { fail, failOutcome } from "../../http/errors";
import { routesAt } from "../../http/route";
import { campaignFunnel, campaignPlan, campaignPreview } from "./audience";
import { sendExport } from "../exports/export-stream";
import { exportCampaignRecipients } from "./recipients-export";
import { campaignResults } from "./results";
import { campaignSettingsOf, updateCampaignSettings } from "./settings";
import { campaignIssues, campaignView, insertCampaign, listCampaigns, loadCampaign, updateDraft } from "./store";
import { transitionCampaign } from "./transitions";

/**
 * Campaigns in the console (issue 15; decision 0034), mounted at /console. Marketers build,
 * submit, pause, resume and cancel; managers also approve and reject (the state machine says
 * who may do what: 403 forbidden otherwise). Preview, funnel and plan run statements over the
 * brand's members, so they count against the `search` limit like the segment builder.
 */
const route = routesAt("/console");
const tags = ["Campaigns (console)"];
const WRITERS = ["marketer", ...MANAGERS] as const;
const invalid = { 422: "campaign_invalid, with issues (contract/campaigns.ts CAMPAIGN_PROBLEM_CODES, template value codes)" };
const notFound = { 404: "campaign_not_found" };

const getSettings = route(campaignEndpoints.campaignSettings, {
  tags,
  summary: "The brand's campaign settings: the approval threshold (recipients), with the last change",
  access: CONSOLE_ROLES,
  ok: "Settings",
});
const putSettings = route(campaignEndpoints.updateCampaignSettings, {
  tags,
  summary: "Change the approval threshold (managers and admins); every change is recorded in the audit log",
  description:
    "approvalThreshold from 0 to 1,000,000 recipients (default 1,000): a marketer's campaign with more recipients than this waits " +
    "for a manager's approval; 0: every marketer's campaign does. A change writes an audit_events row (campaign_settings_changed: " +
    "who, when, from, to) in the same transaction and applies to campaigns submitted afterwards; the same value again changes " +
    "nothing. Marketers get 403 forbidden.",
  access: MANAGERS,
  ok: "Saved",
  errors: { 422: "campaign_settings_invalid, with issues (approval_threshold_range, params.min and params.max)" },
});

const list = route(campaignEndpoints.listCampaigns, {
  tags,
  summary: "The brand's campaigns, last changed first",
  access: CONSOLE_ROLES,
  ok: "Campaigns",
});
const create = route(campaignEndpoints.createCampaign, { tags, summary: "Save a draft", access: WRITERS, ok: "Created", errors: invalid });
const get = route(campaignEndpoints.getCampaign, {
  tags,
  summary: "One campaign",
  access: CONSOLE_ROLES,
  ok: "Campaign",
  errors: notFound,
});
const update = route(campaignEndpoints.updateCampaign, {
  tags,
  summary: "Edit a draft",
  access: WRITERS,
  ok: "Saved",
  errors: { ...invalid, ...notFound, 409: "campaign_version_conflict, or campaign_status_conflict (not a draft)" },
});
const preview = route(campaignEndpoints.previewCampaign, {
  tags,
  summary: "The message rendered for sample members of the segment, by arm, with failures and their reasons",
  access: WRITERS,
  limit: "search",
  ok: "Preview",
  errors: notFound,
});
const funnel = route(campaignEndpoints.campaignFunnel, {
  tags,
  summary: "Matched → consent → phone → caps → not control → quota, and the estimated cost",
  access: WRITERS,
  limit: "search",
  ok: "Funnel",
  errors: notFound,
});
const plan = route(campaignEndpoints.campaignPlan, {
  tags,
  summary: "Sends per day at the quota, its promotional share, quiet hours and caps",
  access: WRITERS,
  limit: "search",
  ok: "Plan",
  errors: notFound,
});
const results = route(campaignEndpoints.campaignResults, {
  tags,
  summary: "Audience, sends, failures by reason, clicks, conversions per arm and control, lift with its 95 % interval, by day",
  access: CONSOLE_ROLES,
  // One statement over every recipient and their ledger: counted like the other audience reads.
  limit: "search",
  ok: "Results",
  errors: notFound,
});
const recipientsExport = route(campaignEndpoints.exportCampaignRecipients, {
  tags,
  summary: "Every recipient as CSV or XLSX: group, channel, status, failure reason in words, sent/delivered/clicked, converted",
  description:
    "format=csv (default): RFC 4180 CSV, UTF-8 with a BOM; format=xlsx: one worksheet. Card-number order, streamed in batches; " +
    "the x-row-count header gives the rows before the body; each export is recorded in the audit log. Conversions by the " +
    "results' rule (decision 0038), so each group's converted rows add up to the results page's. Card numbers only, no name or phone.",
  access: CONSOLE_ROLES,
  limit: "export",
  ok: "The file (CSV or XLSX), as an attachment",
  errors: notFound,
});
const transitionRoute = route(campaignEndpoints.transitionCampaign, {
  tags,
  summary: "Submit, approve, reject (with a note), pause, resume or cancel",
  access: WRITERS,
  ok: "Campaign",
  errors: {
    ...notFound,
    403: "forbidden: the role may not take this action (approve and reject are managers')",
    409: "campaign_status_conflict (params.status) or campaign_version_conflict",
    422: "campaign_note_required",
  },
});

export const campaignConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getSettings, async (c) => c.json(await campaignSettingsOf(c.get("deps").database.db, c.get("auth").brandId), 200))
  .openapi(putSettings, async (c) => {
    const { database, now } = c.get("deps");
    const out = await updateCampaignSettings(database.db, now(), c.get("auth"), c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : fail(c, "campaign_settings_invalid", "The approval threshold is out of range.", out.issues);
  })
  .openapi(list, async (c) =>
    c.json({ items: await listCampaigns(c.get("deps").database.db, c.get("auth").brandId, c.req.valid("query").status) }, 200),
  )
  .openapi(create, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const input = c.req.valid("json");
    const issues = await campaignIssues(database.db, auth.brandId, input, now());
    if (issues.length) return fail(c, "campaign_invalid", "The campaign has problems.", issues);
    const id = await database.db.transaction((tx) => insertCampaign(tx, now(), auth, input));
    return c.json((await campaignView(database.db, auth.brandId, id))!, 201);
  })
  .openapi(get, async (c) => {
    const view = await campaignView(c.get("deps").database.db, c.get("auth").brandId, c.req.valid("param").campaignId);
    return view ? c.json(view, 200) : fail(c, "campaign_not_found", "No such campaign.");
  })
  .openapi(update, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const { campaignId } = c.req.valid("param");
    const { basedOnVersion, ...input } = c.req.valid("json");
    const found = await loadCampaign(database.db, auth.brandId, campaignId);
    if (!found) return fail(c, "campaign_not_found", "No such campaign.");
    if (found.row.status !== "draft")
      return fail(c, "campaign_status_conflict", "Only a draft can be edited.", undefined, { status: found.row.status });
    const issues = await campaignIssues(database.db, auth.brandId, input, now());
    if (issues.length) return fail(c, "campaign_invalid", "The campaign has problems.", issues);
    const saved = await database.db.transaction((tx) => updateDraft(tx, now(), auth, campaignId, input, basedOnVersion));
    if (!saved) return fail(c, "campaign_version_conflict", "The campaign changed in between.", undefined, { version: found.row.version });
    return c.json((await campaignView(database.db, auth.brandId, campaignId))!, 200);
  })
  .openapi(preview, async (c) => {
    const { database, now } = c.get("deps");
    const found = await loadCampaign(database.db, c.get("auth").brandId, c.req.valid("param").campaignId);
    if (!found) return fail(c, "campaign_not_found", "No such campaign.");
    return c.json(await campaignPreview(database.db, found, now(), c.req.valid("json").limit), 200);
  })
  .openapi(funnel, async (c) => {
    const { database, now, messaging } = c.get("deps");
    const found = await loadCampaign(database.db, c.get("auth").brandId, c.req.valid("param").campaignId);
    if (!found) return fail(c, "campaign_not_found", "No such campaign.");
    return c.json(await campaignFunnel(database.db, messaging.config, found, now()), 200);
  })
  .openapi(plan, async (c) => {
    const { database, now, messaging } = c.get("deps");
    const found = await loadCampaign(database.db, c.get("auth").brandId, c.req.valid("param").campaignId);
    if (!found) return fail(c, "campaign_not_found", "No such campaign.");
    return c.json(await campaignPlan(database.db, messaging.config, found, now()), 200);
  })
  .openapi(results, async (c) => {
    const { database, now } = c.get("deps");
    const found = await loadCampaign(database.db, c.get("auth").brandId, c.req.valid("param").campaignId);
    if (!found) return fail(c, "campaign_not_found", "No such campaign.");
    return c.json(await campaignResults(database.db, found, now()), 200);
  })
  .openapi(recipientsExport, async (c) => {
    const { database, now } = c.get("deps");
    const found = await loadCampaign(database.db, c.get("auth").brandId, c.req.valid("param").campaignId);
    if (!found) return fail(c, "campaign_not_found", "No such campaign.");
    return sendExport(c, await exportCampaignRecipients(database.db, now(), c.get("auth"), found.row, c.req.valid("query")));
  })
  .openapi(transitionRoute, async (c) => {
    const { database, now, messaging } = c.get("deps");
    const out = await transitionCampaign(
      database.db,
      messaging.config,
      now(),
      c.get("auth"),
      c.req.valid("param").campaignId,
      c.req.valid("json"),
    );
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  });

import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { surveyDashboardEndpoints } from "../../../contract/endpoints/survey-dashboard";
import { CONSOLE_ROLES } from "../../../domain/identity/roles";
import type { SurveyKind } from "../../../domain/surveys/kinds";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { brandStores, surveyComments, surveyDashboard, surveyKindOf, type DashboardScope } from "./dashboard-queries";

/** The survey dashboards in the console: mounted at /console. Every console role reads them. */
const route = routesAt("/console");
const tags = ["Console"];

const dashboardRoute = route(surveyDashboardEndpoints.surveyDashboard, {
  tags,
  summary: "Survey scores over Vietnam weeks, by store and by touchpoint, with 95% margins; top reasons; response rates per channel",
  description:
    "Scope: one survey (surveyId) or every survey of a kind. Current answers only (a changed answer counts once). Weeks run " +
    "Monday 00:00 to Monday 00:00 in Vietnam (UTC+7); the last is the current week. NPS = %9–10 − %0–6, CSAT = % of 4–5, " +
    "CES = % of 5–7 (and the mean); marginOfError is the 95% margin in points. Channels: asks made (throttled ones never " +
    "went out) and how many were answered.",
  access: CONSOLE_ROLES,
  ok: "The dashboard's figures",
  errors: { 404: "survey_not_found" },
});

const commentsRoute = route(surveyDashboardEndpoints.surveyComments, {
  tags,
  summary: "Verbatim comments, newest first, filtered by band, store, Vietnam days, reason and words; 20 per page",
  access: CONSOLE_ROLES,
  ok: "A page of comments and how many match",
  errors: { 404: "survey_not_found" },
});

const storesRoute = route(surveyDashboardEndpoints.consoleStores, {
  tags,
  summary: "The brand's stores, by name",
  access: CONSOLE_ROLES,
  ok: "Every store of the brand",
});

type ScopeOutcome = { ok: true; scope: DashboardScope } | { ok: false; fail: (c: Context<AppEnv>) => never };

/** The scope a query names; a survey of another kind than `kind` is a bad query, another brand's is not found. */
async function scopeOf(c: Context<AppEnv>, q: { surveyId?: string; kind?: SurveyKind }): Promise<ScopeOutcome> {
  const { database } = c.get("deps");
  const brandId = c.get("auth").brandId;
  if (!q.surveyId) return { ok: true, scope: { brandId, kind: q.kind!, surveyId: null } };
  const kind = await surveyKindOf(database.db, brandId, q.surveyId);
  if (!kind) return { ok: false, fail: (ctx) => fail(ctx, "survey_not_found", "No such survey in this brand.") };
  if (q.kind && q.kind !== kind)
    return {
      ok: false,
      fail: (ctx) =>
        fail(ctx, "invalid_request", "The survey is of another kind.", [{ code: "survey_kind_mismatch", field: "kind", params: { kind } }]),
    };
  return { ok: true, scope: { brandId, kind, surveyId: q.surveyId } };
}

export const surveyDashboardConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(dashboardRoute, async (c) => {
    const { database, now } = c.get("deps");
    const q = c.req.valid("query");
    const found = await scopeOf(c, q);
    if (!found.ok) return found.fail(c);
    return c.json(await surveyDashboard(database.db, found.scope, now(), q.weeks), 200);
  })
  .openapi(commentsRoute, async (c) => {
    const { database } = c.get("deps");
    const q = c.req.valid("query");
    const found = await scopeOf(c, q);
    if (!found.ok) return found.fail(c);
    return c.json(await surveyComments(database.db, found.scope, q), 200);
  })
  .openapi(storesRoute, async (c) => {
    const { database } = c.get("deps");
    return c.json({ stores: await brandStores(database.db, c.get("auth").brandId) }, 200);
  });

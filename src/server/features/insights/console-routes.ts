import { OpenAPIHono } from "@hono/zod-openapi";
import { insightEndpoints } from "../../../contract/endpoints/insights";
import { CONSOLE_ROLES } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { routesAt } from "../../http/route";
import { brandOverview } from "./overview";
import { retention, storeLoop } from "./queries";

/** Retention and the store loop view in the console: mounted at /console. */
const route = routesAt("/console");
const tags = ["Console"];

const retentionRoute = route(insightEndpoints.retention, {
  tags,
  summary: "Repeat-visit rate, monthly cohort retention and churned members, from the points ledger",
  description:
    "A visit is a counter earn that was not reversed, at most one per member, store and Vietnam day. Repeat: members with " +
    "two or more visits in the last `days` Vietnam days over those with one or more. Cohorts: the last `months` months by " +
    "the month of each member's first visit; cells[k] counts the cohort's members with a visit in month k after it. Churned: " +
    "members who ever visited with no visit in the last `churnDays` days.",
  access: CONSOLE_ROLES,
  ok: "Retention figures (counts)",
});

const storeLoopRoute = route(insightEndpoints.storeLoop, {
  tags,
  summary: "The store loop view: per store and per scanner, points issued and owed, ZNS messages and their cost, active and repeat members",
  description:
    "Points issued: the period's non-reversed earns. Liability: open points of lots earned there (or scanned by that person). " +
    "Messages: ZNS messages sent in the period because of an earn there (points_updated), with their cost estimated from " +
    "the brand's prices per tag (defaults when unset); `brand` counts every message of the period. `weekly`: points issued " +
    "per rolling week back from today. NPS and CSAT: the period's current answers at the store (a scanner: answers about " +
    "earns they scanned), scored by the survey core, null without answers. Cases: unclosed and overdue now, at the store " +
    "(a scanner: cases whose answer was about an earn they scanned).",
  access: CONSOLE_ROLES,
  ok: "One row per store and per store and scanner",
});

const overviewRoute = route(insightEndpoints.overview, {
  tags,
  summary:
    "The brand overview: members and active members, repeat rate, points issued and owed, NPS trend, messages against quota, attributed revenue",
  description:
    "Active: members with a visit (a non-reversed counter earn) in the last 30 / 90 Vietnam days. Repeat, points issued and " +
    "liability as the retention and store views compute them, in VND at the brand's redemption rate when set. NPS: the survey " +
    "rollups per week. Messages: sent in the period by tag against the daily quota × days. Campaigns started in the period " +
    "with the bills of their converted members (attributed, not caused) and the lift's incremental revenue over the control " +
    "group (causal). Triggers: members who earned within 7 days after a trigger's message, and those bills (attributed).",
  access: CONSOLE_ROLES,
  ok: "The overview's figures (counts and integers)",
});

export const insightConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(retentionRoute, async (c) => {
    const { database, now } = c.get("deps");
    return c.json(await retention(database.db, c.get("auth").brandId, now(), c.req.valid("query")), 200);
  })
  .openapi(storeLoopRoute, async (c) => {
    const { database, now } = c.get("deps");
    return c.json(await storeLoop(database.db, c.get("auth").brandId, now(), c.req.valid("query")), 200);
  })
  .openapi(overviewRoute, async (c) => {
    const { database, now, messaging } = c.get("deps");
    return c.json(await brandOverview(database.db, messaging.config, c.get("auth").brandId, now(), c.req.valid("query")), 200);
  });

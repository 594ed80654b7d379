import { OpenAPIHono } from "@hono/zod-openapi";
import { checkinEndpoints } from "../../../contract/endpoints/checkin";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { checkinResults, consoleCheckinConfig, saveCheckinConfig } from "./console";

/** Check-in in the console: mounted at /console. Managers change what it pays; every console role reads. */
const route = routesAt("/console");
const tags = ["Check-in (console)"];

const getConfig = route(checkinEndpoints.checkinConfig, {
  tags,
  summary: "The brand's check-in configuration (defaults, off, until a manager saves one)",
  access: CONSOLE_ROLES,
  ok: "Configuration",
});

const putConfig = route(checkinEndpoints.saveCheckinConfig, {
  tags,
  summary: "Save the check-in configuration: on/off and the points of day 1..7; audited (checkin_config_changed)",
  access: MANAGERS,
  ok: "Saved",
  errors: { 422: "checkin_config_invalid, with issues per day (checkin_days_count, checkin_points_invalid, checkin_points_too_high)" },
});

const getResults = route(checkinEndpoints.checkinResults, {
  tags,
  summary: "Check-ins per Vietnam day and members by streak over a period (by default the last 30 days)",
  access: CONSOLE_ROLES,
  ok: "Results",
});

export const checkinConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getConfig, async (c) => c.json(await consoleCheckinConfig(c.get("deps").database.db, c.get("auth").brandId), 200))
  .openapi(putConfig, async (c) => {
    const { database, now } = c.get("deps");
    const out = await saveCheckinConfig(database.db, now(), c.get("auth"), c.req.valid("json"));
    if (!out.ok) return fail(c, "checkin_config_invalid", "The check-in configuration has problems.", out.issues);
    return c.json(out.value, 200);
  })
  .openapi(getResults, async (c) => {
    const { database, now } = c.get("deps");
    return c.json(await checkinResults(database.db, now(), c.get("auth").brandId, c.req.valid("query")), 200);
  });

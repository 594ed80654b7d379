import { OpenAPIHono } from "@hono/zod-openapi";
import { referralEndpoints } from "../../../contract/endpoints/referrals";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { consoleReferralConfig, referralResults, saveReferralConfig } from "./console";

/** Referrals in the console: mounted at /console. Managers change the rewards and the cap; every console role reads. */
const route = routesAt("/console");
const tags = ["Referrals (console)"];

const getConfig = route(referralEndpoints.referralConfig, {
  tags,
  summary: "The brand's referral configuration (defaults, off, until a manager saves one)",
  access: CONSOLE_ROLES,
  ok: "Configuration",
});

const putConfig = route(referralEndpoints.saveReferralConfig, {
  tags,
  summary:
    "Save the referral configuration: on/off, points for the referrer and the friend, monthly cap; audited (referral_config_changed)",
  access: MANAGERS,
  ok: "Saved",
  errors: { 422: "referral_config_invalid, with issues (referral_points_invalid, referral_cap_invalid)" },
});

const getResults = route(referralEndpoints.referralResults, {
  tags,
  summary: "The funnel of the period's invites (invited → joined → purchased → rewarded, rejected), points paid, top referrers",
  access: CONSOLE_ROLES,
  ok: "Results",
});

export const referralConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getConfig, async (c) => c.json(await consoleReferralConfig(c.get("deps").database.db, c.get("auth").brandId), 200))
  .openapi(putConfig, async (c) => {
    const { database, now } = c.get("deps");
    const out = await saveReferralConfig(database.db, now(), c.get("auth"), c.req.valid("json"));
    if (!out.ok) return fail(c, "referral_config_invalid", "The referral configuration has problems.", out.issues);
    return c.json(out.value, 200);
  })
  .openapi(getResults, async (c) => {
    const { database, now } = c.get("deps");
    return c.json(await referralResults(database.db, now(), c.get("auth").brandId, c.req.valid("query")), 200);
  });

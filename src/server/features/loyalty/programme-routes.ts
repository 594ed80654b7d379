import { OpenAPIHono } from "@hono/zod-openapi";
import { programmeEndpoints } from "../../../contract/endpoints/programme";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { programmePreview, programmeView, updateProgramme } from "./programme";

/** Programme settings (issue 16, decision 0041): every console role reads and previews; managers and admins save. */
const route = routesAt("/console");
const tags = ["Programme settings (console)"];
const INVALID = "The programme settings are outside their limits.";

const get = route(programmeEndpoints.programme, {
  tags,
  summary: "The programme in force: earn rule, tiers, point expiry, profile bonus, promotions, its version and history",
  access: CONSOLE_ROLES,
  ok: "Programme",
});

const put = route(programmeEndpoints.updateProgramme, {
  tags,
  summary: "Save the programme as a new version (managers and admins)",
  description:
    "The whole programme, with the version it was edited from. One transaction under the settings row's lock: the current " +
    "settings and promotions are replaced, the programme is appended to its versions (who, when, which parts changed) and an " +
    "audit_events row programme_changed is written. Events that read the settings afterwards (earns, tier evaluation, new " +
    "lots' expiry, the profile bonus) follow it; the ledger and existing lots never change. The same settings again make no " +
    "version. Marketers get 403 forbidden.",
  access: MANAGERS,
  ok: "Saved (or unchanged)",
  errors: {
    409:
      "programme_version_conflict (params.current: the version saved since basedOnVersion); programme_tier_in_use: a removed " +
      "tier that rewards are limited to (params.count; issues tier_has_rewards with params reward, rewardId, tiers; at most 50)",
    422: "programme_invalid, with issues at the field (earn_rate_range, max_bill_range, threshold_not_ascending, earn_bps_invalid, promotion_window_invalid, promotion_store_unknown…; params give the limit)",
  },
});

const preview = route(programmeEndpoints.previewProgramme, {
  tags,
  summary: "The effect of a programme before saving it: what a bill earns per tier, expiry, bonus, members who would change tier",
  access: CONSOLE_ROLES,
  ok: "Preview",
  errors: { 422: "programme_invalid, with issues at the field (as for a save)" },
});

export const programmeConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(get, async (c) => c.json(await programmeView(c.get("deps").database.db, c.get("auth").brandId), 200))
  .openapi(preview, async (c) => {
    const { database, now } = c.get("deps");
    const out = await programmePreview(database.db, now(), c.get("auth").brandId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : fail(c, out.code, INVALID, out.issues);
  })
  .openapi(put, async (c) => {
    const { database, now } = c.get("deps");
    const out = await updateProgramme(database.db, now(), c.get("auth"), c.req.valid("json"));
    if (out.ok) return c.json(out.value, 200);
    if (out.code === "programme_version_conflict")
      return fail(c, out.code, `Version ${out.current} was saved after the one you edited.`, undefined, { current: out.current });
    if (out.code === "programme_tier_in_use")
      return fail(c, out.code, "Rewards are limited to a tier these settings remove.", out.issues, { count: out.count });
    return fail(c, out.code, INVALID, out.issues);
  });

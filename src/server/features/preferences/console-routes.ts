import { OpenAPIHono } from "@hono/zod-openapi";
import { preferenceEndpoints } from "../../../contract/endpoints/preferences";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import { validateForm } from "../../../domain/preferences/form";
import { isUniqueViolation } from "../../db/client";
import { preferenceForms } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { consoleForm, memberConsents, memberPreferences, preferenceStats } from "./console-queries";
import { allForms, currentForm } from "./forms";

/** Preferences and consents in the console: mounted at /console. */
const route = routesAt("/console");
const tags = ["Preferences & privacy (console)"];

const getForm = route(preferenceEndpoints.form, {
  tags,
  summary: "The brand's current preference form and its version history",
  access: CONSOLE_ROLES,
  ok: "Form",
});

const putForm = route(preferenceEndpoints.publishForm, {
  tags,
  summary: "Publish a new version of the preference form; answers to older versions stay valid",
  access: MANAGERS,
  ok: "Published",
  errors: { 409: "form_version_conflict: another version was published since basedOnVersion", 422: "form_invalid, with issues" },
});

const getStats = route(preferenceEndpoints.stats, {
  tags,
  summary: "Completion rates and answer distributions of the preference form",
  access: CONSOLE_ROLES,
  ok: "Stats",
});

const getMemberPreferences = route(preferenceEndpoints.memberPreferences, {
  tags,
  summary: "A member's preference answers, in words, with the form version each was given for",
  access: CONSOLE_ROLES,
  ok: "Answers",
  errors: { 404: "member_not_found" },
});

const getMemberConsents = route(preferenceEndpoints.memberConsents, {
  tags,
  summary: "A member's consent state per purpose, full history, Zalo prompt answers and privacy requests",
  access: CONSOLE_ROLES,
  ok: "Consents",
  errors: { 404: "member_not_found" },
});

export const preferenceConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getForm, async (c) => {
    const { database } = c.get("deps");
    return c.json(await consoleForm(database.db, c.get("auth").brandId), 200);
  })
  .openapi(putForm, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const body = c.req.valid("json");
    const forms = await allForms(database.db, auth.brandId);
    const latest = forms[0]?.version ?? (await currentForm(database.db, auth.brandId)).version;
    if (body.basedOnVersion !== latest)
      return fail(c, "form_version_conflict", `Version ${latest} was published after the one you edited (${body.basedOnVersion}).`);
    const problems = validateForm(
      body.questions,
      forms.flatMap((f) => f.questions),
    );
    if (problems.length) return fail(c, "form_invalid", "The form cannot be published as it is.", problems.slice(0, 50));
    try {
      await database.db.insert(preferenceForms).values({
        brandId: auth.brandId,
        version: latest + 1,
        questions: body.questions,
        createdBy: auth.userId,
        createdAt: new Date(now()),
      });
    } catch (error) {
      // Two managers publishing on the same base: the version's primary key lets one through.
      if (isUniqueViolation(error)) return fail(c, "form_version_conflict", "Another version was published at the same moment.");
      throw error;
    }
    return c.json(await consoleForm(database.db, auth.brandId), 200);
  })
  .openapi(getStats, async (c) => c.json(await preferenceStats(c.get("deps").database.db, c.get("auth").brandId), 200))
  .openapi(getMemberPreferences, async (c) => {
    const view = await memberPreferences(c.get("deps").database.db, c.get("auth").brandId, c.req.valid("param").id);
    return view ? c.json(view, 200) : fail(c, "member_not_found", "No such member.");
  })
  .openapi(getMemberConsents, async (c) => {
    const { database, now } = c.get("deps");
    const view = await memberConsents(database.db, c.get("auth").brandId, c.req.valid("param").id, now());
    return view ? c.json(view, 200) : fail(c, "member_not_found", "No such member.");
  });

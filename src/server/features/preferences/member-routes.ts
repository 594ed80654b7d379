import { OpenAPIHono } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { preferenceEndpoints } from "../../../contract/endpoints/preferences";
import { ROLES } from "../../../domain/identity/roles";
import { users } from "../../db/schema";
import type { AppEnv, Deps } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { requireMember } from "../members/require-member";
import { myPreferences, saveAnswer } from "./answers";
import { myConsents, recordConsent, recordZaloAnswer } from "./consents";

/** The member's own preferences and consents: mounted at / (the Mini App's paths), behind requireMember. */
const route = routesAt("");
const tags = ["Preferences & privacy"];

const getPreferences = route(preferenceEndpoints.myPreferences, {
  tags,
  summary: "The brand's current preference form, the member's answers, progress and the one-time bonus",
  access: ROLES,
  guards: [requireMember],
  ok: "Form and answers",
});

const putAnswer = route(preferenceEndpoints.saveAnswer, {
  tags,
  summary: "Save (or clear, with null) one answer, validated against the form version it was given for",
  description:
    "Completing the profile for the first time credits the brand's profile bonus once (ledger kind bonus, key profile-bonus:<member>).",
  access: ROLES,
  limit: "answers",
  guards: [requireMember],
  ok: "Saved; the new state",
  errors: { 404: "question_not_found", 422: "answer_invalid or form_version_unknown" },
});

const getConsents = route(preferenceEndpoints.myConsents, {
  tags,
  summary: "Each consent purpose with its wording and current state, and the decision history",
  access: ROLES,
  guards: [requireMember],
  ok: "Consent centre",
});

const postConsent = route(preferenceEndpoints.setConsent, {
  tags,
  summary: "Grant or withdraw one purpose; each change is a new ledger entry with the wording version",
  access: ROLES,
  limit: "consents",
  guards: [requireMember],
  ok: "The new state",
  errors: { 409: "consent_wording_outdated or consent_required" },
});

const postZaloAnswer = route(preferenceEndpoints.zaloAnswer, {
  tags,
  summary: "Record Zalo's answer to the permission prompt asked after the member agreed to a purpose",
  access: ROLES,
  limit: "consents",
  guards: [requireMember],
  ok: "The new state",
  errors: { 409: "consent_not_granted" },
});

/** The consent centre as the member sees it now (whether a phone is on file decides the ZNS prompts). */
async function consentsOf(deps: Deps, userId: string) {
  const [user] = await deps.database.db.select({ id: users.id, phone: users.phone }).from(users).where(eq(users.id, userId));
  return myConsents(deps.database.db, user!, deps.now(), deps.config.oaId);
}

export const preferenceMemberRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getPreferences, async (c) => {
    const { database } = c.get("deps");
    const m = c.get("member");
    return c.json(await myPreferences(database.db, m), 200);
  })
  .openapi(putAnswer, async (c) => {
    const { database, now } = c.get("deps");
    const m = c.get("member");
    const out = await saveAnswer(database.db, now(), m, c.req.valid("param").questionId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : fail(c, out.code, out.message);
  })
  .openapi(getConsents, async (c) => {
    const deps = c.get("deps");
    const m = c.get("member");
    return c.json(await consentsOf(deps, m.userId), 200);
  })
  .openapi(postConsent, async (c) => {
    const deps = c.get("deps");
    const m = c.get("member");
    const out = await recordConsent(deps.database.db, deps.now(), m.userId, c.req.valid("json"));
    return out.ok ? c.json(await consentsOf(deps, m.userId), 200) : fail(c, out.code, out.message);
  })
  .openapi(postZaloAnswer, async (c) => {
    const deps = c.get("deps");
    const m = c.get("member");
    const out = await recordZaloAnswer(deps.database.db, deps.now(), m.userId, c.req.valid("json"));
    return out.ok ? c.json(await consentsOf(deps, m.userId), 200) : fail(c, out.code, out.message);
  });

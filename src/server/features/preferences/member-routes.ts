import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { eq } from "drizzle-orm";
import {
  ConsentRequest,
  MyConsents,
  MyPreferences,
  SaveAnswerRequest,
  SaveAnswerResponse,
  ZaloAnswerRequest,
} from "../../../contract/preferences";
import { ROLES } from "../../../domain/identity/roles";
import { users } from "../../db/schema";
import type { AppEnv, Deps } from "../../http/context";
import { fail } from "../../http/errors";
import { defineRoute, errorResponse, json, jsonBody } from "../../http/route";
import { requireMember } from "../members/require-member";
import { myPreferences, saveAnswer } from "./answers";
import { myConsents, recordConsent, recordZaloAnswer } from "./consents";

/** The member's own preferences and consents: mounted at / (the Mini App's paths), behind requireMember. */
const tags = ["Preferences & privacy"];

const getPreferences = defineRoute({
  method: "get",
  path: "/members/me/preferences",
  tags,
  summary: "The brand's current preference form, the member's answers, progress and the one-time bonus",
  access: ROLES,
  guards: [requireMember],
  responses: { 200: json(MyPreferences, "Form and answers") },
});

const putAnswer = defineRoute({
  method: "put",
  path: "/members/me/preferences/{questionId}",
  tags,
  summary: "Save (or clear, with null) one answer, validated against the form version it was given for",
  description: "Completing the profile for the first time credits the brand's profile bonus once (ledger kind bonus, key profile-bonus:<member>).",
  access: ROLES,
  guards: [requireMember],
  request: { params: z.object({ questionId: z.string().max(40) }), ...jsonBody(SaveAnswerRequest) },
  responses: {
    200: json(SaveAnswerResponse, "Saved; the new state"),
    404: errorResponse("question_not_found"),
    422: errorResponse("answer_invalid or form_version_unknown"),
  },
});

const getConsents = defineRoute({
  method: "get",
  path: "/members/me/consents",
  tags,
  summary: "Each consent purpose with its wording and current state, and the decision history",
  access: ROLES,
  guards: [requireMember],
  responses: { 200: json(MyConsents, "Consent centre") },
});

const postConsent = defineRoute({
  method: "post",
  path: "/members/me/consents",
  tags,
  summary: "Grant or withdraw one purpose; each change is a new ledger entry with the wording version",
  access: ROLES,
  guards: [requireMember],
  request: jsonBody(ConsentRequest),
  responses: { 200: json(MyConsents, "The new state"), 409: errorResponse("consent_wording_outdated or consent_required") },
});

const postZaloAnswer = defineRoute({
  method: "post",
  path: "/members/me/consents/zalo",
  tags,
  summary: "Record Zalo's answer to the permission prompt asked after the member agreed to a purpose",
  access: ROLES,
  guards: [requireMember],
  request: jsonBody(ZaloAnswerRequest),
  responses: { 200: json(MyConsents, "The new state"), 409: errorResponse("consent_not_granted") },
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

import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { eq } from "drizzle-orm";
import {
  ConsentRequest,
  EraseRequest,
  EraseResponse,
  MemberExport,
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
import { memberOfUser } from "../loyalty/member-routes";
import { eraseMember, exportMember } from "../privacy/privacy";
import { myPreferences, saveAnswer } from "./answers";
import { myConsents, recordConsent, recordZaloAnswer } from "./consents";

const tags = ["Preferences & privacy"];

const getPreferences = defineRoute({
  method: "get",
  path: "/members/me/preferences",
  tags,
  summary: "The brand's current preference form, the member's answers, progress and the one-time bonus",
  access: ROLES,
  responses: { 200: json(MyPreferences, "Form and answers") },
});

const putAnswer = defineRoute({
  method: "put",
  path: "/members/me/preferences/{questionId}",
  tags,
  summary: "Save (or clear, with null) one answer, validated against the form version it was given for",
  description: "Completing the profile for the first time credits the brand's profile bonus once (ledger kind bonus, key profile-bonus:<member>).",
  access: ROLES,
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
  responses: { 200: json(MyConsents, "Consent centre") },
});

const postConsent = defineRoute({
  method: "post",
  path: "/members/me/consents",
  tags,
  summary: "Grant or withdraw one purpose; each change is a new ledger entry with the wording version",
  access: ROLES,
  request: jsonBody(ConsentRequest),
  responses: { 200: json(MyConsents, "The new state"), 409: errorResponse("consent_wording_outdated or consent_required") },
});

const postZaloAnswer = defineRoute({
  method: "post",
  path: "/members/me/consents/zalo",
  tags,
  summary: "Record Zalo's answer to the permission prompt asked after the member agreed to a purpose",
  access: ROLES,
  request: jsonBody(ZaloAnswerRequest),
  responses: { 200: json(MyConsents, "The new state"), 409: errorResponse("consent_not_granted") },
});

const getExport = defineRoute({
  method: "get",
  path: "/members/me/export",
  tags,
  summary: "Download my data: everything held about the member, as one JSON file (logged)",
  access: ROLES,
  responses: { 200: json(MemberExport, "The member's data") },
});

const postErase = defineRoute({
  method: "post",
  path: "/members/me/erase",
  tags,
  summary: "Delete my account: personal data erased at once, points written off, messaging stopped (logged)",
  access: ROLES,
  request: jsonBody(EraseRequest),
  responses: { 200: json(EraseResponse, "Erased") },
});

/** The consent centre as the member sees it now (whether a phone is on file decides the ZNS prompts). */
async function consentsOf(deps: Deps, userId: string) {
  const [user] = await deps.database.db.select({ id: users.id, phone: users.phone }).from(users).where(eq(users.id, userId));
  return myConsents(deps.database.db, user!, deps.now(), deps.config.oaId);
}

export const preferenceMemberRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getPreferences, async (c) => {
    const { database } = c.get("deps");
    const m = await memberOfUser(database.db, c.get("auth").userId);
    if (!m) return fail(c, "not_a_member", "Join the membership first.");
    return c.json(await myPreferences(database.db, m), 200);
  })
  .openapi(putAnswer, async (c) => {
    const { database, now } = c.get("deps");
    const m = await memberOfUser(database.db, c.get("auth").userId);
    if (!m) return fail(c, "not_a_member", "Join the membership first.");
    const out = await saveAnswer(database.db, now(), m, c.req.valid("param").questionId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : fail(c, out.code, out.message);
  })
  .openapi(getConsents, async (c) => {
    const deps = c.get("deps");
    const m = await memberOfUser(deps.database.db, c.get("auth").userId);
    if (!m) return fail(c, "not_a_member", "Join the membership first.");
    return c.json(await consentsOf(deps, m.userId), 200);
  })
  .openapi(postConsent, async (c) => {
    const deps = c.get("deps");
    const m = await memberOfUser(deps.database.db, c.get("auth").userId);
    if (!m) return fail(c, "not_a_member", "Join the membership first.");
    const out = await recordConsent(deps.database.db, deps.now(), m.userId, c.req.valid("json"));
    return out.ok ? c.json(await consentsOf(deps, m.userId), 200) : fail(c, out.code, out.message);
  })
  .openapi(postZaloAnswer, async (c) => {
    const deps = c.get("deps");
    const m = await memberOfUser(deps.database.db, c.get("auth").userId);
    if (!m) return fail(c, "not_a_member", "Join the membership first.");
    const out = await recordZaloAnswer(deps.database.db, deps.now(), m.userId, c.req.valid("json"));
    return out.ok ? c.json(await consentsOf(deps, m.userId), 200) : fail(c, out.code, out.message);
  })
  .openapi(getExport, async (c) => {
    const { database, now, log } = c.get("deps");
    const m = await memberOfUser(database.db, c.get("auth").userId);
    if (!m) return fail(c, "not_a_member", "Join the membership first.");
    const data = await exportMember(database.db, now(), m);
    log.info({ reqId: c.get("requestId"), memberId: m.id }, "privacy: data exported");
    c.header("content-disposition", `attachment; filename="loyalloop-${data.membership.memberNo as string}.json"`);
    return c.json(data, 200);
  })
  .openapi(postErase, async (c) => {
    const { database, now, log } = c.get("deps");
    const m = await memberOfUser(database.db, c.get("auth").userId);
    if (!m) return fail(c, "not_a_member", "Join the membership first.");
    const out = await eraseMember(database.db, now(), m);
    if (!out.ok) return fail(c, out.code, out.message);
    log.info({ reqId: c.get("requestId"), memberId: m.id, pointsForfeited: out.value.pointsForfeited }, "privacy: account erased");
    return c.json(out.value, 200);
  });

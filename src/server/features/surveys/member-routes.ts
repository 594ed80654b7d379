import { OpenAPIHono } from "@hono/zod-openapi";
import { surveyEndpoints } from "../../../contract/endpoints/surveys";
import { ROLES } from "../../../domain/identity/roles";
import type { AppEnv, Deps } from "../../http/context";
import { fail, failOutcome } from "../../http/errors";
import { routesAt } from "../../http/route";
import { requireMember } from "../members/require-member";
import { recordAnswer, saveFollowUp } from "./answers";
import { myOpenSurveys } from "./asks";
import { surveyMac } from "./definitions";
import { bindingOf, surveyView } from "./views";

/** The member's surveys: mounted at / (the Mini App's paths), behind requireMember. */
const route = routesAt("");
const tags = ["Surveys"];

const getOpen = route(surveyEndpoints.myOpenSurveys, {
  tags,
  summary: "Surveys waiting for the member (in-app prompts after a visit), newest first, each with its link's token",
  access: ROLES,
  guards: [requireMember],
  ok: "Open surveys",
});

const getView = route(surveyEndpoints.surveyView, {
  tags,
  summary: "One survey as the shopper sees it; with `t`, the link's token binds its store and transaction",
  description:
    "A token that is expired, forged, or for another member or survey does not fail the request: the survey is shown for the " +
    "signed-in member, unbound, with tokenNotice saying why.",
  access: ROLES,
  guards: [requireMember],
  ok: "Survey",
  errors: { 404: "survey_not_found" },
});

const postAnswer = route(surveyEndpoints.answer, {
  tags,
  summary: "Record one tap; idempotent by clientAnswerId; a second tap for the same transaction within 10 minutes changes it",
  description:
    "201 for a new answer (the survey's reward, if any, credited once: ledger kind bonus, key survey-reward:<survey>:<member>:<transaction>), " +
    "200 for a change or a resend. The answer is always the signed-in member's, whatever the token says.",
  access: ROLES,
  limit: "answers",
  guards: [requireMember],
  ok: { 201: "Recorded", 200: "Changed, or the same tap sent again" },
  errors: {
    404: "survey_not_found",
    409: "survey_inactive, survey_change_closed, survey_throttled (params.until), idempotency_conflict",
    422: "survey_score_invalid (params.min, params.max)",
  },
});

const putFollowUp = route(surveyEndpoints.followUp, {
  tags,
  summary: "Add or replace the follow-up of an answer: reasons of its score band and an optional comment",
  access: ROLES,
  limit: "answers",
  guards: [requireMember],
  ok: "Saved",
  errors: {
    404: "survey_answer_not_found",
    409: "survey_follow_up_closed",
    422: "survey_reason_unknown or survey_comment_too_long, with issues",
  },
});

const macOf = (deps: Deps) => surveyMac(deps.config.sessionSecret);

export const surveyMemberRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getOpen, async (c) => {
    const deps = c.get("deps");
    return c.json(await myOpenSurveys(deps.database.db, deps.now(), macOf(deps), c.get("member"), deps.messaging.surveyDeliveries), 200);
  })
  .openapi(getView, async (c) => {
    const deps = c.get("deps");
    const out = await surveyView(
      deps.database.db,
      deps.now(),
      macOf(deps),
      c.get("member"),
      c.req.valid("param").surveyId,
      c.req.valid("query").t,
    );
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(postAnswer, async (c) => {
    const deps = c.get("deps");
    const member = c.get("member");
    const { surveyId } = c.req.valid("param");
    const body = c.req.valid("json");
    const now = deps.now();
    const { binding, notice } = await bindingOf(deps.database.db, macOf(deps), now, member, surveyId, body.token);
    const out = await recordAnswer(deps.database.db, now, {
      member,
      surveyId,
      score: body.score,
      clientAnswerId: body.clientAnswerId,
      binding,
      tokenNotice: notice,
    });
    if (!out.ok) return failOutcome(c, out);
    return c.json(out.value, out.value.changed || out.value.replayed ? 200 : 201);
  })
  .openapi(putFollowUp, async (c) => {
    const deps = c.get("deps");
    const out = await saveFollowUp(deps.database.db, deps.now(), c.get("member"), c.req.valid("param").answerId, c.req.valid("json"));
    if (out.ok) return c.json(out.value, 200);
    return "issues" in out ? fail(c, out.code, out.message, out.issues) : failOutcome(c, out);
  });

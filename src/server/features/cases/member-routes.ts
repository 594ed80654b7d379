import { OpenAPIHono } from "@hono/zod-openapi";
import { caseEndpoints } from "../../../contract/endpoints/cases";
import { ROLES } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { routesAt } from "../../http/route";
import { requireMember } from "../members/require-member";
import { myFeedbackResponses } from "./queries";

/** The member's side of a case: mounted at / (the Mini App's paths). Never the manager's notes. */
const route = routesAt("");

const responses = route(caseEndpoints.myFeedbackResponses, {
  tags: ["Feedback cases"],
  summary: "The member's feedback a store has responded to (a call, a care message, a voucher, or a resolved close), newest first",
  access: ROLES,
  guards: [requireMember],
  ok: "Responses",
});

export const caseMemberRoutes = new OpenAPIHono<AppEnv>().openapi(responses, async (c) => {
  const { database } = c.get("deps");
  return c.json(await myFeedbackResponses(database.db, c.get("member").id), 200);
});

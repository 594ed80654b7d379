import { OpenAPIHono } from "@hono/zod-openapi";
import { referralEndpoints } from "../../../contract/endpoints/referrals";
import { ROLES } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { failOutcome } from "../../http/errors";
import { rateLimit } from "../../http/rate-limit";
import { routesAt } from "../../http/route";
import { requireMember } from "../members/require-member";
import { acceptReferral, myReferrals, referralMac } from "./referrals";

/** Referrals in the Mini App: mounted at / (the Mini App's paths). */
const route = routesAt("");
const tags = ["Referrals"];

const getMine = route(referralEndpoints.myReferrals, {
  tags,
  summary: "The member's signed referral code, the link to share (Mini App URL + ?ref=<code>), the rewards and their invites",
  access: ROLES,
  guards: [requireMember],
  ok: "Referrals",
});

const postAccept = route(referralEndpoints.acceptReferral, {
  tags,
  summary: "A friend opened a share link: record the invite (signed-in user, member or not yet)",
  description:
    "201 when recorded, 200 when this user had already accepted this code. The invite becomes joined at enrolment and " +
    "both are rewarded at the friend's first purchase at the counter.",
  access: ROLES,
  limit: "referral",
  guards: [rateLimit("referralIp")],
  ok: { 201: "Recorded", 200: "Already recorded" },
  errors: {
    409: "referral_self, referral_already_member, referral_already_invited, referral_disabled",
    422: "referral_code_invalid",
  },
});

export const referralMemberRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getMine, async (c) => {
    const deps = c.get("deps");
    const out = await myReferrals(
      deps.database.db,
      { now: deps.now(), mac: referralMac(deps.config.sessionSecret), publicUrl: deps.config.publicUrl },
      c.get("member"),
    );
    return c.json(out, 200);
  })
  .openapi(postAccept, async (c) => {
    const deps = c.get("deps");
    const out = await acceptReferral(
      deps.database.db,
      { now: deps.now(), mac: referralMac(deps.config.sessionSecret) },
      c.get("auth"),
      c.req.valid("json").code,
    );
    if (!out.ok) return failOutcome(c, out);
    const { created, ...body } = out.value;
    return c.json(body, created ? 201 : 200);
  });

import { OpenAPIHono } from "@hono/zod-openapi";
import { checkinEndpoints } from "../../../contract/endpoints/checkin";
import { ROLES } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { failOutcome } from "../../http/errors";
import { rateLimit } from "../../http/rate-limit";
import { routesAt } from "../../http/route";
import { requireMember } from "../members/require-member";
import { checkIn, checkinState } from "./checkin";

/** The member's daily check-in: mounted at / (the Mini App's paths), behind requireMember. */
const route = routesAt("");
const tags = ["Check-in"];

const getState = route(checkinEndpoints.checkinState, {
  tags,
  summary: "The check-in calendar: the 7-day cycle with each day's points, the last 7 days, the streak, today's points",
  access: ROLES,
  limit: "checkin",
  guards: [rateLimit("checkinIp"), requireMember],
  ok: "Calendar",
});

const postCheckin = route(checkinEndpoints.checkin, {
  tags,
  summary: "Check in for today (Vietnam day): one per member per day, whatever the taps, devices or retries",
  description:
    "201 for today's check-in (points credited: ledger kind bonus, actor game, reason daily_checkin); 200 for the same " +
    "idempotency key sent again (the first answer, replayed). Another key on a day already checked in: checkin_already_today.",
  access: ROLES,
  limit: "checkin",
  guards: [rateLimit("checkinIp"), requireMember],
  ok: { 201: "Checked in", 200: "The same key sent again" },
  errors: { 409: "checkin_already_today (params.date), checkin_disabled" },
});

export const checkinMemberRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getState, async (c) => {
    const { database, now } = c.get("deps");
    return c.json(await checkinState(database.db, now(), c.get("member")), 200);
  })
  .openapi(postCheckin, async (c) => {
    const { database, now } = c.get("deps");
    const out = await checkIn(database.db, now(), c.get("member"), c.req.valid("json").idempotencyKey);
    if (!out.ok) return failOutcome(c, out);
    return c.json(out.value, out.value.replayed ? 200 : 201);
  });

import { OpenAPIHono } from "@hono/zod-openapi";
import { gameEndpoints } from "../../../contract/endpoints/game";
import { ROLES } from "../../../domain/identity/roles";
import type { AppEnv } from "../../http/context";
import { failOutcome } from "../../http/errors";
import { rateLimit } from "../../http/rate-limit";
import { routesAt } from "../../http/route";
import { requireMember } from "../members/require-member";
import { buyPlay, followedOa } from "./grants";
import { spin } from "./spin";
import { gameRules, myGames } from "./views";

/** The member's lucky wheel (issue 14; decision 0031): mounted at / (the Mini App's paths), behind requireMember. */
const route = routesAt("");
const tags = ["Games"];

const getGames = route(gameEndpoints.myGames, {
  tags,
  summary: "The wheel campaigns the member can see, each with their plays left, the budget state and why a spin would be refused",
  access: ROLES,
  guards: [requireMember],
  ok: "Campaigns",
});

const getRules = route(gameEndpoints.gameRules, {
  tags,
  summary: "A campaign's rules: each prize's probability now (after stock and budgets), stock left, window, eligibility, registration",
  access: ROLES,
  guards: [requireMember],
  ok: "Rules",
  errors: { 404: "game_not_found" },
});

const postSpin = route(gameEndpoints.spin, {
  tags,
  summary: "Spin: the server draws the prize; idempotent by idempotencyKey (a resend answers the same draw)",
  description:
    "One transaction: the member's and the campaign's locks, gates, budget, plays, the draw (node:crypto), stock, counters, the " +
    "ledger credit (kind game_prize, actor game) or the voucher, and the draw log. 201 for a new draw, 200 for a resend.",
  access: ROLES,
  limit: "gameSpin",
  // Per address too: many accounts on one phone farm cannot spin faster than one shop's Wi-Fi.
  guards: [rateLimit("gameSpinIp"), requireMember],
  ok: { 201: "Drawn", 200: "The same tap sent again" },
  errors: {
    403: "game_not_eligible (params.gate)",
    404: "game_not_found",
    409:
      "game_not_running, game_out_of_window (params.when), game_budget_spent (params.scope, params.reason), game_win_limit_reached, " +
      "game_no_plays_left, game_daily_play_limit, idempotency_conflict",
  },
});

const postPlay = route(gameEndpoints.buyPlay, {
  tags,
  summary: "Buy one extra play with points (never money); idempotent by idempotencyKey",
  access: ROLES,
  limit: "gameSpin",
  guards: [rateLimit("gameSpinIp"), requireMember],
  ok: { 201: "Bought", 200: "The same request sent again" },
  errors: {
    403: "game_not_eligible (params.gate)",
    404: "game_not_found",
    409: "game_play_not_for_sale, game_not_running, game_out_of_window, game_budget_spent, insufficient_points, idempotency_conflict",
  },
});

const postFollowedOa = route(gameEndpoints.followedOa, {
  tags,
  summary: "The Mini App followed the OA (zmp-sdk followOA): grants each running campaign's plays for it, once",
  description: "The server cannot verify the follow (decision 0031): the grant is once per campaign and member.",
  access: ROLES,
  limit: "gameSpin",
  guards: [requireMember],
  ok: "Granted (empty when already granted or no campaign grants plays for it)",
});

export const gameMemberRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getGames, async (c) => {
    const deps = c.get("deps");
    return c.json(await myGames(deps.database.db, deps.now(), c.get("member")), 200);
  })
  .openapi(getRules, async (c) => {
    const deps = c.get("deps");
    const out = await gameRules(deps.database.db, deps.now(), c.get("member"), c.req.valid("param").campaignId);
    return out.ok ? c.json(out.value, 200) : failOutcome(c, out);
  })
  .openapi(postSpin, async (c) => {
    const deps = c.get("deps");
    const out = await spin(
      deps.database.db,
      deps.now(),
      c.get("member"),
      c.req.valid("param").campaignId,
      c.req.valid("json").idempotencyKey,
    );
    if (!out.ok) return failOutcome(c, out);
    return c.json(out.value, out.value.replayed ? 200 : 201);
  })
  .openapi(postPlay, async (c) => {
    const deps = c.get("deps");
    const out = await buyPlay(
      deps.database.db,
      deps.now(),
      c.get("member"),
      c.req.valid("param").campaignId,
      c.req.valid("json").idempotencyKey,
    );
    if (!out.ok) return failOutcome(c, out);
    return c.json(out.value, out.value.replayed ? 200 : 201);
  })
  .openapi(postFollowedOa, async (c) => {
    const deps = c.get("deps");
    return c.json(await followedOa(deps.database.db, deps.now(), c.get("member")), 200);
  });

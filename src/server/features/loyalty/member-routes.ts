import { OpenAPIHono } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { loyaltyEndpoints } from "../../../contract/endpoints/loyalty";
import { ROLES } from "../../../domain/identity/roles";
import { availablePoints } from "../../../domain/loyalty/lots";
import { checkRedeemable } from "../../../domain/loyalty/rewards";
import type { TierCode } from "../../../domain/loyalty/tiers";
import { rewards } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { requireMember } from "../members/require-member";
import { redeem } from "./redeem";
import { openLots } from "./posting";
import { rewardRules, rewardView } from "./rewards-view";
import { ledgerPage, memberSummary, memberVouchers } from "./summary";

/** The member's own loyalty: mounted at / (the Mini App's paths), every route behind requireMember. */
const route = routesAt("");
const tags = ["Loyalty"];

const summary = route(loyaltyEndpoints.summary, {
  tags,
  summary: "Balance, tier, progress to the next tier, next expiry and the tier rules in plain words",
  access: ROLES,
  guards: [requireMember],
  ok: "Summary",
});

const history = route(loyaltyEndpoints.ledger, {
  tags,
  summary: "Every ledger entry of the member, newest first, with the running balance",
  access: ROLES,
  guards: [requireMember],
  ok: "A page of entries",
});

const catalog = route(loyaltyEndpoints.catalog, {
  tags,
  summary: "The rewards catalog, with whether the member can redeem each one now",
  access: ROLES,
  guards: [requireMember],
  ok: "Active rewards",
});

const redeemRoute = route(loyaltyEndpoints.redeem, {
  tags,
  summary: "Redeem a reward: reserves points and stock in one transaction and issues a voucher",
  description: "Idempotent by idempotencyKey: a retry returns the same voucher; the same key for another reward is refused.",
  access: ROLES,
  limit: "redeem",
  guards: [requireMember],
  ok: "The voucher",
  errors: { 409: "insufficient_points, out_of_stock, reward_unavailable or idempotency_conflict" },
});

const myVouchers = route(loyaltyEndpoints.myVouchers, {
  tags,
  summary: "The member's vouchers, newest first",
  access: ROLES,
  guards: [requireMember],
  ok: "Vouchers",
});

export const loyaltyMemberRoutes = new OpenAPIHono<AppEnv>()
  .openapi(summary, async (c) => {
    const { database, now } = c.get("deps");
    const m = c.get("member");
    return c.json((await memberSummary(database.db, m.id, now(), c.req.valid("query").locale))!, 200);
  })
  .openapi(history, async (c) => {
    const { database } = c.get("deps");
    const m = c.get("member");
    const { limit, after } = c.req.valid("query");
    return c.json(await ledgerPage(database.db, m.id, limit, after), 200);
  })
  .openapi(catalog, async (c) => {
    const { database, now } = c.get("deps");
    const m = c.get("member");
    const [lots, rows] = await Promise.all([
      openLots(database.db as never, m.id),
      database.db
        .select()
        .from(rewards)
        .where(and(eq(rewards.brandId, m.brandId), eq(rewards.active, true)))
        .orderBy(rewards.pointsCost),
    ]);
    const available = availablePoints(lots, now());
    const items = rows.map((r) => {
      const view = rewardView(r);
      const check = checkRedeemable(rewardRules(r), { tier: m.tier as TierCode, balance: available }, now());
      return { ...view, redeemable: check.ok, blockedBy: check.ok ? null : check.reason };
    });
    return c.json({ items, available }, 200);
  })
  .openapi(redeemRoute, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const m = c.get("member");
    const out = await redeem(database.db, now(), { ...auth, memberId: m.id }, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : fail(c, out.code, out.message);
  })
  .openapi(myVouchers, async (c) => {
    const { database, now } = c.get("deps");
    const m = c.get("member");
    return c.json({ items: await memberVouchers(database.db, m.id, now()) }, 200);
  });

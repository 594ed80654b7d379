import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { and, eq } from "drizzle-orm";
import { LocaleSchema, Uuid } from "../../../contract/common";
import {
  AdjustmentRequest,
  LedgerPage,
  LedgerQuery,
  Liability,
  LedgerWriteResponse,
  MemberDetail,
  ReversalRequest,
  RewardInput,
  RewardList,
  RewardPatch,
  RewardView,
} from "../../../contract/loyalty";
import { CONSOLE_ROLES, MANAGERS } from "../../../domain/identity/roles";
import { rewards } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { defineRoute, errorResponse, json, jsonBody } from "../../http/route";
import { liability, memberDetail, memberInBrand, rewardList } from "./console-queries";
import { adjust, reverse } from "./corrections";
import { rewardView } from "./rewards-view";
import { ledgerPage } from "./summary";

/** Loyalty in the console: mounted at /console. */
const tags = ["Console"];
const MemberParam = z.object({ memberId: Uuid });

const detail = defineRoute({
  method: "get",
  path: "/members/{memberId}",
  tags,
  summary: "Member detail: balance, tier, open lots, latest ledger entries and vouchers",
  access: CONSOLE_ROLES,
  request: { params: MemberParam, query: z.object({ locale: LocaleSchema.default("vi") }) },
  responses: { 200: json(MemberDetail, "Detail"), 404: errorResponse("member_not_found") },
});

const memberLedger = defineRoute({
  method: "get",
  path: "/members/{memberId}/ledger",
  tags,
  summary: "A member's whole ledger, newest first, paged with a cursor",
  access: CONSOLE_ROLES,
  request: { params: MemberParam, query: LedgerQuery },
  responses: { 200: json(LedgerPage, "A page of entries"), 404: errorResponse("member_not_found") },
});

const adjustment = defineRoute({
  method: "post",
  path: "/members/{memberId}/adjustments",
  tags,
  summary: "Manual adjustment with a reason (managers only); idempotent by key",
  access: MANAGERS,
  request: { params: MemberParam, ...jsonBody(AdjustmentRequest) },
  responses: { 200: json(LedgerWriteResponse, "Posted"), 409: errorResponse("insufficient_points, idempotency_conflict") },
});

const reversal = defineRoute({
  method: "post",
  path: "/ledger/{entryId}/reversal",
  tags,
  summary: "Reverse a mistaken earn as a new ledger entry (managers only)",
  access: MANAGERS,
  request: { params: z.object({ entryId: Uuid }), ...jsonBody(ReversalRequest) },
  responses: { 200: json(LedgerWriteResponse, "Reversed"), 409: errorResponse("already_reversed, not_reversible, insufficient_points") },
});

const listRewards = defineRoute({
  method: "get",
  path: "/rewards",
  tags,
  summary: "All rewards of the brand, active first",
  access: CONSOLE_ROLES,
  responses: { 200: json(RewardList, "Rewards") },
});

const createReward = defineRoute({
  method: "post",
  path: "/rewards",
  tags,
  summary: "Create a reward (managers only)",
  access: MANAGERS,
  request: jsonBody(RewardInput),
  responses: { 201: json(RewardView, "Created") },
});

const updateReward = defineRoute({
  method: "patch",
  path: "/rewards/{rewardId}",
  tags,
  summary: "Change a reward: price, stock, validity, eligibility, or deactivate it (managers only)",
  access: MANAGERS,
  request: { params: z.object({ rewardId: Uuid }), ...jsonBody(RewardPatch) },
  responses: { 200: json(RewardView, "Updated"), 404: errorResponse("reward_not_found") },
});

const liabilityRoute = defineRoute({
  method: "get",
  path: "/liability",
  tags,
  summary: "Outstanding points per store (where they were earned) and their expiry profile by month",
  access: CONSOLE_ROLES,
  responses: { 200: json(Liability, "Points liability") },
});

const dateOrNull = (v: string | null | undefined) => (v ? new Date(v) : v === null ? null : undefined);

export const loyaltyConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(detail, async (c) => {
    const { database, now } = c.get("deps");
    const found = await memberDetail(database.db, c.get("auth").brandId, c.req.valid("param").memberId, now(), c.req.valid("query").locale);
    return found ? c.json(found, 200) : fail(c, "member_not_found", "No such member in this brand.");
  })
  .openapi(memberLedger, async (c) => {
    const { database } = c.get("deps");
    const { memberId } = c.req.valid("param");
    if (!(await memberInBrand(database.db, c.get("auth").brandId, memberId))) return fail(c, "member_not_found", "No such member in this brand.");
    const { limit, after } = c.req.valid("query");
    return c.json(await ledgerPage(database.db, memberId, limit, after), 200);
  })
  .openapi(adjustment, async (c) => {
    const { database, now } = c.get("deps");
    const out = await adjust(database.db, now(), c.get("auth"), c.req.valid("param").memberId, c.req.valid("json"));
    return out.ok ? c.json(out.value, 200) : fail(c, out.code, out.message);
  })
  .openapi(reversal, async (c) => {
    const { database, now } = c.get("deps");
    const out = await reverse(database.db, now(), c.get("auth"), c.req.valid("param").entryId, c.req.valid("json").reason);
    return out.ok ? c.json(out.value, 200) : fail(c, out.code, out.message);
  })
  .openapi(listRewards, async (c) => c.json(await rewardList(c.get("deps").database.db, c.get("auth").brandId), 200))
  .openapi(createReward, async (c) => {
    const { database } = c.get("deps");
    const input = c.req.valid("json");
    const [row] = await database.db
      .insert(rewards)
      .values({ ...input, brandId: c.get("auth").brandId, validFrom: dateOrNull(input.validFrom), validUntil: dateOrNull(input.validUntil) })
      .returning();
    return c.json(rewardView(row!), 201);
  })
  .openapi(updateReward, async (c) => {
    const { database } = c.get("deps");
    const patch = c.req.valid("json");
    const { rewardId } = c.req.valid("param");
    const [existing] = await database.db.select().from(rewards).where(and(eq(rewards.id, rewardId), eq(rewards.brandId, c.get("auth").brandId)));
    if (!existing) return fail(c, "reward_not_found", "No such reward.");
    const validFrom = patch.validFrom === undefined ? existing.validFrom : dateOrNull(patch.validFrom)!;
    const validUntil = patch.validUntil === undefined ? existing.validUntil : dateOrNull(patch.validUntil)!;
    if (validFrom && validUntil && validFrom >= validUntil) {
      return fail(c, "invalid_request", "validUntil must be after validFrom.", [{ path: "validUntil", message: "must be after validFrom" }]);
    }
    const [row] = await database.db
      .update(rewards)
      .set({ ...patch, validFrom, validUntil })
      .where(eq(rewards.id, rewardId))
      .returning();
    return c.json(rewardView(row!), 200);
  })
  .openapi(liabilityRoute, async (c) => {
    const { database, now } = c.get("deps");
    return c.json(await liability(database.db, c.get("auth").brandId, now()), 200);
  });

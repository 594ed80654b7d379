import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { Uuid } from "../../../contract/common";
import { LocaleSchema } from "../../../contract/common";
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
import { vietnamDate } from "../../../domain/loyalty/vietnam-time";
import { maskVnPhone } from "../../../domain/messaging/phone";
import { ledgerEntries, members, pointLots, rewards, stores } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { defineRoute, errorResponse, json, jsonBody } from "../../http/route";
import { formatMemberNo, memberWithUser } from "../members/cards";
import { adjust, reverse } from "./operations";
import { rewardView } from "./rewards-view";
import { ledgerPage, memberSummary, memberVouchers } from "./summary";

const tags = ["Console"];
const MemberParam = z.object({ memberId: Uuid });

const detail = defineRoute({
  method: "get",
  path: "/console/members/{memberId}",
  tags,
  summary: "Member detail: balance, tier, open lots, latest ledger entries and vouchers",
  access: CONSOLE_ROLES,
  request: { params: MemberParam, query: z.object({ locale: LocaleSchema.default("vi") }) },
  responses: { 200: json(MemberDetail, "Detail"), 404: errorResponse("member_not_found") },
});

const memberLedger = defineRoute({
  method: "get",
  path: "/console/members/{memberId}/ledger",
  tags,
  summary: "A member's whole ledger, newest first, paged with a cursor",
  access: CONSOLE_ROLES,
  request: { params: MemberParam, query: LedgerQuery },
  responses: { 200: json(LedgerPage, "A page of entries"), 404: errorResponse("member_not_found") },
});

const adjustment = defineRoute({
  method: "post",
  path: "/console/members/{memberId}/adjustments",
  tags,
  summary: "Manual adjustment with a reason (managers only); idempotent by key",
  access: MANAGERS,
  request: { params: MemberParam, ...jsonBody(AdjustmentRequest) },
  responses: { 200: json(LedgerWriteResponse, "Posted"), 409: errorResponse("insufficient_points, idempotency_conflict") },
});

const reversal = defineRoute({
  method: "post",
  path: "/console/ledger/{entryId}/reversal",
  tags,
  summary: "Reverse a mistaken earn as a new ledger entry (managers only)",
  access: MANAGERS,
  request: { params: z.object({ entryId: Uuid }), ...jsonBody(ReversalRequest) },
  responses: { 200: json(LedgerWriteResponse, "Reversed"), 409: errorResponse("already_reversed, not_reversible, insufficient_points") },
});

const listRewards = defineRoute({
  method: "get",
  path: "/console/rewards",
  tags,
  summary: "All rewards of the brand, active first",
  access: CONSOLE_ROLES,
  responses: { 200: json(RewardList, "Rewards") },
});

const createReward = defineRoute({
  method: "post",
  path: "/console/rewards",
  tags,
  summary: "Create a reward (managers only)",
  access: MANAGERS,
  request: jsonBody(RewardInput),
  responses: { 201: json(RewardView, "Created") },
});

const updateReward = defineRoute({
  method: "patch",
  path: "/console/rewards/{rewardId}",
  tags,
  summary: "Change a reward: price, stock, validity, eligibility, or deactivate it (managers only)",
  access: MANAGERS,
  request: { params: z.object({ rewardId: Uuid }), ...jsonBody(RewardPatch) },
  responses: { 200: json(RewardView, "Updated"), 404: errorResponse("reward_not_found") },
});

const liability = defineRoute({
  method: "get",
  path: "/console/liability",
  tags,
  summary: "Outstanding points per store (where they were earned) and their expiry profile by month",
  access: CONSOLE_ROLES,
  responses: { 200: json(Liability, "Points liability") },
});

const dateOrNull = (v: string | null | undefined) => (v ? new Date(v) : v === null ? null : undefined);

export const loyaltyConsoleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(detail, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const { memberId } = c.req.valid("param");
    const [m] = await memberWithUser(database.db).where(and(eq(members.id, memberId), eq(members.brandId, auth.brandId)));
    if (!m) return fail(c, "member_not_found", "No such member in this brand.");
    const t = now();
    const lots = await database.db
      .select()
      .from(pointLots)
      .where(and(eq(pointLots.memberId, memberId), gt(pointLots.remaining, 0)))
      .orderBy(asc(pointLots.expiresAt));
    return c.json(
      {
        memberId: m.id,
        memberNo: formatMemberNo(m.memberSeq),
        displayName: m.displayName,
        avatarUrl: m.avatarUrl,
        phoneMasked: m.phone ? maskVnPhone(m.phone) : null,
        joinedAt: m.joinedAt.toISOString(),
        summary: (await memberSummary(database.db, memberId, t, c.req.valid("query").locale))!,
        lots: lots.map((l) => ({ id: l.id, original: l.original, remaining: l.remaining, earnedAt: l.earnedAt.toISOString(), expiresAt: l.expiresAt.toISOString() })),
        ledger: (await ledgerPage(database.db, memberId, 50)).items,
        vouchers: await memberVouchers(database.db, memberId, t),
      },
      200,
    );
  })
  .openapi(memberLedger, async (c) => {
    const { database } = c.get("deps");
    const { memberId } = c.req.valid("param");
    const [m] = await database.db.select({ id: members.id }).from(members).where(and(eq(members.id, memberId), eq(members.brandId, c.get("auth").brandId)));
    if (!m) return fail(c, "member_not_found", "No such member in this brand.");
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
  .openapi(listRewards, async (c) => {
    const { database } = c.get("deps");
    const rows = await database.db
      .select()
      .from(rewards)
      .where(eq(rewards.brandId, c.get("auth").brandId))
      .orderBy(desc(rewards.active), asc(rewards.pointsCost));
    return c.json({ items: rows.map(rewardView) }, 200);
  })
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
  .openapi(liability, async (c) => {
    const { database, now } = c.get("deps");
    const brandId = c.get("auth").brandId;
    // A lot's store is the store of the entry that created it (adjustments and bonuses have none).
    const byStore = await database.db
      .select({ storeId: ledgerEntries.storeId, storeName: stores.name, points: sql<string>`sum(${pointLots.remaining})` })
      .from(pointLots)
      .innerJoin(ledgerEntries, eq(ledgerEntries.id, pointLots.id))
      .leftJoin(stores, eq(stores.id, ledgerEntries.storeId))
      .where(and(eq(ledgerEntries.brandId, brandId), gt(pointLots.remaining, 0)))
      .groupBy(ledgerEntries.storeId, stores.name)
      .orderBy(stores.name);
    const open = await database.db
      .select({ remaining: pointLots.remaining, expiresAt: pointLots.expiresAt })
      .from(pointLots)
      .innerJoin(members, eq(members.id, pointLots.memberId))
      .where(and(eq(members.brandId, brandId), gt(pointLots.remaining, 0)));
    const months = new Map<string, number>();
    const t = now();
    const start = vietnamDate(t);
    // This month and the next 12: a lot earned today expires in the same month next year.
    for (let i = 0; i < 13; i++) {
      const y = start.year + Math.floor((start.month - 1 + i) / 12);
      const mth = ((start.month - 1 + i) % 12) + 1;
      months.set(`${y}-${String(mth).padStart(2, "0")}`, 0);
    }
    const firstKey = months.keys().next().value!;
    for (const lot of open) {
      const d = vietnamDate(Math.max(lot.expiresAt.getTime(), t));
      const key = `${d.year}-${String(d.month).padStart(2, "0")}`;
      // Lots past due but not yet expired by the job count in the current month.
      const bucket = key < firstKey ? firstKey : key;
      months.set(bucket, (months.get(bucket) ?? 0) + lot.remaining);
    }
    const storeRows = byStore.map((r) => ({ storeId: r.storeId, storeName: r.storeName, points: Number(r.points) }));
    return c.json(
      {
        outstandingPoints: storeRows.reduce((s, r) => s + r.points, 0),
        byStore: storeRows,
        expiryProfile: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, points]) => ({ month, points })),
      },
      200,
    );
  });

import { OpenAPIHono } from "@hono/zod-openapi";
import { and, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { MemberListQuery, MemberListResponse } from "../../../contract/console";
import { CONSOLE_ROLES } from "../../../domain/identity/roles";
import type { TierCode } from "../../../domain/loyalty/tiers";
import { maskVnPhone } from "../../../domain/messaging/phone";
import { members, users } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { defineRoute, json } from "../../http/route";
import { formatMemberNo } from "../members/cards";

const listMembers = defineRoute({
  method: "get",
  path: "/console/members",
  tags: ["Console"],
  summary: "Members of the brand, newest first, with search by name, card number or phone",
  access: CONSOLE_ROLES,
  request: { query: MemberListQuery },
  responses: { 200: json(MemberListResponse, "A page of members") },
});

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

function searchFilter(q: string | undefined): SQL | undefined {
  if (!q) return undefined;
  const text = `%${escapeLike(q)}%`;
  const digits = q.replace(/\D/g, "");
  const clauses: SQL[] = [ilike(users.displayName, text)];
  if (digits.length >= 3) {
    // Card numbers are shown zero-padded; phones are stored as 84…, typed as 0…
    clauses.push(sql`${members.memberSeq}::text = ${String(Number(digits))}`);
    const phoneDigits = digits.startsWith("0") ? `84${digits.slice(1)}` : digits;
    clauses.push(ilike(users.phone, `%${escapeLike(phoneDigits)}%`));
  }
  return or(...clauses);
}

export const consoleRoutes = new OpenAPIHono<AppEnv>().openapi(listMembers, async (c) => {
  const { database } = c.get("deps");
  const auth = c.get("auth");
  const { q, page, pageSize } = c.req.valid("query");
  const where = and(eq(members.brandId, auth.brandId), searchFilter(q));
  const [rows, [total]] = await Promise.all([
    database.db
      .select({
        id: members.id,
        memberSeq: members.memberSeq,
        tier: members.tier,
        pointsBalance: members.pointsBalance,
        joinedAt: members.joinedAt,
        displayName: users.displayName,
        phone: users.phone,
      })
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .where(where)
      .orderBy(desc(members.joinedAt), desc(members.memberSeq))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    database.db.select({ n: count() }).from(members).innerJoin(users, eq(users.id, members.userId)).where(where),
  ]);
  return c.json(
    {
      items: rows.map((r) => ({
        memberId: r.id,
        memberNo: formatMemberNo(r.memberSeq),
        displayName: r.displayName,
        phoneMasked: r.phone ? maskVnPhone(r.phone) : null,
        tier: r.tier as TierCode,
        pointsBalance: r.pointsBalance,
        joinedAt: r.joinedAt.toISOString(),
      })),
      total: total?.n ?? 0,
      page,
      pageSize,
    },
    200,
  );
});

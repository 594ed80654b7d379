/** The console's reads of the member list. */
import { and, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { MemberListResponse } from "../../../contract/console";
import { maskVnPhone } from "../../../domain/messaging/phone";
import type { Db } from "../../db/client";
import { members, users } from "../../db/schema";
import { formatMemberNo } from "./cards";

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

/** Members of the brand, newest first, one page, with search by name, card number or phone. */
export async function memberList(
  db: Db,
  brandId: string,
  query: { q?: string; page: number; pageSize: number },
): Promise<MemberListResponse> {
  const { q, page, pageSize } = query;
  const where = and(eq(members.brandId, brandId), searchFilter(q));
  const [rows, [total]] = await Promise.all([
    db
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
    db.select({ n: count() }).from(members).innerJoin(users, eq(users.id, members.userId)).where(where),
  ]);
  return {
    items: rows.map((r) => ({
      memberId: r.id,
      memberNo: formatMemberNo(r.memberSeq),
      displayName: r.displayName,
      phoneMasked: r.phone ? maskVnPhone(r.phone) : null,
      tier: r.tier,
      pointsBalance: r.pointsBalance,
      joinedAt: r.joinedAt.toISOString(),
    })),
    total: total?.n ?? 0,
    page,
    pageSize,
  };
}

/** The console's reads of the member list. */
import { and, count, desc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import type { MemberListResponse } from "../../../contract/console";
import { CARD_DIGITS, parseMemberQuery } from "../../../domain/members/member-query";
import { maskVnPhone } from "../../../domain/messaging/phone";
import { queryRows, type Db } from "../../db/client";
import { importedProfiles, members, users } from "../../db/schema";
import { formatMemberNo } from "./cards";

/**
 * Name, card number or whole phone (docs/decisions/0010-member-search-folding.md). The query is
 * folded by the same SQL function that folded the stored names (ll_fold), so "nguyen minh anh"
 * finds "Nguyễn Minh Anh" on PGlite and PostgreSQL alike. Every word but the last must be a
 * whole word of the name — the GIN index on the words narrows the search — and the folded query
 * must appear in the folded name, so the last word may still be half typed.
 */
export async function searchFilter(db: Db, q: string | undefined): Promise<SQL | undefined> {
  if (!q) return undefined;
  const [row] = await queryRows<{ folded: string | null }>(db, sql`select ll_fold(${q}) as folded`);
  const folded = row?.folded ?? "";
  const clauses: SQL[] = [];
  if (folded) {
    const whole = folded.split(" ").slice(0, -1);
    const words = whole.length
      ? sql`${users.searchWords} @> array[${sql.join(
          whole.map((w) => sql`${w}`),
          sql`, `,
        )}]::text[]`
      : undefined;
    clauses.push(and(words, sql`strpos(${users.searchName}, ${folded}) > 0`)!);
  }
  const { card, phone } = parseMemberQuery(q);
  if (card?.kind === "exact") clauses.push(eq(members.memberSeq, card.seq));
  if (card?.kind === "partial") {
    // As printed: zero-padded to CARD_DIGITS, longer numbers as they are.
    const seq = sql`${members.memberSeq}::text`;
    clauses.push(sql`strpos(lpad(${seq}, greatest(${CARD_DIGITS}, length(${seq})), '0'), ${card.digits}) > 0`);
  }
  // Whole numbers only: the list shows phones masked, a partial match would unmask them.
  // An imported profile nobody has taken over has its phone on the profile, not on a Zalo user.
  if (phone)
    clauses.push(
      or(
        eq(users.phone, phone),
        sql`exists (select 1 from ${importedProfiles} where ${importedProfiles.brandId} = ${members.brandId}
          and ${importedProfiles.phone} = ${phone} and ${importedProfiles.memberId} = ${members.id})`,
      )!,
    );
  return clauses.length ? or(...clauses) : sql`false`;
}

/**
 * The members the console lists for a search (the page and its export alike). A member who
 * deleted their account is no longer a member: their row stays (anonymised) for the ledger's
 * history, but it is not listed among the members.
 */
export async function listedMembers(db: Db, brandId: string, q: string | undefined): Promise<SQL | undefined> {
  return and(eq(members.brandId, brandId), isNull(members.erasedAt), await searchFilter(db, q));
}

/**
 * The imported profile a member row is still waiting on: a placeholder's own, not claimed yet.
 * (A claimed placeholder is erased; a profile merged at import into a member who had already
 * joined has that member as member_id but is claimed, so that member is no "imported" row.)
 */
export const waitingProfileOf = and(eq(importedProfiles.memberId, members.id), isNull(importedProfiles.claimedAt))!;

/**
 * The phone the console shows: the member's own, else (an imported profile not taken over yet)
 * the file's. Needs `importedProfiles` left-joined by waitingProfileOf (one at most: member_id is unique there).
 */
export const listedPhone = sql<string | null>`coalesce(${users.phone}, ${importedProfiles.phone})`;

/** Members of the brand, newest first, one page, with search by name, card number or phone. */
export async function memberList(
  db: Db,
  brandId: string,
  query: { q?: string; page: number; pageSize: number },
): Promise<MemberListResponse> {
  const { q, page, pageSize } = query;
  const where = await listedMembers(db, brandId, q);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: members.id,
        memberSeq: members.memberSeq,
        tier: members.tier,
        pointsBalance: members.pointsBalance,
        joinedAt: members.joinedAt,
        displayName: users.displayName,
        phone: listedPhone,
        importedProfile: importedProfiles.id,
      })
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .leftJoin(importedProfiles, waitingProfileOf)
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
      imported: r.importedProfile !== null,
    })),
    total: total?.n ?? 0,
    page,
    pageSize,
  };
}

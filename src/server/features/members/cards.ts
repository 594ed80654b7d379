import { and, eq, isNull } from "drizzle-orm";
import type { MemberCard } from "../../../contract/members";
import { maskVnPhone } from "../../../domain/messaging/phone";
import { QR_STEP_SECONDS } from "../../../domain/member-qr/member-qr";
import type { Db } from "../../db/client";
import { members, users } from "../../db/schema";

/** Card numbers are the member sequence, zero-padded, so they read well under the QR. */
export const formatMemberNo = (seq: number) => String(seq).padStart(8, "0");

export const memberWithUser = (db: Db) =>
  db
    .select({
      id: members.id,
      brandId: members.brandId,
      userId: members.userId,
      memberSeq: members.memberSeq,
      tier: members.tier,
      pointsBalance: members.pointsBalance,
      qrSecret: members.qrSecret,
      joinedAt: members.joinedAt,
      displayName: users.displayName,
      avatarUrl: users.avatarUrl,
      phone: users.phone,
    })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId));

/** The user's membership, unless it was erased ("delete my account"): erased members are gone for every route. */
export const activeMemberOf = (userId: string) => and(eq(members.userId, userId), isNull(members.erasedAt));

export type MemberWithUser = Awaited<ReturnType<ReturnType<typeof memberWithUser>["execute"]>>[number];

export function toCard(m: MemberWithUser, nowMillis: number): MemberCard {
  return {
    memberId: m.id,
    memberNo: formatMemberNo(m.memberSeq),
    displayName: m.displayName,
    avatarUrl: m.avatarUrl,
    tier: m.tier,
    pointsBalance: m.pointsBalance,
    phoneMasked: m.phone ? maskVnPhone(m.phone) : null,
    joinedAt: m.joinedAt.toISOString(),
    qrSecret: m.qrSecret,
    qrStepSeconds: QR_STEP_SECONDS,
    serverTime: new Date(nowMillis).toISOString(),
  };
}

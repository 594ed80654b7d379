/**
 * The member's referrals in their data export: the invites they made and the one that brought
 * them, with states, times and points — never the other person's name or Zalo data (that is
 * the other person's). Account deletion keeps the rows as the ledger keeps its own (decision
 * 0007): the referral rewards are ledger entries, and the names others see come from the
 * erased user row (its display name is replaced), so nothing here holds personal data to erase.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { referrals } from "../../db/schema";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function referralsForExport(db: Db, member: { id: string; userId: string }): Promise<Record<string, unknown>[]> {
  const made = await db.select().from(referrals).where(eq(referrals.referrerMemberId, member.id)).orderBy(asc(referrals.invitedAt));
  const received = await db.select().from(referrals).where(eq(referrals.friendUserId, member.userId));
  const row = (r: typeof referrals.$inferSelect, role: "referrer" | "friend") => ({
    role,
    state: r.state,
    refusal: r.rejectReason,
    capped: r.referrerCapped,
    invitedAt: iso(r.invitedAt),
    joinedAt: iso(r.joinedAt),
    purchasedAt: iso(r.purchasedAt),
    rewardedAt: iso(r.rewardedAt),
    points: role === "referrer" ? r.referrerPoints : r.friendPoints,
  });
  return [...received.map((r) => row(r, "friend")), ...made.map((r) => row(r, "referrer"))];
}

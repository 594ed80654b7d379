/** The scheduled loyalty jobs (jobs/scheduler.ts): point expiry and tier evaluation. */
import { and, eq, gt, lte } from "drizzle-orm";
import { dueExpiries } from "../../../domain/loyalty/lots";
import { evaluateTier } from "../../../domain/loyalty/tiers";
import { DAY_MS } from "../../../domain/loyalty/vietnam-time";
import type { Db } from "../../db/client";
import { members, pointLots } from "../../db/schema";
import { inTransaction } from "../../db/transaction";
import { expireLots, lockMember, openLots, qualifyingSpend } from "./posting";
import { loyaltySettingsOf } from "./settings";

/** Daily job: expires every due lot as a ledger row. Safe to run concurrently or twice. */
export async function expireDuePoints(db: Db, now: number, batch = 200): Promise<{ members: number; points: number }> {
  let totalMembers = 0;
  let totalPoints = 0;
  for (;;) {
    const due = await db
      .selectDistinct({ memberId: pointLots.memberId })
      .from(pointLots)
      .where(and(gt(pointLots.remaining, 0), lte(pointLots.expiresAt, new Date(now))))
      .limit(batch);
    if (!due.length) break;
    for (const { memberId } of due) {
      const outcome = await inTransaction(db, async (tx) => {
        const member = await lockMember(tx, memberId);
        if (!member) return 0;
        const lots = await openLots(tx, memberId, true);
        return expireLots(
          tx,
          member,
          dueExpiries(lots, now).map((t) => t.lotId),
          now,
        );
      });
      if (outcome.ok) totalPoints += outcome.value;
      totalMembers++;
    }
    if (due.length < batch) break;
  }
  return { members: totalMembers, points: totalPoints };
}

/** Monthly job: tier evaluation on the schedule (downgrades with grace happen only here). */
export async function evaluateTiers(db: Db, now: number, brandId: string): Promise<{ up: number; down: number; pending: number }> {
  const { tierRules } = await loyaltySettingsOf(db, brandId);
  const ids = await db.select({ id: members.id }).from(members).where(eq(members.brandId, brandId));
  const counts = { up: 0, down: 0, pending: 0 };
  for (const { id } of ids) {
    await inTransaction(db, async (tx) => {
      const member = await lockMember(tx, id);
      if (!member) return;
      const spend = await qualifyingSpend(tx, id, now - tierRules.windowDays * DAY_MS);
      const next = evaluateTier({
        state: { tier: member.tier, downgradePendingSince: member.tierPendingSince?.getTime() ?? null },
        spendVnd: spend,
        now,
        rules: tierRules,
        trigger: "schedule",
      });
      if (next.change === "up") counts.up++;
      if (next.change === "down") counts.down++;
      if (next.state.downgradePendingSince !== null) counts.pending++;
      await tx
        .update(members)
        .set({
          tier: next.state.tier,
          tierPendingSince: next.state.downgradePendingSince === null ? null : new Date(next.state.downgradePendingSince),
        })
        .where(eq(members.id, id));
    });
  }
  return counts;
}

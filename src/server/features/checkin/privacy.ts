/**
 * The member's check-ins in their data export. Account deletion keeps them as the ledger keeps
 * its rows (decision 0007): a day, a streak and points, tied to the anonymised membership only.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { checkins } from "../../db/schema";

export async function checkinsForExport(db: Db, memberId: string): Promise<Record<string, unknown>[]> {
  const rows = await db.select().from(checkins).where(eq(checkins.memberId, memberId)).orderBy(asc(checkins.day));
  return rows.map((r) => ({ date: r.day, streak: r.streak, cycleDay: r.cycleDay, points: r.points, at: r.at.toISOString() }));
}

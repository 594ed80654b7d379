/**
 * Unclosed and overdue cases per store, in one grouped query on the partial index of unclosed
 * cases: the cases list's store filter and the store loop view (features/insights) read it.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { feedbackCases } from "../../db/schema";

export type StoreCaseCounts = {
  /** null: cases whose answer named no store. */
  storeId: string | null;
  /** Not closed (open or contacted). */
  open: number;
  /** Not closed and past their due time at `now`. */
  overdue: number;
};

export async function caseCountsByStore(db: Db | Tx, brandId: string, now: number): Promise<StoreCaseCounts[]> {
  const rows = await db
    .select({
      storeId: feedbackCases.storeId,
      open: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) filter (where ${feedbackCases.dueAt} <= ${new Date(now).toISOString()}::timestamptz))::int`,
    })
    .from(feedbackCases)
    .where(and(eq(feedbackCases.brandId, brandId), isNull(feedbackCases.closedAt)))
    .groupBy(feedbackCases.storeId);
  return rows.map((r) => ({ storeId: r.storeId, open: Number(r.open), overdue: Number(r.overdue) }));
}

/**
 * Unclosed and overdue cases per store, in one grouped query on the partial index of unclosed
 * cases: the cases list's store filter and the store loop view (features/insights) read it.
 * Per scanner too, for the store loop view: through the answer's transaction.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { queryRows, type Db, type Tx } from "../../db/client";
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

export type ScannerCaseCounts = {
  storeId: string;
  /** The person who scanned the earn the case's answer was about; null: an earn with no person (a till import). */
  actorId: string | null;
  open: number;
  overdue: number;
};

const UUID_TEXT = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/**
 * Unclosed and overdue cases per store and scanner: a case whose answer was bound to an earn
 * (its transaction ref is the earn's ledger entry id, as the voice columns read it) counts for
 * whoever scanned that earn, at the earn's store when it is the case's store. Cases about no
 * earn (a QR on the table, a till receipt number, an earn at another store) are the store's
 * only. The ref is checked before the cast, so a ref of another shape is never cast.
 */
export async function caseCountsByScanner(db: Db | Tx, brandId: string, now: number): Promise<ScannerCaseCounts[]> {
  const rows = await queryRows<{ store_id: string; actor_id: string | null; open: number; overdue: number }>(
    db,
    sql`select e.store_id, e.actor_id, count(*)::int as open,
        (count(*) filter (where c.due_at <= ${new Date(now).toISOString()}::timestamptz))::int as overdue
      from feedback_cases c
      join ledger_entries e on e.id = (case when c.transaction_ref ~ ${UUID_TEXT} then c.transaction_ref::uuid end)
        and e.brand_id = c.brand_id and e.kind = 'earn' and e.store_id = c.store_id
      where c.brand_id = ${brandId} and c.closed_at is null
      group by e.store_id, e.actor_id`,
  );
  return rows.map((r) => ({ storeId: r.store_id, actorId: r.actor_id, open: Number(r.open), overdue: Number(r.overdue) }));
}

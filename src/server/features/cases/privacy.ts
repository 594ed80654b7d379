/**
 * The member's feedback cases in their data export, and what account deletion does to them.
 * decisions/0030: the member has a right to data about them, so the export includes the
 * managers' notes too, marked as the brand's internal notes.
 */
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { caseEvents, feedbackCases, stores } from "../../db/schema";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Every case the member's answers opened, with its history (who acted is left out: staff's data). */
export async function feedbackCasesForExport(db: Db, memberId: string): Promise<Record<string, unknown>[]> {
  const rows = await db
    .select({ c: feedbackCases, store: stores.name })
    .from(feedbackCases)
    .leftJoin(stores, eq(stores.id, feedbackCases.storeId))
    .where(eq(feedbackCases.memberId, memberId))
    .orderBy(asc(feedbackCases.openedAt), asc(feedbackCases.id));
  if (rows.length === 0) return [];
  const events = await db
    .select()
    .from(caseEvents)
    .where(
      inArray(
        caseEvents.caseId,
        rows.map((r) => r.c.id),
      ),
    )
    .orderBy(asc(caseEvents.seq));
  return rows.map(({ c, store }) => ({
    store,
    kind: c.kind,
    score: c.score,
    status: c.status,
    outcome: c.outcome,
    openedAt: iso(c.openedAt),
    firstResponseAt: iso(c.firstResponseAt),
    closedAt: iso(c.closedAt),
    history: events
      .filter((e) => e.caseId === c.id)
      .map((e) => ({
        kind: e.kind,
        at: iso(e.at),
        outcome: e.outcome,
        ...(e.note === null ? {} : { internalNote: e.note }),
      })),
  }));
}

/**
 * Deletion: the managers' notes on the member's cases go (they hold what the member told them:
 * names, phone calls, complaints); the case rows, events and their times stay with the
 * anonymised member row, like answers keep their scores, so the brand's response-time metrics
 * for past weeks do not change when someone leaves.
 */
export async function eraseCaseNotes(tx: Tx, memberId: string): Promise<void> {
  const mine = tx.select({ id: feedbackCases.id }).from(feedbackCases).where(eq(feedbackCases.memberId, memberId));
  await tx
    .update(caseEvents)
    .set({ note: null })
    .where(and(inArray(caseEvents.caseId, mine), isNotNull(caseEvents.note)));
}

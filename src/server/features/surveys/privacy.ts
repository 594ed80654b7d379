/** The member's survey answers in their data export, and what account deletion does to them. */
import { asc, eq, and } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { stores, surveyAnswers, surveyAsks, surveyVersions } from "../../db/schema";

/** Every answer the member gave, changed ones included, with the question as they read it. */
export async function surveyAnswersForExport(db: Db, memberId: string): Promise<Record<string, unknown>[]> {
  const rows = await db
    .select({ a: surveyAnswers, def: surveyVersions.definition, store: stores.name })
    .from(surveyAnswers)
    .innerJoin(
      surveyVersions,
      and(eq(surveyVersions.surveyId, surveyAnswers.surveyId), eq(surveyVersions.version, surveyAnswers.surveyVersion)),
    )
    .leftJoin(stores, eq(stores.id, surveyAnswers.storeId))
    .where(eq(surveyAnswers.memberId, memberId))
    .orderBy(asc(surveyAnswers.answeredAt), asc(surveyAnswers.id));
  return rows.map(({ a, def, store }) => {
    const reasons = def.followUps[a.band]?.reasons ?? [];
    return {
      survey: def.question.vi,
      kind: a.kind,
      score: a.score,
      band: a.band,
      reasons: a.reasons.map((id) => reasons.find((r) => r.id === id)?.label.vi ?? id),
      comment: a.comment,
      store,
      channel: a.source,
      answeredAt: a.answeredAt.toISOString(),
      // A score changed inside the change window: this row was replaced then.
      replacedAt: a.supersededAt ? a.supersededAt.toISOString() : null,
      rewardPoints: a.rewardPoints,
    };
  });
}

/**
 * Deletion: the member's words go (comments); scores, bands and reasons stay with the
 * anonymised member row, like the ledger's amounts, so the brand's NPS for past weeks does not
 * change when someone leaves. Pending prompts are closed.
 */
export async function anonymiseSurveyAnswers(tx: Tx, memberId: string): Promise<void> {
  await tx.update(surveyAnswers).set({ comment: null }).where(eq(surveyAnswers.memberId, memberId));
  await tx
    .update(surveyAsks)
    .set({ outcome: "failed" })
    .where(and(eq(surveyAsks.memberId, memberId), eq(surveyAsks.outcome, "pending")));
}

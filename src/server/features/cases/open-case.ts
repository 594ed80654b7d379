/**
 * Opening a case from an answer (issue 13, "close the loop"): called by the answer path inside
 * its transaction, for every answer row it writes (an in-app tap, a change inside the window, a
 * ZNS rating), so the answer and its case commit together or not at all.
 * docs/decisions/0028-feedback-cases.md.
 */
import { and, eq, or } from "drizzle-orm";
import { dueAt } from "../../../domain/cases/sla";
import { opensCase } from "../../../domain/surveys/kinds";
import type { Tx } from "../../db/client";
import { caseEvents, feedbackCases, surveyAnswers } from "../../db/schema";

type AnswerRow = typeof surveyAnswers.$inferSelect;

export type CaseForAnswer = {
  caseId: string;
  /** This call opened the case (false: it existed, or it follows a changed answer). */
  opened: boolean;
  /** This answer changed the score of the case an earlier answer of its chain opened. */
  answerChanged: boolean;
};

/**
 * The case of an answer, opening it when the answer's band opens cases. Idempotent per answer:
 * a second call (a replay, a concurrent duplicate) finds the case the first one made — the
 * unique answer id decides between racing transactions. A change of an answer that opened a
 * case (a row that `supersedes` the case's current answer) moves that case to the new answer
 * and records `answer_changed`, whatever the new score: the case stays as it is (open,
 * contacted or closed) and the manager decides; it never opens a second case. A change from a
 * good score to a low one opens a case for the new answer. Returns null when the answer has no
 * case and opens none.
 */
export async function openCaseForAnswer(
  tx: Tx,
  input: { brandId: string; answerId: string; now: number; answer?: AnswerRow },
): Promise<CaseForAnswer | null> {
  // The answer path hands over the row it has just written (one read less per answer).
  const answer =
    input.answer?.id === input.answerId && input.answer.brandId === input.brandId
      ? input.answer
      : (
          await tx
            .select()
            .from(surveyAnswers)
            .where(and(eq(surveyAnswers.id, input.answerId), eq(surveyAnswers.brandId, input.brandId)))
        )[0];
  if (!answer) throw new Error(`openCaseForAnswer: no answer ${input.answerId} in brand ${input.brandId}`);
  // A case is opened by an answer whose band opens cases, and followed by an answer that
  // supersedes its current one: an answer that does neither has none, and none to look up.
  if (answer.supersedes === null && !opensCase(answer.kind, answer.score)) return null;

  const [existing] = await tx
    .select({ id: feedbackCases.id, answerId: feedbackCases.answerId })
    .from(feedbackCases)
    .where(
      and(
        eq(feedbackCases.brandId, input.brandId),
        or(eq(feedbackCases.answerId, answer.id), eq(feedbackCases.currentAnswerId, answer.id)),
      ),
    );
  if (existing) return { caseId: existing.id, opened: false, answerChanged: existing.answerId !== answer.id };

  const at = new Date(input.now);
  if (answer.supersedes) {
    // The answer path holds the member's lock while it supersedes, so changes of one chain take turns.
    const [followed] = await tx
      .update(feedbackCases)
      .set({ currentAnswerId: answer.id, score: answer.score, band: answer.band, answerChangedAt: at, updatedAt: at })
      .where(and(eq(feedbackCases.brandId, input.brandId), eq(feedbackCases.currentAnswerId, answer.supersedes)))
      .returning({ id: feedbackCases.id, openedScore: feedbackCases.openedScore });
    if (followed) {
      const [previous] = await tx.select({ score: surveyAnswers.score }).from(surveyAnswers).where(eq(surveyAnswers.id, answer.supersedes));
      await tx.insert(caseEvents).values({
        caseId: followed.id,
        brandId: input.brandId,
        kind: "answer_changed",
        at,
        fromScore: previous?.score ?? followed.openedScore,
        toScore: answer.score,
        idempotencyKey: `answer:${answer.id}`,
      });
      return { caseId: followed.id, opened: false, answerChanged: true };
    }
  }

  if (!opensCase(answer.kind, answer.score)) return null;
  const [inserted] = await tx
    .insert(feedbackCases)
    .values({
      brandId: input.brandId,
      storeId: answer.storeId,
      memberId: answer.memberId,
      surveyId: answer.surveyId,
      answerId: answer.id,
      currentAnswerId: answer.id,
      kind: answer.kind,
      openedScore: answer.score,
      score: answer.score,
      band: answer.band,
      transactionRef: answer.transactionRef,
      openedAt: at,
      dueAt: new Date(dueAt(input.now)),
      updatedAt: at,
    })
    .onConflictDoNothing({ target: feedbackCases.answerId })
    .returning({ id: feedbackCases.id });
  if (!inserted) {
    // A concurrent call for the same answer committed first: its case is the one.
    const [winner] = await tx.select({ id: feedbackCases.id }).from(feedbackCases).where(eq(feedbackCases.answerId, answer.id));
    return { caseId: winner!.id, opened: false, answerChanged: false };
  }
  await tx.insert(caseEvents).values({ caseId: inserted.id, brandId: input.brandId, kind: "opened", at, toScore: answer.score });
  return { caseId: inserted.id, opened: true, answerChanged: false };
}

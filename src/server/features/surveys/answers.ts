/**
 * A member's answers: one tap records the score at once (idempotent by the phone's
 * clientAnswerId), a change inside the window supersedes it, the optional follow-up adds
 * reasons and a comment, and the survey's reward is credited once, in the same transaction.
 * Every channel ends here: the Mini App (answerSurvey) and a ZNS rating (recordRating, ratings.ts).
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { AnswerResponse, FollowUpResponse, TokenNotice } from "../../../contract/surveys";
import type { SystemReason } from "../../../domain/loyalty/ledger";
import { answerVerdict } from "../../../domain/surveys/fatigue";
import { bandOf } from "../../../domain/surveys/kinds";
import {
  changeDeadline,
  followUpFor,
  followUpProblems,
  isSurveyOpen,
  mayChangeAnswer,
  mayFollowUp,
  scoreProblem,
  SURVEY_LIMITS,
  type AnswerSource,
  type SurveyDefinition,
  type Touchpoint,
} from "../../../domain/surveys/survey";
import type { Db, Tx } from "../../db/client";
import { surveyAnswers, surveyAsks } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import type { Issue } from "../../http/errors";
import { openCaseForAnswer } from "../cases/open-case";
import { credit, lockMember } from "../loyalty/posting";
import { loadSurvey, versionDefinition } from "./definitions";

export type AnswerRow = typeof surveyAnswers.$inferSelect;

/** What an answer is about, beyond the survey: from a valid token or an ask; all null when unbound. */
export type Binding = {
  storeId: string | null;
  transactionRef: string | null;
  askId: string | null;
  touchpoint: Touchpoint | null;
  source: AnswerSource;
};
export const UNBOUND: Binding = { storeId: null, transactionRef: null, askId: null, touchpoint: null, source: "self" };

export type AnswerInput = {
  member: { id: string; brandId: string };
  surveyId: string;
  score: number;
  clientAnswerId: string;
  binding: Binding;
  tokenNotice: TokenNotice | null;
};

export const rewardKey = (surveyId: string, memberId: string, chain: string) => `survey-reward:${surveyId}:${memberId}:${chain}`;

/**
 * The member's current answer for a binding: for a transaction, the one current row; unbound,
 * their latest current unbound answer (older ones are past answers, not this one).
 */
export async function currentAnswer(
  q: Db | Tx,
  memberId: string,
  surveyId: string,
  transactionRef: string | null,
): Promise<AnswerRow | null> {
  const [row] = await q
    .select()
    .from(surveyAnswers)
    .where(
      and(
        eq(surveyAnswers.memberId, memberId),
        eq(surveyAnswers.surveyId, surveyId),
        isNull(surveyAnswers.supersededAt),
        transactionRef === null ? isNull(surveyAnswers.transactionRef) : eq(surveyAnswers.transactionRef, transactionRef),
      ),
    )
    .orderBy(desc(surveyAnswers.firstAnsweredAt))
    .limit(1);
  return row ?? null;
}

/** When the member's own (unbound) answers let them answer this survey again: the survey rule of the fatigue policy. */
export async function selfAnswerVerdict(q: Db | Tx, memberId: string, surveyId: string, def: SurveyDefinition, at: number) {
  const rows = await q
    .select({ at: surveyAnswers.firstAnsweredAt })
    .from(surveyAnswers)
    .where(and(eq(surveyAnswers.memberId, memberId), eq(surveyAnswers.surveyId, surveyId), isNull(surveyAnswers.supersededAt)))
    .orderBy(desc(surveyAnswers.firstAnsweredAt))
    .limit(1);
  return answerVerdict({ at, previousAnswers: rows.map((r) => r.at.getTime()), surveyDays: def.throttleDays });
}

function responseOf(
  row: AnswerRow,
  def: SurveyDefinition,
  extra: { changed: boolean; replayed: boolean; rewardCredited: number; tokenNotice: TokenNotice | null },
): AnswerResponse {
  const followUp = followUpFor(def, row.score);
  return {
    answerId: row.id,
    surveyId: row.surveyId,
    version: row.surveyVersion,
    score: row.score,
    band: row.band,
    answeredAt: row.answeredAt.toISOString(),
    canChangeUntil: new Date(changeDeadline(row.firstAnsweredAt.getTime())).toISOString(),
    rewardPoints: row.rewardPoints,
    followUp: followUp ? { ...followUp, commentMax: SURVEY_LIMITS.commentLength } : null,
    ...extra,
  };
}

/**
 * Records one tap. Runs under the member's row lock, so parallel taps (a double tap, a queued
 * resend racing the original) take turns: the same clientAnswerId answers what the first wrote,
 * a different one for the same (survey, transaction) is a change or a refusal, and the reward's
 * ledger key is the last guard.
 */
export async function recordAnswer(db: Db, now: number, input: AnswerInput): Promise<Outcome<AnswerResponse>> {
  return inTransaction(db, (tx) => recordAnswerIn(tx, now, input));
}

export async function recordAnswerIn(tx: Tx, now: number, input: AnswerInput): Promise<AnswerResponse> {
  const { member, binding } = input;
  const locked = await lockMember(tx, member.id);
  if (!locked) throw new Refusal("not_a_member", "Join the membership first.");

  const [prior] = await tx
    .select()
    .from(surveyAnswers)
    .where(and(eq(surveyAnswers.memberId, member.id), eq(surveyAnswers.clientAnswerId, input.clientAnswerId)));
  if (prior) {
    if (prior.surveyId !== input.surveyId || prior.score !== input.score)
      throw new Refusal("idempotency_conflict", "This clientAnswerId was used for another answer.");
    const def = (await versionDefinition(tx, prior.surveyId, prior.surveyVersion))!;
    return responseOf(prior, def, {
      changed: prior.supersedes !== null,
      replayed: true,
      rewardCredited: 0,
      tokenNotice: input.tokenNotice,
    });
  }

  // The survey and the brand's lot validity (for the reward) in one read.
  const survey = await loadSurvey(tx, member.brandId, input.surveyId);
  if (!survey) throw new Refusal("survey_not_found", "No such survey.");
  const { def, row: s } = survey;
  if (!isSurveyOpen(s.status, def, now)) throw new Refusal("survey_inactive", "This survey is not taking answers.");
  const bad = scoreProblem(def.kind, input.score);
  if (bad)
    throw new Refusal(
      "survey_score_invalid",
      `A ${def.kind} score is an integer from ${bad.params!.min} to ${bad.params!.max}.`,
      bad.params,
    );
  const band = bandOf(def.kind, input.score);

  const current = await currentAnswer(tx, member.id, input.surveyId, binding.transactionRef);
  // An unbound answer older than the survey's throttle is a past one: a new answer may follow.
  const sameAnswer =
    current &&
    (binding.transactionRef !== null ||
      !answerVerdict({ at: now, previousAnswers: [current.firstAnsweredAt.getTime()], surveyDays: def.throttleDays }).ok)
      ? current
      : null;
  const at = new Date(now);

  if (sameAnswer) {
    if (!mayChangeAnswer(sameAnswer.firstAnsweredAt.getTime(), now)) {
      throw new Refusal("survey_change_closed", "This answer is final: the change window has passed.", {
        until: new Date(changeDeadline(sameAnswer.firstAnsweredAt.getTime())).toISOString(),
      });
    }
    // A change: a new row in the current version; the follow-up comes along, its reasons only
    // where the new band offers them.
    const followUp = followUpFor(def, input.score);
    const allowed = new Set((followUp?.reasons ?? []).map((r) => r.id));
    const row: typeof surveyAnswers.$inferInsert = {
      ...withoutId(sameAnswer),
      id: randomUUID(),
      surveyVersion: s.version,
      score: input.score,
      band: band.id,
      clientAnswerId: input.clientAnswerId,
      answeredAt: at,
      supersedes: sameAnswer.id,
      supersededAt: null,
      reasons: sameAnswer.reasons.filter((r) => allowed.has(r)),
    };
    // Changes to one survey take turns. A change moves a count out of one rollup bucket and into
    // another (migration 0028's trigger), so two members changing in opposite directions at once
    // (9 → 10 and 10 → 9) would take the two buckets' rows in opposite orders: a deadlock, which
    // PostgreSQL breaks by aborting one answer. A new answer touches one bucket and needs no turn.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`survey-answer-change:${input.surveyId}`}, 0))`);
    await tx.update(surveyAnswers).set({ supersededAt: at }).where(eq(surveyAnswers.id, sameAnswer.id));
    const [inserted] = await tx.insert(surveyAnswers).values(row).returning();
    if (sameAnswer.askId) await tx.update(surveyAsks).set({ answerId: inserted!.id }).where(eq(surveyAsks.id, sameAnswer.askId));
    // The case the first answer opened follows the change (decision 0030); a change to a low score opens one.
    await openCaseForAnswer(tx, { brandId: member.brandId, answerId: inserted!.id, now, answer: inserted! });
    return responseOf(inserted!, def, { changed: true, replayed: false, rewardCredited: 0, tokenNotice: input.tokenNotice });
  }

  // A new answer. Unbound ones (the member opened the survey themselves) meet the survey's
  // throttle; one bound to a transaction came from an ask the fatigue policy already allowed.
  if (binding.transactionRef === null) {
    const verdict = await selfAnswerVerdict(tx, member.id, input.surveyId, def, now);
    if (!verdict.ok)
      throw new Refusal("survey_throttled", "The member answered this survey recently.", { until: new Date(verdict.until).toISOString() });
  }
  const id = randomUUID();
  let ledgerEntryId: string | null = null;
  if (def.rewardPoints > 0) {
    const entry = await credit(tx, locked, def.rewardPoints, {
      kind: "bonus",
      actorKind: "survey",
      actorId: locked.userId,
      at: now,
      storeId: binding.storeId,
      reason: "survey_answered" satisfies SystemReason,
      idempotencyKey: rewardKey(input.surveyId, member.id, binding.transactionRef ?? `answer:${id}`),
      validityMonths: survey.lotValidityMonths,
    });
    ledgerEntryId = entry.id;
  }
  const [inserted] = await tx
    .insert(surveyAnswers)
    .values({
      id,
      brandId: member.brandId,
      surveyId: input.surveyId,
      surveyVersion: s.version,
      memberId: member.id,
      kind: def.kind,
      score: input.score,
      band: band.id,
      touchpoint: binding.touchpoint ?? def.touchpoint,
      storeId: binding.storeId,
      source: binding.source,
      transactionRef: binding.transactionRef,
      askId: binding.askId,
      clientAnswerId: input.clientAnswerId,
      answeredAt: at,
      firstAnsweredAt: at,
      rewardPoints: def.rewardPoints,
      ledgerEntryId,
    })
    .returning();
  // A low score opens a case for the store's manager, in this transaction (close the loop, decision 0030).
  await openCaseForAnswer(tx, { brandId: member.brandId, answerId: id, now, answer: inserted! });
  if (binding.askId)
    await tx
      .update(surveyAsks)
      .set({ outcome: "answered", answerId: id })
      .where(and(eq(surveyAsks.id, binding.askId), eq(surveyAsks.memberId, member.id)));
  return responseOf(inserted!, def, { changed: false, replayed: false, rewardCredited: def.rewardPoints, tokenNotice: input.tokenNotice });
}

function withoutId(row: AnswerRow): Omit<AnswerRow, "id"> {
  const { id: _id, ...rest } = row;
  return rest;
}

export type FollowUpOutcome =
  Outcome<FollowUpResponse> | { ok: false; code: "survey_reason_unknown" | "survey_comment_too_long"; message: string; issues: Issue[] };

/**
 * Adds (or replaces) the follow-up of an answer, checked against the band of the version the
 * answer was given for. An id of a superseded answer means its current successor: the phone
 * may send the follow-up of a tap it has since changed.
 */
export async function saveFollowUp(
  db: Db,
  now: number,
  member: { id: string; brandId: string },
  answerId: string,
  input: { reasons: string[]; comment?: string | null | undefined },
): Promise<FollowUpOutcome> {
  const [first] = await db
    .select()
    .from(surveyAnswers)
    .where(and(eq(surveyAnswers.id, answerId), eq(surveyAnswers.memberId, member.id), eq(surveyAnswers.brandId, member.brandId)));
  if (!first) return { ok: false, code: "survey_answer_not_found", message: "No such answer." };
  const row = first.supersededAt === null ? first : await successor(db, first);
  if (!row) return { ok: false, code: "survey_answer_not_found", message: "No such answer." };
  if (!mayFollowUp(row.answeredAt.getTime(), now))
    return { ok: false, code: "survey_follow_up_closed", message: "It is too late to add to this answer." };
  const def = (await versionDefinition(db, row.surveyId, row.surveyVersion))!;
  const reasons = [...new Set(input.reasons)];
  const comment = input.comment?.trim() ? input.comment.trim() : null;
  const problems = followUpProblems(def, row.score, { reasons, comment });
  if (problems.length) {
    const code =
      problems.some((p) => p.code === "comment_too_long") && problems.every((p) => p.code === "comment_too_long")
        ? "survey_comment_too_long"
        : "survey_reason_unknown";
    return { ok: false, code, message: "The follow-up does not fit this answer.", issues: problems };
  }
  const at = new Date(now);
  const updated = await db
    .update(surveyAnswers)
    .set({ reasons, comment, followedUpAt: at })
    .where(and(eq(surveyAnswers.id, row.id), isNull(surveyAnswers.supersededAt)))
    .returning();
  // A change landed in between: follow it (its band may differ, so check again).
  if (!updated.length) return saveFollowUp(db, now, member, row.id, input);
  const u = updated[0]!;
  return { ok: true, value: { answerId: u.id, band: u.band, reasons: u.reasons, comment: u.comment, followedUpAt: at.toISOString() } };
}

async function successor(db: Db, row: AnswerRow): Promise<AnswerRow | null> {
  const [next] = await db
    .select()
    .from(surveyAnswers)
    .where(
      and(
        eq(surveyAnswers.memberId, row.memberId),
        eq(surveyAnswers.surveyId, row.surveyId),
        isNull(surveyAnswers.supersededAt),
        sql`${surveyAnswers.firstAnsweredAt} = ${row.firstAnsweredAt}`,
        row.transactionRef === null ? isNull(surveyAnswers.transactionRef) : eq(surveyAnswers.transactionRef, row.transactionRef),
      ),
    )
    .limit(1);
  return next ?? null;
}

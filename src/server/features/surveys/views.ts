/** What the member sees of a survey, and what a link's token is worth for them. */
import { and, eq } from "drizzle-orm";
import type { SurveyView, TokenNotice } from "../../../contract/surveys";
import { BANDS, SCALES } from "../../../domain/surveys/kinds";
import { answerVerdict } from "../../../domain/surveys/fatigue";
import { changeDeadline, isSurveyOpen, mayChangeAnswer, type AnswerSource } from "../../../domain/surveys/survey";
import { isAskToken, verifyAskToken } from "../../../domain/surveys/ask-token";
import { verifySurveyToken, type MacFunction } from "../../../domain/surveys/token";
import type { Db, Tx } from "../../db/client";
import { stores, surveyAsks } from "../../db/schema";
import type { Outcome } from "../../db/transaction";
import { currentAnswer, selfAnswerVerdict, UNBOUND, type Binding } from "./answers";
import { loadSurvey } from "./definitions";

/**
 * A token is a convenience, never an identity: it binds its store and transaction only when it
 * is authentic, unexpired, for this brand and survey, and for this member (or for anyone: a
 * store link). Otherwise the member answers as themselves, unbound, with a notice.
 */
export async function bindingOf(
  q: Db | Tx,
  mac: MacFunction,
  now: number,
  member: { id: string; brandId: string },
  surveyId: string,
  token: string | undefined,
): Promise<{ binding: Binding; notice: TokenNotice | null }> {
  if (token === undefined || token === "") return { binding: UNBOUND, notice: null };
  if (isAskToken(token)) return askBinding(q, mac, now, member, surveyId, token);
  const verdict = verifySurveyToken(token, mac, now);
  if (!verdict.ok) return { binding: UNBOUND, notice: verdict.reason === "expired" ? "survey_token_expired" : "survey_token_invalid" };
  const p = verdict.payload;
  if (p.brandId !== member.brandId || p.surveyId !== surveyId || (p.memberId !== null && p.memberId !== member.id))
    return { binding: UNBOUND, notice: "survey_token_invalid" };
  if (p.memberId === null) {
    return {
      binding: {
        storeId: p.storeId,
        transactionRef: null,
        askId: null,
        touchpoint: p.touchpoint as Binding["touchpoint"],
        source: "store_qr",
      },
      notice: null,
    };
  }
  const [ask] = await q
    .select({ id: surveyAsks.id, channel: surveyAsks.channel })
    .from(surveyAsks)
    .where(and(eq(surveyAsks.id, p.id), eq(surveyAsks.memberId, member.id), eq(surveyAsks.surveyId, surveyId)));
  const source: AnswerSource = ask?.channel === "zns_link" ? "zns_link" : "in_app";
  return {
    binding: {
      storeId: p.storeId,
      transactionRef: p.transactionRef,
      askId: ask?.id ?? null,
      touchpoint: p.touchpoint as Binding["touchpoint"],
      source,
    },
    notice: null,
  };
}

/**
 * A short token (ZNS links, ask-token.ts): the same rules as a full one, with what it binds read
 * from the ask's row — authentic, this brand's, this member's, this survey's, not expired.
 */
async function askBinding(
  q: Db | Tx,
  mac: MacFunction,
  now: number,
  member: { id: string; brandId: string },
  surveyId: string,
  token: string,
): Promise<{ binding: Binding; notice: TokenNotice | null }> {
  const verdict = verifyAskToken(token, mac);
  if (!verdict.ok) return { binding: UNBOUND, notice: "survey_token_invalid" };
  const [ask] = await q.select().from(surveyAsks).where(eq(surveyAsks.id, verdict.askId));
  if (!ask || ask.brandId !== member.brandId || ask.memberId !== member.id || ask.surveyId !== surveyId)
    return { binding: UNBOUND, notice: "survey_token_invalid" };
  if (now >= ask.expiresAt.getTime()) return { binding: UNBOUND, notice: "survey_token_expired" };
  return {
    binding: {
      storeId: ask.storeId,
      transactionRef: ask.transactionRef,
      askId: ask.id,
      touchpoint: ask.touchpoint as Binding["touchpoint"],
      source: ask.channel === "zns_link" ? "zns_link" : "in_app",
    },
    notice: null,
  };
}

export async function surveyView(
  db: Db,
  now: number,
  mac: MacFunction,
  member: { id: string; brandId: string },
  surveyId: string,
  token: string | undefined,
): Promise<Outcome<SurveyView>> {
  const survey = await loadSurvey(db, member.brandId, surveyId);
  if (!survey) return { ok: false, code: "survey_not_found", message: "No such survey." };
  const { def, row } = survey;
  const { binding, notice } = await bindingOf(db, mac, now, member, surveyId, token);
  let current = await currentAnswer(db, member.id, surveyId, binding.transactionRef);
  // An unbound answer past the survey's throttle is a past one, not "my answer".
  if (
    current &&
    binding.transactionRef === null &&
    answerVerdict({ at: now, previousAnswers: [current.firstAnsweredAt.getTime()], surveyDays: def.throttleDays }).ok
  )
    current = null;
  let closedReason: SurveyView["closedReason"] = null;
  let throttledUntil: string | null = null;
  if (!isSurveyOpen(row.status, def, now)) closedReason = "survey_inactive";
  else if (current && !mayChangeAnswer(current.firstAnsweredAt.getTime(), now)) closedReason = "survey_change_closed";
  else if (!current && binding.transactionRef === null) {
    const verdict = await selfAnswerVerdict(db, member.id, surveyId, def, now);
    if (!verdict.ok) {
      closedReason = "survey_throttled";
      throttledUntil = new Date(verdict.until).toISOString();
    }
  }
  const [store] = binding.storeId
    ? await db.select({ id: stores.id, name: stores.name }).from(stores).where(eq(stores.id, binding.storeId))
    : [];
  return {
    ok: true,
    value: {
      surveyId,
      version: row.version,
      kind: def.kind,
      scale: SCALES[def.kind],
      bands: BANDS[def.kind].map((b) => ({ id: b.id, min: b.min, max: b.max, sentiment: b.sentiment })),
      question: def.question,
      followUps: def.followUps,
      touchpoint: binding.touchpoint ?? def.touchpoint,
      store: store ?? null,
      rewardPoints: def.rewardPoints,
      open: closedReason === null,
      closedReason,
      throttledUntil,
      myAnswer: current
        ? {
            answerId: current.id,
            score: current.score,
            band: current.band,
            answeredAt: current.answeredAt.toISOString(),
            canChangeUntil: new Date(changeDeadline(current.firstAnsweredAt.getTime())).toISOString(),
            reasons: current.reasons,
            comment: current.comment,
          }
        : null,
      tokenNotice: notice,
    },
  };
}

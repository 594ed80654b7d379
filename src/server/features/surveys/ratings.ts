/**
 * A ZNS service rating (template type 5: 1–5 stars inside the message) as a CSAT answer.
 * The messaging side parses Zalo's `user_feedback` event (one parser, in its webhook) and calls
 * recordRating with what it found; this records the answer exactly like an in-app tap — same
 * deduplication (one per message: clientAnswerId `zns:<message id>`; one per survey, member and
 * transaction), same reward, same asks — so dashboards and cases cannot tell the channels apart
 * except by `source`.
 */
import { and, eq } from "drizzle-orm";
import type { AnswerResponse } from "../../../contract/surveys";
import { SURVEY_LIMITS } from "../../../domain/surveys/survey";
import { cleanName } from "../../../domain/text/text";
import type { Db } from "../../db/client";
import { members, surveyAnswers, surveyAsks } from "../../db/schema";
import type { Outcome } from "../../db/transaction";
import { recordAnswer, UNBOUND, type Binding } from "./answers";
import { loadSurvey } from "./definitions";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RatingInput = {
  brandId: string;
  memberId: string;
  /** The ask the message was sent for; else found by messageId; else surveyId answers unbound. */
  askId?: string;
  surveyId?: string;
  /** 1–5 stars. */
  score: number;
  channel: "zns_rating";
  /** Our message id (messages.id) the rating came back for: the deduplication key. */
  messageId: string;
  /** When Zalo says the member rated (epoch ms). */
  at: number;
  /** The member's note in Zalo's rating view. */
  note?: string | null;
  /** The reasons the member ticked there: Zalo's own words, not the survey's reason ids. */
  feedbacks?: readonly string[];
};

/**
 * Zalo's ticked reasons and the member's note as the answer's follow-up comment
 * ("Zalo: <reasons> — <note>"): they are not the survey's reason ids, and the comment is where
 * cases and dashboards already read the member's words. Cleaned like a name (no invisible or
 * layout characters, one line) and cut to the survey's comment limit; null when both are empty.
 */
export function ratingComment(note: string | null | undefined, feedbacks: readonly string[] = []): string | null {
  const reasons = [...new Set(feedbacks.map((f) => cleanName(f)).filter((f) => f !== ""))];
  const parts = [reasons.length ? `Zalo: ${reasons.join("; ")}` : "", cleanName(note ?? "")].filter((p) => p !== "");
  const comment = cleanName(parts.join(" — "), SURVEY_LIMITS.commentLength);
  return comment === "" ? null : comment;
}

export async function recordRating(db: Db, input: RatingInput): Promise<Outcome<AnswerResponse>> {
  if (!UUID_RE.test(input.memberId) || !UUID_RE.test(input.brandId))
    return { ok: false, code: "member_not_found", message: "No such member in this brand." };
  const [member] = await db
    .select({ id: members.id, brandId: members.brandId, erasedAt: members.erasedAt })
    .from(members)
    .where(and(eq(members.id, input.memberId), eq(members.brandId, input.brandId)));
  if (!member || member.erasedAt) return { ok: false, code: "member_not_found", message: "No such member in this brand." };
  // Ids come from a webhook's payload: a malformed one finds nothing rather than failing the query.
  const askKey = input.askId ?? input.messageId;
  const [ask] = UUID_RE.test(askKey)
    ? await db
        .select()
        .from(surveyAsks)
        .where(and(eq(surveyAsks.memberId, member.id), input.askId ? eq(surveyAsks.id, askKey) : eq(surveyAsks.messageId, askKey)))
    : [];
  const surveyId = ask?.surveyId ?? input.surveyId;
  if (!surveyId) return { ok: false, code: "survey_not_found", message: "The rating names no ask and no survey." };
  const survey = UUID_RE.test(surveyId) ? await loadSurvey(db, input.brandId, surveyId) : null;
  if (!survey) return { ok: false, code: "survey_not_found", message: "No such survey." };
  // Stars are a CSAT scale: on an NPS or CES survey they would mean something else.
  if (survey.def.kind !== "csat")
    return { ok: false, code: "survey_score_invalid", message: "A ZNS rating answers CSAT surveys only.", params: { min: 1, max: 5 } };
  const binding: Binding = ask
    ? { storeId: ask.storeId, transactionRef: ask.transactionRef, askId: ask.id, touchpoint: ask.touchpoint, source: "zns_rating" }
    : { ...UNBOUND, source: "zns_rating" };
  const out = await recordAnswer(db, input.at, {
    member,
    surveyId,
    score: input.score,
    clientAnswerId: `zns:${input.messageId}`,
    binding,
    tokenNotice: null,
  });
  const comment = ratingComment(input.note, input.feedbacks);
  // A replay keeps what the first event stored; a new or changed answer takes this event's words.
  if (out.ok && !out.value.replayed && comment !== null)
    await db
      .update(surveyAnswers)
      .set({ comment, followedUpAt: new Date(input.at) })
      .where(eq(surveyAnswers.id, out.value.answerId));
  return out;
}

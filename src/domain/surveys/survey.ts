/**
 * A survey as a brand defines it, the limits on what a brand may define and a member may send,
 * and the rules on answers that are not about fatigue: when a survey is open, how long an
 * answer can be changed, which follow-up reasons an answer may carry.
 *
 * A survey is versioned like the preference form: every edit is a new immutable version and an
 * answer keeps the version it answered, so editing a question or a band's reasons never changes
 * what an old answer meant. The kind never changes across versions (a 7 on NPS and a 7 on CES
 * are different things); a new kind is a new survey.
 */
import { localizedProblems, type Localized } from "../preferences/form";
import { problem, type Problem, type ProblemParams } from "../problems";
import { THROTTLE_DAYS_LIMITS } from "./fatigue";
import { bandIdsOf, bandOf, isValidScore, SCALES, type BandId, type Sentiment, type SurveyKind } from "./kinds";

export const SURVEY_STATUSES = ["draft", "active", "archived"] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/**
 * How a survey reaches the member: an in-app prompt (and links/QR codes into the app), a ZNS
 * service-rating message (1–5 stars inside the message; CSAT only), or a ZNS message with a
 * button into the app.
 */
export const SURVEY_CHANNELS = ["in_app", "zns_rating", "zns_link"] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

/**
 * Where an answer comes from, for response rates per channel: the three channels, plus the
 * member opening it themselves (account page, in-store QR).
 */
export const ANSWER_SOURCES = ["in_app", "zns_rating", "zns_link", "store_qr", "self"] as const;
export type AnswerSource = (typeof ANSWER_SOURCES)[number];

/**
 * What became of an ask: made and waiting (pending), answered, dropped by the fatigue policy
 * (throttled; never retried), or not delivered (failed: e.g. the ZNS message was refused).
 * An ask past its expiry that is still pending simply is no longer offered.
 */
export const ASK_OUTCOMES = ["pending", "answered", "throttled", "failed"] as const;
export type AskOutcome = (typeof ASK_OUTCOMES)[number];

/** The moment a survey is about; dashboards split by it. post_purchase is what an earn triggers. */
export const TOUCHPOINTS = ["post_purchase", "in_store", "delivery", "support", "general"] as const;
export type Touchpoint = (typeof TOUCHPOINTS)[number];

export type FollowUpReason = { id: string; label: Localized };
export type FollowUp = { prompt: Localized; reasons: FollowUpReason[] };

export type SurveyDefinition = {
  kind: SurveyKind;
  /** The console's name for it; members never read it. */
  name: string;
  question: Localized;
  /** Per score band: the follow-up question and its reason chips. A band left out has no follow-up. */
  followUps: Partial<Record<BandId, FollowUp>>;
  touchpoint: Touchpoint;
  /** null: every store of the brand. */
  storeIds: string[] | null;
  channel: SurveyChannel;
  /** Points credited once per (survey, member, transaction); 0 for none. */
  rewardPoints: number;
  /** N: at most one ask (and one self-started answer) per member per this many days. */
  throttleDays: number;
  /** Epoch ms; null: open-ended. The survey takes answers in [startsAt, endsAt). */
  startsAt: number | null;
  endsAt: number | null;
};

export const SURVEY_LIMITS = {
  nameLength: 80,
  questionLength: 200,
  promptLength: 120,
  reasonLabelLength: 60,
  reasonsPerBand: 12,
  /** Reasons one follow-up may pick. */
  reasonsPerAnswer: 5,
  commentLength: 500,
  rewardPointsMax: 10_000,
  stores: 200,
  idPattern: /^[a-z][a-z0-9_]{1,39}$/,
} as const;

/** An answer can be changed for this long after it was first given; then it is final. */
export const ANSWER_CHANGE_WINDOW_MS = 10 * 60_000;
/** The follow-up (reasons, comment) can be sent or replaced for this long after the answer. */
export const FOLLOW_UP_WINDOW_MS = 24 * 3_600_000;
/** How long a link made for an ask binds its transaction. */
export const ASK_TOKEN_VALIDITY_MS = 7 * 24 * 3_600_000;
/** How long an in-app prompt stays among the member's open surveys. */
export const PROMPT_VALIDITY_MS = 7 * 24 * 3_600_000;

export const SURVEY_PROBLEM_CODES = [
  "required",
  "too_long",
  "id_format",
  "id_duplicate",
  "band_unknown",
  "too_many_reasons",
  "reward_range",
  "throttle_range",
  "window_order",
  "too_many_stores",
  "store_duplicate",
  "channel_kind",
  "kind_changed",
  /** Server-side: a store id that is not one of the brand's. */
  "store_unknown",
] as const;
export type SurveyProblemCode = (typeof SURVEY_PROBLEM_CODES)[number];
export type SurveyProblem = Problem<SurveyProblemCode>;

/**
 * Problems with a definition a manager wants to save; empty when it can be saved. `previousKind`
 * is the kind of the survey's earlier versions, when editing.
 */
export function validateSurvey(def: SurveyDefinition, previousKind?: SurveyKind): SurveyProblem[] {
  const out: SurveyProblem[] = [];
  const add = (field: string, code: SurveyProblemCode, params?: ProblemParams) => out.push(problem(code, field, params));
  if (def.name.trim().length === 0) add("name", "required");
  else if (def.name.length > SURVEY_LIMITS.nameLength) add("name", "too_long", { max: SURVEY_LIMITS.nameLength });
  out.push(...localizedProblems(def.question, "question", SURVEY_LIMITS.questionLength, true));
  if (previousKind && previousKind !== def.kind) add("kind", "kind_changed", { kind: previousKind });
  // A ZNS rating is 1–5 stars: only a CSAT survey can take it.
  if (def.channel === "zns_rating" && def.kind !== "csat") add("channel", "channel_kind", { kind: "csat" });
  const bands = bandIdsOf(def.kind);
  for (const [band, followUp] of Object.entries(def.followUps) as [string, FollowUp | undefined][]) {
    const at = `followUps.${band}`;
    if (!followUp) continue;
    if (!(bands as string[]).includes(band)) {
      add(at, "band_unknown", { kind: def.kind });
      continue;
    }
    out.push(...localizedProblems(followUp.prompt, `${at}.prompt`, SURVEY_LIMITS.promptLength, true));
    if (followUp.reasons.length > SURVEY_LIMITS.reasonsPerBand)
      add(`${at}.reasons`, "too_many_reasons", { max: SURVEY_LIMITS.reasonsPerBand });
    const seen = new Set<string>();
    followUp.reasons.forEach((r, i) => {
      if (!SURVEY_LIMITS.idPattern.test(r.id)) add(`${at}.reasons.${i}.id`, "id_format");
      if (seen.has(r.id)) add(`${at}.reasons.${i}.id`, "id_duplicate", { id: r.id });
      seen.add(r.id);
      out.push(...localizedProblems(r.label, `${at}.reasons.${i}.label`, SURVEY_LIMITS.reasonLabelLength, true));
    });
  }
  if (!Number.isInteger(def.rewardPoints) || def.rewardPoints < 0 || def.rewardPoints > SURVEY_LIMITS.rewardPointsMax)
    add("rewardPoints", "reward_range", { min: 0, max: SURVEY_LIMITS.rewardPointsMax });
  if (!Number.isInteger(def.throttleDays) || def.throttleDays < THROTTLE_DAYS_LIMITS.min || def.throttleDays > THROTTLE_DAYS_LIMITS.max)
    add("throttleDays", "throttle_range", { ...THROTTLE_DAYS_LIMITS });
  if (def.startsAt !== null && def.endsAt !== null && def.endsAt <= def.startsAt) add("endsAt", "window_order");
  if (def.storeIds) {
    if (def.storeIds.length > SURVEY_LIMITS.stores) add("storeIds", "too_many_stores", { max: SURVEY_LIMITS.stores });
    if (new Set(def.storeIds).size !== def.storeIds.length) add("storeIds", "store_duplicate");
  }
  return out;
}

/** Whether a survey takes answers at `at`: active, and inside its window. */
export function isSurveyOpen(status: SurveyStatus, def: Pick<SurveyDefinition, "startsAt" | "endsAt">, at: number): boolean {
  if (status !== "active") return false;
  if (def.startsAt !== null && at < def.startsAt) return false;
  if (def.endsAt !== null && at >= def.endsAt) return false;
  return true;
}

/** Whether the survey applies at a store: its scope is every store, or names this one. */
export function coversStore(def: Pick<SurveyDefinition, "storeIds">, storeId: string | null): boolean {
  if (def.storeIds === null) return true;
  return storeId !== null && def.storeIds.includes(storeId);
}

/** The last instant an answer first given at `firstAnsweredAt` may still be changed (exclusive). */
export function changeDeadline(firstAnsweredAt: number, windowMs: number = ANSWER_CHANGE_WINDOW_MS): number {
  return firstAnsweredAt + windowMs;
}

/** The window counts from the first answer, so repeated changes cannot keep it open for ever. */
export function mayChangeAnswer(firstAnsweredAt: number, at: number, windowMs: number = ANSWER_CHANGE_WINDOW_MS): boolean {
  return at < changeDeadline(firstAnsweredAt, windowMs);
}

export function mayFollowUp(answeredAt: number, at: number, windowMs: number = FOLLOW_UP_WINDOW_MS): boolean {
  return at < answeredAt + windowMs;
}

/** The follow-up the member is offered after `score`: its band's, or none. */
export function followUpFor(
  def: Pick<SurveyDefinition, "kind" | "followUps">,
  score: number,
): (FollowUp & { band: BandId; sentiment: Sentiment }) | null {
  const band = bandOf(def.kind, score);
  const followUp = def.followUps[band.id];
  return followUp ? { ...followUp, band: band.id, sentiment: band.sentiment } : null;
}

export const SURVEY_ANSWER_PROBLEM_CODES = [
  "score_invalid",
  "reason_unknown",
  "reasons_too_many",
  "reason_duplicate",
  "comment_too_long",
] as const;
export type AnswerProblemCode = (typeof SURVEY_ANSWER_PROBLEM_CODES)[number];
export type AnswerProblem = Problem<AnswerProblemCode>;

export function scoreProblem(kind: SurveyKind, score: unknown): AnswerProblem | null {
  if (isValidScore(kind, score)) return null;
  return problem("score_invalid", "score", { ...SCALES[kind] });
}

/**
 * Problems with a follow-up to an answer of `score`, against the version the answer was given
 * for: reasons must be that band's (a reason from another band, or removed since, is unknown).
 * Length is counted in code points, as a member counts characters.
 */
export function followUpProblems(
  def: Pick<SurveyDefinition, "kind" | "followUps">,
  score: number,
  input: { reasons: readonly string[]; comment: string | null },
): AnswerProblem[] {
  const out: AnswerProblem[] = [];
  const allowed = new Set((followUpFor(def, score)?.reasons ?? []).map((r) => r.id));
  if (input.reasons.length > SURVEY_LIMITS.reasonsPerAnswer)
    out.push(problem("reasons_too_many", "reasons", { max: SURVEY_LIMITS.reasonsPerAnswer }));
  const seen = new Set<string>();
  input.reasons.forEach((id, i) => {
    if (!allowed.has(id)) out.push(problem("reason_unknown", `reasons.${i}`));
    else if (seen.has(id)) out.push(problem("reason_duplicate", `reasons.${i}`));
    seen.add(id);
  });
  if (input.comment !== null && [...input.comment].length > SURVEY_LIMITS.commentLength)
    out.push(problem("comment_too_long", "comment", { max: SURVEY_LIMITS.commentLength }));
  return out;
}

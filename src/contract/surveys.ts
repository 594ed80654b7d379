import { z } from "zod";
import { THROTTLE_DAYS_LIMITS } from "../domain/surveys/fatigue";
import { BAND_IDS, SURVEY_KINDS } from "../domain/surveys/kinds";
import { ANSWER_SOURCES, SURVEY_CHANNELS, SURVEY_LIMITS, SURVEY_STATUSES, TOUCHPOINTS } from "../domain/surveys/survey";
import { SURVEY_TOKEN_MAX_LENGTH } from "../domain/surveys/token";
import { Instant, Uuid } from "./common";
import { IdempotencyKey } from "./loyalty";
import { nameText, text } from "./text";

/*
 * One-tap surveys (issue 13; docs/decisions/0026-surveys.md). Structure only: the exact limits
 * (lengths, reasons per band, a band belonging to the kind, a reason belonging to the answer's
 * band) are the domain's (validateSurvey, followUpProblems), so the console and the Mini App
 * show a problem next to its field in words, not zod's. String maxima here are generous
 * ceilings that keep junk out before the domain looks.
 */

export const SurveyKindSchema = z.enum(SURVEY_KINDS);
export const SurveyChannelSchema = z.enum(SURVEY_CHANNELS);
export const SurveyStatusSchema = z.enum(SURVEY_STATUSES);
export const TouchpointSchema = z.enum(TOUCHPOINTS);
export const BandIdSchema = z.enum(BAND_IDS);
export const AnswerSourceSchema = z.enum(ANSWER_SOURCES);

const SurveyText = z.object({ vi: text().max(1000), en: text().max(1000) }).meta({ id: "SurveyText" });
const ReasonId = text().max(40);

export const FollowUpReason = z.object({ id: ReasonId, label: SurveyText }).meta({ id: "SurveyFollowUpReason" });
export const FollowUpConfig = z
  .object({ prompt: SurveyText, reasons: z.array(FollowUpReason).max(SURVEY_LIMITS.reasonsPerBand * 2) })
  .meta({ id: "SurveyFollowUp" });

/** What a manager writes; every save of it is a new version. */
export const SurveyInput = z
  .object({
    kind: SurveyKindSchema,
    /** The console's name; members never read it. */
    name: nameText().max(SURVEY_LIMITS.nameLength * 4),
    question: SurveyText,
    /** Per score band of the kind (NPS: detractor/passive/promoter; CSAT: low/neutral/high; CES: hard/neutral/easy). */
    followUps: z.partialRecord(BandIdSchema, FollowUpConfig),
    touchpoint: TouchpointSchema,
    /** null: every store of the brand. */
    storeIds: z
      .array(Uuid)
      .max(SURVEY_LIMITS.stores * 2)
      .nullable(),
    channel: SurveyChannelSchema,
    rewardPoints: z.number().int(),
    throttleDays: z.number().int(),
    startsAt: Instant.nullable(),
    endsAt: Instant.nullable(),
  })
  .meta({ id: "SurveyInput" });
export type SurveyInput = z.infer<typeof SurveyInput>;

export const SurveyUpdateRequest = SurveyInput.extend({
  /** The version this edit started from; another save in between → survey_version_conflict. */
  basedOnVersion: z.number().int().positive(),
}).meta({ id: "SurveyUpdateRequest" });

export const SurveyVersionInfo = z.object({ version: z.number().int(), createdAt: Instant, createdBy: z.string().nullable() });

export const ConsoleSurvey = SurveyInput.extend({
  id: Uuid,
  status: SurveyStatusSchema,
  version: z.number().int(),
  createdAt: Instant,
  updatedAt: Instant,
  activatedAt: Instant.nullable(),
  archivedAt: Instant.nullable(),
  /** Current answers (a changed answer counts once), every version. */
  answers: z.number().int(),
}).meta({ id: "ConsoleSurvey" });
export type ConsoleSurvey = z.infer<typeof ConsoleSurvey>;

export const ConsoleSurveyDetail = ConsoleSurvey.extend({ versions: z.array(SurveyVersionInfo) }).meta({ id: "ConsoleSurveyDetail" });
export type ConsoleSurveyDetail = z.infer<typeof ConsoleSurveyDetail>;

export const ConsoleSurveyList = z.object({ surveys: z.array(ConsoleSurvey) }).meta({ id: "ConsoleSurveyList" });
export type ConsoleSurveyList = z.infer<typeof ConsoleSurveyList>;

export const SurveyLinksQuery = z.object({ storeId: Uuid.optional() });

export const SurveyLinks = z
  .object({
    /** https://zalo.me/s/<APP_ID>/survey/<id>: opens the survey in the Mini App, for the signed-in member. */
    deepLink: z.string(),
    /** With ?storeId: the deep link with a signed store token (for the in-store QR code). */
    store: z.object({ storeId: Uuid, storeName: z.string(), url: z.string(), expiresAt: Instant }).nullable(),
  })
  .meta({ id: "SurveyLinks" });
export type SurveyLinks = z.infer<typeof SurveyLinks>;

// ── Member ──────────────────────────────────────────────────────────────────────────────────

/**
 * Why a token sent with a view or an answer did not bind: the member still answers, as
 * themselves, without the token's store and transaction. The UI may say so; it is not a failure.
 */
export const SURVEY_TOKEN_NOTICES = ["survey_token_invalid", "survey_token_expired"] as const;
export const TokenNotice = z.enum(SURVEY_TOKEN_NOTICES);
export type TokenNotice = z.infer<typeof TokenNotice>;

export const SurveyTokenParam = text().max(SURVEY_TOKEN_MAX_LENGTH * 2);
export const SurveyViewQuery = z.object({ t: SurveyTokenParam.optional() });

export const BandView = z
  .object({ id: BandIdSchema, min: z.number().int(), max: z.number().int(), sentiment: z.enum(["negative", "neutral", "positive"]) })
  .meta({ id: "SurveyBand" });

export const MyAnswer = z
  .object({
    answerId: Uuid,
    score: z.number().int(),
    band: BandIdSchema,
    answeredAt: Instant,
    /** The answer can be changed until then (10 minutes after the first answer). */
    canChangeUntil: Instant,
    reasons: z.array(z.string()),
    comment: z.string().nullable(),
  })
  .meta({ id: "MySurveyAnswer" });

/** What the shopper sees: one question, the scale, and each band's follow-up (so a tap queued offline still gets its follow-up). */
export const SurveyView = z
  .object({
    surveyId: Uuid,
    version: z.number().int(),
    kind: SurveyKindSchema,
    scale: z.object({ min: z.number().int(), max: z.number().int() }),
    bands: z.array(BandView),
    question: SurveyText,
    followUps: z.partialRecord(BandIdSchema, FollowUpConfig),
    touchpoint: TouchpointSchema,
    /** The store the token names, when it binds one. */
    store: z.object({ id: Uuid, name: z.string() }).nullable(),
    rewardPoints: z.number().int(),
    /** Whether an answer (or a change) would be taken now. */
    open: z.boolean(),
    /** When not open: why (survey_inactive, survey_throttled, survey_change_closed). */
    closedReason: z.enum(["survey_inactive", "survey_throttled", "survey_change_closed"]).nullable(),
    /** survey_throttled: when the member may answer again. */
    throttledUntil: Instant.nullable(),
    /** The member's current answer for what the token binds (or their latest unbound one). */
    myAnswer: MyAnswer.nullable(),
    tokenNotice: TokenNotice.nullable(),
  })
  .meta({ id: "SurveyView" });
export type SurveyView = z.infer<typeof SurveyView>;

export const AnswerRequest = z
  .object({
    /** Checked against the survey's scale by the server (survey_score_invalid), not here. */
    score: z.number(),
    /** Made once per tap on the phone: a retry or a queued resend answers the same. */
    clientAnswerId: IdempotencyKey,
    /** The link's token, when the survey was opened from one. */
    token: SurveyTokenParam.optional(),
  })
  .meta({ id: "SurveyAnswerRequest" });
export type AnswerRequest = z.infer<typeof AnswerRequest>;

export const FollowUpPrompt = FollowUpConfig.extend({
  band: BandIdSchema,
  sentiment: z.enum(["negative", "neutral", "positive"]),
  commentMax: z.number().int(),
}).meta({ id: "SurveyFollowUpPrompt" });

export const AnswerResponse = z
  .object({
    answerId: Uuid,
    surveyId: Uuid,
    version: z.number().int(),
    score: z.number().int(),
    band: BandIdSchema,
    answeredAt: Instant,
    canChangeUntil: Instant,
    /** This request replaced the member's earlier score (inside the change window). */
    changed: z.boolean(),
    /** This answers a resend of the same tap (same clientAnswerId): nothing new was written. */
    replayed: z.boolean(),
    /** Points credited for this answer by this request (the survey's reward, once), else 0. */
    rewardCredited: z.number().int(),
    /** The reward this answer earned, whenever it was credited. */
    rewardPoints: z.number().int(),
    followUp: FollowUpPrompt.nullable(),
    tokenNotice: TokenNotice.nullable(),
  })
  .meta({ id: "SurveyAnswerResponse" });
export type AnswerResponse = z.infer<typeof AnswerResponse>;

export const FollowUpRequest = z
  .object({
    reasons: z.array(ReasonId).max(SURVEY_LIMITS.reasonsPerAnswer * 4),
    /** Counted in characters by the server (survey_comment_too_long); blank is no comment. */
    comment: text()
      .max(SURVEY_LIMITS.commentLength * 4)
      .nullable()
      .optional(),
  })
  .meta({ id: "SurveyFollowUpRequest" });
export type FollowUpRequest = z.infer<typeof FollowUpRequest>;

export const FollowUpResponse = z
  .object({ answerId: Uuid, band: BandIdSchema, reasons: z.array(z.string()), comment: z.string().nullable(), followedUpAt: Instant })
  .meta({ id: "SurveyFollowUpResponse" });
export type FollowUpResponse = z.infer<typeof FollowUpResponse>;

export const OpenSurvey = z
  .object({
    surveyId: Uuid,
    /** The ask this prompt comes from; null for a survey open to every member (none yet). */
    askId: Uuid.nullable(),
    kind: SurveyKindSchema,
    question: SurveyText,
    touchpoint: TouchpointSchema,
    store: z.object({ id: Uuid, name: z.string() }).nullable(),
    rewardPoints: z.number().int(),
    askedAt: Instant,
    expiresAt: Instant,
    /** Signed token binding the ask's store and transaction: open `/survey/<surveyId>?t=<token>`. */
    token: z.string(),
  })
  .meta({ id: "OpenSurvey" });

export const MyOpenSurveys = z.object({ surveys: z.array(OpenSurvey) }).meta({ id: "MyOpenSurveys" });
export type MyOpenSurveys = z.infer<typeof MyOpenSurveys>;

export const SurveyIdParam = z.object({ surveyId: Uuid });
export const AnswerIdParam = z.object({ answerId: Uuid });

/** Bounds the console shows next to the throttle field. */
export const SURVEY_THROTTLE_LIMITS = THROTTLE_DAYS_LIMITS;

/**
 * The brand's survey settings (console): M of the fatigue policy, at most one survey ask per
 * member across all surveys per this many days (0: no rule across surveys). Managers change it;
 * every change is in the audit log, and the last one is shown with who made it.
 */
export const SurveySettings = z
  .object({
    globalThrottleDays: z.number().int(),
    /** What may be saved, and what a brand that never changed it gets. */
    limits: z.object({ min: z.number().int(), max: z.number().int(), default: z.number().int() }),
    /** The last change: when and by whom (null: never changed). */
    changedAt: Instant.nullable(),
    changedBy: z.string().nullable(),
  })
  .meta({ id: "SurveySettings" });
export type SurveySettings = z.infer<typeof SurveySettings>;

/** The range is the domain's (globalThrottleProblems): outside it → survey_settings_invalid with issues. */
export const SurveySettingsUpdate = z.object({ globalThrottleDays: z.number().int() }).meta({ id: "SurveySettingsUpdate" });
export type SurveySettingsUpdate = z.infer<typeof SurveySettingsUpdate>;

/**
 * The survey dashboards (issue 13, console): scores over Vietnam weeks, by store and by
 * touchpoint, with response counts and 95% margins; the most chosen follow-up reasons; response
 * rates per channel; and the verbatim comments, filtered and paged. Scope: one survey, or every
 * survey of one kind (scores of different kinds never mix). Current answers only (a changed
 * answer counts once, with its latest score).
 */
import { z } from "zod";
import { COMMENTS_PAGE_SIZE, DASHBOARD_WEEKS } from "../domain/surveys/dashboard";
import { SURVEY_LIMITS } from "../domain/surveys/survey";
import { Instant, Uuid } from "./common";
import { AnswerSourceSchema, BandIdSchema, SurveyChannelSchema, SurveyKindSchema, TouchpointSchema } from "./surveys";
import { text } from "./text";

const Count = z.number().int().nonnegative();
const Day = z.iso.date();

/** One survey (surveyId) or every survey of a kind: at least one; both must agree (survey_kind_mismatch is a 400). */
const Scope = {
  surveyId: Uuid.optional(),
  kind: SurveyKindSchema.optional(),
};
const needsScope = (q: { surveyId?: string; kind?: string }) => q.surveyId !== undefined || q.kind !== undefined;
const scopeIssue = { message: "Give surveyId or kind.", params: { code: "scope_required" }, path: ["kind"] };

export const SurveyDashboardQuery = z
  .object({
    ...Scope,
    weeks: z.coerce.number().int().min(DASHBOARD_WEEKS.min).max(DASHBOARD_WEEKS.max).default(DASHBOARD_WEEKS.default),
  })
  .refine(needsScope, scopeIssue);

export const DashboardScore = z
  .object({
    n: Count,
    positive: Count,
    negative: Count,
    sum: z.number().int(),
    /** NPS −100..100, CSAT % of 4–5, CES % of 5–7; null: no answers. */
    score: z.number().nullable(),
    /** ± points of score, 95%. */
    marginOfError: z.number().nullable(),
    /** CES: the mean score. */
    mean: z.number().nullable(),
  })
  .meta({ id: "SurveyDashboardScore" });
export type DashboardScore = z.infer<typeof DashboardScore>;

const Localized = z.object({ vi: z.string(), en: z.string() });

export const SurveyDashboard = z
  .object({
    kind: SurveyKindSchema,
    /** The Monday of the first week and the Sunday of the last (the current week). */
    period: z.object({ weeks: z.number().int(), from: Day, to: Day }),
    total: DashboardScore,
    /** One per Vietnam week (Monday first), oldest first; empty weeks have n = 0. */
    weekly: z.array(z.object({ week: Day, score: DashboardScore })),
    /** storeId null: answers bound to no store. Most answers first. */
    byStore: z.array(z.object({ storeId: Uuid.nullable(), storeName: z.string().nullable(), score: DashboardScore })),
    byTouchpoint: z.array(z.object({ touchpoint: TouchpointSchema, score: DashboardScore })),
    /** Per survey in scope with answers in the period (the list's "current score"). */
    bySurvey: z.array(z.object({ surveyId: Uuid, score: DashboardScore })),
    /** The most chosen follow-up reasons, with the label of the newest version that has them. */
    reasons: z.array(z.object({ band: BandIdSchema, reason: z.string(), label: Localized.nullable(), count: Count })),
    /** Asks made per channel (throttled ones excluded: never sent) and how many were answered. */
    channels: z.array(z.object({ channel: SurveyChannelSchema, asks: Count, answered: Count })),
    /** Current answers by where they came from (store QR and self-started ones have no ask). */
    sources: z.array(z.object({ source: AnswerSourceSchema, answers: Count })),
  })
  .meta({ id: "SurveyDashboard" });
export type SurveyDashboard = z.infer<typeof SurveyDashboard>;

export const SurveyCommentsQuery = z
  .object({
    ...Scope,
    band: BandIdSchema.optional(),
    storeId: Uuid.optional(),
    reason: text().max(40).optional(),
    /** Vietnam days, both included. */
    from: Day.optional(),
    to: Day.optional(),
    /** Words in the comment (case-insensitive). */
    q: text().max(SURVEY_LIMITS.commentLength).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .refine(needsScope, scopeIssue)
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "to must not be before from",
    params: { code: "to_before_from" },
    path: ["to"],
  });

export const SurveyComment = z
  .object({
    answerId: Uuid,
    surveyId: Uuid,
    score: z.number().int(),
    band: BandIdSchema,
    reasons: z.array(z.string()),
    comment: z.string(),
    storeId: Uuid.nullable(),
    storeName: z.string().nullable(),
    touchpoint: TouchpointSchema,
    answeredAt: Instant,
  })
  .meta({ id: "SurveyComment" });
export type SurveyComment = z.infer<typeof SurveyComment>;

export const SurveyComments = z
  .object({ comments: z.array(SurveyComment), total: Count, page: z.number().int(), pageSize: z.literal(COMMENTS_PAGE_SIZE) })
  .meta({ id: "SurveyComments" });
export type SurveyComments = z.infer<typeof SurveyComments>;

/** The brand's stores, for the survey form's store picker and the dashboards' store filter. */
export const ConsoleStoreList = z.object({ stores: z.array(z.object({ id: Uuid, name: z.string() })) }).meta({ id: "ConsoleStoreList" });
export type ConsoleStoreList = z.infer<typeof ConsoleStoreList>;

import { z } from "zod";
import { ARM_KEYS, CONTROL } from "../domain/campaigns/assignment";
import { FUNNEL_STEPS } from "../domain/campaigns/funnel";
import { CAMPAIGN_STATUSES } from "../domain/campaigns/lifecycle";
import { PLAN_WARNINGS } from "../domain/campaigns/plan";
import { CAMPAIGN_CHANNELS } from "../domain/messaging/miniapp-notification";
import { MEMBER_FIELDS, ZNS_TAGS } from "../domain/messaging/zns-template";
import { Instant, Uuid } from "./common";
import { ChannelCounts } from "./messaging";
import { Problem } from "./problems";
import { nameText, text } from "./text";

/*
 * Campaigns (issue 15; docs/decisions/0034-campaign-split-and-send-plan.md). A draft names a
 * saved segment's version, one or two arms (a registered ZNS template each, with parameter
 * overrides and a share) and the control group's share; the structure is checked here, what
 * needs the brand's data (the template exists and is active, the overrides fit its types, the
 * segment version exists) on the server, answered as `422 campaign_invalid` with issues of
 * CAMPAIGN_PROBLEM_CODES (and the template value codes) at their paths.
 */

/** Results: the conversion window's length in days when a draft names none, and its bounds. */
export const DEFAULT_CONVERSION_DAYS = 7;
export const MAX_CONVERSION_DAYS = 90;

/** What the server finds wrong with a draft, beyond its shape (issues of campaign_invalid). */
export const CAMPAIGN_PROBLEM_CODES = [
  /** Arms' and control's shares do not add up to 100, or no arm sends (sharesValid). */
  "shares_invalid",
  "arm_duplicate",
  /** Not the brand's template, not active, or serving an automatic message (trigger). */
  "template_unknown",
  "template_inactive",
  "template_automatic",
  /** Two arms with templates of different tags (purpose, quota share and price would differ). */
  "arms_tag_mismatch",
  "segment_unknown",
  /** The schedule is before now. */
  "schedule_past",
  // And the mapping's (domain/campaigns/mapping.ts) and the values' (zns-template VALUE_PROBLEM_CODES).
  "param_unknown",
  "param_duplicate",
  "field_unknown",
  "survey_field",
] as const;

export const ParamOverrideSchema = z
  .object({
    name: text().min(1).max(40),
    source: z.union([z.object({ field: z.enum(MEMBER_FIELDS) }), z.object({ fixed: text().max(200) })]),
    fallback: text().max(200).optional(),
  })
  .meta({ id: "CampaignParamOverride" });

export const CampaignArmInput = z
  .object({
    key: z.enum(ARM_KEYS),
    templateId: Uuid,
    /** Parameters whose source or fallback differ from the template's registered mapping. */
    params: z.array(ParamOverrideSchema).max(20).default([]),
    /** Whole percent of the audience. */
    sharePercent: z.number().int().min(0).max(100),
  })
  .meta({ id: "CampaignArmInput" });

export const CampaignSchedule = z
  .discriminatedUnion("kind", [z.object({ kind: z.literal("now") }), z.object({ kind: z.literal("at"), at: Instant })])
  .meta({ id: "CampaignSchedule" });
export type CampaignSchedule = z.infer<typeof CampaignSchedule>;

export const CampaignInput = z
  .object({
    name: nameText().min(1).max(120),
    segmentId: Uuid,
    segmentVersion: z.number().int().min(1).max(1_000_000),
    arms: z.array(CampaignArmInput).min(1).max(ARM_KEYS.length),
    /** Whole percent held out: recorded, never sent anything (the baseline for lift). */
    controlPercent: z.number().int().min(0).max(90),
    schedule: CampaignSchedule.default({ kind: "now" }),
    /** Reaches members whose "how often" answer is "only important" (domain/messaging/sending-rules). */
    important: z.boolean().default(false),
    /**
     * ZNS, Mini App notifications, or the notification to members who allowed it and ZNS to the
     * others (domain/messaging/miniapp-notification.ts); absent: ZNS.
     */
    channel: z.enum(CAMPAIGN_CHANNELS).default("zns"),
    /** Results: a recipient converted by earning or redeeming within this many days of the send; absent: 7. */
    conversionDays: z.number().int().min(1).max(MAX_CONVERSION_DAYS).optional(),
  })
  .meta({ id: "CampaignInput" });
export type CampaignInput = z.infer<typeof CampaignInput>;

export const CampaignUpdateRequest = CampaignInput.extend({
  /** The version this edit started from; another save in between → campaign_version_conflict. */
  basedOnVersion: z.number().int().positive(),
}).meta({ id: "CampaignUpdateRequest" });

export const CampaignArm = CampaignArmInput.extend({ tag: z.enum(ZNS_TAGS), templateName: z.string() }).meta({ id: "CampaignArm" });

export const Campaign = z
  .object({
    id: Uuid,
    name: z.string(),
    status: z.enum(CAMPAIGN_STATUSES),
    segmentId: Uuid,
    segmentVersion: z.number().int(),
    arms: z.array(CampaignArm),
    controlPercent: z.number().int(),
    schedule: CampaignSchedule,
    important: z.boolean(),
    channel: z.enum(CAMPAIGN_CHANNELS),
    /** The optimistic lock of edits and transitions. */
    version: z.number().int(),
    /** Recipients before the control group, counted at submission (what the approval threshold is about). */
    audience: z.number().int().nullable(),
    approvedBy: z.string().nullable(),
    approvedAt: Instant.nullable(),
    /** The last rejection's note (a rejected campaign is a draft again). */
    rejectionNote: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    startedAt: Instant.nullable(),
    finishedAt: Instant.nullable(),
    /** Recipients recorded per arm and the control group, once materialised. */
    recipients: z.partialRecord(z.enum([...ARM_KEYS, CONTROL]), z.number().int()),
    /** The conversion window of its results, in days (always sent; optional for clients built before it). */
    conversionDays: z.number().int().optional(),
  })
  .meta({ id: "Campaign" });
export type Campaign = z.infer<typeof Campaign>;

export const CAMPAIGN_GROUPS = [...ARM_KEYS, CONTROL] as const;

/** One arm's or the control group's figures (docs/decisions/0038-campaign-results.md). */
export const CampaignGroupResult = z
  .object({
    group: z.enum(CAMPAIGN_GROUPS),
    /** Everyone recorded in the group: the denominator of its conversion rate (intention to treat). */
    recipients: z.number().int(),
    /** Recorded but never queued (no consent when the campaign was queued); always 0 for the control group. */
    notQueued: z.number().int(),
    /** Still waiting in the queue (queued, sending, in doubt). */
    waiting: z.number().int(),
    /** Accepted by Zalo (sent or delivered). */
    sent: z.number().int(),
    delivered: z.number().int(),
    /** Failed, or stopped by the queue's send-time checks (with a reason). */
    failed: z.number().int(),
    /** Stopped because the campaign was cancelled. */
    cancelled: z.number().int(),
    /** Members who opened their click link (each once). */
    clicks: z.number().int(),
    /** Members who earned or redeemed within the window after their send. */
    converted: z.number().int(),
    /** converted / recipients; null with no recipients. */
    conversionRate: z.number().nullable(),
    /** Bills of the converted members' earns within their window, whole VND: attributed, not caused. */
    revenueVnd: z.number().int(),
  })
  .meta({ id: "CampaignGroupResult" });
export type CampaignGroupResult = z.infer<typeof CampaignGroupResult>;

export const CampaignLift = z
  .object({
    arm: z.enum(ARM_KEYS),
    /** Arm rate − control rate (a proportion) and its 95 % interval (Newcombe's hybrid score). */
    difference: z.number(),
    lower: z.number(),
    upper: z.number(),
    /** Arm rate / control rate − 1; null when the control group converted nobody. */
    relative: z.number().nullable(),
    /** The interval excludes 0. */
    significant: z.boolean(),
    /** Revenue per recipient above the control's, times the arm's recipients: caused, not just attributed. */
    incrementalRevenueVnd: z.number().int(),
  })
  .meta({ id: "CampaignLift" });
export type CampaignLift = z.infer<typeof CampaignLift>;

export const CampaignResults = z
  .object({
    campaignId: Uuid,
    status: z.enum(CAMPAIGN_STATUSES),
    conversionDays: z.number().int(),
    /** Recipients counted at submission (before the control group); null before. */
    audience: z.number().int().nullable(),
    /** Recipients recorded, all groups. */
    recipients: z.number().int(),
    sent: z.number().int(),
    delivered: z.number().int(),
    failed: z.number().int(),
    /** Why messages failed or were stopped: queue codes (domain/messaging/message-errors) and not_queued. */
    failedByReason: z.array(z.object({ reason: z.string(), count: z.number().int() })),
    clicks: z.number().int(),
    /** Sent, delivered and failed per channel (ZNS, Mini App notification). */
    byChannel: ChannelCounts,
    groups: z.array(CampaignGroupResult),
    /** Each arm against the control group; empty without one. */
    lift: z.array(CampaignLift),
    /** Per Vietnam day (YYYY-MM-DD) from the first send: what was sent, delivered, clicked, and conversions by group. */
    series: z.array(
      z.object({
        date: z.string(),
        sent: z.number().int(),
        delivered: z.number().int(),
        clicks: z.number().int(),
        conversions: z.partialRecord(z.enum(CAMPAIGN_GROUPS), z.number().int()),
      }),
    ),
    /** When the last window closes (conversions can still come until then); null before anything was sent. */
    windowClosesAt: Instant.nullable(),
    computedAt: Instant,
  })
  .meta({ id: "CampaignResults" });
export type CampaignResults = z.infer<typeof CampaignResults>;

export const CampaignList = z.object({ items: z.array(Campaign) }).meta({ id: "CampaignList" });
export const CampaignIdParam = z.object({ campaignId: Uuid });
export const CampaignListQuery = z.object({ status: z.enum(CAMPAIGN_STATUSES).optional() });

export const CampaignPreviewRequest = z
  .object({ limit: z.number().int().min(1).max(20).default(5) })
  .meta({ id: "CampaignPreviewRequest" });

export const CampaignPreview = z
  .object({
    samples: z.array(
      z.object({
        memberId: Uuid,
        memberNo: z.string(),
        displayName: z.string(),
        arm: z.enum([...ARM_KEYS, CONTROL]),
        /** The message as the member would read it; null for the control group or a failure. */
        text: z.string().nullable(),
        data: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
        /** Fallbacks used and values shortened (param_fallback, param_shortened). */
        notes: z.array(Problem),
        /** Why this member's message would fail (value_missing, value_too_long…, at the parameter's name). */
        problems: z.array(Problem),
      }),
    ),
  })
  .meta({ id: "CampaignPreview" });
export type CampaignPreview = z.infer<typeof CampaignPreview>;

export const CampaignFunnel = z
  .object({
    tag: z.enum(ZNS_TAGS),
    steps: z.array(z.object({ step: z.enum(FUNNEL_STEPS), count: z.number().int(), lost: z.number().int() })),
    /**
     * The members within the caps by the channel they would get (before the control group): with
     * "notification first", those who allowed notifications get one, the others ZNS.
     */
    byChannel: z.object({ zns: z.number().int(), miniapp: z.number().int() }),
    recipients: z.number().int(),
    pricePerMessageVnd: z.number().int(),
    /** Estimated (the brand's price table or the defaults), whole đồng. */
    estimatedCostVnd: z.number().int(),
  })
  .meta({ id: "CampaignFunnel" });
export type CampaignFunnel = z.infer<typeof CampaignFunnel>;

export const CampaignPlan = z
  .object({
    days: z.array(
      z.object({ day: z.number().int(), date: z.string(), opensAt: Instant, capacity: z.number().int(), count: z.number().int() }),
    ),
    placed: z.number().int(),
    unplaced: z.number().int(),
    warnings: z.array(z.enum(PLAN_WARNINGS)),
    dailyQuota: z.number().int(),
    promoSharePercent: z.number().int(),
  })
  .meta({ id: "CampaignPlan" });
export type CampaignPlan = z.infer<typeof CampaignPlan>;

/** What a person does to a campaign; start and finish are the scheduler's. */
export const CAMPAIGN_REQUEST_ACTIONS = ["submit", "approve", "reject", "pause", "resume", "cancel"] as const;

export const CampaignTransitionRequest = z
  .object({
    action: z.enum(CAMPAIGN_REQUEST_ACTIONS),
    /** The version the person saw: another change in between → campaign_version_conflict. */
    basedOnVersion: z.number().int().positive(),
    /** Required to reject (campaign_note_required); kept with an approval. */
    note: text().max(1000).optional(),
  })
  .meta({ id: "CampaignTransitionRequest" });
export type CampaignTransitionRequest = z.infer<typeof CampaignTransitionRequest>;

/**
 * The brand's campaign settings: above `approvalThreshold` recipients a marketer's campaign needs
 * a manager's approval (domain/campaigns/approval-threshold.ts), with the last change.
 */
export const CampaignSettings = z
  .object({
    approvalThreshold: z.number().int(),
    limits: z.object({ min: z.number().int(), max: z.number().int() }),
    /** The last change: when and by whom (null: never changed, the default applies). */
    changedAt: Instant.nullable(),
    changedBy: z.string().nullable(),
  })
  .meta({ id: "CampaignSettings" });
export type CampaignSettings = z.infer<typeof CampaignSettings>;

/** Outside the limits → campaign_settings_invalid with issues (approval_threshold_range). */
export const CampaignSettingsUpdate = z.object({ approvalThreshold: z.number().int() }).meta({ id: "CampaignSettingsUpdate" });
export type CampaignSettingsUpdate = z.infer<typeof CampaignSettingsUpdate>;

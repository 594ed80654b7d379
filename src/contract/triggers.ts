import { z } from "zod";
import { MESSAGE_STATUSES } from "../domain/messaging/messages";
import { ZNS_TAGS } from "../domain/messaging/zns-template";
import { SETTING_BOUNDS, TRIGGER_KINDS } from "../domain/triggers/triggers";
import { ParamOverrideSchema } from "./campaigns";
import { Instant, Uuid } from "./common";
import { ChannelCounts, TemplateParamSchema } from "./messaging";

/*
 * Always-on triggers (issue 15; docs/decisions/0039-always-on-triggers.md). One per kind and
 * brand: switched on or off, a registered ZNS template with parameter overrides (as a campaign
 * arm), and the kind's settings. What needs the brand's data (the template exists, is active and
 * serves no other automatic message; the overrides fit it; the reward is the brand's) is checked
 * on the server: `422 trigger_invalid` with issues of TRIGGER_PROBLEM_CODES at their paths.
 */

export const TRIGGER_PROBLEM_CODES = [
  /** Switched on without a template. */
  "template_required",
  "template_unknown",
  "template_inactive",
  /** The template serves another automatic message (points updated, a survey…). */
  "template_automatic",
  /** Not one of the brand's rewards, or not active. */
  "reward_unknown",
  /** A setting this kind does not have (a voucher on a tier upgrade…). */
  "setting_not_applicable",
  // And the mapping's (domain/campaigns/mapping.ts) and the values' (zns-template VALUE_PROBLEM_CODES).
  "param_unknown",
  "param_duplicate",
  "field_unknown",
  "survey_field",
] as const;

const bounded = (b: { min: number; max: number }) => z.number().int().min(b.min).max(b.max);

export const TriggerSettingsSchema = z
  .object({
    daysBefore: bounded(SETTING_BOUNDS.daysBefore).optional(),
    withinDays: bounded(SETTING_BOUNDS.withinDays).optional(),
    delayHours: bounded(SETTING_BOUNDS.delayHours).optional(),
    afterDays: bounded(SETTING_BOUNDS.afterDays).optional(),
    rewardId: Uuid.nullable().optional(),
  })
  .strict()
  .meta({ id: "TriggerSettings" });

export const TriggerKindParam = z.object({ kind: z.enum(TRIGGER_KINDS) });

export const TriggerUpdateRequest = z
  .object({
    enabled: z.boolean(),
    /** Null: none chosen (the welcome then uses the template registered for it). */
    templateId: Uuid.nullable(),
    params: z.array(ParamOverrideSchema).max(20).default([]),
    settings: TriggerSettingsSchema.default({}),
    /** The version the person saw: another save in between → trigger_version_conflict. */
    basedOnVersion: z.number().int().positive(),
  })
  .meta({ id: "TriggerUpdateRequest" });
export type TriggerUpdateRequest = z.infer<typeof TriggerUpdateRequest>;

export const Trigger = z
  .object({
    kind: z.enum(TRIGGER_KINDS),
    enabled: z.boolean(),
    templateId: Uuid.nullable(),
    /** The template it sends with now (the welcome's registered one when none is chosen). */
    template: z.object({ id: Uuid, name: z.string(), tag: z.enum(ZNS_TAGS), preview: z.string() }).nullable(),
    params: z.array(ParamOverrideSchema),
    /** The kind's settings, defaults filled in. */
    settings: TriggerSettingsSchema,
    version: z.number().int(),
    enabledAt: Instant.nullable(),
    changedAt: Instant.nullable(),
    changedBy: z.string().nullable(),
  })
  .meta({ id: "Trigger" });
export type Trigger = z.infer<typeof Trigger>;

export const TriggerList = z
  .object({
    items: z.array(Trigger),
    /** Templates a trigger may send with: active, serving no other automatic message. */
    templates: z.array(
      z.object({
        id: Uuid,
        name: z.string(),
        tag: z.enum(ZNS_TAGS),
        /** What the console's mapping editor shows: the text and the registered parameters (each row's default). */
        preview: z.string(),
        params: z.array(TemplateParamSchema),
      }),
    ),
    /** Rewards whose voucher a birthday or win-back message may carry. */
    rewards: z.array(z.object({ id: Uuid, name: z.string() })),
  })
  .meta({ id: "TriggerList" });
export type TriggerList = z.infer<typeof TriggerList>;

export const TriggerPreview = z
  .object({
    /** Members a pass now would message: due, not fired for this occurrence yet, with consent for the template's purpose. */
    count: z.number().int(),
    /** Due but without that consent (not messaged; recorded as such when the trigger fires). */
    withoutConsent: z.number().int(),
    sample: z.array(z.object({ memberId: Uuid, memberNo: z.string(), displayName: z.string(), period: z.string() })),
  })
  .meta({ id: "TriggerPreview" });
export type TriggerPreview = z.infer<typeof TriggerPreview>;

export const TriggerResults = z
  .object({
    kind: z.enum(TRIGGER_KINDS),
    /** Occurrences fired, by what came of them (queued, no_consent, invalid, out_of_stock…). */
    firings: z.record(z.string(), z.number().int()),
    /** Its messages by status (sent counts sent and delivered; delivered those Zalo confirmed). */
    messages: z.object({
      total: z.number().int(),
      sent: z.number().int(),
      delivered: z.number().int(),
      failed: z.number().int(),
      pending: z.number().int(),
      byStatus: z.partialRecord(z.enum(MESSAGE_STATUSES), z.number().int()),
    }),
    /** Sent, delivered and failed per channel (ZNS, Mini App notification). */
    byChannel: ChannelCounts,
    /** Failed messages by error code. */
    failedByReason: z.array(z.object({ code: z.string(), count: z.number().int() })),
    /** Members who opened the message's link (/c/<code>, once each), when its template maps deep_link. */
    clicks: z.number().int(),
    /** Members messaged (queued firings) and of them those who earned or redeemed within `days` days after. */
    conversion: z.object({ days: z.number().int(), recipients: z.number().int(), converted: z.number().int() }),
    /** Per Vietnam day (YYYY-MM-DD): messages queued, first opens, and conversions of that day's messages. */
    days: z.array(z.object({ date: z.string(), sent: z.number().int(), clicks: z.number().int(), conversions: z.number().int() })),
  })
  .meta({ id: "TriggerResults" });
export type TriggerResults = z.infer<typeof TriggerResults>;

/**
 * The brand overview (issue 15 "Results"): the console's one page of the loop's health — members
 * and who is still coming, repeat visits, points issued and owed (in VND at the brand's
 * redemption rate), the NPS trend, messages sent by tag against the OA's quota, and the revenue
 * campaigns and triggers are credited with. Every figure is a count or an integer; rates are
 * left to the reader. Attributed revenue is the bills of members who converted after a message:
 * attribution, not causation; only a campaign's lift over its control group is causal.
 */
import { z } from "zod";
import { DEFAULT_PERIOD_DAYS } from "../domain/insights/retention";
import { ZNS_TAGS } from "../domain/messaging/zns-template";
import { TRIGGER_KINDS } from "../domain/triggers/triggers";
import { CAMPAIGN_STATUSES } from "../domain/campaigns/lifecycle";
import { Uuid } from "./common";
import { Period } from "./insights";

const Count = z.number().int().nonnegative();
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const OverviewQuery = z.object({ days: z.coerce.number().int().min(7).max(366).default(DEFAULT_PERIOD_DAYS) });

export const BrandOverview = z
  .object({
    period: Period,
    /** Members not erased; active: a visit (a non-reversed counter earn) in the last 30 and 90 Vietnam days. */
    members: z.object({ total: Count, active30: Count, active90: Count }),
    /** Of the members with a visit in the period, those with two or more (as Retention). */
    repeat: z.object({ members: Count, repeaters: Count }),
    /**
     * Points of the period's non-reversed earns, and open points now (the liability); in VND at the
     * brand's redemption rate (`pointValueVnd`), null when the brand has not set one.
     */
    points: z.object({
      issued: z.number().int(),
      liability: z.number().int(),
      pointValueVnd: Count.nullable(),
      issuedVnd: z.number().int().nullable(),
      liabilityVnd: z.number().int().nullable(),
    }),
    /** NPS per Vietnam week (the survey rollups, every NPS survey), oldest first; score null: no answers that week. */
    nps: z.object({
      weekly: z.array(z.object({ week: Day, score: z.number().nullable(), responses: Count })),
      total: z.object({ score: z.number().nullable(), responses: Count }),
    }),
    /**
     * Messages sent in the period (sent or delivered; test sends left out) by ZNS tag, against the
     * quota of the period (the OA's daily quota × days; promotions their share); and today's use.
     */
    messages: z.object({
      byTag: z.array(z.object({ tag: z.enum(ZNS_TAGS), sent: Count })),
      sent: Count,
      dailyQuota: Count,
      promoSharePercent: z.number().int(),
      periodQuota: Count,
      periodPromoQuota: Count,
      today: z.object({ sent: Count, promo: Count }),
    }),
    /**
     * Campaigns started in the period (at most 20, newest first): recipients, converted members and
     * the bills of converted members (attributed, not caused), and the lift's revenue over the
     * control group (causal; null without a control group).
     */
    campaigns: z.array(
      z.object({
        id: Uuid,
        name: z.string(),
        status: z.enum(CAMPAIGN_STATUSES),
        startedAt: z.string(),
        recipients: Count,
        sent: Count,
        converted: Count,
        attributedRevenueVnd: z.number().int(),
        incrementalRevenueVnd: z.number().int().nullable(),
      }),
    ),
    /**
     * Always-on triggers: messages sent in the period, members who earned within `conversionDays`
     * after one, and those earns' bills (attributed: a trigger has no control group).
     */
    triggers: z.object({
      conversionDays: z.number().int(),
      rows: z.array(z.object({ kind: z.enum(TRIGGER_KINDS), sent: Count, converted: Count, attributedRevenueVnd: z.number().int() })),
    }),
  })
  .meta({ id: "BrandOverview" });
export type BrandOverview = z.infer<typeof BrandOverview>;

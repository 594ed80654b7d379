import { z } from "zod";
import { ARM_KEYS, CONTROL } from "../domain/campaigns/assignment";
import { CAMPAIGN_STATUSES } from "../domain/campaigns/lifecycle";
import { Instant, LocaleSchema, Uuid } from "./common";

/*
 * What the console reads about a campaign besides its draft (issue 15): the audit log of its
 * changes (managers; as JSON and as CSV) and what its messages did so far, per arm. Kept apart
 * from contract/campaigns.ts so the results and triggers work can grow that file without
 * meeting this one.
 */

export const CampaignAuditEvent = z
  .object({
    at: Instant,
    actorId: Uuid,
    actorName: z.string(),
    /** created, edited, submit, approve, reject, pause, resume, cancel (a newer server may add more). */
    change: z.string(),
    version: z.number().int().nullable(),
    status: z.enum(CAMPAIGN_STATUSES).nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: "CampaignAuditEvent" });
export type CampaignAuditEvent = z.infer<typeof CampaignAuditEvent>;

export const CampaignAuditLog = z.object({ events: z.array(CampaignAuditEvent) }).meta({ id: "CampaignAuditLog" });
export type CampaignAuditLog = z.infer<typeof CampaignAuditLog>;

export const CampaignAuditCsvQuery = z.object({ locale: LocaleSchema.default("vi") });
export const CampaignAuditCsv = z.string().meta({ id: "CampaignAuditCsv", description: "text/csv; charset=utf-8, with a BOM" });

export const CampaignArmDelivery = z.object({
  arm: z.enum([...ARM_KEYS, CONTROL]),
  /** Members recorded in this arm at materialisation. */
  recipients: z.number().int(),
  /** Messages queued for the arm, by where they are now (the control group has none). */
  queued: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  /** Failed messages by the queue's error code (message-errors.ts), most first. */
  failedBy: z.array(z.object({ code: z.string(), count: z.number().int() })),
});
export type CampaignArmDelivery = z.infer<typeof CampaignArmDelivery>;

export const CampaignDeliveries = z
  .object({ arms: z.array(CampaignArmDelivery) })
  .meta({
    id: "CampaignDeliveries",
    description: "Per arm: recipients and their messages by status (sending and in_doubt count as queued)",
  });
export type CampaignDeliveries = z.infer<typeof CampaignDeliveries>;

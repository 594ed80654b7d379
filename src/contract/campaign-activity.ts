import { z } from "zod";
import { CAMPAIGN_STATUSES } from "../domain/campaigns/lifecycle";
import { Instant, LocaleSchema, Uuid } from "./common";

/*
 * A campaign's audit log (issue 15): its changes, for managers, as JSON and as CSV. Kept apart
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

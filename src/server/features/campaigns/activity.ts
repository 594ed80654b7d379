/**
 * A campaign's audit log (issue 15), as rows and as CSV: who created, edited, submitted,
 * approved, rejected, paused, resumed or cancelled it.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { CampaignAuditEvent } from "../../../contract/campaign-activity";
import { CAMPAIGN_STATUSES } from "../../../domain/campaigns/lifecycle";
import { CSV_BOM, csvRow } from "../../../domain/csv/csv";
import type { Locale } from "../../../domain/locale/locale";
import type { Db } from "../../db/client";
import { auditEvents, users } from "../../db/schema";

const isStatus = (v: unknown): v is CampaignAuditEvent["status"] & string =>
  typeof v === "string" && (CAMPAIGN_STATUSES as readonly string[]).includes(v);

/** The campaign's audit rows, oldest first (the caller has checked the campaign is the brand's). */
export async function campaignAudit(db: Db, brandId: string, campaignId: string): Promise<CampaignAuditEvent[]> {
  const rows = await db
    .select({ at: auditEvents.at, actorId: auditEvents.actorId, actorName: users.displayName, detail: auditEvents.detail })
    .from(auditEvents)
    .innerJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.brandId, brandId), eq(auditEvents.subjectId, campaignId), eq(auditEvents.action, "campaign_changed")))
    // Each change bumps the campaign's version: it orders changes made within one instant.
    .orderBy(asc(auditEvents.at), asc(sql`(${auditEvents.detail}->>'version')::int`), asc(auditEvents.id));
  return rows.map((r) => {
    const d = r.detail ?? {};
    return {
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorName: r.actorName,
      change: typeof d.change === "string" ? d.change : "",
      version: typeof d.version === "number" ? d.version : null,
      status: isStatus(d.status) ? d.status : null,
      note: typeof d.note === "string" ? d.note : null,
    };
  });
}

const HEADERS: Record<Locale, string[]> = {
  vi: ["Thời điểm (UTC)", "Người thực hiện", "Mã người thực hiện", "Thay đổi", "Phiên bản", "Trạng thái", "Ghi chú"],
  en: ["At (UTC)", "By", "User id", "Change", "Version", "Status", "Note"],
};

/** The audit log as RFC 4180 CSV with a BOM (a campaign's log is small: built whole, not streamed). */
export function auditCsv(events: readonly CampaignAuditEvent[], locale: Locale): string {
  return (
    CSV_BOM +
    csvRow(HEADERS[locale]) +
    events.map((e) => csvRow([e.at, e.actorName, e.actorId, e.change, e.version, e.status, e.note])).join("")
  );
}

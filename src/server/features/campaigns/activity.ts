/**
 * What the console reads about a campaign besides its draft (issue 15): the audit log of its
 * changes, as rows and as CSV, and its messages' outcomes per arm (the recipients' recorded arm
 * joined to the queue's rows of the campaign's source).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { CampaignArmDelivery, CampaignAuditEvent, CampaignDeliveries } from "../../../contract/campaign-activity";
import { ARM_KEYS, CONTROL } from "../../../domain/campaigns/assignment";
import { CAMPAIGN_STATUSES } from "../../../domain/campaigns/lifecycle";
import { CSV_BOM, csvRow } from "../../../domain/csv/csv";
import type { Locale } from "../../../domain/locale/locale";
import type { Db } from "../../db/client";
import { auditEvents, messages, users, znsCampaignRecipients } from "../../db/schema";
import { campaignSource } from "./audience";

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

/** Recipients per arm and their messages by status, failures by error code. */
export async function campaignDeliveries(db: Db, brandId: string, campaignId: string): Promise<CampaignDeliveries> {
  const recipients = await db
    .select({ arm: znsCampaignRecipients.arm, n: sql<number>`count(*)::int` })
    .from(znsCampaignRecipients)
    .where(eq(znsCampaignRecipients.campaignId, campaignId))
    .groupBy(znsCampaignRecipients.arm);
  const byStatus = await db
    .select({
      arm: znsCampaignRecipients.arm,
      status: messages.status,
      error: messages.lastError,
      n: sql<number>`count(*)::int`,
    })
    .from(messages)
    .innerJoin(
      znsCampaignRecipients,
      and(eq(znsCampaignRecipients.campaignId, campaignId), eq(znsCampaignRecipients.memberId, messages.memberId)),
    )
    .where(and(eq(messages.brandId, brandId), eq(messages.source, campaignSource(campaignId))))
    .groupBy(znsCampaignRecipients.arm, messages.status, messages.lastError);
  const arms = [...ARM_KEYS, CONTROL].map((arm): CampaignArmDelivery => {
    const rows = byStatus.filter((r) => r.arm === arm);
    const sum = (...statuses: string[]) => rows.filter((r) => statuses.includes(r.status)).reduce((s, r) => s + Number(r.n), 0);
    const failedBy = new Map<string, number>();
    for (const r of rows.filter((x) => x.status === "failed")) {
      const code = r.error ?? "unknown";
      failedBy.set(code, (failedBy.get(code) ?? 0) + Number(r.n));
    }
    return {
      arm,
      recipients: Number(recipients.find((r) => r.arm === arm)?.n ?? 0),
      queued: sum("queued", "sending", "in_doubt"),
      sent: sum("sent"),
      delivered: sum("delivered"),
      failed: sum("failed"),
      cancelled: sum("cancelled"),
      failedBy: [...failedBy].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    };
  });
  return { arms: arms.filter((a) => a.recipients > 0 || a.queued + a.sent + a.delivered + a.failed + a.cancelled > 0) };
}

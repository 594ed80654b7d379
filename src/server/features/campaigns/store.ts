/**
 * Campaign drafts and their state (issue 15; decision 0034): saved with their arms, checked
 * against the brand's templates and segments, changed only as drafts, every change written to
 * the audit log in its transaction.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { DEFAULT_CONVERSION_DAYS, type Campaign, type CampaignInput } from "../../../contract/campaigns";
import { sharesValid, type ArmKey } from "../../../domain/campaigns/assignment";
import { mappingProblems } from "../../../domain/campaigns/mapping";
import { problem } from "../../../domain/problems";
import type { Db, Tx } from "../../db/client";
import {
  auditEvents,
  segments,
  segmentVersions,
  znsCampaignArms,
  znsCampaignRecipients,
  znsCampaigns,
  znsTemplates,
} from "../../db/schema";
import type { Issue } from "../../http/errors";

export type Actor = { brandId: string; userId: string };
export type CampaignRow = typeof znsCampaigns.$inferSelect;
export type ArmRow = typeof znsCampaignArms.$inferSelect & { template: typeof znsTemplates.$inferSelect };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The draft's problems with the brand's data, at the request body's paths. */
export async function campaignIssues(db: Db | Tx, brandId: string, input: CampaignInput, now: number): Promise<Issue[]> {
  const issues: Issue[] = [];
  const keys = input.arms.map((a) => a.key);
  input.arms.forEach((a, i) => {
    if (keys.indexOf(a.key) !== i) issues.push(problem("arm_duplicate", `arms.${i}.key`));
  });
  if (!sharesValid({ arms: input.arms, controlPercent: input.controlPercent })) issues.push(problem("shares_invalid", "arms"));
  const templates = await db
    .select()
    .from(znsTemplates)
    .where(
      and(
        eq(znsTemplates.brandId, brandId),
        inArray(
          znsTemplates.id,
          input.arms.map((a) => a.templateId),
        ),
      ),
    );
  const tags = new Set<string>();
  input.arms.forEach((a, i) => {
    const t = templates.find((x) => x.id === a.templateId);
    if (!t) return void issues.push(problem("template_unknown", `arms.${i}.templateId`));
    if (!t.active) issues.push(problem("template_inactive", `arms.${i}.templateId`));
    if (t.trigger) issues.push(problem("template_automatic", `arms.${i}.templateId`, { trigger: t.trigger }));
    tags.add(t.tag);
    for (const p of mappingProblems(t, a.params)) issues.push({ ...p, field: `arms.${i}.${p.field ?? "params"}` });
  });
  if (tags.size > 1) issues.push(problem("arms_tag_mismatch", "arms"));
  const [version] = await db
    .select({ version: segmentVersions.version })
    .from(segmentVersions)
    .innerJoin(segments, eq(segments.id, segmentVersions.segmentId))
    .where(
      and(eq(segments.brandId, brandId), eq(segmentVersions.segmentId, input.segmentId), eq(segmentVersions.version, input.segmentVersion)),
    );
  if (!version) issues.push(problem("segment_unknown", "segmentVersion"));
  if (input.schedule.kind === "at" && Date.parse(input.schedule.at) < now) issues.push(problem("schedule_past", "schedule.at"));
  return issues;
}

export async function loadCampaign(db: Db | Tx, brandId: string, id: string): Promise<{ row: CampaignRow; arms: ArmRow[] } | null> {
  const [row] = await db
    .select()
    .from(znsCampaigns)
    .where(and(eq(znsCampaigns.id, id), eq(znsCampaigns.brandId, brandId)));
  if (!row) return null;
  const arms = await db
    .select({ arm: znsCampaignArms, template: znsTemplates })
    .from(znsCampaignArms)
    .innerJoin(znsTemplates, eq(znsTemplates.id, znsCampaignArms.templateId))
    .where(eq(znsCampaignArms.campaignId, id))
    .orderBy(znsCampaignArms.key);
  return { row, arms: arms.map((a) => ({ ...a.arm, template: a.template })) };
}

export async function campaignView(db: Db | Tx, brandId: string, id: string): Promise<Campaign | null> {
  const found = await loadCampaign(db, brandId, id);
  if (!found) return null;
  const { row, arms } = found;
  const counts = await db
    .select({ arm: znsCampaignRecipients.arm, n: sql<number>`count(*)::int` })
    .from(znsCampaignRecipients)
    .where(eq(znsCampaignRecipients.campaignId, id))
    .groupBy(znsCampaignRecipients.arm);
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    segmentId: row.segmentId,
    segmentVersion: row.segmentVersion,
    arms: arms.map((a) => ({
      key: a.key,
      templateId: a.templateId,
      params: a.params,
      sharePercent: a.sharePercent,
      tag: a.template.tag,
      templateName: a.template.name,
    })),
    controlPercent: row.controlPercent,
    schedule: row.sendAt ? { kind: "at", at: row.sendAt.toISOString() } : { kind: "now" },
    important: row.important,
    channel: row.channel,
    version: row.version,
    audience: row.audience,
    approvedBy: row.approvedBy,
    approvedAt: iso(row.approvedAt),
    rejectionNote: row.rejectionNote,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    recipients: Object.fromEntries(counts.map((c) => [c.arm, Number(c.n)])),
    conversionDays: row.conversionDays,
  };
}

export async function listCampaigns(db: Db, brandId: string, status?: CampaignRow["status"]): Promise<Campaign[]> {
  const rows = await db
    .select({ id: znsCampaigns.id })
    .from(znsCampaigns)
    .where(and(eq(znsCampaigns.brandId, brandId), status ? eq(znsCampaigns.status, status) : undefined))
    .orderBy(desc(znsCampaigns.updatedAt))
    .limit(200);
  const out: Campaign[] = [];
  for (const r of rows) out.push((await campaignView(db, brandId, r.id))!);
  return out;
}

export function audit(tx: Tx, now: number, actor: Actor, campaignId: string, detail: Record<string, string | number | boolean | null>) {
  return tx.insert(auditEvents).values({
    brandId: actor.brandId,
    actorId: actor.userId,
    action: "campaign_changed",
    subjectId: campaignId,
    at: new Date(now),
    detail,
  });
}

const columnsOf = (input: CampaignInput) => ({
  name: input.name,
  segmentId: input.segmentId,
  segmentVersion: input.segmentVersion,
  controlPercent: input.controlPercent,
  sendAt: input.schedule.kind === "at" ? new Date(input.schedule.at) : null,
  important: input.important,
  channel: input.channel,
  conversionDays: input.conversionDays ?? DEFAULT_CONVERSION_DAYS,
});

async function writeArms(tx: Tx, campaignId: string, input: CampaignInput) {
  await tx.delete(znsCampaignArms).where(eq(znsCampaignArms.campaignId, campaignId));
  await tx.insert(znsCampaignArms).values(
    input.arms.map((a) => ({
      campaignId,
      key: a.key as ArmKey,
      templateId: a.templateId,
      params: a.params,
      sharePercent: a.sharePercent,
    })),
  );
}

export async function insertCampaign(tx: Tx, now: number, actor: Actor, input: CampaignInput): Promise<string> {
  const at = new Date(now);
  const [row] = await tx
    .insert(znsCampaigns)
    .values({ brandId: actor.brandId, ...columnsOf(input), createdBy: actor.userId, createdAt: at, updatedAt: at })
    .returning({ id: znsCampaigns.id });
  await writeArms(tx, row!.id, input);
  await audit(tx, now, actor, row!.id, { change: "created", version: 1, status: "draft" });
  return row!.id;
}

/** Saves a new version of a draft; false when it is not a draft at `basedOnVersion` any more. */
export async function updateDraft(tx: Tx, now: number, actor: Actor, id: string, input: CampaignInput, basedOnVersion: number) {
  const moved = await tx
    .update(znsCampaigns)
    .set({ ...columnsOf(input), version: basedOnVersion + 1, updatedAt: new Date(now) })
    .where(
      and(
        eq(znsCampaigns.id, id),
        eq(znsCampaigns.brandId, actor.brandId),
        eq(znsCampaigns.version, basedOnVersion),
        eq(znsCampaigns.status, "draft"),
      ),
    )
    .returning({ id: znsCampaigns.id });
  if (!moved.length) return false;
  await writeArms(tx, id, input);
  await audit(tx, now, actor, id, { change: "edited", version: basedOnVersion + 1, status: "draft" });
  return true;
}

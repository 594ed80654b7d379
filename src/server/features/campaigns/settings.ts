/**
 * The brand's campaign settings (console): the approval threshold (campaign_settings), read by
 * every console role, changed by managers and admins. A change is one transaction under the
 * row's lock with an audit_events row campaign_settings_changed (who, when, from, to); saving
 * the value it already has changes and records nothing (as features/loyalty/audited-setting.ts).
 */
import { eq } from "drizzle-orm";
import type { CampaignSettings } from "../../../contract/campaigns";
import {
  APPROVAL_THRESHOLD_LIMITS,
  approvalThresholdProblems,
  DEFAULT_APPROVAL_THRESHOLD,
} from "../../../domain/campaigns/approval-threshold";
import type { Problem } from "../../../domain/problems";
import type { Db, Tx } from "../../db/client";
import { auditEvents, campaignSettings } from "../../db/schema";
import { lastSettingChange } from "../loyalty/audited-setting";

export async function approvalThreshold(q: Db | Tx, brandId: string): Promise<number> {
  const [row] = await q.select().from(campaignSettings).where(eq(campaignSettings.brandId, brandId));
  return row?.approvalThreshold ?? DEFAULT_APPROVAL_THRESHOLD;
}

async function settingsOf(q: Db | Tx, brandId: string): Promise<CampaignSettings> {
  return {
    approvalThreshold: await approvalThreshold(q, brandId),
    limits: { ...APPROVAL_THRESHOLD_LIMITS },
    ...(await lastSettingChange(q, brandId, "campaign_settings_changed")),
  };
}

export function campaignSettingsOf(db: Db, brandId: string): Promise<CampaignSettings> {
  return settingsOf(db, brandId);
}

export type CampaignSettingsOutcome = { ok: true; value: CampaignSettings } | { ok: false; issues: Problem[] };

export async function updateCampaignSettings(
  db: Db,
  now: number,
  actor: { userId: string; brandId: string },
  input: { approvalThreshold: number },
): Promise<CampaignSettingsOutcome> {
  const issues = approvalThresholdProblems(input.approvalThreshold);
  if (issues.length) return { ok: false, issues };
  const value = await db.transaction(async (tx: Tx) => {
    // No row yet: the default applies; create it so two first saves take turns on its lock.
    await tx.insert(campaignSettings).values({ brandId: actor.brandId }).onConflictDoNothing({ target: campaignSettings.brandId });
    const [row] = await tx.select().from(campaignSettings).where(eq(campaignSettings.brandId, actor.brandId)).for("update");
    const from = row!.approvalThreshold;
    if (from !== input.approvalThreshold) {
      await tx
        .update(campaignSettings)
        .set({ approvalThreshold: input.approvalThreshold })
        .where(eq(campaignSettings.brandId, actor.brandId));
      await tx.insert(auditEvents).values({
        brandId: actor.brandId,
        actorId: actor.userId,
        action: "campaign_settings_changed",
        subjectId: actor.brandId,
        at: new Date(now),
        detail: { setting: "approval_threshold", from, to: input.approvalThreshold },
      });
    }
    return settingsOf(tx, actor.brandId);
  });
  return { ok: true, value };
}

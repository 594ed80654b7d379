/**
 * The brand's survey settings (console): M of the fatigue policy (loyalty_settings
 * survey_global_throttle_days; asks.ts reads it for every ask). A change is one transaction
 * under the settings row's lock, with an audit_events row (who, when, from, to) — the last of
 * which the console shows; saving the value it already has changes and records nothing.
 */
import { and, desc, eq } from "drizzle-orm";
import type { SurveySettings } from "../../../contract/surveys";
import { DEFAULT_TIER_RULES } from "../../../domain/loyalty/tiers";
import type { Problem } from "../../../domain/problems";
import { DEFAULT_GLOBAL_THROTTLE_DAYS, GLOBAL_THROTTLE_DAYS_LIMITS, globalThrottleProblems } from "../../../domain/surveys/fatigue";
import type { Db, Tx } from "../../db/client";
import { auditEvents, loyaltySettings, users } from "../../db/schema";

export const GLOBAL_THROTTLE_SETTING = "survey_global_throttle_days";

async function lastChange(q: Db | Tx, brandId: string) {
  const [row] = await q
    .select({ at: auditEvents.at, name: users.displayName })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.brandId, brandId), eq(auditEvents.action, "survey_settings_changed")))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(1);
  return { changedAt: row ? row.at.toISOString() : null, changedBy: row?.name ?? null };
}

async function settingsOf(q: Db | Tx, brandId: string): Promise<SurveySettings> {
  const [row] = await q
    .select({ days: loyaltySettings.surveyGlobalThrottleDays })
    .from(loyaltySettings)
    .where(eq(loyaltySettings.brandId, brandId));
  return {
    globalThrottleDays: row?.days ?? DEFAULT_GLOBAL_THROTTLE_DAYS,
    limits: { ...GLOBAL_THROTTLE_DAYS_LIMITS, default: DEFAULT_GLOBAL_THROTTLE_DAYS },
    ...(await lastChange(q, brandId)),
  };
}

export function surveySettings(db: Db, brandId: string): Promise<SurveySettings> {
  return settingsOf(db, brandId);
}

export type SettingsOutcome = { ok: true; value: SurveySettings } | { ok: false; issues: Problem[] };

export async function updateSurveySettings(
  db: Db,
  now: number,
  actor: { userId: string; brandId: string },
  input: { globalThrottleDays: number },
): Promise<SettingsOutcome> {
  const issues = globalThrottleProblems(input.globalThrottleDays);
  if (issues.length) return { ok: false, issues };
  const value = await db.transaction(async (tx: Tx) => {
    // A brand that never saved loyalty settings has no row: create it with the defaults, so
    // the lock below has a row to hold (two first saves take turns on it).
    await tx
      .insert(loyaltySettings)
      .values({ brandId: actor.brandId, tierRules: DEFAULT_TIER_RULES })
      .onConflictDoNothing({ target: loyaltySettings.brandId });
    const [row] = await tx
      .select({ days: loyaltySettings.surveyGlobalThrottleDays })
      .from(loyaltySettings)
      .where(eq(loyaltySettings.brandId, actor.brandId))
      .for("update");
    const from = row!.days;
    if (from !== input.globalThrottleDays) {
      const at = new Date(now);
      await tx
        .update(loyaltySettings)
        .set({ surveyGlobalThrottleDays: input.globalThrottleDays, updatedAt: at })
        .where(eq(loyaltySettings.brandId, actor.brandId));
      await tx.insert(auditEvents).values({
        brandId: actor.brandId,
        actorId: actor.userId,
        action: "survey_settings_changed",
        subjectId: actor.brandId,
        at,
        detail: { setting: GLOBAL_THROTTLE_SETTING, from, to: input.globalThrottleDays },
      });
    }
    return settingsOf(tx, actor.brandId);
  });
  return { ok: true, value };
}

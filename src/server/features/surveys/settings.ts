/**
 * The brand's survey settings (console): M of the fatigue policy (loyalty_settings
 * survey_global_throttle_days; asks.ts reads it for every ask), changed and audited as
 * survey_settings_changed the one way brand settings are (features/loyalty/audited-setting.ts).
 */
import { eq } from "drizzle-orm";
import type { SurveySettings } from "../../../contract/surveys";
import type { Problem } from "../../../domain/problems";
import { DEFAULT_GLOBAL_THROTTLE_DAYS, GLOBAL_THROTTLE_DAYS_LIMITS, globalThrottleProblems } from "../../../domain/surveys/fatigue";
import type { Db, Tx } from "../../db/client";
import { loyaltySettings } from "../../db/schema";
import { changeAuditedSetting, lastSettingChange } from "../loyalty/audited-setting";

export const GLOBAL_THROTTLE_SETTING = "survey_global_throttle_days";

async function settingsOf(q: Db | Tx, brandId: string): Promise<SurveySettings> {
  const [row] = await q
    .select({ days: loyaltySettings.surveyGlobalThrottleDays })
    .from(loyaltySettings)
    .where(eq(loyaltySettings.brandId, brandId));
  return {
    globalThrottleDays: row?.days ?? DEFAULT_GLOBAL_THROTTLE_DAYS,
    limits: { ...GLOBAL_THROTTLE_DAYS_LIMITS, default: DEFAULT_GLOBAL_THROTTLE_DAYS },
    ...(await lastSettingChange(q, brandId, "survey_settings_changed")),
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
  const value = await changeAuditedSetting(
    db,
    now,
    actor,
    {
      column: "surveyGlobalThrottleDays",
      value: input.globalThrottleDays,
      action: "survey_settings_changed",
      setting: GLOBAL_THROTTLE_SETTING,
    },
    (tx) => settingsOf(tx, actor.brandId),
  );
  return { ok: true, value };
}

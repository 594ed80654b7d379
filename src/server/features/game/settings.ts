/**
 * The brand's game settings (console): the point value in VND (loyalty_settings point_value_vnd)
 * the wheel's results cost the points given at; changed and audited as game_settings_changed
 * the one way brand settings are (features/loyalty/audited-setting.ts).
 */
import { eq } from "drizzle-orm";
import type { GameSettings } from "../../../contract/game";
import { POINT_VALUE_VND_LIMITS, pointValueProblems } from "../../../domain/game/point-value";
import type { Problem } from "../../../domain/problems";
import type { Db, Tx } from "../../db/client";
import { loyaltySettings } from "../../db/schema";
import { changeAuditedSetting, lastSettingChange } from "../loyalty/audited-setting";

export const POINT_VALUE_SETTING = "point_value_vnd";

async function settingsOf(q: Db | Tx, brandId: string): Promise<GameSettings> {
  const [row] = await q
    .select({ pointValueVnd: loyaltySettings.pointValueVnd })
    .from(loyaltySettings)
    .where(eq(loyaltySettings.brandId, brandId));
  return {
    pointValueVnd: row?.pointValueVnd ?? null,
    limits: { ...POINT_VALUE_VND_LIMITS },
    ...(await lastSettingChange(q, brandId, "game_settings_changed")),
  };
}

export function gameSettings(db: Db, brandId: string): Promise<GameSettings> {
  return settingsOf(db, brandId);
}

export type GameSettingsOutcome = { ok: true; value: GameSettings } | { ok: false; issues: Problem[] };

export async function updateGameSettings(
  db: Db,
  now: number,
  actor: { userId: string; brandId: string },
  input: { pointValueVnd: number | null },
): Promise<GameSettingsOutcome> {
  const issues = pointValueProblems(input.pointValueVnd);
  if (issues.length) return { ok: false, issues };
  const value = await changeAuditedSetting(
    db,
    now,
    actor,
    { column: "pointValueVnd", value: input.pointValueVnd, action: "game_settings_changed", setting: POINT_VALUE_SETTING },
    (tx) => settingsOf(tx, actor.brandId),
  );
  return { ok: true, value };
}

/**
 * The brand's game settings (console): the point value in VND (loyalty_settings point_value_vnd)
 * the wheel's results cost the points given at. A change is one transaction under the settings
 * row's lock, with an audit_events row game_settings_changed (who, when, from, to) — the last of
 * which the console shows; saving the value it already has changes and records nothing. The
 * same pattern as the survey settings (features/surveys/settings.ts).
 */
import { and, desc, eq } from "drizzle-orm";
import type { GameSettings } from "../../../contract/game";
import { POINT_VALUE_VND_LIMITS, pointValueProblems } from "../../../domain/game/point-value";
import { DEFAULT_TIER_RULES } from "../../../domain/loyalty/tiers";
import type { Problem } from "../../../domain/problems";
import type { Db, Tx } from "../../db/client";
import { auditEvents, loyaltySettings, users } from "../../db/schema";

export const POINT_VALUE_SETTING = "point_value_vnd";

async function lastChange(q: Db | Tx, brandId: string) {
  const [row] = await q
    .select({ at: auditEvents.at, name: users.displayName })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.brandId, brandId), eq(auditEvents.action, "game_settings_changed")))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(1);
  return { changedAt: row ? row.at.toISOString() : null, changedBy: row?.name ?? null };
}

async function settingsOf(q: Db | Tx, brandId: string): Promise<GameSettings> {
  const [row] = await q
    .select({ pointValueVnd: loyaltySettings.pointValueVnd })
    .from(loyaltySettings)
    .where(eq(loyaltySettings.brandId, brandId));
  return { pointValueVnd: row?.pointValueVnd ?? null, limits: { ...POINT_VALUE_VND_LIMITS }, ...(await lastChange(q, brandId)) };
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
  const value = await db.transaction(async (tx: Tx) => {
    // A brand that never saved loyalty settings has no row: create it with the defaults, so the
    // lock below has a row to hold (two first saves take turns on it).
    await tx
      .insert(loyaltySettings)
      .values({ brandId: actor.brandId, tierRules: DEFAULT_TIER_RULES })
      .onConflictDoNothing({ target: loyaltySettings.brandId });
    const [row] = await tx
      .select({ pointValueVnd: loyaltySettings.pointValueVnd })
      .from(loyaltySettings)
      .where(eq(loyaltySettings.brandId, actor.brandId))
      .for("update");
    const from = row!.pointValueVnd;
    if (from !== input.pointValueVnd) {
      const at = new Date(now);
      await tx
        .update(loyaltySettings)
        .set({ pointValueVnd: input.pointValueVnd, updatedAt: at })
        .where(eq(loyaltySettings.brandId, actor.brandId));
      await tx.insert(auditEvents).values({
        brandId: actor.brandId,
        actorId: actor.userId,
        action: "game_settings_changed",
        subjectId: actor.brandId,
        at,
        detail: { setting: POINT_VALUE_SETTING, from, to: input.pointValueVnd },
      });
    }
    return settingsOf(tx, actor.brandId);
  });
  return { ok: true, value };
}

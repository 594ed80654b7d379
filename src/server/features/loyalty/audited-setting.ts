/**
 * One brand-wide setting kept in loyalty_settings and changed from the console (the survey
 * throttle, the point value in VND): a change is one transaction under the settings row's lock,
 * with an audit_events row (who, when, from, to) whose latest the console shows as "last
 * changed"; saving the value it already has changes and records nothing.
 */
import { and, desc, eq } from "drizzle-orm";
import { DEFAULT_TIER_RULES } from "../../../domain/loyalty/tiers";
import type { Db, Tx } from "../../db/client";
import { auditEvents, loyaltySettings, users } from "../../db/schema";

type Action = (typeof auditEvents.$inferInsert)["action"];
/** The loyalty_settings columns changed this way. */
type Column = "pointValueVnd" | "surveyGlobalThrottleDays";
type Value<C extends Column> = (typeof loyaltySettings.$inferSelect)[C];

/** When the setting was last changed and by whom (null when never, or by no console user). */
export async function lastSettingChange(q: Db | Tx, brandId: string, action: Action) {
  const [row] = await q
    .select({ at: auditEvents.at, name: users.displayName })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.brandId, brandId), eq(auditEvents.action, action)))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(1);
  return { changedAt: row ? row.at.toISOString() : null, changedBy: row?.name ?? null };
}

/**
 * Sets `column` to `value` and audits it as `action` (detail: `setting`, from, to), then returns
 * what `read` gives inside the same transaction. The caller has validated `value`.
 */
export function changeAuditedSetting<C extends Column, T>(
  db: Db,
  now: number,
  actor: { userId: string; brandId: string },
  change: { column: C; value: Value<C>; action: Action; setting: string },
  read: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx: Tx) => {
    // A brand that never saved loyalty settings has no row: create it with the defaults, so
    // the lock below has a row to hold (two first saves take turns on it).
    await tx
      .insert(loyaltySettings)
      .values({ brandId: actor.brandId, tierRules: DEFAULT_TIER_RULES })
      .onConflictDoNothing({ target: loyaltySettings.brandId });
    const [row] = await tx
      .select({ value: loyaltySettings[change.column] })
      .from(loyaltySettings)
      .where(eq(loyaltySettings.brandId, actor.brandId))
      .for("update");
    const from = row!.value as Value<C>;
    if (from !== change.value) {
      const at = new Date(now);
      await tx
        .update(loyaltySettings)
        .set({ [change.column]: change.value, updatedAt: at })
        .where(eq(loyaltySettings.brandId, actor.brandId));
      await tx.insert(auditEvents).values({
        brandId: actor.brandId,
        actorId: actor.userId,
        action: change.action,
        subjectId: actor.brandId,
        at,
        detail: { setting: change.setting, from, to: change.value },
      });
    }
    return read(tx);
  });
}

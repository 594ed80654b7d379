/**
 * A brand's triggers as configured (issue 15; decision 0039): one row per kind once saved; a
 * kind never saved is off with its defaults, except the welcome, which sends with the template
 * registered for it as it did before triggers existed. A change is one transaction under an
 * optimistic lock, audited (trigger_changed) like the brand's other settings.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Trigger, TriggerList, TriggerUpdateRequest } from "../../../contract/triggers";
import { mappingProblems } from "../../../domain/campaigns/mapping";
import { problem, type Problem } from "../../../domain/problems";
import { DEFAULT_SETTINGS, TRIGGER_KINDS, VOUCHER_KINDS, type TriggerKind, type TriggerSettings } from "../../../domain/triggers/triggers";
import type { Db, Tx } from "../../db/client";
import { auditEvents, brandTriggers, rewards, users, znsTemplates } from "../../db/schema";
import { restartWelcomeCursor } from "../messaging/enqueue";

export type TriggerRow = typeof brandTriggers.$inferSelect;
export type TemplateRow = typeof znsTemplates.$inferSelect;

/** Kinds whose message is not chosen here: the welcome's is the template registered for it, the survey's the survey's channel's. */
export const OWN_TEMPLATE_KINDS: readonly TriggerKind[] = ["welcome", "post_purchase_survey"];

/** What a trigger is now: its row, or the kind's defaults. */
export type EffectiveTrigger = {
  kind: TriggerKind;
  enabled: boolean;
  templateId: string | null;
  params: TriggerRow["params"];
  settings: TriggerSettings;
  version: number;
  enabledAt: Date | null;
};

export function effective(kind: TriggerKind, row: TriggerRow | undefined): EffectiveTrigger {
  return {
    kind,
    // The welcome went out before triggers existed: with no row it stays on.
    enabled: row ? row.enabled : kind === "welcome",
    templateId: row?.templateId ?? null,
    params: row?.params ?? [],
    settings: { ...DEFAULT_SETTINGS[kind], ...pick(kind, row?.settings ?? {}) },
    version: row?.version ?? 1,
    enabledAt: row?.enabledAt ?? null,
  };
}

/** Only the settings the kind has (DEFAULT_SETTINGS names them). */
function pick(kind: TriggerKind, s: TriggerSettings): TriggerSettings {
  const out: TriggerSettings = {};
  for (const key of Object.keys(DEFAULT_SETTINGS[kind]) as (keyof TriggerSettings)[])
    if (s[key] !== undefined) (out as Record<string, unknown>)[key] = s[key];
  return out;
}

export async function loadTriggers(q: Db | Tx, brandId: string): Promise<Map<TriggerKind, EffectiveTrigger>> {
  const rows = await q.select().from(brandTriggers).where(eq(brandTriggers.brandId, brandId));
  const by = new Map(rows.map((r) => [r.kind, r]));
  return new Map(TRIGGER_KINDS.map((k) => [k, effective(k, by.get(k))]));
}

export async function loadTrigger(q: Db | Tx, brandId: string, kind: TriggerKind): Promise<EffectiveTrigger> {
  const [row] = await q
    .select()
    .from(brandTriggers)
    .where(and(eq(brandTriggers.brandId, brandId), eq(brandTriggers.kind, kind)));
  return effective(kind, row);
}

/** The template a trigger sends with now: its own choice, or for the welcome the one registered for it; active only. */
export async function templateOf(q: Db | Tx, brandId: string, t: EffectiveTrigger): Promise<TemplateRow | null> {
  const [row] = t.templateId
    ? await q
        .select()
        .from(znsTemplates)
        .where(and(eq(znsTemplates.brandId, brandId), eq(znsTemplates.id, t.templateId), eq(znsTemplates.active, true)))
    : t.kind === "welcome"
      ? await q
          .select()
          .from(znsTemplates)
          .where(and(eq(znsTemplates.brandId, brandId), eq(znsTemplates.trigger, "welcome"), eq(znsTemplates.active, true)))
      : [];
  return row ?? null;
}

async function lastChanges(q: Db | Tx, brandId: string) {
  const rows = await q
    .select({ at: auditEvents.at, name: users.displayName, detail: auditEvents.detail })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.brandId, brandId), eq(auditEvents.action, "trigger_changed")))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(500);
  const out = new Map<string, { at: Date; name: string | null }>();
  for (const r of rows) {
    const kind = String(r.detail?.kind ?? "");
    if (!out.has(kind)) out.set(kind, { at: r.at, name: r.name });
  }
  return out;
}

export async function triggerView(
  q: Db | Tx,
  brandId: string,
  t: EffectiveTrigger,
  changes?: Map<string, { at: Date; name: string | null }>,
) {
  const template = await templateOf(q, brandId, t);
  const change = (changes ?? (await lastChanges(q, brandId))).get(t.kind);
  const view: Trigger = {
    kind: t.kind,
    enabled: t.enabled,
    templateId: t.templateId,
    template: template ? { id: template.id, name: template.name, tag: template.tag, preview: template.preview } : null,
    params: t.params,
    settings: t.settings,
    version: t.version,
    enabledAt: t.enabledAt?.toISOString() ?? null,
    changedAt: change?.at.toISOString() ?? null,
    changedBy: change?.name ?? null,
  };
  return view;
}

export async function triggerList(db: Db, brandId: string): Promise<TriggerList> {
  const all = await loadTriggers(db, brandId);
  const changes = await lastChanges(db, brandId);
  const items: Trigger[] = [];
  for (const t of all.values()) items.push(await triggerView(db, brandId, t, changes));
  const templates = await db
    .select({
      id: znsTemplates.id,
      name: znsTemplates.name,
      tag: znsTemplates.tag,
      preview: znsTemplates.preview,
      params: znsTemplates.params,
    })
    .from(znsTemplates)
    .where(and(eq(znsTemplates.brandId, brandId), eq(znsTemplates.active, true), isNull(znsTemplates.trigger)))
    .orderBy(znsTemplates.name);
  const rewardRows = await db
    .select({ id: rewards.id, name: rewards.name })
    .from(rewards)
    .where(and(eq(rewards.brandId, brandId), eq(rewards.active, true)))
    .orderBy(rewards.name);
  return { items, templates, rewards: rewardRows };
}

/** What is wrong with a configuration, beyond its shape, at the request's paths. */
export async function triggerProblems(q: Db | Tx, brandId: string, kind: TriggerKind, input: TriggerUpdateRequest): Promise<Problem[]> {
  const out: Problem[] = [];
  for (const key of Object.keys(input.settings) as (keyof TriggerSettings)[])
    if (!(key in DEFAULT_SETTINGS[kind])) out.push(problem("setting_not_applicable", `settings.${key}`));
  if (OWN_TEMPLATE_KINDS.includes(kind)) {
    if (input.templateId !== null) out.push(problem("setting_not_applicable", "templateId"));
    if (input.params.length) out.push(problem("setting_not_applicable", "params"));
  } else if (input.templateId === null) {
    if (input.enabled) out.push(problem("template_required", "templateId"));
    if (input.params.length) out.push(problem("template_required", "templateId"));
  } else {
    const [template] = await q
      .select()
      .from(znsTemplates)
      .where(and(eq(znsTemplates.brandId, brandId), eq(znsTemplates.id, input.templateId)));
    if (!template) out.push(problem("template_unknown", "templateId"));
    else {
      if (!template.active) out.push(problem("template_inactive", "templateId"));
      if (template.trigger) out.push(problem("template_automatic", "templateId", { trigger: template.trigger }));
      // A voucher's code and name are this trigger's own values when it issues one.
      const voucherFields = VOUCHER_KINDS.includes(kind) && input.settings.rewardId ? ["voucher_code", "reward_name"] : [];
      out.push(
        ...mappingProblems(template, input.params).filter(
          (p) => !(p.code === "survey_field" && voucherFields.includes(String(p.params?.field))),
        ),
      );
    }
  }
  const rewardId = input.settings.rewardId;
  if (rewardId && VOUCHER_KINDS.includes(kind)) {
    const [reward] = await q
      .select({ id: rewards.id })
      .from(rewards)
      .where(and(eq(rewards.brandId, brandId), eq(rewards.id, rewardId), eq(rewards.active, true)));
    if (!reward) out.push(problem("reward_unknown", "settings.rewardId"));
  }
  return out;
}

/**
 * Saves a configuration if the trigger is still at `basedOnVersion`; false otherwise. Audited
 * with what changed; saving what is already there changes and records nothing.
 */
export function saveTrigger(
  db: Db,
  now: number,
  actor: { userId: string; brandId: string },
  kind: TriggerKind,
  input: TriggerUpdateRequest,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    // The row is created (with the kind's defaults) so the lock below has a row to hold.
    const before = await loadTrigger(tx, actor.brandId, kind);
    await tx
      .insert(brandTriggers)
      .values({ brandId: actor.brandId, kind, enabled: before.enabled, settings: {}, updatedAt: new Date(now) })
      .onConflictDoNothing();
    const [row] = await tx
      .select()
      .from(brandTriggers)
      .where(and(eq(brandTriggers.brandId, actor.brandId), eq(brandTriggers.kind, kind)))
      .for("update");
    if (row!.version !== input.basedOnVersion) return false;
    const current = effective(kind, row);
    const settings = { ...DEFAULT_SETTINGS[kind], ...pick(kind, input.settings) };
    const changed: string[] = [];
    if (current.enabled !== input.enabled) changed.push("enabled");
    if (current.templateId !== input.templateId) changed.push("template");
    if (JSON.stringify(current.params) !== JSON.stringify(input.params)) changed.push("params");
    if (JSON.stringify(current.settings) !== JSON.stringify(settings)) changed.push("settings");
    if (!changed.length) return true;
    const at = new Date(now);
    await tx
      .update(brandTriggers)
      .set({
        enabled: input.enabled,
        templateId: input.templateId,
        params: input.params,
        settings,
        version: row!.version + 1,
        // Switching on starts the event kinds from now: the past is not messaged.
        enabledAt: input.enabled && !current.enabled ? at : row!.enabledAt,
        updatedAt: at,
      })
      .where(and(eq(brandTriggers.brandId, actor.brandId), eq(brandTriggers.kind, kind)));
    // The welcome's cursor did not move while it was off: switched on, it starts now instead of welcoming that backlog at once.
    if (kind === "welcome" && input.enabled && !current.enabled) await restartWelcomeCursor(tx, actor.brandId);
    await tx.insert(auditEvents).values({
      brandId: actor.brandId,
      actorId: actor.userId,
      action: "trigger_changed",
      subjectId: actor.brandId,
      at,
      detail: {
        kind,
        version: row!.version + 1,
        enabled: input.enabled,
        changed: changed.join(","),
        templateId: input.templateId,
        settings: JSON.stringify(settings),
      },
    });
    return true;
  });
}

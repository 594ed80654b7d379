/**
 * The programme settings in the console (issue 16, docs/decisions/0041). The current version
 * lives where every event already reads it, in its own transaction: loyalty_settings' columns
 * (earn rule, tiers, lot validity, profile bonus) and the promotions rows. A save replaces them
 * under the settings row's lock, appends the whole programme to programme_versions and writes an
 * audit row, all in one transaction; an event therefore runs under exactly one version, the one
 * committed when it read, and nothing already in the ledger or in a lot is recomputed.
 */
import { and, arrayOverlaps, asc, count, desc, eq, gt, inArray, isNull, notInArray, sql, type SQL } from "drizzle-orm";
import {
  programmeFromSettings,
  type ProgrammePreview,
  type ProgrammePreviewRequest,
  type ProgrammeSettings,
  type ProgrammeUpdate,
  type ProgrammeView,
} from "../../../contract/programme";
import { DEFAULT_EARN_RULE } from "../../../domain/loyalty/earn";
import {
  changedParts,
  previewProgramme,
  PROGRAMME_LIMITS,
  validateProgramme,
  type Programme,
  type ProgrammePart,
} from "../../../domain/loyalty/programme";
import { DEFAULT_TIER_RULES, qualifyingTier, type TierCode } from "../../../domain/loyalty/tiers";
import { DAY_MS } from "../../../domain/loyalty/vietnam-time";
import type { Problem } from "../../../domain/problems";
import type { Db, Tx } from "../../db/client";
import {
  auditEvents,
  ledgerEntries,
  loyaltySettings,
  members,
  programmeVersions,
  promotions,
  rewards,
  stores,
  users,
} from "../../db/schema";
import { DEFAULT_LOT_VALIDITY_MONTHS } from "./settings";

const DEFAULT_PROFILE_BONUS = 50;

function toSettings(p: Programme): ProgrammeSettings {
  return {
    ...p,
    promotions: p.promotions.map((x) => ({ ...x, startsAt: new Date(x.startsAt).toISOString(), endsAt: new Date(x.endsAt).toISOString() })),
  };
}

/** The programme in force now and its version number. */
async function current(q: Db | Tx, brandId: string, lock: boolean): Promise<{ version: number; programme: Programme }> {
  const select = q.select().from(loyaltySettings).where(eq(loyaltySettings.brandId, brandId));
  const [row] = lock ? await select.for("update") : await select;
  const promos = await q
    .select({
      id: promotions.id,
      name: promotions.name,
      bps: promotions.bps,
      startsAt: promotions.startsAt,
      endsAt: promotions.endsAt,
      storeIds: promotions.storeIds,
    })
    .from(promotions)
    .where(eq(promotions.brandId, brandId))
    .orderBy(asc(promotions.startsAt), asc(promotions.id));
  return {
    version: row?.programmeVersion ?? 0,
    programme: {
      earnRule: row ? { vndPerPoint: row.vndPerPoint, maxBillVnd: row.maxBillVnd } : DEFAULT_EARN_RULE,
      tierRules: row?.tierRules ?? DEFAULT_TIER_RULES,
      lotValidityMonths: row?.lotValidityMonths ?? DEFAULT_LOT_VALIDITY_MONTHS,
      profileBonusPoints: row?.profileBonusPoints ?? DEFAULT_PROFILE_BONUS,
      promotions: promos.map((p) => ({ ...p, startsAt: p.startsAt.getTime(), endsAt: p.endsAt.getTime() })),
    },
  };
}

const brandStores = (q: Db | Tx, brandId: string) =>
  q
    .select({ id: stores.id, name: stores.name, active: stores.active })
    .from(stores)
    .where(eq(stores.brandId, brandId))
    .orderBy(asc(stores.name));

async function view(q: Db | Tx, brandId: string): Promise<ProgrammeView> {
  const { version, programme } = await current(q, brandId, false);
  const history = await q
    .select({
      version: programmeVersions.version,
      at: programmeVersions.createdAt,
      by: users.displayName,
      changed: programmeVersions.changed,
    })
    .from(programmeVersions)
    .leftJoin(users, eq(users.id, programmeVersions.createdBy))
    .where(eq(programmeVersions.brandId, brandId))
    .orderBy(desc(programmeVersions.version))
    .limit(20);
  const latest = history[0];
  return {
    version,
    settings: toSettings(programme),
    changedAt: latest ? latest.at.toISOString() : null,
    changedBy: latest?.by ?? null,
    stores: await brandStores(q, brandId),
    history: history.map((h) => ({ version: h.version, at: h.at.toISOString(), by: h.by, changed: h.changed as ProgrammePart[] })),
    limits: Object.fromEntries(Object.entries(PROGRAMME_LIMITS).map(([k, v]) => [k, { ...v }])),
  };
}

export function programmeView(db: Db, brandId: string): Promise<ProgrammeView> {
  return view(db, brandId);
}

/**
 * Rewards (on or off: one turned back on would be offered to nobody) limited to a tier that
 * `next` removes — the save is refused while there are any (decision 0049). The first `limit`
 * by name, and how many in all.
 */
async function rewardsOnRemovedTiers(q: Db | Tx, brandId: string, before: Programme, next: Programme, limit: number) {
  const kept = new Set(next.tierRules.tiers.map((t) => t.code));
  const removed = before.tierRules.tiers.map((t) => t.code).filter((c) => !kept.has(c));
  if (removed.length === 0) return { count: 0, rewards: [] };
  const where = and(eq(rewards.brandId, brandId), arrayOverlaps(rewards.eligibleTiers, removed));
  const [total] = await q.select({ n: count() }).from(rewards).where(where);
  const list = await q
    .select({ id: rewards.id, name: rewards.name, tiers: rewards.eligibleTiers })
    .from(rewards)
    .where(where)
    .orderBy(asc(rewards.name), asc(rewards.id))
    .limit(limit);
  return {
    count: total?.n ?? 0,
    rewards: list.map((r) => ({ id: r.id, name: r.name, tiers: (r.tiers ?? []).filter((c) => removed.includes(c)) })),
  };
}

/**
 * Which of `tiers` (a reward's eligible tiers) the brand's programme does not have — a reward
 * limited to one would be offered to nobody. Read under a share lock on the settings row, in
 * the reward write's transaction: the programme save holds that row FOR UPDATE while it checks
 * rewardsOnRemovedTiers, so a tier removal and a reward write naming it take turns (0049).
 */
export async function tiersNotInProgramme(tx: Tx, brandId: string, tiers: readonly TierCode[] | null | undefined) {
  if (!tiers?.length) return [];
  // As in updateProgramme: a brand without a settings row gets one, so there is a row to lock.
  await tx
    .insert(loyaltySettings)
    .values({ brandId, tierRules: DEFAULT_TIER_RULES })
    .onConflictDoNothing({ target: loyaltySettings.brandId });
  const [row] = await tx
    .select({ tierRules: loyaltySettings.tierRules })
    .from(loyaltySettings)
    .where(eq(loyaltySettings.brandId, brandId))
    .for("share");
  const kept = new Set(row!.tierRules.tiers.map((t) => t.code));
  return tiers.filter((c) => !kept.has(c));
}

export type ProgrammeOutcome =
  | { ok: true; value: ProgrammeView }
  | { ok: false; code: "programme_invalid"; issues: Problem[] }
  | { ok: false; code: "programme_version_conflict"; current: number }
  | { ok: false; code: "programme_tier_in_use"; count: number; issues: Problem[] };

/** Saves a new version when anything differs (same settings again: no version, no audit). */
export async function updateProgramme(
  db: Db,
  now: number,
  actor: { userId: string; brandId: string },
  input: ProgrammeUpdate,
): Promise<ProgrammeOutcome> {
  const next = programmeFromSettings(input.settings);
  return db.transaction(async (tx: Tx): Promise<ProgrammeOutcome> => {
    // A brand that never saved loyalty settings has no row: create it with the defaults so the
    // lock below has a row to hold (two first saves take turns on it).
    await tx
      .insert(loyaltySettings)
      .values({ brandId: actor.brandId, tierRules: DEFAULT_TIER_RULES })
      .onConflictDoNothing({ target: loyaltySettings.brandId });
    const before = await current(tx, actor.brandId, true);
    if (before.version !== input.basedOnVersion) return { ok: false, code: "programme_version_conflict", current: before.version };
    const storeIds = (await brandStores(tx, actor.brandId)).map((s) => s.id);
    const issues = validateProgramme(next, storeIds);
    if (issues.length) return { ok: false, code: "programme_invalid", issues };
    const changed = changedParts(before.programme, next);
    if (changed.length === 0) return { ok: true, value: await view(tx, actor.brandId) };
    // A reward limited to a removed tier would be offered to nobody, silently: refused, naming
    // them (at most 50), until each reward's tiers are changed (decision 0049).
    const inUse = await rewardsOnRemovedTiers(tx, actor.brandId, before.programme, next, 50);
    if (inUse.count > 0)
      return {
        ok: false,
        code: "programme_tier_in_use",
        count: inUse.count,
        issues: inUse.rewards.map((r) => ({
          code: "tier_has_rewards",
          field: "tierRules.tiers",
          params: { reward: r.name, rewardId: r.id, tiers: r.tiers.join(",") },
        })),
      };

    const version = before.version + 1;
    const at = new Date(now);
    await tx
      .update(loyaltySettings)
      .set({
        vndPerPoint: next.earnRule.vndPerPoint,
        maxBillVnd: next.earnRule.maxBillVnd,
        tierRules: next.tierRules,
        lotValidityMonths: next.lotValidityMonths,
        profileBonusPoints: next.profileBonusPoints,
        programmeVersion: version,
        updatedAt: at,
      })
      .where(eq(loyaltySettings.brandId, actor.brandId));
    if (changed.includes("promotions")) {
      // Nothing refers to a promotion row (an earn keeps the multiplier it got), so the set is
      // replaced whole; ids are the console's and stay the same across versions.
      await tx.delete(promotions).where(eq(promotions.brandId, actor.brandId));
      if (next.promotions.length)
        await tx.insert(promotions).values(
          next.promotions.map((p) => ({
            id: p.id,
            brandId: actor.brandId,
            name: p.name.trim(),
            bps: p.bps,
            startsAt: new Date(p.startsAt),
            endsAt: new Date(p.endsAt),
            storeIds: p.storeIds,
          })),
        );
    }
    // A tier the brand removed does not vanish from under its members: they move now, in this
    // transaction, to the tier their qualifying spend gives under the new rules (what the
    // preview said). Everyone else's tier follows at their next evaluation, as before.
    const kept = next.tierRules.tiers.map((t) => t.code);
    const stranded = await memberSpends(tx, actor.brandId, now, next.tierRules.windowDays, notInArray(members.tier, kept));
    const moves = new Map<TierCode, string[]>();
    for (const m of stranded) {
      const to = qualifyingTier(m.spendVnd, next.tierRules);
      moves.set(to, [...(moves.get(to) ?? []), m.id]);
    }
    // In slices: a statement's parameters are bounded (65,535 in PostgreSQL's protocol).
    for (const [tier, ids] of moves)
      for (let i = 0; i < ids.length; i += 5000)
        await tx
          .update(members)
          .set({ tier, tierPendingSince: null })
          .where(and(eq(members.brandId, actor.brandId), inArray(members.id, ids.slice(i, i + 5000))));
    await tx
      .insert(programmeVersions)
      .values({ brandId: actor.brandId, version, settings: next, changed, createdBy: actor.userId, createdAt: at });
    await tx.insert(auditEvents).values({
      brandId: actor.brandId,
      actorId: actor.userId,
      action: "programme_changed",
      subjectId: actor.brandId,
      at,
      detail: {
        version,
        changed: changed.join(","),
        vndPerPoint: next.earnRule.vndPerPoint,
        tiers: kept.join(","),
        membersMoved: stranded.length,
      },
    });
    return { ok: true, value: await view(tx, actor.brandId) };
  });
}

/**
 * Each member's tier and rolling spend under `windowDays`, the way qualifyingSpend sums it
 * (earns less reversals, floored at 0), in one grouped query. Erased members are left out.
 */
async function memberSpends(
  db: Db | Tx,
  brandId: string,
  now: number,
  windowDays: number,
  only?: SQL,
): Promise<{ id: string; tier: TierCode; spendVnd: number }[]> {
  const rows = await db
    .select({
      id: members.id,
      tier: members.tier,
      spend: sql<string>`coalesce(sum(case when ${ledgerEntries.kind} = 'earn' then ${ledgerEntries.billVnd} when ${ledgerEntries.kind} = 'reversal' then -${ledgerEntries.billVnd} else 0 end), 0)`,
    })
    .from(members)
    .leftJoin(
      ledgerEntries,
      and(
        eq(ledgerEntries.memberId, members.id),
        inArray(ledgerEntries.kind, ["earn", "reversal"]),
        gt(ledgerEntries.occurredAt, new Date(now - windowDays * DAY_MS)),
      ),
    )
    .where(and(eq(members.brandId, brandId), isNull(members.erasedAt), only))
    .groupBy(members.id, members.tier);
  return rows.map((r) => ({ id: r.id, tier: r.tier, spendVnd: Math.max(0, Number(r.spend)) }));
}

export type PreviewOutcome = { ok: true; value: ProgrammePreview } | { ok: false; code: "programme_invalid"; issues: Problem[] };

export async function programmePreview(db: Db, now: number, brandId: string, input: ProgrammePreviewRequest): Promise<PreviewOutcome> {
  const after = programmeFromSettings(input.settings);
  const issues = validateProgramme(
    after,
    (await brandStores(db, brandId)).map((s) => s.id),
  );
  if (issues.length) return { ok: false, code: "programme_invalid", issues };
  const { programme: before } = await current(db, brandId, false);
  const { count: n, rewards: list } = await rewardsOnRemovedTiers(db, brandId, before, after, 10);
  const p = previewProgramme({
    before,
    after,
    billVnd: input.billVnd,
    at: now,
    members: await memberSpends(db, brandId, now, after.tierRules.windowDays),
  });
  return {
    ok: true,
    value: {
      billVnd: input.billVnd,
      ...p,
      tierRewards: { count: n, rewards: list.map((r) => ({ id: r.id, name: r.name })) },
      lotExpiresAt: { before: new Date(p.lotExpiresAt.before).toISOString(), after: new Date(p.lotExpiresAt.after).toISOString() },
    },
  };
}

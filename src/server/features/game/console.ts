/**
 * Wheel campaigns as the console manages them (issue 14; decision 0031): create a draft, save
 * edits, publish, pause, resume, preview the odds. Every save is a new immutable version (the
 * draws keep the version they were drawn under, so the rules a member read stay true for them);
 * `changesOdds` on the version says whether it moved odds, prizes or caps. A segment's `stock` is
 * the prizes the campaign may give in all: a new version sets stock_left = stock − won for a kept
 * segment, so raising stock adds prizes and lowering it never takes back what was won.
 * Every change is one transaction under the campaign row's lock (the lock spins take, after the
 * member's) with an audit_events row game_campaign_changed.
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { ConsoleGameCampaign, ConsoleGameCampaignDetail, GameCampaignInput } from "../../../contract/game";
import { effectiveWeights, oddsOf, oddsPercent } from "../../../domain/game/draw";
import { gameDay } from "../../../domain/game/plays";
import { changesOdds, validateWheelCampaign, type CampaignStatus, type WheelCampaignConfig } from "../../../domain/game/wheel";
import { problem, type Problem } from "../../../domain/problems";
import type { Db, Tx } from "../../db/client";
import { auditEvents, gameCampaigns, gameCampaignVersions, gamePrizeStock, rewards, stores, users } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import { createCampaign } from "./campaigns";
import { wheelState, type Campaign } from "./state";

type Actor = { userId: string; brandId: string };
export type SaveOutcome = Outcome<ConsoleGameCampaignDetail> | { ok: false; code: "game_invalid"; message: string; issues: Problem[] };

export function toConfig(input: GameCampaignInput): WheelCampaignConfig {
  return { ...input, startsAt: Date.parse(input.startsAt), endsAt: Date.parse(input.endsAt) };
}

/** Problems only the database can see: a reward or store that is not the brand's (or a reward switched off). */
async function referenceProblems(db: Db | Tx, brandId: string, config: WheelCampaignConfig): Promise<Problem[]> {
  const out: Problem[] = [];
  const rewardIds = [...new Set(config.segments.flatMap((s) => (s.prize === "reward" && s.rewardId ? [s.rewardId] : [])))];
  if (rewardIds.length) {
    const rows = await db
      .select({ id: rewards.id })
      .from(rewards)
      .where(and(inArray(rewards.id, rewardIds), eq(rewards.brandId, brandId), eq(rewards.active, true)));
    const known = new Set(rows.map((r) => r.id));
    config.segments.forEach((s, i) => {
      if (s.prize === "reward" && s.rewardId && !known.has(s.rewardId)) out.push(problem("reward_unknown", `segments.${i}.rewardId`));
    });
  }
  if (config.gates.storeIds?.length) {
    const rows = await db
      .select({ id: stores.id })
      .from(stores)
      .where(and(inArray(stores.id, config.gates.storeIds), eq(stores.brandId, brandId)));
    if (rows.length !== new Set(config.gates.storeIds).size) out.push(problem("store_unknown", "gates.storeIds"));
  }
  return out;
}

async function problemsOf(db: Db | Tx, brandId: string, config: WheelCampaignConfig): Promise<Problem[]> {
  const own = validateWheelCampaign(config);
  // Dates that do not parse make NaN; the contract's Instant already refused them, this is the last guard.
  return own.length ? own : referenceProblems(db, brandId, config);
}

const invalid = (issues: Problem[]) => ({
  ok: false as const,
  code: "game_invalid" as const,
  message: "The campaign has problems.",
  issues,
});

function toInput(config: WheelCampaignConfig): GameCampaignInput {
  return { ...config, startsAt: new Date(config.startsAt).toISOString(), endsAt: new Date(config.endsAt).toISOString() };
}

async function loadAll(db: Db | Tx, brandId: string, ids?: string[]) {
  const rows = await db
    .select({ c: gameCampaigns, config: gameCampaignVersions.config })
    .from(gameCampaigns)
    .innerJoin(
      gameCampaignVersions,
      and(eq(gameCampaignVersions.campaignId, gameCampaigns.id), eq(gameCampaignVersions.version, gameCampaigns.version)),
    )
    .where(and(eq(gameCampaigns.brandId, brandId), ids ? inArray(gameCampaigns.id, ids) : undefined))
    .orderBy(desc(gameCampaigns.createdAt), desc(gameCampaigns.id));
  const campaigns: Campaign[] = rows.map((r) => ({ ...r.c, config: r.config }));
  const stockRows = campaigns.length
    ? await db
        .select()
        .from(gamePrizeStock)
        .where(
          inArray(
            gamePrizeStock.campaignId,
            campaigns.map((c) => c.id),
          ),
        )
    : [];
  return campaigns.map((c) => {
    const stock = new Map(stockRows.filter((s) => s.campaignId === c.id).map((s) => [s.segmentId, s.stockLeft]));
    const stockLeft: Record<string, number | null> = {};
    for (const s of c.config.segments) stockLeft[s.id] = s.prize === "nothing" ? null : stock.has(s.id) ? stock.get(s.id)! : s.stock;
    const view: ConsoleGameCampaign = {
      ...toInput(c.config),
      id: c.id,
      status: c.status,
      version: c.version,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      stockLeft,
      spins: c.spins,
      wins: c.wins,
    };
    return view;
  });
}

export function listCampaigns(db: Db, brandId: string): Promise<ConsoleGameCampaign[]> {
  return loadAll(db, brandId);
}

export async function campaignDetail(db: Db | Tx, brandId: string, campaignId: string): Promise<ConsoleGameCampaignDetail | null> {
  const [view] = await loadAll(db, brandId, [campaignId]);
  if (!view) return null;
  const versions = await db
    .select({
      version: gameCampaignVersions.version,
      createdAt: gameCampaignVersions.createdAt,
      createdBy: users.displayName,
      changesOdds: gameCampaignVersions.changesOdds,
    })
    .from(gameCampaignVersions)
    .leftJoin(users, eq(users.id, gameCampaignVersions.createdBy))
    .where(eq(gameCampaignVersions.campaignId, campaignId))
    .orderBy(desc(gameCampaignVersions.version));
  return { ...view, versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString(), createdBy: v.createdBy ?? null })) };
}

function audit(tx: Tx, now: number, actor: Actor, campaignId: string, detail: Record<string, string | number | boolean | null>) {
  return tx.insert(auditEvents).values({
    brandId: actor.brandId,
    actorId: actor.userId,
    action: "game_campaign_changed",
    subjectId: campaignId,
    at: new Date(now),
    detail,
  });
}

/** JSON with keys sorted: a config read back from JSONB has its keys in another order than the one written. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export async function createGameCampaign(db: Db, now: number, actor: Actor, input: GameCampaignInput): Promise<SaveOutcome> {
  const config = toConfig(input);
  const issues = await problemsOf(db, actor.brandId, config);
  if (issues.length) return invalid(issues);
  return inTransaction(db, async (tx) => {
    const id = await createCampaign(tx, { brandId: actor.brandId, config, status: "draft", createdBy: actor.userId, now });
    await audit(tx, now, actor, id, { change: "created", version: 1, status: "draft" });
    return (await campaignDetail(tx, actor.brandId, id))!;
  });
}

/** The campaign row under its lock, with the version in force. */
async function locked(tx: Tx, brandId: string, campaignId: string): Promise<Campaign> {
  if (!isUuid(campaignId)) throw new Refusal("game_not_found", "No such campaign.");
  const [row] = await tx
    .select()
    .from(gameCampaigns)
    .where(and(eq(gameCampaigns.id, campaignId), eq(gameCampaigns.brandId, brandId)))
    .for("update");
  if (!row) throw new Refusal("game_not_found", "No such campaign.");
  const [v] = await tx
    .select({ config: gameCampaignVersions.config })
    .from(gameCampaignVersions)
    .where(and(eq(gameCampaignVersions.campaignId, campaignId), eq(gameCampaignVersions.version, row.version)));
  return { ...row, config: v!.config };
}

export async function updateGameCampaign(
  db: Db,
  now: number,
  actor: Actor,
  campaignId: string,
  input: GameCampaignInput & { basedOnVersion: number },
): Promise<SaveOutcome> {
  const { basedOnVersion, ...rest } = input;
  const config = toConfig(rest);
  const issues = await problemsOf(db, actor.brandId, config);
  if (issues.length) return invalid(issues);
  return inTransaction(db, async (tx) => {
    const current = await locked(tx, actor.brandId, campaignId);
    if (current.status === "ended") throw new Refusal("game_status_conflict", "An ended campaign cannot be edited.", { status: "ended" });
    if (current.version !== basedOnVersion)
      throw new Refusal("game_version_conflict", `Version ${current.version} was saved after the one you edited.`, {
        version: current.version,
      });
    // Saving what is already in force makes no version: nothing a member sees changes.
    if (canonical(current.config) === canonical(config)) return (await campaignDetail(tx, actor.brandId, campaignId))!;
    const version = current.version + 1;
    const odds = changesOdds(current.config, config);
    await tx
      .insert(gameCampaignVersions)
      .values({ campaignId, version, config, changesOdds: odds, createdBy: actor.userId, createdAt: new Date(now) });
    await tx
      .update(gameCampaigns)
      .set({ version, startsAt: new Date(config.startsAt), endsAt: new Date(config.endsAt), updatedAt: new Date(now) })
      .where(eq(gameCampaigns.id, campaignId));
    const stockRows = await tx.select().from(gamePrizeStock).where(eq(gamePrizeStock.campaignId, campaignId));
    const won = new Map(stockRows.map((r) => [r.segmentId, r.won]));
    for (const s of config.segments) {
      if (s.prize === "nothing") continue;
      const given = won.get(s.id);
      if (given === undefined) {
        await tx.insert(gamePrizeStock).values({ campaignId, segmentId: s.id, stockLeft: s.stock });
      } else {
        await tx
          .update(gamePrizeStock)
          .set({ stockLeft: s.stock === null ? null : Math.max(0, s.stock - given) })
          .where(and(eq(gamePrizeStock.campaignId, campaignId), eq(gamePrizeStock.segmentId, s.id)));
      }
    }
    await audit(tx, now, actor, campaignId, { change: "edited", version, changesOdds: odds, status: current.status });
    return (await campaignDetail(tx, actor.brandId, campaignId))!;
  });
}

const TRANSITIONS = {
  publish: { from: "draft", to: "running" },
  pause: { from: "running", to: "paused" },
  resume: { from: "paused", to: "running" },
} as const satisfies Record<string, { from: CampaignStatus; to: CampaignStatus }>;
export type Transition = keyof typeof TRANSITIONS;

export function setGameStatus(db: Db, now: number, actor: Actor, campaignId: string, change: Transition) {
  const { from, to } = TRANSITIONS[change];
  return inTransaction(db, async (tx) => {
    const current = await locked(tx, actor.brandId, campaignId);
    if (current.status !== from)
      throw new Refusal("game_status_conflict", `The campaign is ${current.status}; only a ${from} one can be ${to}.`, {
        status: current.status,
      });
    const at = new Date(now);
    await tx
      .update(gameCampaigns)
      .set({
        status: to,
        updatedAt: at,
        ...(change === "publish" && { publishedAt: at }),
        ...(change === "pause" && { pausedAt: at }),
      })
      .where(eq(gameCampaigns.id, campaignId));
    await audit(tx, now, actor, campaignId, { change, version: current.version, status: to });
    return (await campaignDetail(tx, actor.brandId, campaignId))!;
  });
}

/**
 * The editor's live preview: each segment's probability under `input` and, for a campaign that
 * exists (`campaignId`), its stock left and today's counters; a new campaign has its full stock.
 */
export async function previewOdds(db: Db, now: number, brandId: string, input: GameCampaignInput, campaignId?: string) {
  const config = toConfig(input);
  let stockLeft = config.segments.map((s) => s.stock);
  let counters = { winsToday: 0, winsTotal: 0, pointsToday: 0 };
  if (campaignId && isUuid(campaignId)) {
    const [row] = await loadAllRaw(db, brandId, campaignId);
    if (row) {
      const state = await wheelState(db, { ...row, config }, gameDay(now), null, now);
      // A kept segment's stock left under the edited stock: stock − what was won.
      const won = new Map(
        (await db.select().from(gamePrizeStock).where(eq(gamePrizeStock.campaignId, campaignId))).map((r) => [r.segmentId, r.won]),
      );
      stockLeft = config.segments.map((s) => (s.stock === null ? null : Math.max(0, s.stock - (won.get(s.id) ?? 0))));
      counters = { winsToday: state.winsToday, winsTotal: state.winsTotal, pointsToday: state.pointsToday };
    }
  }
  const { weights, blocked } = effectiveWeights(config, { stockLeft, ...counters, memberWins: 0 });
  const odds = oddsOf(weights);
  return {
    odds: config.segments.map((s, i) => ({
      segmentId: s.id,
      probability: { ...odds[i]!, percent: oddsPercent(odds[i]!) },
      blocked: blocked[i] ?? null,
    })),
  };
}

async function loadAllRaw(db: Db, brandId: string, campaignId: string) {
  return db
    .select()
    .from(gameCampaigns)
    .where(and(eq(gameCampaigns.id, campaignId), eq(gameCampaigns.brandId, brandId)))
    .orderBy(asc(gameCampaigns.id));
}

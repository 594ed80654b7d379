/**
 * What the member reads: the Games page's campaigns (the wheel, their plays, whether a spin
 * would be taken and why not) and a campaign's rules ("Thể lệ": each prize's probability now,
 * after stock and budgets, the stock left, the window, who may play, the registration number).
 * Both use the domain's decideSpin / effectiveWeights, so what is shown is what a spin does.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { GameCampaignView, GameRules, MyGames } from "../../../contract/game";
import { checkBudget, effectiveWeights, oddsOf, oddsPercent } from "../../../domain/game/draw";
import { failedGate, runState } from "../../../domain/game/gates";
import { gameDay, remainingPlays } from "../../../domain/game/plays";
import { decideSpin } from "../../../domain/game/spin";
import type { Db } from "../../db/client";
import { members, rewards, stores } from "../../db/schema";
import type { Outcome } from "../../db/transaction";
import type { MemberRef } from "../../http/context";
import { syncActionGrants } from "./grants";
import { segmentView } from "./spin";
import { campaignOf, grantedOnce, memberFacts, spinCounters, visibleCampaigns, wheelState, type Campaign } from "./state";

async function rewardNamesOf(db: Db, brandId: string, campaigns: Campaign[]) {
  const ids = [...new Set(campaigns.flatMap((c) => c.config.segments.flatMap((s) => (s.rewardId ? [s.rewardId] : []))))];
  if (!ids.length) return new Map<string, string>();
  const rows = await db
    .select({ id: rewards.id, name: rewards.name })
    .from(rewards)
    .where(and(inArray(rewards.id, ids), eq(rewards.brandId, brandId)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function campaignView(
  db: Db,
  now: number,
  member: MemberRef,
  campaign: Campaign,
  names: Map<string, string>,
): Promise<GameCampaignView> {
  const { config } = campaign;
  const day = gameDay(now);
  await syncActionGrants(db, member, campaign, now);
  const [facts, { state, plays }, once] = await Promise.all([
    memberFacts(db, member, config.gates, now),
    spinCounters(db, campaign, day, member.id, now),
    grantedOnce(db, member.id, campaign.id),
  ]);
  const budget = checkBudget(config, state);
  const decision = decideSpin({ status: campaign.status, config, at: now, member: facts, state, plays });
  return {
    campaignId: campaign.id,
    version: campaign.version,
    name: config.name,
    segments: config.segments.map((s) => segmentView(s, names)),
    startsAt: new Date(config.startsAt).toISOString(),
    endsAt: new Date(config.endsAt).toISOString(),
    runState: runState(campaign.status, config, now),
    failedGate: failedGate(config.gates, facts),
    budget:
      budget.state === "spent"
        ? { state: "spent", scope: budget.scope, reason: budget.reason }
        : { state: budget.state, scope: null, reason: null },
    plays: remainingPlays(plays),
    playPricePoints: config.playPricePoints,
    extraPlays: config.extraPlays,
    purchaseMinVnd: config.purchaseMinVnd,
    grantedOnce: once,
    blockedBy: decision.ok ? null : decision.code,
  };
}

export async function myGames(db: Db, now: number, member: MemberRef): Promise<MyGames> {
  const campaigns = (await visibleCampaigns(db, member.brandId)).filter((c) => now < c.config.endsAt);
  const names = await rewardNamesOf(db, member.brandId, campaigns);
  const views: GameCampaignView[] = [];
  // One at a time: each view syncs the member's action grants (writes) before reading plays.
  for (const c of campaigns) views.push(await campaignView(db, now, member, c, names));
  const [m] = await db.select({ balance: members.pointsBalance }).from(members).where(eq(members.id, member.id));
  return { campaigns: views, balance: m?.balance ?? 0 };
}

export async function gameRules(db: Db, now: number, member: MemberRef, campaignId: string): Promise<Outcome<GameRules>> {
  const campaign = await campaignOf(db, member.brandId, campaignId);
  if (!campaign || campaign.status === "draft") return { ok: false, code: "game_not_found", message: "No such game." };
  const { config } = campaign;
  const [names, state] = await Promise.all([
    rewardNamesOf(db, member.brandId, [campaign]),
    wheelState(db, campaign, gameDay(now), member.id, now),
  ]);
  const { weights, blocked } = effectiveWeights(config, state);
  const odds = oddsOf(weights);
  const storeRows = config.gates.storeIds?.length
    ? await db
        .select({ id: stores.id, name: stores.name })
        .from(stores)
        .where(and(inArray(stores.id, config.gates.storeIds), eq(stores.brandId, member.brandId)))
    : [];
  return {
    ok: true,
    value: {
      campaignId: campaign.id,
      version: campaign.version,
      name: config.name,
      prizes: config.segments.map((s, i) => ({
        ...segmentView(s, names),
        probability: { ...odds[i]!, percent: oddsPercent(odds[i]!) },
        stockLeft: state.stockLeft[i] ?? null,
        blocked: blocked[i] ?? null,
      })),
      startsAt: new Date(config.startsAt).toISOString(),
      endsAt: new Date(config.endsAt).toISOString(),
      freePlaysPerDay: config.freePlaysPerDay,
      extraPlays: config.extraPlays,
      purchaseMinVnd: config.purchaseMinVnd,
      playPricePoints: config.playPricePoints,
      caps: config.caps,
      gates: {
        minTier: config.gates.minTier,
        minPurchases: config.gates.minPurchases,
        consentPurpose: config.gates.consentPurpose,
        stores: config.gates.storeIds ? storeRows : null,
      },
      rulesText: config.rulesText,
      registrationNumber: config.registrationNumber,
      timeZone: "Asia/Ho_Chi_Minh",
    },
  };
}

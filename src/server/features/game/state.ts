/**
 * Reading a wheel campaign and what its rules are checked against: the version in force, the
 * prize stock, the campaign's and the day's counters, the member's plays, wins and gate facts.
 * Pure reads; the spin (spin.ts) takes the locks first, the views (views.ts) read without.
 */
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { consentAt, type ConsentPurpose } from "../../../domain/consent/purposes";
import type { WheelState } from "../../../domain/game/draw";
import type { MemberFacts } from "../../../domain/game/gates";
import type { PlayCounts } from "../../../domain/game/plays";
import type { WheelCampaignConfig } from "../../../domain/game/wheel";
import type { TierCode } from "../../../domain/loyalty/tiers";
import type { Db, Tx } from "../../db/client";
import {
  gameCampaigns,
  gameCampaignVersions,
  gameDays,
  gameDraws,
  gamePlayGrants,
  gamePrizeStock,
  ledgerEntries,
  rewards,
} from "../../db/schema";
import { consentHistory } from "../preferences/consents";

export type Campaign = typeof gameCampaigns.$inferSelect & { config: WheelCampaignConfig };

/** The brand's campaign with its version in force; `lock` takes the campaign row's lock (the spin's). */
export async function campaignOf(db: Db | Tx, brandId: string, campaignId: string, lock = false): Promise<Campaign | null> {
  const q = db
    .select({ c: gameCampaigns, config: gameCampaignVersions.config })
    .from(gameCampaigns)
    .innerJoin(
      gameCampaignVersions,
      and(eq(gameCampaignVersions.campaignId, gameCampaigns.id), eq(gameCampaignVersions.version, gameCampaigns.version)),
    )
    .where(and(eq(gameCampaigns.id, campaignId), eq(gameCampaigns.brandId, brandId)));
  // NO KEY UPDATE, what the spin's UPDATE of the counters takes: it serialises spins, yet lets the
  // foreign-key checks of other spins' draw rows (KEY SHARE) through while they are drawn.
  const [row] = lock ? await q.for("no key update", { of: gameCampaigns }) : await q;
  return row ? { ...row.c, config: row.config } : null;
}

/** Campaigns a member can see: running or paused (a paused wheel says so), not drafts or ended ones. */
export async function visibleCampaigns(db: Db | Tx, brandId: string): Promise<Campaign[]> {
  const rows = await db
    .select({ c: gameCampaigns, config: gameCampaignVersions.config })
    .from(gameCampaigns)
    .innerJoin(
      gameCampaignVersions,
      and(eq(gameCampaignVersions.campaignId, gameCampaigns.id), eq(gameCampaignVersions.version, gameCampaigns.version)),
    )
    .where(and(eq(gameCampaigns.brandId, brandId), inArray(gameCampaigns.status, ["running", "paused"])))
    .orderBy(gameCampaigns.startsAt);
  return rows.map((r) => ({ ...r.c, config: r.config }));
}

/** Counters the caps and budgets are checked against, and whether each reward can be issued. */
export async function wheelState(
  db: Db | Tx,
  campaign: Campaign,
  day: number,
  memberId: string | null,
  now: number,
  lockRewards = false,
): Promise<WheelState> {
  const { segments } = campaign.config;
  // One statement after another: inside the spin's transaction they share one connection.
  const stockRows = await db.select().from(gamePrizeStock).where(eq(gamePrizeStock.campaignId, campaign.id));
  const [dayRow] = await db
    .select()
    .from(gameDays)
    .where(and(eq(gameDays.campaignId, campaign.id), eq(gameDays.day, day)));
  const [wins] = memberId
    ? await db
        .select({ n: count() })
        .from(gameDraws)
        .where(and(eq(gameDraws.memberId, memberId), eq(gameDraws.campaignId, campaign.id), sql`${gameDraws.prize} <> 'nothing'`))
    : [{ n: 0 }];
  const stock = new Map(stockRows.map((r) => [r.segmentId, r.stockLeft]));
  const rewardIds = [...new Set(segments.flatMap((s) => (s.prize === "reward" && s.rewardId ? [s.rewardId] : [])))];
  const available = new Set<string>();
  if (rewardIds.length) {
    // The spin locks the rewards it may give (after the campaign: member → campaign → reward is
    // the one lock order), so what it read stays true until it issues the voucher.
    const q = db
      .select()
      .from(rewards)
      .where(and(inArray(rewards.id, rewardIds), eq(rewards.brandId, campaign.brandId)));
    for (const r of lockRewards ? await q.for("update") : await q) {
      const inWindow = (!r.validFrom || r.validFrom.getTime() <= now) && (!r.validUntil || r.validUntil.getTime() > now);
      if (r.active && inWindow && (r.stock === null || r.stock > 0)) available.add(r.id);
    }
  }
  return {
    // A segment without a stock row (a version that added it before the console wrote its row) has its configured stock.
    stockLeft: segments.map((s) => (stock.has(s.id) ? stock.get(s.id)! : s.stock)),
    winsToday: dayRow?.wins ?? 0,
    winsTotal: campaign.wins,
    pointsToday: dayRow?.points ?? 0,
    memberWins: Number(wins?.n ?? 0),
    rewardAvailable: segments.map((s) => s.prize !== "reward" || (s.rewardId !== null && available.has(s.rewardId))),
  };
}

/** The member's plays in a campaign on `day`: free and total spins that day, extra plays granted and used. */
export async function playCounts(db: Db | Tx, memberId: string, campaign: Campaign, day: number): Promise<PlayCounts> {
  const [spins] = await db
    .select({
      today: sql<number>`count(*) filter (where ${gameDraws.day} = ${day})`,
      freeToday: sql<number>`count(*) filter (where ${gameDraws.day} = ${day} and ${gameDraws.playSource} = 'free')`,
      extra: sql<number>`count(*) filter (where ${gameDraws.playSource} = 'extra')`,
    })
    .from(gameDraws)
    .where(and(eq(gameDraws.memberId, memberId), eq(gameDraws.campaignId, campaign.id)));
  const [granted] = await db
    .select({ plays: sql<number>`coalesce(sum(${gamePlayGrants.plays}), 0)` })
    .from(gamePlayGrants)
    .where(and(eq(gamePlayGrants.memberId, memberId), eq(gamePlayGrants.campaignId, campaign.id)));
  return {
    freePlaysPerDay: campaign.config.freePlaysPerDay,
    freeUsedToday: Number(spins?.freeToday ?? 0),
    playsToday: Number(spins?.today ?? 0),
    extraGranted: Number(granted?.plays ?? 0),
    extraUsed: Number(spins?.extra ?? 0),
    maxPlaysPerDay: campaign.config.caps.playsPerMemberPerDay,
  };
}

/**
 * What the gates need to know of the member, read only for the gates the campaign has
 * (purchases, consents, stores cost a query each). `active`: the caller found an active membership.
 */
export async function memberFacts(
  db: Db | Tx,
  member: { id: string; userId: string; tier: string },
  gates: WheelCampaignConfig["gates"],
  now: number,
): Promise<MemberFacts> {
  const needPurchases = gates.minPurchases > 0 || gates.storeIds !== null;
  const purchases = needPurchases ? await purchasesOf(db, member.id) : { count: 0, storeIds: [] };
  const consents: ConsentPurpose[] = [];
  if (gates.consentPurpose !== null) {
    const history = await consentHistory(db, member.userId);
    if (consentAt(history, gates.consentPurpose, now).granted) consents.push(gates.consentPurpose);
  }
  return { active: true, tier: member.tier as TierCode, purchases: purchases.count, consents, storeIds: purchases.storeIds };
}

/** Purchases at the counter that were not reversed, and the stores they were made at. */
async function purchasesOf(db: Db | Tx, memberId: string): Promise<{ count: number; storeIds: string[] }> {
  const reversal = sql`exists (select 1 from ${ledgerEntries} r where r.ref_entry_id = ${ledgerEntries.id} and r.kind = 'reversal')`;
  const rows = await db
    .select({ storeId: ledgerEntries.storeId, n: count() })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.memberId, memberId), eq(ledgerEntries.kind, "earn"), sql`not ${reversal}`))
    .groupBy(ledgerEntries.storeId);
  return {
    count: rows.reduce((sum, r) => sum + Number(r.n), 0),
    storeIds: rows.flatMap((r) => (r.storeId ? [r.storeId] : [])),
  };
}

/** One-time actions that already granted their plays in a campaign (the profile, the OA). */
export async function grantedOnce(db: Db | Tx, memberId: string, campaignId: string) {
  const rows = await db
    .select({ source: gamePlayGrants.source })
    .from(gamePlayGrants)
    .where(
      and(
        eq(gamePlayGrants.memberId, memberId),
        eq(gamePlayGrants.campaignId, campaignId),
        inArray(gamePlayGrants.source, ["profile_completed", "followed_oa"]),
      ),
    );
  return rows.map((r) => r.source as "profile_completed" | "followed_oa");
}

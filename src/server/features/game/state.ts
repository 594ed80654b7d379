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
import { preparedStatement, type Db, type Tx } from "../../db/client";
import { DEFAULT_LOT_VALIDITY_MONTHS } from "../loyalty/settings";
import { gameCampaigns, gameCampaignVersions, gamePlayGrants, ledgerEntries, rewards } from "../../db/schema";
import { consentHistory } from "../preferences/consents";

export type Campaign = typeof gameCampaigns.$inferSelect & { config: WheelCampaignConfig };

/**
 * The configs of the versions this process has read, by campaign and version. A version row is
 * append-only (a change is a new version, decision 0036), so its config never changes: a spin
 * reads the campaign's small row and takes the config from here, instead of fetching and
 * parsing the whole JSON on every spin. Frozen: callers share it.
 */
const configs = new Map<string, WheelCampaignConfig>();
const MAX_CONFIGS = 1_000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export async function configOf(db: Db | Tx, campaignId: string, version: number): Promise<WheelCampaignConfig> {
  const key = `${campaignId}:${version}`;
  const known = configs.get(key);
  if (known) return known;
  const [row] = await db
    .select({ config: gameCampaignVersions.config })
    .from(gameCampaignVersions)
    .where(and(eq(gameCampaignVersions.campaignId, campaignId), eq(gameCampaignVersions.version, version)));
  if (!row) throw new Error(`campaign ${campaignId} has no version ${version}`);
  if (configs.size >= MAX_CONFIGS) configs.clear();
  configs.set(key, deepFreeze(row.config));
  return row.config;
}

/** The brand's campaign with its version in force; `lock` takes the campaign row's lock (the spin's). */
export async function campaignOf(db: Db | Tx, brandId: string, campaignId: string, lock = false): Promise<Campaign | null> {
  const q = db
    .select()
    .from(gameCampaigns)
    .where(and(eq(gameCampaigns.id, campaignId), eq(gameCampaigns.brandId, brandId)));
  // NO KEY UPDATE, what the spin's UPDATE of the counters takes: it serialises spins, yet lets the
  // foreign-key checks of other spins' draw rows (KEY SHARE) through while they are drawn.
  const [row] = lock ? await q.for("no key update") : await q;
  return row ? { ...row, config: await configOf(db, row.id, row.version) } : null;
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

type CountersRow = {
  stock: [string, number | null][];
  day_wins: number | null;
  day_points: number | null;
  wins: number;
  today: number;
  free_today: number;
  extra: number;
  granted: number;
  lot_validity_months: number | null;
};

/**
 * Every counter a spin is checked against, in one statement (one round trip instead of six):
 * the prize stock, the day's row, the member's draws (wins in the campaign, spins today, free
 * spins today, extra plays used), the plays granted, and the brand's lot validity (the points
 * prize's expiry). A null member counts nothing.
 */
const readCounters = preparedStatement<CountersRow, { campaign: string; day: number; member: string | null; brand: string }>(
  "game_counters",
  sql`select
    (select coalesce(json_agg(json_build_array(s.segment_id, s.stock_left)), '[]'::json)
       from game_prize_stock s where s.campaign_id = ${sql.placeholder("campaign")}::uuid) as stock,
    g.wins as day_wins, g.points as day_points,
    d.wins, d.today, d.free_today, d.extra,
    (select coalesce(sum(p.plays), 0)::int from game_play_grants p
      where p.member_id = ${sql.placeholder("member")}::uuid and p.campaign_id = ${sql.placeholder("campaign")}::uuid) as granted,
    (select l.lot_validity_months from loyalty_settings l where l.brand_id = ${sql.placeholder("brand")}::uuid) as lot_validity_months
  from (
    select count(*) filter (where prize <> 'nothing')::int as wins,
           count(*) filter (where day = ${sql.placeholder("day")}::int)::int as today,
           count(*) filter (where day = ${sql.placeholder("day")}::int and play_source = 'free')::int as free_today,
           count(*) filter (where play_source = 'extra')::int as extra
      from game_draws where member_id = ${sql.placeholder("member")}::uuid and campaign_id = ${sql.placeholder("campaign")}::uuid
  ) d
  left join game_days g on g.campaign_id = ${sql.placeholder("campaign")}::uuid and g.day = ${sql.placeholder("day")}::int`,
);

const playsOf = (row: CountersRow, campaign: Campaign): PlayCounts => ({
  freePlaysPerDay: campaign.config.freePlaysPerDay,
  freeUsedToday: Number(row.free_today),
  playsToday: Number(row.today),
  extraGranted: Number(row.granted),
  extraUsed: Number(row.extra),
  maxPlaysPerDay: campaign.config.caps.playsPerMemberPerDay,
});

/** What a spin is decided on: the wheel's counters, the member's plays, and the brand's lot validity for a points prize. */
export type SpinCounters = { state: WheelState; plays: PlayCounts; lotValidityMonths: number };

/**
 * Counters the caps and budgets are checked against, the member's plays, and whether each
 * reward can be issued (`lockRewards`: under the rewards' locks, the spin's locked path).
 */
export async function spinCounters(
  db: Db | Tx,
  campaign: Campaign,
  day: number,
  memberId: string | null,
  now: number,
  lockRewards = false,
): Promise<SpinCounters> {
  const { segments } = campaign.config;
  const [row] = await readCounters(db, { campaign: campaign.id, day, member: memberId, brand: campaign.brandId });
  const stock = new Map(row!.stock);
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
    state: {
      // A segment without a stock row (a version that added it before the console wrote its row) has its configured stock.
      stockLeft: segments.map((s) => (stock.has(s.id) ? stock.get(s.id)! : s.stock)),
      winsToday: Number(row!.day_wins ?? 0),
      winsTotal: campaign.wins,
      pointsToday: Number(row!.day_points ?? 0),
      memberWins: Number(row!.wins),
      rewardAvailable: segments.map((s) => s.prize !== "reward" || (s.rewardId !== null && available.has(s.rewardId))),
    },
    plays: playsOf(row!, campaign),
    lotValidityMonths: row!.lot_validity_months ?? DEFAULT_LOT_VALIDITY_MONTHS,
  };
}

/** Counters the caps and budgets are checked against, and whether each reward can be issued. */
export async function wheelState(...args: Parameters<typeof spinCounters>): Promise<WheelState> {
  return (await spinCounters(...args)).state;
}

/** The member's plays in a campaign on `day`: free and total spins that day, extra plays granted and used. */
export async function playCounts(db: Db | Tx, memberId: string, campaign: Campaign, day: number): Promise<PlayCounts> {
  const [row] = await readCounters(db, { campaign: campaign.id, day, member: memberId, brand: campaign.brandId });
  return playsOf(row!, campaign);
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

/**
 * Wheel campaigns and the checks every game test makes afterwards: the draw log replays through
 * the domain, every prize has its evidence, stock and counters agree with the log and the caps.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import { defaultWheelCampaign } from "../../src/domain/game/defaults";
import { replayDraw } from "../../src/domain/game/draw";
import type { WheelCampaignConfig, WheelSegment } from "../../src/domain/game/wheel";
import { queryRows, type Database } from "../../src/server/db/client";
import { gameCampaignVersions, gameDraws, members, users } from "../../src/server/db/schema";
import { createCampaign } from "../../src/server/features/game/campaigns";
import type { TestApi } from "./api";
import { testBrand } from "./factories";

const HOUR = 3_600_000;

export const points = (id: string, value: number, weight: number, stock: number | null = null): WheelSegment => ({
  id,
  label: { vi: `${value} điểm`, en: `${value} points` },
  color: "#10b981",
  prize: "points",
  value,
  rewardId: null,
  weight,
  stock,
});
export const nothing = (id: string, weight: number): WheelSegment => ({
  id,
  label: { vi: "Chúc may mắn lần sau", en: "Better luck next time" },
  color: "#64748b",
  prize: "nothing",
  value: 0,
  rewardId: null,
  weight,
  stock: null,
});
export const voucher = (id: string, rewardId: string, weight: number, stock: number | null = null): WheelSegment => ({
  id,
  label: { vi: "Voucher", en: "Voucher" },
  color: "#8b5cf6",
  prize: "reward",
  value: 0,
  rewardId,
  weight,
  stock,
});

/** A running campaign of the test brand, open from an hour ago for 30 days; `over` changes what a test needs. */
export async function makeCampaign(
  api: TestApi,
  over: Partial<WheelCampaignConfig> = {},
  status: "draft" | "running" | "paused" | "ended" = "running",
): Promise<{ id: string; config: WheelCampaignConfig }> {
  const brand = await testBrand(api);
  const base = defaultWheelCampaign(api.clock.now() - HOUR);
  const config: WheelCampaignConfig = {
    ...base,
    caps: { winsPerDay: null, winsPerCampaign: null, pointsPerDay: null, playsPerMemberPerDay: null, winsPerMemberPerCampaign: null },
    extraPlays: { profile_completed: 0, survey_answered: 0, followed_oa: 0, purchase_over_amount: 0 },
    ...over,
  };
  const id = await createCampaign(api.database.db, { brandId: brand.id, config, status, now: api.clock.now() });
  return { id, config };
}

/** `n` members inserted straight into the tables (no sign-in): for concurrency tests that call the service. */
export async function quickMembers(api: TestApi, n: number) {
  const brand = await testBrand(api);
  const tag = randomUUID().slice(0, 8);
  const userRows = await api.database.db
    .insert(users)
    .values(
      Array.from({ length: n }, (_, i) => ({
        brandId: brand.id,
        role: "member" as const,
        zaloId: `q-${tag}-${i}`,
        displayName: `Khách ${i}`,
      })),
    )
    .returning({ id: users.id });
  const rows = await api.database.db
    .insert(members)
    .values(userRows.map((u) => ({ userId: u.id, brandId: brand.id, qrSecret: randomBytes(32).toString("hex") })))
    .returning({ id: members.id, userId: members.userId, brandId: members.brandId, tier: members.tier });
  return rows;
}

/**
 * After any game test: every draw replays to its segment through the domain under its version,
 * a points draw has its game_prize entry (same member, same points, actor game), a voucher draw
 * its voucher, stock is never negative and agrees with the wins, and the counters with the log.
 */
export async function expectGameInvariants(database: Database) {
  const db = database.db;
  const draws = await db.select().from(gameDraws);
  const versions = await db.select().from(gameCampaignVersions);
  const configOf = new Map(versions.map((v) => [`${v.campaignId}:${v.version}`, v.config]));
  for (const d of draws) {
    const config = configOf.get(`${d.campaignId}:${d.version}`)!;
    const replay = replayDraw({ config, state: d.state, weights: d.weights, random: d.random, segmentIndex: d.segmentIndex });
    expect(replay.matches, `draw ${d.id} replays`).toBe(true);
    expect(config.segments[d.segmentIndex]!.id).toBe(d.segmentId);
  }
  const mismatched = await queryRows(
    db,
    sql`select d.id from game_draws d
        left join ledger_entries e on e.id = d.ledger_entry_id
        left join vouchers v on v.id = d.voucher_id
        where (d.prize = 'points' and (e.id is null or e.member_id <> d.member_id or e.points <> d.points or e.kind <> 'game_prize' or e.actor_kind <> 'game'))
           or (d.prize = 'reward' and (v.id is null or v.member_id <> d.member_id or v.reward_id <> d.reward_id))`,
  );
  expect(mismatched).toEqual([]);
  const stock = await queryRows<{ segment_id: string; stock_left: number | null; won: number; drawn: number }>(
    db,
    sql`select s.segment_id, s.stock_left, s.won,
               (select count(*) from game_draws d where d.campaign_id = s.campaign_id and d.segment_id = s.segment_id)::int as drawn
        from game_prize_stock s`,
  );
  for (const s of stock) {
    expect(s.stock_left === null || s.stock_left >= 0).toBe(true);
    expect(s.won).toBe(s.drawn);
  }
  const counters = await queryRows<{ id: string; spins: number; wins: number; points: number; drawn: number; won: number; pts: number }>(
    db,
    sql`select c.id, c.spins::int, c.wins::int, c.points_given::int as points,
               (select count(*) from game_draws d where d.campaign_id = c.id)::int as drawn,
               (select count(*) from game_draws d where d.campaign_id = c.id and d.prize <> 'nothing')::int as won,
               (select coalesce(sum(d.points), 0) from game_draws d where d.campaign_id = c.id)::int as pts
        from game_campaigns c`,
  );
  for (const c of counters) expect([c.spins, c.wins, c.points]).toEqual([c.drawn, c.won, c.pts]);
  return draws.length;
}

export const drawsOf = (database: Database, campaignId: string) =>
  database.db.select().from(gameDraws).where(eq(gameDraws.campaignId, campaignId));

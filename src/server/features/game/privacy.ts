/**
 * The member's wheel in their data export, and what account deletion does to it: like the
 * ledger, the draw log and the play grants are kept with the anonymised member row (they hold
 * amounts, times and prizes, no personal data beyond the member id, and the brand needs them to
 * account for its budget and to replay draws); the vouchers a game gave are voided with the
 * member's other open vouchers (privacy.ts).
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { gameCampaignVersions, gameDraws, gamePlayGrants, rewards } from "../../db/schema";

export async function gameForExport(db: Db, memberId: string) {
  const [draws, grants] = await Promise.all([
    db
      .select({ d: gameDraws, config: gameCampaignVersions.config, reward: rewards.name })
      .from(gameDraws)
      .innerJoin(
        gameCampaignVersions,
        and(eq(gameCampaignVersions.campaignId, gameDraws.campaignId), eq(gameCampaignVersions.version, gameDraws.version)),
      )
      .leftJoin(rewards, eq(rewards.id, gameDraws.rewardId))
      .where(eq(gameDraws.memberId, memberId))
      .orderBy(asc(gameDraws.seq)),
    db
      .select({ g: gamePlayGrants, config: gameCampaignVersions.config })
      .from(gamePlayGrants)
      .innerJoin(
        gameCampaignVersions,
        and(eq(gameCampaignVersions.campaignId, gamePlayGrants.campaignId), eq(gameCampaignVersions.version, 1)),
      )
      .where(eq(gamePlayGrants.memberId, memberId))
      .orderBy(asc(gamePlayGrants.grantedAt), asc(gamePlayGrants.id)),
  ]);
  return {
    gameDraws: draws.map(({ d, config, reward }) => ({
      campaign: config.name.vi,
      version: d.version,
      drawnAt: d.drawnAt.toISOString(),
      play: d.playSource,
      prize: config.segments[d.segmentIndex]?.label.vi ?? d.segmentId,
      kind: d.prize,
      points: d.points,
      voucherOf: reward,
    })),
    gamePlays: grants.map(({ g, config }) => ({
      campaign: config.name.vi,
      source: g.source,
      plays: g.plays,
      grantedAt: g.grantedAt.toISOString(),
    })),
  };
}

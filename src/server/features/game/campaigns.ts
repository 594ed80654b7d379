/**
 * Writing a campaign: version 1 with its prize stock rows. The demo seed and tests use it; the
 * console's editor (its own routes) builds on the same tables: a later version is a new
 * game_campaign_versions row, the campaign's `version` moved to it, and stock rows added for new
 * segment ids (a segment kept across versions keeps its stock row: what was given stays given).
 */
import type { WheelCampaignConfig, CampaignStatus } from "../../../domain/game/wheel";
import { validateWheelCampaign } from "../../../domain/game/wheel";
import { problemsForLog } from "../../../domain/problems";
import type { Db, Tx } from "../../db/client";
import { gameCampaigns, gameCampaignVersions, gamePrizeStock } from "../../db/schema";

export async function createCampaign(
  tx: Db | Tx,
  c: { brandId: string; config: WheelCampaignConfig; status: CampaignStatus; createdBy?: string | null; now: number },
): Promise<string> {
  const problems = validateWheelCampaign(c.config);
  if (problems.length) throw new Error(`invalid wheel campaign: ${problemsForLog(problems)}`);
  const [row] = await tx
    .insert(gameCampaigns)
    .values({
      brandId: c.brandId,
      status: c.status,
      version: 1,
      startsAt: new Date(c.config.startsAt),
      endsAt: new Date(c.config.endsAt),
      createdAt: new Date(c.now),
      updatedAt: new Date(c.now),
      publishedAt: c.status === "draft" ? null : new Date(c.now),
    })
    .returning({ id: gameCampaigns.id });
  const id = row!.id;
  await tx
    .insert(gameCampaignVersions)
    .values({ campaignId: id, version: 1, config: c.config, createdBy: c.createdBy ?? null, createdAt: new Date(c.now) });
  await tx
    .insert(gamePrizeStock)
    .values(c.config.segments.filter((s) => s.prize !== "nothing").map((s) => ({ campaignId: id, segmentId: s.id, stockLeft: s.stock })));
  return id;
}

/**
 * A spin (issue 14; decision 0031): one transaction that takes the member's lock, then the
 * campaign's, checks the run state, the gates, the budget and the member's plays, draws with the
 * random source it is given (node:crypto in production), takes the prize's stock, counts the
 * play and the budgets with guarded UPDATEs, credits the points through the ledger or issues the
 * voucher, and appends the draw to the log. A resend with the same key answers what the first
 * did; a refusal changes nothing.
 */
import { randomInt, randomUUID } from "node:crypto";
import { and, eq, sql, type AnyColumn } from "drizzle-orm";
import type { SpinResponse, WheelSegmentView } from "../../../contract/game";
import { drawIndex } from "../../../domain/game/draw";
import { gameDay, remainingPlays } from "../../../domain/game/plays";
import { decideSpin } from "../../../domain/game/spin";
import { isWin, type WheelSegment } from "../../../domain/game/wheel";
import type { Db } from "../../db/client";
import { gameCampaigns, gameDays, gameDraws, gamePrizeStock, rewards } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import type { MemberRef } from "../../http/context";
import { issueVoucher } from "../loyalty/issue-voucher";
import { credit, idempotent, lockMember } from "../loyalty/posting";
import { loyaltySettingsOf } from "../loyalty/settings";
import { toVoucherView } from "../loyalty/summary";
import { syncActionGrants } from "./grants";
import { campaignOf, memberFacts, playCounts, wheelState } from "./state";

/** A uint32 from the operating system's CSPRNG: what the draw is given outside tests. */
export const cryptoUint32 = () => randomInt(0, 2 ** 32);

export function segmentView(s: WheelSegment, rewardNames: ReadonlyMap<string, string>): WheelSegmentView {
  return {
    id: s.id,
    label: s.label,
    color: s.color,
    prize: s.prize,
    value: s.value,
    rewardName: s.rewardId ? (rewardNames.get(s.rewardId) ?? null) : null,
  };
}

export async function spin(
  db: Db,
  now: number,
  member: MemberRef,
  campaignId: string,
  idempotencyKey: string,
  random: () => number = cryptoUint32,
): Promise<Outcome<SpinResponse>> {
  return inTransaction(db, async (tx) => {
    const { value, replayed } = await idempotent(
      tx,
      { brandId: member.brandId, scope: `game-spin:${member.id}`, key: idempotencyKey, request: { campaignId } },
      async () => {
        const locked = await lockMember(tx, member.id);
        if (!locked) throw new Refusal("not_a_member", "Join the membership first.");
        // Read without the campaign's lock first: a draft or another brand's id is refused without queuing behind spins.
        const seen = await campaignOf(tx, member.brandId, campaignId);
        if (!seen || seen.status === "draft") throw new Refusal("game_not_found", "No such game.");
        await syncActionGrants(tx, member, seen, now);
        const facts = await memberFacts(tx, locked, seen.config.gates, now);
        // Member → campaign → rewards: the one lock order of the wheel.
        const campaign = (await campaignOf(tx, member.brandId, campaignId, true))!;
        const { config } = campaign;
        const day = gameDay(now);
        const state = await wheelState(tx, campaign, day, member.id, now, true);
        const plays = await playCounts(tx, member.id, campaign, day);
        const decision = decideSpin({ status: campaign.status, config, at: now, member: facts, state, plays });
        if (!decision.ok) throw new Refusal(decision.code, `The spin was refused (${decision.code}).`, decision.params);

        const { index, random: r } = drawIndex(decision.weights, random);
        const segment = config.segments[index]!;
        const win = isWin(segment);
        const points = segment.prize === "points" ? segment.value : 0;
        const caps = config.caps;

        if (win) {
          // Guarded: the stock never goes below 0 whatever happened before (the CHECK says the same).
          const taken = await tx
            .insert(gamePrizeStock)
            .values({ campaignId, segmentId: segment.id, stockLeft: segment.stock === null ? null : segment.stock - 1, won: 1 })
            .onConflictDoUpdate({
              target: [gamePrizeStock.campaignId, gamePrizeStock.segmentId],
              set: {
                stockLeft: sql`case when ${gamePrizeStock.stockLeft} is null then null else ${gamePrizeStock.stockLeft} - 1 end`,
                won: sql`${gamePrizeStock.won} + 1`,
              },
              setWhere: sql`${gamePrizeStock.stockLeft} is null or ${gamePrizeStock.stockLeft} > 0`,
            })
            .returning({ left: gamePrizeStock.stockLeft });
          if (!taken.length) throw new Error(`stock of ${segment.id} ran out under the campaign lock`);
        }
        // Guarded by the caps in force (a cap left out is none): the counters can never pass them.
        const w = win ? 1 : 0;
        const within = (column: AnyColumn, add: number, cap: number | null) =>
          cap === null ? sql`true` : sql`${column} + ${add} <= ${cap}`;
        const counted = await tx
          .insert(gameDays)
          .values({ campaignId, day, spins: 1, wins: w, points })
          .onConflictDoUpdate({
            target: [gameDays.campaignId, gameDays.day],
            set: { spins: sql`${gameDays.spins} + 1`, wins: sql`${gameDays.wins} + ${w}`, points: sql`${gameDays.points} + ${points}` },
            setWhere: sql`${within(gameDays.wins, w, caps.winsPerDay)} and ${within(gameDays.points, points, caps.pointsPerDay)}`,
          })
          .returning({ wins: gameDays.wins, points: gameDays.points });
        const today = counted[0];
        if (
          !today ||
          (caps.winsPerDay !== null && today.wins > caps.winsPerDay) ||
          (caps.pointsPerDay !== null && today.points > caps.pointsPerDay)
        )
          throw new Error("a daily cap would have been passed under the campaign lock");
        const bumped = await tx
          .update(gameCampaigns)
          .set({
            spins: sql`${gameCampaigns.spins} + 1`,
            wins: sql`${gameCampaigns.wins} + ${w}`,
            pointsGiven: sql`${gameCampaigns.pointsGiven} + ${points}`,
            vouchersGiven: sql`${gameCampaigns.vouchersGiven} + ${segment.prize === "reward" ? 1 : 0}`,
          })
          .where(and(eq(gameCampaigns.id, campaignId), within(gameCampaigns.wins, w, caps.winsPerCampaign)))
          .returning({ id: gameCampaigns.id });
        if (!bumped.length) throw new Error("the campaign's win cap would have been passed under its lock");

        const drawId = randomUUID();
        let ledgerEntryId: string | null = null;
        let voucher: SpinResponse["voucher"] = null;
        const rewardNames = new Map<string, string>();
        if (segment.prize === "points") {
          const settings = await loyaltySettingsOf(tx, member.brandId);
          const entry = await credit(tx, locked, points, {
            kind: "game_prize",
            actorKind: "game",
            actorId: locked.userId,
            at: now,
            reason: config.name.vi,
            idempotencyKey: `game-draw:${drawId}`,
            validityMonths: settings.lotValidityMonths,
          });
          ledgerEntryId = entry.id;
        } else if (segment.prize === "reward") {
          const [reward] = await tx
            .select()
            .from(rewards)
            .where(and(eq(rewards.id, segment.rewardId!), eq(rewards.brandId, member.brandId)));
          // wheelState checked it under the reward's lock: it can be issued.
          const issued = await issueVoucher(tx, locked, reward!, now);
          voucher = toVoucherView(issued, reward!.name, now);
          rewardNames.set(reward!.id, reward!.name);
        }
        await tx.insert(gameDraws).values({
          id: drawId,
          brandId: member.brandId,
          campaignId,
          version: campaign.version,
          memberId: member.id,
          drawnAt: new Date(now),
          day,
          idempotencyKey,
          playSource: decision.source,
          random: r,
          weights: decision.weights,
          state,
          segmentIndex: index,
          segmentId: segment.id,
          prize: segment.prize,
          points,
          rewardId: segment.prize === "reward" ? segment.rewardId : null,
          ledgerEntryId,
          voucherId: voucher?.id ?? null,
        });
        const left = remainingPlays({
          ...plays,
          playsToday: plays.playsToday + 1,
          freeUsedToday: plays.freeUsedToday + (decision.source === "free" ? 1 : 0),
          extraUsed: plays.extraUsed + (decision.source === "extra" ? 1 : 0),
        });
        return {
          drawId,
          campaignId,
          version: campaign.version,
          segmentIndex: index,
          segmentId: segment.id,
          prize: segmentView(segment, rewardNames),
          pointsWon: points,
          balance: locked.balance,
          voucher,
          plays: left,
          drawnAt: new Date(now).toISOString(),
          replayed: false,
        } satisfies SpinResponse;
      },
    );
    return { ...value, replayed };
  });
}

/**
 * A spin (issue 14; decision 0031 and its addendum): one transaction that takes the member's
 * lock, checks the run state, the gates, the budget and the member's plays, draws with the
 * random source it is given (node:crypto in production) on a snapshot of the campaign's counters,
 * credits the points through the ledger (or issues the voucher), appends the draw to the log and
 * stores the answer, and only then counts the draw in the shared counters (stock, day, campaign)
 * with one guarded statement, so the campaign's lock is held for that statement and the commit.
 * A draw the counters moved under is drawn again with the campaign locked first. A resend with
 * the same key answers what the first did; a refusal changes nothing.
 */
import { randomInt, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { SpinResponse, WheelSegmentView } from "../../../contract/game";
import { drawIndex, snapshotGuard, type SnapshotGuard, type WheelState } from "../../../domain/game/draw";
import { gameDay, remainingPlays } from "../../../domain/game/plays";
import { decideSpin } from "../../../domain/game/spin";
import { lotExpiresAt } from "../../../domain/loyalty/lots";
import { isWin, type WheelCampaignConfig, type WheelSegment } from "../../../domain/game/wheel";
import type { Db, Tx } from "../../db/client";
import { rewards } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import type { MemberRef } from "../../http/context";
import { issueVoucher } from "../loyalty/issue-voucher";
import { claimKey, requestFingerprint } from "../loyalty/posting";
import { toVoucherView } from "../loyalty/summary";
import { syncActionGrants } from "./grants";
import { claimSpinKey, countSpin, creditPrize, insertDraw, lockMemberAndReadCampaign, storeSpinAnswer } from "./spin-statements";
import { campaignOf, configOf, memberFacts, spinCounters, type Campaign } from "./state";

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

/**
 * Thrown by a spin drawn on a snapshot when the counters moved under it (its guard failed): the
 * transaction rolls back and the spin runs again with the campaign locked first.
 */
class StaleDraw extends Error {}

/**
 * The spin. First on a snapshot of the shared counters, with the campaign's lock taken by the
 * last statement only, for the time of that statement and the commit; if the counters moved
 * under the draw in a way that changes what could be won, once more with the campaign locked
 * from the start (decision 0031, addendum). Either way one transaction commits, or none.
 */
export async function spin(
  db: Db,
  now: number,
  member: MemberRef,
  campaignId: string,
  idempotencyKey: string,
  random: () => number = cryptoUint32,
): Promise<Outcome<SpinResponse>> {
  try {
    return await inTransaction(db, (tx) => spinIn(tx, now, member, campaignId, idempotencyKey, random, false));
  } catch (error) {
    if (!(error instanceof StaleDraw)) throw error;
  }
  return inTransaction(db, (tx) => spinIn(tx, now, member, campaignId, idempotencyKey, random, true));
}

async function spinIn(
  tx: Tx,
  now: number,
  member: MemberRef,
  campaignId: string,
  idempotencyKey: string,
  random: () => number,
  lockFirst: boolean,
): Promise<SpinResponse> {
  const key = { brandId: member.brandId, scope: `game-spin:${member.id}`, key: idempotencyKey, request: { campaignId } };
  // The hot statements are prepared (spin-statements.ts); a key already taken is answered as `claimKey` answers it.
  if (!(await claimSpinKey(tx, { ...key, requestHash: requestFingerprint(key.request) }))) {
    const stored = await claimKey<SpinResponse>(tx, key);
    if (stored) return { ...stored.value, replayed: true };
  }
  // The member's lock and the campaign's row in one round trip; the campaign read without its
  // lock: a draft or another brand's id is refused without queuing behind spins.
  const { member: locked, campaign: row } = await lockMemberAndReadCampaign(tx, member.id, campaignId);
  if (!locked) throw new Refusal("not_a_member", "Join the membership first.");
  if (!row || row.status === "draft") throw new Refusal("game_not_found", "No such game.");
  const seen: Campaign = { ...row, config: await configOf(tx, row.id, row.version) };
  await syncActionGrants(tx, member, seen, now);
  const facts = await memberFacts(tx, locked, seen.config.gates, now);
  const underLock = lockFirst;
  // Member → campaign → rewards → day → stock: the one lock order of the wheel (the console: campaign → stock).
  const campaign = underLock ? (await campaignOf(tx, member.brandId, campaignId, true))! : seen;
  const { config } = campaign;
  const day = gameDay(now);
  const { state, plays, lotValidityMonths } = await spinCounters(tx, campaign, day, member.id, now, underLock);
  const decision = decideSpin({ status: campaign.status, config, at: now, member: facts, state, plays });
  if (!decision.ok) throw new Refusal(decision.code, `The spin was refused (${decision.code}).`, decision.params);

  const { index, random: r } = drawIndex(decision.weights, random);
  const segment = config.segments[index]!;
  const points = segment.prize === "points" ? segment.value : 0;

  // The member's writes first (under the member's lock only), the shared counters last; a voucher
  // after them: the reward's row is locked by the counters' statement, after the campaign's.
  const drawId = randomUUID();
  let ledgerEntryId: string | null = null;
  if (segment.prize === "points") {
    // posting.ts `credit` in one statement: the entry (kind game_prize, actor game), the balance, the lot.
    ledgerEntryId = await creditPrize(tx, locked, {
      entryId: randomUUID(),
      points,
      at: now,
      expiresAt: lotExpiresAt(now, lotValidityMonths),
      reason: config.name.vi,
      key: `game-draw:${drawId}`,
    });
  }
  const count = async () => {
    const counted = await countDraw(tx, {
      campaign,
      day,
      index,
      points,
      now,
      guard: snapshotGuard(config, state),
      rewards: rewardGuard(config, state),
      checkOthers: !underLock,
    });
    if (counted) return;
    if (!underLock) throw new StaleDraw();
    throw new Error("a cap or a stock would have been passed under the campaign's lock");
  };
  let voucher: SpinResponse["voucher"] = null;
  const rewardNames = new Map<string, string>();
  if (segment.prize === "reward") {
    await count();
    const [reward] = await tx
      .select()
      .from(rewards)
      .where(and(eq(rewards.id, segment.rewardId!), eq(rewards.brandId, member.brandId)));
    // countDraw checked it under the reward's lock: it can be issued (the guarded decrement checks again).
    const issued = await issueVoucher(tx, locked, reward!, now);
    voucher = toVoucherView(issued, reward!.name, now);
    rewardNames.set(reward!.id, reward!.name);
  }
  await insertDraw(tx, {
    id: drawId,
    brandId: member.brandId,
    campaignId,
    version: campaign.version,
    memberId: member.id,
    drawnAt: now,
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
  const value = {
    drawId,
    campaignId,
    version: campaign.version,
    segmentIndex: index,
    segmentId: segment.id,
    prize: segmentView(segment, rewardNames),
    pointsWon: points,
    balance: locked.balance,
    voucher,
    plays: remainingPlays({
      ...plays,
      playsToday: plays.playsToday + 1,
      freeUsedToday: plays.freeUsedToday + (decision.source === "free" ? 1 : 0),
      extraUsed: plays.extraUsed + (decision.source === "extra" ? 1 : 0),
    }),
    drawnAt: new Date(now).toISOString(),
    replayed: false,
  } satisfies SpinResponse;
  await storeSpinAnswer(tx, key, value);
  if (segment.prize !== "reward") await count();
  return value;
}

/**
 * What a draw assumed of the wheel's rewards: each reward a segment gives, and those it counted
 * as issuable (active, in their window, in stock). A reward's state moves both ways (a manager
 * restocks or reactivates it, a redemption takes stock), so the check is equality, not a bound.
 */
function rewardGuard(config: WheelCampaignConfig, state: WheelState) {
  const ids = new Set<string>();
  const available = new Set<string>();
  config.segments.forEach((s, i) => {
    if (s.prize !== "reward" || !s.rewardId) return;
    ids.add(s.rewardId);
    // As the draw reads it (domain/game/draw.ts): issuable unless the state says it is not.
    if (state.rewardAvailable?.[i] !== false) available.add(s.rewardId);
  });
  return { ids: [...ids], available: [...available] };
}

/**
 * Counts the draw in the shared counters, in ONE statement (the campaign's lock is held from it
 * to the commit): the campaign's counters, then the wheel's rewards locked (FOR UPDATE, the
 * order member → campaign → rewards → day → stock) and compared with what the draw counted as
 * issuable (`rewards`), then the day's, then the prize's stock, each guarded
 * by what the draw assumed (snapshotGuard): the version and the run state it was drawn under,
 * the win caps not reached, the day's points budget with room for the largest prize it counted,
 * the won prize and (`checkOthers`, for a snapshot) every other stocked prize it counted still in
 * stock. Each part runs only after the one before it succeeded (so the locks are always taken in
 * that order); `false` when any guard failed, and then nothing is kept (the caller rolls back).
 *
 * Under READ COMMITTED a guarded UPDATE (or ON CONFLICT DO UPDATE, or FOR SHARE) that waited for
 * a row re-checks its condition on the row's newest version: the guards see the true counters.
 */
async function countDraw(
  tx: Tx,
  d: {
    campaign: Campaign;
    day: number;
    index: number;
    points: number;
    now: number;
    guard: SnapshotGuard;
    rewards: { ids: string[]; available: string[] };
    checkOthers: boolean;
  },
): Promise<boolean> {
  const { campaign, index, guard } = d;
  const segment = campaign.config.segments[index]!;
  return countSpin(tx, {
    campaignId: campaign.id,
    brandId: campaign.brandId,
    version: campaign.version,
    day: d.day,
    at: d.now,
    win: isWin(segment) ? 1 : 0,
    points: d.points,
    voucher: segment.prize === "reward" ? 1 : 0,
    campaignWinsBelow: guard.campaignWinsBelow,
    dayWinsBelow: guard.dayWinsBelow,
    dayPointsRoom: guard.dayPointsRoom,
    segmentId: segment.id,
    segmentStock: segment.stock,
    others: d.checkOthers ? guard.stocked.filter((i) => i !== index).map((i) => campaign.config.segments[i]!.id) : [],
    rewardIds: d.rewards.ids,
    rewardsAvailable: d.rewards.available,
  });
}

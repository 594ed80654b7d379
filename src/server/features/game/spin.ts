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
import { and, eq, sql } from "drizzle-orm";
import type { SpinResponse, WheelSegmentView } from "../../../contract/game";
import { drawIndex, snapshotGuard, type SnapshotGuard, type WheelState } from "../../../domain/game/draw";
import { gameDay, remainingPlays } from "../../../domain/game/plays";
import { decideSpin } from "../../../domain/game/spin";
import { isWin, type WheelCampaignConfig, type WheelSegment } from "../../../domain/game/wheel";
import { queryRows, type Db, type Tx } from "../../db/client";
import { gameDraws, rewards } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import type { MemberRef } from "../../http/context";
import { issueVoucher } from "../loyalty/issue-voucher";
import { claimKey, credit, lockMember, storeKeyResult } from "../loyalty/posting";
import { toVoucherView } from "../loyalty/summary";
import { syncActionGrants } from "./grants";
import { campaignOf, memberFacts, spinCounters, type Campaign } from "./state";

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
  const stored = await claimKey<SpinResponse>(tx, key);
  if (stored) return { ...stored.value, replayed: true };
  const locked = await lockMember(tx, member.id);
  if (!locked) throw new Refusal("not_a_member", "Join the membership first.");
  // Read without the campaign's lock: a draft or another brand's id is refused without queuing behind spins.
  const seen = await campaignOf(tx, member.brandId, campaignId);
  if (!seen || seen.status === "draft") throw new Refusal("game_not_found", "No such game.");
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
    const entry = await credit(tx, locked, points, {
      kind: "game_prize",
      actorKind: "game",
      actorId: locked.userId,
      at: now,
      reason: config.name.vi,
      idempotencyKey: `game-draw:${drawId}`,
      validityMonths: lotValidityMonths,
    });
    ledgerEntryId = entry.id;
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
  await storeKeyResult(tx, key, value);
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
  const { campaign, day, index, points, guard } = d;
  const segment = campaign.config.segments[index]!;
  const w = isWin(segment) ? 1 : 0;
  const v = segment.prize === "reward" ? 1 : 0;
  const below = (column: string, cap: number | null) => (cap === null ? sql`` : sql` and ${sql.raw(column)} < ${cap}`);
  const room = guard.dayPointsRoom ? sql` and game_days.points + ${guard.dayPointsRoom.room} <= ${guard.dayPointsRoom.budget}` : sql``;
  const others = d.checkOthers ? guard.stocked.filter((i) => i !== index).map((i) => campaign.config.segments[i]!.id) : [];
  const inList = others.length
    ? sql`segment_id in (${sql.join(
        others.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql`false`;
  const idList = (ids: string[]) =>
    ids.length
      ? sql`(${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`
      : sql`(null::uuid)`;
  const at = new Date(d.now).toISOString();
  const [row] = await queryRows<{ c: number; d: number; s: number; k: number; rn: number; rm: number; ra: number }>(
    tx,
    sql`
    with c as (
      update game_campaigns
         set spins = spins + 1, wins = wins + ${w}, points_given = points_given + ${points}, vouchers_given = vouchers_given + ${v}
       where id = ${campaign.id} and version = ${campaign.version} and status = 'running'${below("game_campaigns.wins", guard.campaignWinsBelow)}
      returning id
    ), r as (
      select r.id, (r.active and (r.valid_from is null or r.valid_from <= ${at}::timestamptz)
                    and (r.valid_until is null or r.valid_until > ${at}::timestamptz) and (r.stock is null or r.stock > 0)) as ok
        from rewards r
       where r.id in ${idList(d.rewards.ids)} and r.brand_id = ${campaign.brandId} and exists (select 1 from c)
         for update
    ), d as (
      insert into game_days (campaign_id, day, spins, wins, points)
      select c.id, ${day}, 1, ${w}, ${points} from c cross join (select count(*) from r) as locked_rewards
      on conflict (campaign_id, day) do update
         set spins = game_days.spins + 1, wins = game_days.wins + ${w}, points = game_days.points + ${points}
       where true${below("game_days.wins", guard.dayWinsBelow)}${room}
      returning 1
    ), s as (
      insert into game_prize_stock (campaign_id, segment_id, stock_left, won)
      select ${campaign.id}::uuid, ${segment.id}, ${segment.stock === null ? null : segment.stock - 1}::int, 1 from d where ${w === 1}
      on conflict (campaign_id, segment_id) do update
         set stock_left = game_prize_stock.stock_left - 1, won = game_prize_stock.won + 1
       where game_prize_stock.stock_left is null or game_prize_stock.stock_left > 0
      returning 1
    ), k as (
      select 1 from game_prize_stock
       where campaign_id = ${campaign.id} and ${inList} and stock_left > 0 and exists (select 1 from d)
         for share
    )
    select (select count(*) from c)::int as c, (select count(*) from d)::int as d, (select count(*) from s)::int as s, (select count(*) from k)::int as k,
           (select count(*) from r)::int as rn, (select count(*) from r where ok = (id in ${idList(d.rewards.available)}))::int as rm,
           (select count(*) from r where id in ${idList(d.rewards.available)})::int as ra`,
  );
  // Every reward the draw counted as issuable still is, and none it counted out is back.
  const rewardsAsDrawn = row!.rm === row!.rn && row!.ra === d.rewards.available.length;
  return row!.c === 1 && row!.d === 1 && row!.s === w && row!.k === others.length && rewardsAsDrawn;
}

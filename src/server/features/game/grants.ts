/**
 * Extra plays (issue 14; decision 0031): granted by actions, once each, or bought with points.
 *
 * Actions the database already records (the preference profile completed, a survey answered, a
 * purchase of at least the campaign's amount) are turned into grants when the member's wheel is
 * read or spun (`syncActionGrants`), not inside the earn, answer or profile transactions: the
 * earn stays the hot path it is (bench:ledger), and no feature has to know about games. A grant
 * row's unique key (campaign, member, source key) makes each action grant once, however often it
 * is synced. Following the OA is the Mini App's word (`followedOa`).
 */
import { sql } from "drizzle-orm";
import type { BuyPlayResponse, FollowedOaResponse } from "../../../contract/game";
import { checkBudget } from "../../../domain/game/draw";
import { failedGate, runState } from "../../../domain/game/gates";
import { gameDay, grantKey, remainingPlays } from "../../../domain/game/plays";
import type { Db, Tx } from "../../db/client";
import { gamePlayGrants } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import type { MemberRef } from "../../http/context";
import { debit, idempotent, lockMember } from "../loyalty/posting";
import { campaignOf, memberFacts, playCounts, visibleCampaigns, wheelState, type Campaign } from "./state";

/** The Vietnam day of a timestamp column, as gameDay computes it (UTC+7, days since 1970-01-01). */
const dayOf = (column: string) => sql.raw(`floor((extract(epoch from ${column}) + 25200) / 86400)::int`);

/**
 * Grants the plays of actions the member has done since the campaign started (the profile at
 * any time: completing it once is worth a play in each campaign). Idempotent.
 */
export async function syncActionGrants(tx: Db | Tx, member: { id: string; brandId: string }, campaign: Campaign, now: number) {
  const { extraPlays, purchaseMinVnd, startsAt, endsAt } = campaign.config;
  const from = new Date(startsAt).toISOString();
  const to = new Date(Math.min(endsAt, now + 1)).toISOString();
  const common = sql`${member.brandId}::uuid, ${campaign.id}::uuid, ${member.id}::uuid`;
  const at = new Date(now).toISOString();
  if (extraPlays.profile_completed > 0) {
    await tx.execute(sql`
      insert into game_play_grants (brand_id, campaign_id, member_id, day, source, plays, source_key, granted_at)
      select ${common}, ${dayOf("m.profile_completed_at")}, 'profile_completed', ${extraPlays.profile_completed},
             ${grantKey("profile_completed")}, ${at}::timestamptz
      from members m where m.id = ${member.id} and m.profile_completed_at is not null
      on conflict do nothing`);
  }
  if (extraPlays.survey_answered > 0) {
    // The first answer of each chain (a changed score is the same answer).
    await tx.execute(sql`
      insert into game_play_grants (brand_id, campaign_id, member_id, day, source, plays, source_key, granted_at)
      select ${common}, ${dayOf("a.answered_at")}, 'survey_answered', ${extraPlays.survey_answered},
             'survey_answered:' || a.id, ${at}::timestamptz
      from survey_answers a
      where a.member_id = ${member.id} and a.supersedes is null and a.answered_at >= ${from}::timestamptz and a.answered_at < ${to}::timestamptz
      on conflict do nothing`);
  }
  if (extraPlays.purchase_over_amount > 0) {
    await tx.execute(sql`
      insert into game_play_grants (brand_id, campaign_id, member_id, day, source, plays, source_key, granted_at)
      select ${common}, ${dayOf("e.occurred_at")}, 'purchase_over_amount', ${extraPlays.purchase_over_amount},
             'purchase_over_amount:' || e.id, ${at}::timestamptz
      from ledger_entries e
      where e.member_id = ${member.id} and e.kind = 'earn' and e.bill_vnd >= ${Math.max(1, purchaseMinVnd)}
        and e.occurred_at >= ${from}::timestamptz and e.occurred_at < ${to}::timestamptz
        and not exists (select 1 from ledger_entries r where r.ref_entry_id = e.id and r.kind = 'reversal')
      on conflict do nothing`);
  }
}

/**
 * The Mini App says the member followed the OA (zmp-sdk followOA resolved). The server cannot
 * verify it: neither Graph API nor our Zalo fake answers "does this Mini App user follow the
 * OA" (docs shared/zalo-platform.md: the follower id is idByOA, absent unless the app is linked),
 * so the claim is trusted and grants once per campaign (key `followed_oa`): a forged call wins
 * one play per campaign at most.
 */
export async function followedOa(db: Db, now: number, member: MemberRef): Promise<FollowedOaResponse> {
  const granted: FollowedOaResponse["granted"] = [];
  for (const campaign of await visibleCampaigns(db, member.brandId)) {
    const plays = campaign.config.extraPlays.followed_oa;
    if (plays <= 0 || runState(campaign.status, campaign.config, now) !== "running") continue;
    const rows = await db
      .insert(gamePlayGrants)
      .values({
        brandId: member.brandId,
        campaignId: campaign.id,
        memberId: member.id,
        day: gameDay(now),
        source: "followed_oa",
        plays,
        sourceKey: grantKey("followed_oa"),
        grantedAt: new Date(now),
      })
      .onConflictDoNothing()
      .returning({ id: gamePlayGrants.id });
    if (rows.length) granted.push({ campaignId: campaign.id, plays });
  }
  return { granted };
}

/**
 * Buys one extra play with points (never money): a `redeem` debit named after the campaign, and
 * a grant naming it, in one transaction, idempotent by the member's key. Refused when the
 * campaign sells none, is not running, the member does not pass its gates, or nothing can be
 * won any more (a play that can only lose is not sold).
 */
export async function buyPlay(
  db: Db,
  now: number,
  member: MemberRef,
  campaignId: string,
  idempotencyKey: string,
): Promise<Outcome<BuyPlayResponse>> {
  return inTransaction(db, async (tx) => {
    const { value, replayed } = await idempotent(
      tx,
      { brandId: member.brandId, scope: `game-play:${member.id}`, key: idempotencyKey, request: { campaignId } },
      async () => {
        const locked = await lockMember(tx, member.id);
        if (!locked) throw new Refusal("not_a_member", "Join the membership first.");
        const campaign = await campaignOf(tx, member.brandId, campaignId);
        if (!campaign || campaign.status === "draft") throw new Refusal("game_not_found", "No such game.");
        const { config } = campaign;
        const run = runState(campaign.status, config, now);
        if (run === "not_running") throw new Refusal("game_not_running", "This game is not running.");
        if (run !== "running") throw new Refusal("game_out_of_window", "This game is not open now.", { when: run });
        if (config.playPricePoints === null) throw new Refusal("game_play_not_for_sale", "This game does not sell plays.");
        const gate = failedGate(config.gates, await memberFacts(tx, locked, config.gates, now));
        if (gate) throw new Refusal("game_not_eligible", "The member cannot play this game.", { gate });
        const day = gameDay(now);
        const budget = checkBudget(config, await wheelState(tx, campaign, day, member.id, now));
        if (budget.state === "member_cap") throw new Refusal("game_win_limit_reached", "The member reached the wins of this game.");
        if (budget.state === "spent")
          throw new Refusal("game_budget_spent", "Nothing can be won any more.", { scope: budget.scope, reason: budget.reason });
        const entry = await debit(tx, locked, config.playPricePoints, {
          kind: "redeem",
          actorKind: "member",
          actorId: locked.userId,
          at: now,
          reason: config.name.vi,
          idempotencyKey: `game-play:${member.id}:${idempotencyKey}`,
        });
        await tx.insert(gamePlayGrants).values({
          brandId: member.brandId,
          campaignId,
          memberId: member.id,
          day,
          source: "bought",
          plays: 1,
          sourceKey: grantKey("bought", idempotencyKey),
          ledgerEntryId: entry.id,
          grantedAt: new Date(now),
        });
        const plays = remainingPlays(await playCounts(tx, member.id, campaign, day));
        return { balance: locked.balance, pointsSpent: config.playPricePoints, plays, replayed: false } satisfies BuyPlayResponse;
      },
    );
    return { ...value, replayed };
  });
}

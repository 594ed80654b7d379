/**
 * The referral funnel of the invites made in a period: one query for the console's referral
 * results and the game results (issue 14), so both pages count the same way.
 *
 * A referral counts at each stage it reached and has not left by a rejection: joined covers
 * joined, purchased, rewarded and reversed; purchased covers purchased, rewarded and reversed
 * (a reversed referral did complete before its purchase was undone). A rejected referral is
 * counted as rejected only, so invited = still invited + joined + rejected.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";

export type ReferralFunnel = {
  invited: number;
  joined: number;
  purchased: number;
  rewarded: number;
  rejected: number;
  reversed: number;
  /** Points paid for these invites net of what reversals took back (a reversed one costs only its shortfall). */
  referrerPoints: number;
  friendPoints: number;
};

const FIELDS = ["invited", "joined", "purchased", "rewarded", "rejected", "reversed", "referrerPoints", "friendPoints"] as const;

/** The funnel of the brand's invites made in [since, until). */
export async function referralFunnel(db: Db, brandId: string, since: Date, until: Date): Promise<ReferralFunnel> {
  const [f] = await queryRows<Record<keyof ReferralFunnel, string | number | null>>(
    db,
    sql`select count(*) as "invited",
          count(*) filter (where state in ('joined', 'purchased', 'rewarded', 'reversed')) as "joined",
          count(*) filter (where state in ('purchased', 'rewarded', 'reversed')) as "purchased",
          count(*) filter (where state = 'rewarded') as "rewarded",
          count(*) filter (where state = 'rejected') as "rejected",
          count(*) filter (where state = 'reversed') as "reversed",
          coalesce(sum(case when state = 'reversed' then referrer_shortfall else referrer_points end), 0) as "referrerPoints",
          coalesce(sum(case when state = 'reversed' then friend_shortfall else friend_points end), 0) as "friendPoints"
        from referrals
        where brand_id = ${brandId} and invited_at >= ${since.toISOString()} and invited_at < ${until.toISOString()}`,
  );
  // count() and sum() are bigint: text or a number depending on the driver.
  return Object.fromEntries(FIELDS.map((k) => [k, Number(f?.[k] ?? 0)])) as ReferralFunnel;
}

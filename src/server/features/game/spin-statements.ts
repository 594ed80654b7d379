/**
 * The statements of a spin (decision 0031 and its addenda), prepared once (db/client.ts
 * preparedStatement), apart from the rules that decide what goes into them: spin.ts runs them,
 * and `npm run bench:game` runs exactly these statements without HTTP as the raw rate of the
 * same transaction (as earn-statements.ts does for bench:ledger).
 *
 * Instants go in as ISO strings and come out as epoch milliseconds, and lists go in as JSON:
 * the same text on PGlite (EXECUTE with literals) and on PostgreSQL (named statements).
 */
import { sql } from "drizzle-orm";
import type { TierCode } from "../../../domain/loyalty/tiers";
import { preparedStatement, type Db, type Tx } from "../../db/client";
import type { LockedMember } from "../loyalty/posting";

/** A value the statement takes on each call (sql.placeholder): the text is built once. */
const v = (name: string) => sql.placeholder(name);
const ms = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);

/** The spin's idempotency key, claimed (true) or already taken (false: the caller reads what it answered). */
const claim = preparedStatement<{ claimed: number }, { brandId: string; scope: string; key: string; requestHash: string }>(
  "game_spin_claim",
  sql`insert into idempotency_keys (brand_id, scope, key, request_hash, status, body)
      values (${v("brandId")}::uuid, ${v("scope")}, ${v("key")}, ${v("requestHash")}, 0, '{}'::jsonb)
      on conflict do nothing returning 1 as claimed`,
);

export async function claimSpinKey(q: Db | Tx, k: { brandId: string; scope: string; key: string; requestHash: string }) {
  return (await claim(q, k)).length === 1;
}

type LockRow = {
  id: string | null;
  brand_id: string;
  user_id: string;
  points_balance: number | string;
  tier: TierCode;
  tier_pending_since: number | null;
  display_name: string;
  c_id: string | null;
  c_brand_id: string;
  status: "draft" | "running" | "paused" | "ended";
  version: number;
  starts_at: number;
  ends_at: number;
  spins: number | string;
  wins: number | string;
  points_given: number | string;
  vouchers_given: number | string;
  created_at: number;
  updated_at: number;
  published_at: number | null;
  paused_at: number | null;
  ended_at: number | null;
};

/**
 * The member's row lock and the campaign's row (read without its lock) in one round trip: what
 * `lockMember` and `campaignOf` read, the campaign only if it is the member's brand's.
 */
const lockAndRead = preparedStatement<LockRow, { memberId: string; campaignId: string }>(
  "game_spin_lock",
  sql`select m.id, m.brand_id, m.user_id, m.points_balance, m.tier, ${ms("m.tier_pending_since")} as tier_pending_since, u.display_name,
        c.id as c_id, c.brand_id as c_brand_id, c.status, c.version, ${ms("c.starts_at")} as starts_at, ${ms("c.ends_at")} as ends_at,
        c.spins, c.wins, c.points_given, c.vouchers_given, ${ms("c.created_at")} as created_at, ${ms("c.updated_at")} as updated_at,
        ${ms("c.published_at")} as published_at, ${ms("c.paused_at")} as paused_at, ${ms("c.ended_at")} as ended_at
      from members m
      join users u on u.id = m.user_id
      left join game_campaigns c on c.id = ${v("campaignId")}::uuid and c.brand_id = m.brand_id
      where m.id = ${v("memberId")}::uuid
      for update of m`,
);

/** The campaign's own row, as drizzle reads it (gameCampaigns.$inferSelect). */
export type CampaignRow = {
  id: string;
  brandId: string;
  status: "draft" | "running" | "paused" | "ended";
  version: number;
  startsAt: Date;
  endsAt: Date;
  spins: number;
  wins: number;
  pointsGiven: number;
  vouchersGiven: number;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  pausedAt: Date | null;
  endedAt: Date | null;
};

const dateOr = (x: number | null) => (x === null ? null : new Date(Number(x)));

export async function lockMemberAndReadCampaign(
  q: Tx,
  memberId: string,
  campaignId: string,
): Promise<{ member: LockedMember | null; campaign: CampaignRow | null }> {
  const [r] = await lockAndRead(q, { memberId, campaignId });
  if (!r || r.id === null) return { member: null, campaign: null };
  const member: LockedMember = {
    id: r.id,
    brandId: r.brand_id,
    userId: r.user_id,
    displayName: r.display_name,
    balance: Number(r.points_balance),
    tier: r.tier,
    tierPendingSince: dateOr(r.tier_pending_since),
  };
  const campaign: CampaignRow | null =
    r.c_id === null
      ? null
      : {
          id: r.c_id,
          brandId: r.c_brand_id,
          status: r.status,
          version: Number(r.version),
          startsAt: new Date(Number(r.starts_at)),
          endsAt: new Date(Number(r.ends_at)),
          spins: Number(r.spins),
          wins: Number(r.wins),
          pointsGiven: Number(r.points_given),
          vouchersGiven: Number(r.vouchers_given),
          createdAt: new Date(Number(r.created_at)),
          updatedAt: new Date(Number(r.updated_at)),
          publishedAt: dateOr(r.published_at),
          pausedAt: dateOr(r.paused_at),
          endedAt: dateOr(r.ended_at),
        };
  return { member, campaign };
}

/**
 * A points prize in one statement: the ledger entry (kind game_prize, actor game), the member's
 * balance and the expiry lot (same id), as posting.ts `credit` writes them in three. The
 * caller holds the member's lock and passes the balance after.
 */
const credit = preparedStatement<{ id: string }, Record<string, unknown>>(
  "game_spin_credit",
  sql`with e as (
        insert into ledger_entries (id, brand_id, member_id, kind, points, balance_after, occurred_at, actor_id, actor_kind, reason, idempotency_key)
        values (${v("entryId")}::uuid, ${v("brandId")}::uuid, ${v("memberId")}::uuid, 'game_prize', ${v("points")}::int, ${v("balance")}::bigint,
                ${v("at")}::timestamptz, ${v("actorId")}::uuid, 'game', ${v("reason")}, ${v("key")})
        returning id
      ), m as (
        update members set points_balance = ${v("balance")}::bigint where id = ${v("memberId")}::uuid returning 1
      ), l as (
        insert into point_lots (id, member_id, original, remaining, earned_at, expires_at)
        select e.id, ${v("memberId")}::uuid, ${v("points")}::int, ${v("points")}::int, ${v("at")}::timestamptz, ${v("expiresAt")}::timestamptz from e
        returning 1
      )
      select e.id::text as id from e cross join (select count(*) from m) as mm cross join (select count(*) from l) as ll`,
);

export async function creditPrize(
  q: Tx,
  member: LockedMember,
  c: { entryId: string; points: number; at: number; expiresAt: number; reason: string; key: string },
) {
  const balance = member.balance + c.points;
  const [row] = await credit(q, {
    entryId: c.entryId,
    brandId: member.brandId,
    memberId: member.id,
    points: c.points,
    balance,
    at: new Date(c.at).toISOString(),
    actorId: member.userId,
    reason: c.reason,
    key: c.key,
    expiresAt: new Date(c.expiresAt).toISOString(),
  });
  if (!row) throw new Error("the prize's ledger entry was not written");
  member.balance = balance;
  return row.id;
}

export type DrawRow = {
  id: string;
  brandId: string;
  campaignId: string;
  version: number;
  memberId: string;
  drawnAt: number;
  day: number;
  idempotencyKey: string;
  playSource: "free" | "extra";
  random: number;
  weights: readonly number[];
  state: unknown;
  segmentIndex: number;
  segmentId: string;
  prize: string;
  points: number;
  rewardId: string | null;
  ledgerEntryId: string | null;
  voucherId: string | null;
};

const draw = preparedStatement<never, Record<string, unknown>>(
  "game_spin_draw",
  sql`insert into game_draws (id, brand_id, campaign_id, version, member_id, drawn_at, day, idempotency_key, play_source, random, weights, state,
        segment_index, segment_id, prize, points, reward_id, ledger_entry_id, voucher_id)
      values (${v("id")}::uuid, ${v("brandId")}::uuid, ${v("campaignId")}::uuid, ${v("version")}::int, ${v("memberId")}::uuid,
        ${v("drawnAt")}::timestamptz, ${v("day")}::int, ${v("idempotencyKey")}, ${v("playSource")}, ${v("random")}::bigint, ${v("weights")}::jsonb,
        ${v("state")}::jsonb, ${v("segmentIndex")}::int, ${v("segmentId")}, ${v("prize")}, ${v("points")}::int, ${v("rewardId")}::uuid,
        ${v("ledgerEntryId")}::uuid, ${v("voucherId")}::uuid)`,
);

/** Appends the draw to the log. */
export async function insertDraw(q: Tx, d: DrawRow) {
  await draw(q, { ...d, drawnAt: new Date(d.drawnAt).toISOString(), weights: JSON.stringify(d.weights), state: JSON.stringify(d.state) });
}

const store = preparedStatement<never, { brandId: string; scope: string; key: string; body: string }>(
  "game_spin_store",
  sql`update idempotency_keys set status = 200, body = ${v("body")}::jsonb
      where brand_id = ${v("brandId")}::uuid and scope = ${v("scope")} and key = ${v("key")}`,
);

/** Stores the spin's answer under its claimed key, in the claiming transaction. */
export async function storeSpinAnswer(q: Tx, k: { brandId: string; scope: string; key: string }, value: unknown) {
  await store(q, { ...k, body: JSON.stringify(value) });
}

/** What countDraw checks and writes; lists as arrays (sent as JSON). */
export type CountValues = {
  campaignId: string;
  brandId: string;
  version: number;
  day: number;
  at: number;
  /** 1 for a prize, 0 for 'nothing'. */
  win: number;
  points: number;
  /** 1 for a voucher. */
  voucher: number;
  campaignWinsBelow: number | null;
  dayWinsBelow: number | null;
  dayPointsRoom: { room: number; budget: number } | null;
  segmentId: string;
  /** The won segment's configured stock (its row is written with stock − 1 when missing); null: unlimited. */
  segmentStock: number | null;
  /** Other stocked segments the draw counted, to be still in stock (FOR SHARE). */
  others: string[];
  rewardIds: string[];
  rewardsAvailable: string[];
};

/** `column in (…)`: the JSON array's elements (a list's length varies; the statement's text does not). */
const uuids = (name: string) => sql`(select x::uuid from jsonb_array_elements_text(${v(name)}::jsonb) x)`;
const texts = (name: string) => sql`(select x from jsonb_array_elements_text(${v(name)}::jsonb) x)`;

/**
 * The shared counters in ONE statement (spin.ts countDraw says why and in what order); every
 * guard a parameter (null: no such cap), so the text is the same for every wheel.
 */
const count = preparedStatement<
  { c: number; d: number; s: number; k: number; rn: number; rm: number; ra: number },
  Record<string, unknown>
>(
  "game_spin_count",
  sql`
    with c as (
      update game_campaigns
         set spins = spins + 1, wins = wins + ${v("win")}::int, points_given = points_given + ${v("points")}::int,
             vouchers_given = vouchers_given + ${v("voucher")}::int
       where id = ${v("campaignId")}::uuid and version = ${v("version")}::int and status = 'running'
         and (${v("campaignWinsBelow")}::bigint is null or game_campaigns.wins < ${v("campaignWinsBelow")}::bigint)
      returning id
    ), r as (
      select r.id, (r.active and (r.valid_from is null or r.valid_from <= ${v("at")}::timestamptz)
                    and (r.valid_until is null or r.valid_until > ${v("at")}::timestamptz) and (r.stock is null or r.stock > 0)) as ok
        from rewards r
       where r.id in ${uuids("rewardIds")} and r.brand_id = ${v("brandId")}::uuid and exists (select 1 from c)
         for update
    ), d as (
      insert into game_days (campaign_id, day, spins, wins, points)
      select c.id, ${v("day")}::int, 1, ${v("win")}::int, ${v("points")}::int from c cross join (select count(*) from r) as locked_rewards
      on conflict (campaign_id, day) do update
         set spins = game_days.spins + 1, wins = game_days.wins + ${v("win")}::int, points = game_days.points + ${v("points")}::int
       where (${v("dayWinsBelow")}::int is null or game_days.wins < ${v("dayWinsBelow")}::int)
         and (${v("room")}::int is null or game_days.points + ${v("room")}::int <= ${v("budget")}::int)
      returning 1
    ), s as (
      insert into game_prize_stock (campaign_id, segment_id, stock_left, won)
      select ${v("campaignId")}::uuid, ${v("segmentId")}, ${v("stockAfter")}::int, 1 from d where ${v("win")}::int = 1
      on conflict (campaign_id, segment_id) do update
         set stock_left = game_prize_stock.stock_left - 1, won = game_prize_stock.won + 1
       where game_prize_stock.stock_left is null or game_prize_stock.stock_left > 0
      returning 1
    ), k as (
      select 1 from game_prize_stock
       where campaign_id = ${v("campaignId")}::uuid and segment_id in ${texts("others")} and stock_left > 0 and exists (select 1 from d)
         for share
    )
    select (select count(*) from c)::int as c, (select count(*) from d)::int as d, (select count(*) from s)::int as s, (select count(*) from k)::int as k,
           (select count(*) from r)::int as rn, (select count(*) from r where ok = (id in ${uuids("available1")}))::int as rm,
           (select count(*) from r where id in ${uuids("available2")})::int as ra`,
);

/** Runs the counters' statement; true when every guard held (else nothing may be kept: the caller rolls back). */
export async function countSpin(q: Tx, c: CountValues): Promise<boolean> {
  const available = JSON.stringify(c.rewardsAvailable);
  const [row] = await count(q, {
    campaignId: c.campaignId,
    brandId: c.brandId,
    version: c.version,
    day: c.day,
    at: new Date(c.at).toISOString(),
    win: c.win,
    points: c.points,
    voucher: c.voucher,
    campaignWinsBelow: c.campaignWinsBelow,
    dayWinsBelow: c.dayWinsBelow,
    room: c.dayPointsRoom?.room ?? null,
    budget: c.dayPointsRoom?.budget ?? null,
    segmentId: c.segmentId,
    stockAfter: c.segmentStock === null ? null : c.segmentStock - 1,
    others: JSON.stringify(c.others),
    rewardIds: JSON.stringify(c.rewardIds),
    available1: available,
    available2: available,
  });
  // Every reward the draw counted as issuable still is, and none it counted out is back.
  const rewardsAsDrawn = row!.rm === row!.rn && row!.ra === c.rewardsAvailable.length;
  return row!.c === 1 && row!.d === 1 && row!.s === c.win && row!.k === c.others.length && rewardsAsDrawn;
}

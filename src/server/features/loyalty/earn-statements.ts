/**
 * The two statements of an earn (docs/decisions/0006), apart from the rules that decide what
 * goes into them, so that bench:ledger can run exactly these statements without HTTP as the
 * raw database ceiling for the API's transaction shape.
 */
import { sql } from "drizzle-orm";
import type { EarnResponse } from "../../../contract/loyalty";
import type { EarnMethod } from "../../../domain/loyalty/ledger";
import { DEFAULT_TIER_RULES, type TierCode, type TierRules, type TierState } from "../../../domain/loyalty/tiers";
import { preparedStatement, type Db, type Tx } from "../../db/client";

export type EarnRead = {
  id: string;
  brand_id: string;
  /** The member's user: a cashier may not credit their own membership. */
  user_id: string;
  points_balance: string | number;
  tier: TierCode;
  tier_pending_since: string | Date | null;
  /** The member row's xmin: the compare-and-set token of the write. */
  version: string;
  display_name: string;
  erased: boolean;
  store_brand: string | null;
  /** Null for an unknown store. */
  store_active: boolean | null;
  bound: boolean;
  settings: { vnd_per_point: number; max_bill_vnd: string | number; lot_validity_months: number; tier_rules: TierRules } | null;
  promos: { id: string; bps: number; startsAt: string | number; endsAt: string | number; storeIds: string[] | null }[] | null;
  /** Null where earnNeedsSpend says it cannot matter (top tier, no downgrade pending). */
  spend: string | number | null;
  prior_hash: string | null;
  prior_body: EarnResponse | null;
};

const topTier = DEFAULT_TIER_RULES.tiers[DEFAULT_TIER_RULES.tiers.length - 1]!.code;
/** A value the statement takes on each call (sql.placeholder): the text is built once. */
const v = (name: string) => sql.placeholder(name);

/** The read's inputs; `at` is the earn's instant as an ISO string. */
type ReadValues = { memberId: string; storeId: string; staffId: string; key: string; at: string };

const readStatement = (locked: boolean) => sql`
      select m.id, m.brand_id, m.user_id, m.points_balance, m.tier, m.tier_pending_since, m.xmin::text as version, u.display_name,
        m.erased_at is not null as erased,
        (select s.brand_id from stores s where s.id = ${v("storeId")}) as store_brand,
        (select s.active from stores s where s.id = ${v("storeId")}) as store_active,
        exists (select 1 from staff_stores ss where ss.store_id = ${v("storeId")} and ss.user_id = ${v("staffId")}) as bound,
        (select row_to_json(ls) from loyalty_settings ls where ls.brand_id = m.brand_id) as settings,
        (select json_agg(json_build_object('id', p.id, 'bps', p.bps, 'startsAt', (extract(epoch from p.starts_at) * 1000)::bigint,
                'endsAt', (extract(epoch from p.ends_at) * 1000)::bigint, 'storeIds', p.store_ids))
           from promotions p where p.brand_id = m.brand_id and p.starts_at <= ${v("at")} and p.ends_at > ${v("at")}) as promos,
        -- The same test as earnNeedsSpend, so the sum is skipped for top-tier members; the
        -- caller computes it anyway if the domain disagrees.
        case when m.tier_pending_since is null
               and m.tier = coalesce((select ls.tier_rules->'tiers'->-1->>'code' from loyalty_settings ls where ls.brand_id = m.brand_id), ${topTier})
          then null
          else (select coalesce(sum(case when e.kind = 'earn' then e.bill_vnd else -e.bill_vnd end), 0) from ledger_entries e
             where e.member_id = m.id and e.kind in ('earn', 'reversal')
               and e.occurred_at > ${v("at")}::timestamptz - make_interval(days => coalesce((select (ls.tier_rules->>'windowDays')::int from loyalty_settings ls where ls.brand_id = m.brand_id), 365)))
        end as spend,
        k.request_hash as prior_hash, k.body as prior_body
      from members m
      join users u on u.id = m.user_id
      left join idempotency_keys k on k.brand_id = m.brand_id and k.scope = 'earn' and k.key = ${v("key")}
      where m.id = ${v("memberId")}
      ${locked ? sql`for update of m` : sql``}`;
const earnRead = preparedStatement<EarnRead, ReadValues>("earn_read", readStatement(false));
const earnReadLocked = preparedStatement<EarnRead, ReadValues>("earn_read_locked", readStatement(true));

/**
 * Everything the earn rules need in one round trip: the member and its row version, store
 * brand and staff binding, settings, live promotions, the rolling spend, and a prior result for
 * this receipt's key. `locked` takes the member's row lock (the fallback path, in a transaction).
 */
export async function readForEarn(
  q: Db | Tx,
  a: { memberId: string; storeId: string; staffId: string; key: string; now: number; locked: boolean },
): Promise<EarnRead | undefined> {
  const values = { memberId: a.memberId, storeId: a.storeId, staffId: a.staffId, key: a.key, at: new Date(a.now).toISOString() };
  const [row] = await (a.locked ? earnReadLocked : earnRead)(q, values);
  return row;
}

export type EarnWrite = {
  version: string;
  brandId: string;
  memberId: string;
  storeId: string;
  /** Null for a POS (its key is in actorDevice). */
  actorId: string | null;
  /** `staff` at the counter, `pos` through a store's API key (issue 17). */
  actorKind: "staff" | "pos";
  /** The counter's device (decision 0017), or `pos:<key prefix>`. */
  actorDevice: string | null;
  /** As typed (shown); receiptKey is the normalised one the unique index compares. */
  receiptNo: string;
  receiptKey: string;
  method: EarnMethod;
  billVnd: number;
  key: string;
  requestHash: string;
  response: EarnResponse | Record<string, never>;
  entryId: string;
  points: number;
  balance: number;
  tier: TierState;
  at: number;
  lotExpiresAt: number;
};

const earnWrite = preparedStatement<{ written: number }, Record<string, unknown>>(
  "earn_write",
  sql`
      with u as (
        update members set points_balance = ${v("balance")}, tier = ${v("tier")}, tier_pending_since = ${v("pendingSince")}
        where id = ${v("memberId")} and xmin = ${v("version")}::xid
        returning id
      ), k as (
        insert into idempotency_keys (brand_id, scope, key, request_hash, status, body)
        select ${v("brandId")}, 'earn', ${v("key")}, ${v("requestHash")}, 200, ${v("response")}::jsonb from u
      ), e as (
        insert into ledger_entries (id, brand_id, member_id, kind, points, balance_after, occurred_at, store_id, actor_id, actor_kind, actor_device, receipt_no, receipt_key, method, bill_vnd)
        select ${v("entryId")}, ${v("brandId")}, ${v("memberId")}, 'earn', ${v("points")}, ${v("balance")}, ${v("at")}, ${v("storeId")}, ${v("actorId")}, ${v("actorKind")}, ${v("actorDevice")}, ${v("receiptNo")}, ${v("receiptKey")}, ${v("method")}, ${v("billVnd")}
        from u returning id
      ), l as (
        insert into point_lots (id, member_id, original, remaining, earned_at, expires_at)
        select id, ${v("memberId")}, ${v("points")}, ${v("points")}, ${v("at")}, ${v("lotExpiresAt")} from e
      )
      select count(*)::int as written from u`,
);

/**
 * One statement, so atomic on its own: the balance is set only if the member row still has
 * the version that was read (compare-and-set on xmin), and the idempotency key, ledger row and
 * lot are inserted from that update's result, so a CAS miss writes nothing. A key taken
 * meanwhile (23505) aborts the whole statement. True when written.
 */
export async function writeEarn(q: Db | Tx, w: EarnWrite): Promise<boolean> {
  const pending = w.tier.downgradePendingSince;
  const [row] = await earnWrite(q, {
    balance: w.balance,
    tier: w.tier.tier,
    pendingSince: pending === null ? null : new Date(pending).toISOString(),
    memberId: w.memberId,
    version: w.version,
    brandId: w.brandId,
    key: w.key,
    requestHash: w.requestHash,
    response: JSON.stringify(w.response),
    entryId: w.entryId,
    points: w.points,
    at: new Date(w.at).toISOString(),
    storeId: w.storeId,
    actorId: w.actorId,
    actorKind: w.actorKind,
    actorDevice: w.actorDevice,
    receiptNo: w.receiptNo,
    receiptKey: w.receiptKey,
    method: w.method,
    billVnd: w.billVnd,
    lotExpiresAt: new Date(w.lotExpiresAt).toISOString(),
  });
  return Number(row?.written ?? 0) === 1;
}

import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { memberEndpoints } from "../../src/contract/endpoints/members";
import { memberQrCode } from "../../src/domain/member-qr/member-qr";
import { queryRows, type Database } from "../../src/server/db/client";
import type { TestApi } from "./api";

/** A live scan at the counter: returns the scan token for /staff/earn. */
export async function scanToken(api: TestApi, staffToken: string, card: { memberId: string; qrSecret: string }) {
  const res = await api.ok(memberEndpoints.scanMember, {
    token: staffToken,
    body: { code: memberQrCode(card.memberId, card.qrSecret, api.clock.now()) },
  });
  expect(res.status).toBe(200);
  api.clock.advance(30_000); // the next scan of this member needs the next QR step
  return res.body.scanToken;
}

export async function earn(
  api: TestApi,
  staffToken: string,
  body: { storeId: string; receiptNo: string; billVnd: number; member: unknown },
) {
  return api.call("POST", "/staff/earn", { token: staffToken, body });
}

/**
 * A purchase at the counter at `at` (the clock is set there): the cashier signs in, scans the
 * member's QR and awards points for the bill. Returns the earn's ledger entry id.
 */
export async function earnAt(
  api: TestApi,
  o: { cashier: { signIn(): Promise<string> }; storeId: string; card: { memberId: string; qrSecret: string } },
  at: number,
  billVnd: number,
  receiptNo: string,
): Promise<string> {
  api.clock.set(at);
  const staff = await o.cashier.signIn();
  const res = await earn(api, staff, {
    storeId: o.storeId,
    receiptNo,
    billVnd,
    member: { scanToken: await scanToken(api, staff, o.card) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.entryId as string;
}

/**
 * The ledger's invariants, checked in SQL over the whole database: for every member the cached
 * balance equals the sum of their ledger and the sum of their lots' remaining points, the last
 * row's balance_after equals the balance, and nothing is negative; stock is never negative and
 * never oversold.
 */
export async function expectLedgerInvariants(database: Database) {
  const list = await queryRows<Record<string, unknown>>(
    database.db,
    sql`
    select m.id,
           m.points_balance::bigint as balance,
           coalesce((select sum(points) from ledger_entries e where e.member_id = m.id), 0)::bigint as ledger,
           coalesce((select sum(remaining) from point_lots l where l.member_id = m.id), 0)::bigint as lots,
           coalesce((select balance_after from ledger_entries e where e.member_id = m.id order by seq desc limit 1), 0)::bigint as last_after,
           (select count(*) from point_lots l where l.member_id = m.id and (l.remaining < 0 or l.remaining > l.original))::int as bad_lots
    from members m`,
  );
  const broken = list.filter((r) => {
    const b = Number(r.balance);
    return b < 0 || b !== Number(r.ledger) || b !== Number(r.lots) || b !== Number(r.last_after) || Number(r.bad_lots) > 0;
  });
  expect(broken).toEqual([]);
  const negative = await queryRows(
    database.db,
    sql`
    select r.id, r.stock, (select count(*) from vouchers v where v.reward_id = r.id)::int as issued from rewards r where r.stock is not null and r.stock < 0`,
  );
  expect(negative).toEqual([]);
  return list.length;
}

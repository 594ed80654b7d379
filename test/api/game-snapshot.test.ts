/**
 * A spin draws on a snapshot of the campaign's counters and takes the campaign's lock only for
 * its last statement (decision 0031, addendum). These tests make the snapshot go stale on
 * purpose: on PostgreSQL another transaction holds the campaign's row while the spins are drawn
 * and queue behind it (we wait until they are queued, by pg_blocking_pids), then lets go; the
 * spins' guards must see the true counters and the stale ones must be drawn again under the lock.
 * On PGlite (one connection, one transaction at a time) the same calls run one after another and
 * must give the same outcomes: what is proved is that the outcome is one a serial order gives
 * (which order the queued spins go in is the server's choice).
 */
import { eq, sql } from "drizzle-orm";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/server/db/client";
import { gamePrizeStock } from "../../src/server/db/schema";
import { spin } from "../../src/server/features/game/spin";
import { testApi, type TestApi } from "../support/api";
import { eventually } from "../support/eventually";
import { drawsOf, expectGameInvariants, makeCampaign, nothing, points, quickMembers } from "../support/game";
import { expectLedgerInvariants } from "../support/loyalty";

/** Random values that pick the first / second segment of a two-segment wheel of weights 1 and 1. */
const FIRST = () => 0;
const SECOND = () => 1;

describe("spins drawn on a snapshot that went stale", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  /**
   * On PostgreSQL: a transaction of its own that locks the campaign's row (and runs `change` in
   * it); `queued(n)` waits until n other sessions wait for a lock, `release` commits. On PGlite:
   * `change` runs at once and the rest does nothing.
   */
  async function holdCampaign(campaignId: string, change?: string) {
    const pool = api.database.pool;
    if (!pool) {
      if (change) await api.database.db.execute(sql.raw(change));
      return { queued: async () => {}, release: async () => {} };
    }
    const client: pg.PoolClient = await pool.connect();
    await client.query("begin");
    // As a spin counting its draw does: an UPDATE of the row (FOR UPDATE would also stop the draw
    // rows' foreign-key checks). The spins queued behind it go on in no fixed order.
    await client.query("update game_campaigns set spins = spins where id = $1", [campaignId]);
    if (change) await client.query(change);
    const { pid } = (await client.query("select pg_backend_pid() as pid")).rows[0] as { pid: number };
    return {
      // Sessions waiting behind ours, directly or behind one that waits for ours (other test files share the server).
      queued: (n: number) =>
        eventually(async () => {
          const [row] = await queryRows<{ n: number }>(
            api.database.db,
            sql`with recursive behind(pid) as (
                  select ${pid}::int
                  union
                  select a.pid from pg_stat_activity a join behind b on b.pid = any(pg_blocking_pids(a.pid))
                ) select (count(*) - 1)::int as n from behind`,
          );
          expect(row!.n).toBe(n);
        }),
      release: async () => {
        await client.query("commit");
        client.release();
      },
    };
  }

  it("two spins both drawn on the last unit of a prize: one wins it, the other is drawn again and told the budget is spent", async () => {
    const campaign = await makeCampaign(api, { segments: [points("last", 100, 1, 1), nothing("none", 1)], freePlaysPerDay: 3 });
    const [a, b] = await quickMembers(api, 2);
    const now = api.clock.now();
    const hold = await holdCampaign(campaign.id);
    const first = spin(api.database.db, now, a!, campaign.id, "last-unit-a", FIRST);
    await hold.queued(1);
    const second = spin(api.database.db, now, b!, campaign.id, "last-unit-b", FIRST);
    await hold.queued(2);
    await hold.release();
    const outcomes = await Promise.all([first, second]);
    const won = outcomes.filter((o) => o.ok && o.value.segmentId === "last");
    expect(won).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok).map((o) => (o.ok ? "" : o.code))).toEqual(["game_budget_spent"]);
    const [stock] = await api.database.db.select().from(gamePrizeStock).where(eq(gamePrizeStock.campaignId, campaign.id));
    expect(stock).toMatchObject({ stockLeft: 0, won: 1 });
    expect(await drawsOf(api.database, campaign.id)).toHaveLength(1);
    await expectGameInvariants(api.database);
    await expectLedgerInvariants(api.database);
  });

  it("a losing spin drawn while a prize still had stock is kept only if it was counted before the prize was gone", async () => {
    // Which queued spin goes first is the server's choice: a few rounds see both orders.
    for (let round = 0; round < 4; round++) await lastUnitAgainstALoss(round);
  });

  async function lastUnitAgainstALoss(round: number) {
    const campaign = await makeCampaign(api, { segments: [points("last", 100, 1, 1), nothing("none", 1)], freePlaysPerDay: 3 });
    const [a, b] = await quickMembers(api, 2);
    const now = api.clock.now();
    const hold = await holdCampaign(campaign.id);
    const winner = spin(api.database.db, now, a!, campaign.id, `gone-a-${round}`, FIRST);
    // Drawn 'nothing' on weights that still count the prize, queued with the winner.
    const loser = spin(api.database.db, now, b!, campaign.id, `gone-b-${round}`, SECOND);
    await hold.queued(2);
    await hold.release();
    const [w, l] = await Promise.all([winner, loser]);
    expect(w.ok && w.value.segmentId).toBe("last");
    // The last writer of the campaign's row is the spin counted last (xmin: the transaction that wrote the row's version).
    const [last] = await queryRows<{ x: string }>(
      api.database.db,
      sql`select xmin::text as x from game_campaigns where id = ${campaign.id}`,
    );
    const draws = await queryRows<{ member_id: string; x: string }>(
      api.database.db,
      sql`select member_id, xmin::text as x from game_draws where campaign_id = ${campaign.id}`,
    );
    const xminOf = (memberId: string) => draws.find((d) => d.member_id === memberId)?.x;
    if (l.ok) {
      // Kept: then it was counted while the prize still had its unit, before the winner.
      expect(l.value.segmentId).toBe("none");
      expect(last!.x).toBe(xminOf(a!.id));
    } else {
      // Counted after the winner: the prize was gone, so the wheel had nothing left to win and no play is used.
      expect(l.code).toBe("game_budget_spent");
      expect(draws).toHaveLength(1);
    }
    await expectGameInvariants(api.database);
  }

  it("a spin drawn before the campaign was paused is not counted after: drawn again under the lock, refused", async () => {
    const campaign = await makeCampaign(api, { segments: [points("p5", 5, 1), nothing("none", 1)], freePlaysPerDay: 3 });
    const [a] = await quickMembers(api, 1);
    const now = api.clock.now();
    const hold = await holdCampaign(campaign.id, `update game_campaigns set status = 'paused' where id = '${campaign.id}'`);
    const outcome = spin(api.database.db, now, a!, campaign.id, "paused-a", FIRST);
    await hold.queued(1);
    await hold.release();
    const o = await outcome;
    expect(o.ok ? o.value.segmentId : o.code).toBe("game_not_running");
    expect(await drawsOf(api.database, campaign.id)).toHaveLength(0);
    await expectGameInvariants(api.database);
    await expectLedgerInvariants(api.database);
  });
});

/**
 * `npm run bench:game` — lucky-wheel spins over HTTP against the raw rate of the same
 * transaction (issue 14; decision 0031).
 *
 *   BENCH_SECONDS (10)  BENCH_CLIENTS (10)  BENCH_MEMBERS (50, members spinning)
 *   BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test; "skip" to skip)   BENCH_ONLY=postgres|pglite
 *   The PostgreSQL run creates a database of its own on that server and drops it at the end.
 *
 * The server runs in a child process as bench:ledger runs it (RATE_LIMIT_MULTIPLIER, not a
 * code switch). Members join through the API; a bench campaign (8 segments: points prizes, one
 * with a stock of 100, and 'nothing') is written with the demo seed's function, and each member
 * is granted plays enough for the run. Then POST /members/me/games/{id}/spins with BENCH_CLIENTS
 * concurrent clients for BENCH_SECONDS, each with a new idempotency key. Then the very statements
 * the spin's transaction runs (features/game/spin-statements.ts and state.ts spinCounters, prepared
 * as the API prepares them: idempotency key, the member's lock with the campaign's row, every
 * counter in one statement — read without the campaign's lock —, the draw through the domain,
 * the ledger entry + balance + lot in one statement, the draw row, the stored answer, then the
 * guarded counters in one statement) with no HTTP: `ratio:` is API / raw, target ≥ 0.5, and
 * p99 ≤ 250 ms. On PostgreSQL the raw loop runs BENCH_CLIENTS transactions at once on as many
 * connections; on PGlite (one backend) one at a time on the instance. Spins of one campaign
 * serialise on its row for that last statement and the commit (decision 0031, addendum), in both runs.
 * Then the invariants: stock ≥ 0 and its wins = its draws, counters = the draw log, every draw
 * replays through domain/game/draw to its segment, every points draw has its game_prize entry
 * (member and points), balances = ledger sums = lots.
 */
import { randomInt, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultWheelCampaign } from "../src/domain/game/defaults";
import type { PGlite } from "@electric-sql/pglite";
import { eq } from "drizzle-orm";
import { drawIndex, effectiveWeights, replayDraw, snapshotGuard } from "../src/domain/game/draw";
import { gameDay } from "../src/domain/game/plays";
import type { WheelCampaignConfig } from "../src/domain/game/wheel";
import { lotExpiresAt } from "../src/domain/loyalty/lots";
import { openDatabase, type Database } from "../src/server/db/client";
import { gameCampaigns } from "../src/server/db/schema";
import {
  claimSpinKey,
  countSpin,
  creditPrize,
  insertDraw,
  lockMemberAndReadCampaign,
  storeSpinAnswer,
} from "../src/server/features/game/spin-statements";
import { spinCounters, type Campaign } from "../src/server/features/game/state";
import {
  joinedMember,
  loadFor,
  openPgClients,
  openPglite,
  percentile,
  report,
  runFor,
  startServer,
  stopServer,
  type Sql,
  type Stats,
  withScratchDatabase,
} from "./bench-http";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 50);
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const P99_TARGET_MS = 250;

type Target = { memberId: string; token: string; brandId: string; userId: string };
type Scene = { campaignId: string; config: WheelCampaignConfig; members: Target[] };

/** The bench campaign: the default wheel, no caps (a cap reached would refuse spins), one prize with a stock of 100. */
function benchConfig(now: number): WheelCampaignConfig {
  const base = defaultWheelCampaign(now - 3_600_000);
  return {
    ...base,
    name: { vi: "Vòng quay đo tải", en: "Bench wheel" },
    segments: base.segments.map((s) => (s.id === "p500" ? { ...s, stock: 100 } : s.prize === "points" ? { ...s, stock: null } : s)),
    caps: { winsPerDay: null, winsPerCampaign: null, pointsPerDay: null, playsPerMemberPerDay: null, winsPerMemberPerCampaign: null },
    extraPlays: { profile_completed: 0, survey_answered: 0, followed_oa: 0, purchase_over_amount: 0 },
  };
}

/** Writes the bench campaign (version 1, stock rows) and grants every member plays for the run, on the database the server wrote. */
async function sceneOf(db: Sql, joined: { memberId: string; token: string }[]): Promise<Scene> {
  const { rows } = await db.query(`select id, brand_id, user_id from members where id = any($1::uuid[])`, [joined.map((m) => m.memberId)]);
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  const members = joined.map((m) => ({ ...m, brandId: byId.get(m.memberId)!.brand_id, userId: byId.get(m.memberId)!.user_id }));
  const brandId = members[0]!.brandId;
  const now = Date.now();
  const config = benchConfig(now);
  const [c] = (
    await db.query(
      `insert into game_campaigns (brand_id, status, version, starts_at, ends_at, published_at) values ($1, 'running', 1, $2, $3, now()) returning id`,
      [brandId, new Date(config.startsAt).toISOString(), new Date(config.endsAt).toISOString()],
    )
  ).rows;
  const campaignId = c.id as string;
  await db.query(`insert into game_campaign_versions (campaign_id, version, config) values ($1, 1, $2::jsonb)`, [
    campaignId,
    JSON.stringify(config),
  ]);
  for (const s of config.segments.filter((x) => x.prize !== "nothing"))
    await db.query(`insert into game_prize_stock (campaign_id, segment_id, stock_left) values ($1, $2, $3)`, [campaignId, s.id, s.stock]);
  for (const m of members)
    await db.query(
      `insert into game_play_grants (brand_id, campaign_id, member_id, day, source, plays, source_key, granted_at)
       values ($1, $2, $3, $4, 'bought', 1000000, 'bench', now())`,
      [brandId, campaignId, m.memberId, gameDay(now)],
    );
  return { campaignId, config, members };
}

async function spinApi(label: string, scene: Scene) {
  let n = 0;
  const stats = await loadFor(CLIENTS, SECONDS, `/api/members/me/games/${scene.campaignId}/spins`, () => {
    const m = scene.members[n++ % scene.members.length]!;
    return { headers: { authorization: `Bearer ${m.token}` }, body: { idempotencyKey: randomUUID() } };
  });
  return { rate: report(`${label} spin api`, stats), stats };
}

/**
 * The spin's statements (features/game/spin-statements.ts and state.ts spinCounters: the very
 * statements the API runs, prepared as it prepares them), one transaction per spin, `clients`
 * at once: no HTTP, no auth, no validation, no gates or plays rules, no idempotent-replay branch.
 */
async function spinRaw(label: string, scene: Scene, database: Database, clients: number) {
  let n = 0;
  const campaign: Campaign = {
    ...(await database.db.select().from(gameCampaigns).where(eq(gameCampaigns.id, scene.campaignId)))[0]!,
    config: scene.config,
  };
  const stats = await runFor(clients, SECONDS, async () => {
    const m = scene.members[n++ % scene.members.length]!;
    const key = randomUUID();
    const now = Date.now();
    const day = gameDay(now);
    return database.db.transaction(async (tx) => {
      const scope = `game-spin:${m.memberId}`;
      if (!(await claimSpinKey(tx, { brandId: m.brandId, scope, key, requestHash: "raw" }))) throw new Error("key taken");
      const { member, campaign: row } = await lockMemberAndReadCampaign(tx, m.memberId, scene.campaignId);
      // The version's config is the server's cache (versions never change).
      const current: Campaign = { ...campaign, ...row! };
      const { state, lotValidityMonths } = await spinCounters(tx, current, day, m.memberId, now);
      const { config } = scene;
      const { weights } = effectiveWeights(config, state);
      const { index, random } = drawIndex(weights, () => randomInt(0, 2 ** 32));
      const segment = config.segments[index]!;
      const points = segment.prize === "points" ? segment.value : 0;
      const guard = snapshotGuard(config, state);
      const drawId = randomUUID();
      const ledgerEntryId =
        points > 0
          ? await creditPrize(tx, member!, {
              entryId: randomUUID(),
              points,
              at: now,
              expiresAt: lotExpiresAt(now, lotValidityMonths),
              reason: config.name.vi,
              key: `game-draw:${drawId}`,
            })
          : null;
      await insertDraw(tx, {
        id: drawId,
        brandId: m.brandId,
        campaignId: scene.campaignId,
        version: 1,
        memberId: m.memberId,
        drawnAt: now,
        day,
        idempotencyKey: key,
        playSource: "extra",
        random,
        weights,
        state,
        segmentIndex: index,
        segmentId: segment.id,
        prize: segment.prize,
        points,
        rewardId: null,
        ledgerEntryId,
        voucherId: null,
      });
      await storeSpinAnswer(tx, { brandId: m.brandId, scope, key }, { drawId, segmentIndex: index });
      // The shared counters last, in one guarded statement: the campaign's lock is held from here to the commit.
      const counted = await countSpin(tx, {
        campaignId: scene.campaignId,
        brandId: m.brandId,
        version: 1,
        day,
        at: now,
        win: segment.prize !== "nothing" ? 1 : 0,
        points,
        voucher: 0,
        campaignWinsBelow: guard.campaignWinsBelow,
        dayWinsBelow: guard.dayWinsBelow,
        dayPointsRoom: guard.dayPointsRoom,
        segmentId: segment.id,
        segmentStock: segment.stock,
        others: guard.stocked.filter((i) => i !== index).map((i) => config.segments[i]!.id),
        rewardIds: [],
        rewardsAvailable: [],
      });
      if (!counted) throw new Error("the counters moved under the draw");
      return true;
    });
  });
  return report(`${label} raw sql`, stats);
}

async function gameInvariants(db: Sql, campaignId: string) {
  const one = async (text: string, params: unknown[] = []) => Number((await db.query(text, params)).rows[0].n);
  const badStock = await one(
    `select count(*)::int as n from game_prize_stock s where (s.stock_left is not null and s.stock_left < 0)
       or s.won <> (select count(*) from game_draws d where d.campaign_id = s.campaign_id and d.segment_id = s.segment_id)`,
  );
  const badCounters = await one(
    `select count(*)::int as n from game_campaigns c where c.spins <> (select count(*) from game_draws d where d.campaign_id = c.id)
       or c.wins <> (select count(*) from game_draws d where d.campaign_id = c.id and d.prize <> 'nothing')
       or c.points_given <> (select coalesce(sum(points), 0) from game_draws d where d.campaign_id = c.id)`,
  );
  const badEvidence = await one(
    `select count(*)::int as n from game_draws d left join ledger_entries e on e.id = d.ledger_entry_id
      where d.prize = 'points' and (e.id is null or e.member_id <> d.member_id or e.points <> d.points or e.kind <> 'game_prize')`,
  );
  const balances = await one(`select count(*)::int as n from members m
    where m.points_balance <> coalesce((select sum(points) from ledger_entries e where e.member_id = m.id), 0)
       or m.points_balance <> coalesce((select sum(remaining) from point_lots l where l.member_id = m.id), 0)`);
  const { rows: draws } = await db.query(
    `select d.random, d.weights, d.state, d.segment_index, v.config from game_draws d
       join game_campaign_versions v on v.campaign_id = d.campaign_id and v.version = d.version where d.campaign_id = $1`,
    [campaignId],
  );
  const unreplayable = draws.filter(
    (d) =>
      !replayDraw({ config: d.config, state: d.state, weights: d.weights, random: Number(d.random), segmentIndex: d.segment_index })
        .matches,
  ).length;
  const stockLeft = (await db.query(`select stock_left from game_prize_stock where campaign_id = $1 and segment_id = 'p500'`, [campaignId]))
    .rows[0]?.stock_left;
  const ok = badStock + badCounters + badEvidence + balances + unreplayable === 0;
  console.log(
    `invariants: ${ok ? "ok" : "VIOLATED"}  (${draws.length} draws replayed, ${unreplayable} not; ${badStock} stock rows off, ${badCounters} counters off, ` +
      `${badEvidence} prizes without their entry, ${balances} balances off the ledger; p500 stock left ${stockLeft} of 100)`,
  );
  return ok;
}

async function spinBench(
  label: string,
  env: Record<string, string>,
  open: () => Promise<{ conns: Sql[]; close: () => Promise<void> }>,
  /** The raw loop's database (drizzle, as the server opens it) and how many spins it runs at once. */
  openRaw: (conns: Sql[]) => Promise<{ database: Database; clients: number; close: () => Promise<void> }>,
) {
  let server = await startServer(env);
  const joined = [];
  for (let i = 0; i < MEMBERS; i++) joined.push(await joinedMember(`bench-game-${i}`));
  await stopServer(server);
  let db = await open();
  const scene = await sceneOf(db.conns[0]!, joined);
  await db.close();
  server = await startServer(env);
  const api: { rate: number; stats: Stats } = await spinApi(label, scene);
  await stopServer(server);
  db = await open();
  const raw = await openRaw(db.conns);
  const rawRate = await spinRaw(label, scene, raw.database, raw.clients);
  await raw.close();
  const p99 = percentile(
    [...api.stats.latencies].sort((a, b) => a - b),
    99,
  );
  console.log(
    `ratio: ${(api.rate / rawRate).toFixed(2)}  (${label}, API / raw; target ≥ 0.5)   api p99 ${p99.toFixed(1)} ms (target ≤ ${P99_TARGET_MS})`,
  );
  const ok = await gameInvariants(db.conns[0]!, scene.campaignId);
  await db.close();
  return ok && api.stats.errors === 0;
}

const only = process.env.BENCH_ONLY;
let ok = true;
console.log(`bench:game — spins: ${SECONDS} s per run, ${CLIENTS} concurrent clients, ${MEMBERS} members`);
if (only !== "postgres") {
  const dir = mkdtempSync(join(tmpdir(), "ll-bench-game-"));
  console.log("\nPGlite");
  // PGlite is one backend: the raw loop runs on the single instance the invariants read, one spin at a time.
  const onInstance = async (conns: Sql[]) => ({
    database: await openDatabase({ kind: "pglite-instance", pglite: conns[0] as unknown as PGlite }),
    clients: 1,
    close: async () => {},
  });
  ok = (await spinBench("pglite", { DATA_DIR: dir }, () => openPglite(dir), onInstance)) && ok;
  rmSync(dir, { recursive: true, force: true });
}
if (only !== "pglite" && PG_URL !== "skip") {
  console.log("\nPostgreSQL");
  ok =
    (await withScratchDatabase(PG_URL, "ll_bench_game", (url) =>
      spinBench(
        "postgres",
        { DATABASE_URL: url, DATABASE_POOL_SIZE: String(CLIENTS) },
        () => openPgClients(url, 1),
        async () => {
          const database = await openDatabase({ kind: "postgres", url, poolSize: CLIENTS });
          return { database, clients: CLIENTS, close: () => database.close() };
        },
      ),
    )) && ok;
}
process.exit(ok ? 0 : 1);

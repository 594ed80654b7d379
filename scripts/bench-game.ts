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
 * concurrent clients for BENCH_SECONDS, each with a new idempotency key. Then the statements the
 * spin's transaction runs (idempotency key, member lock, the campaign's row, then stock, day
 * counters, the member's wins and plays and the brand's lot validity in one statement — read
 * without the campaign's lock —, the draw through
 * the domain, ledger entry + balance + lot, the draw row, the stored response, then the guarded
 * counters in one statement) as plain SQL with the same concurrency: `ratio:` is API / raw,
 * target ≥ 0.5, and p99 ≤ 250 ms. Spins of one campaign serialise on its row for that last
 * statement and the commit (decision 0031, addendum), in both runs.
 * Then the invariants: stock ≥ 0 and its wins = its draws, counters = the draw log, every draw
 * replays through domain/game/draw to its segment, every points draw has its game_prize entry
 * (member and points), balances = ledger sums = lots.
 */
import { randomInt, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultWheelCampaign } from "../src/domain/game/defaults";
import { drawIndex, effectiveWeights, replayDraw, snapshotGuard, type WheelState } from "../src/domain/game/draw";
import { gameDay } from "../src/domain/game/plays";
import type { WheelCampaignConfig } from "../src/domain/game/wheel";
import {
  inTransactionOn,
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

/** The spin's statements (features/game/spin.ts), plain SQL, one transaction per spin on the worker's own connection. */
async function spinRaw(label: string, scene: Scene, conns: Sql[]) {
  let n = 0;
  const stats = await runFor(conns.length, SECONDS, async (worker) => {
    const db = conns[worker]!;
    const m = scene.members[n++ % scene.members.length]!;
    const key = randomUUID();
    const now = Date.now();
    const day = gameDay(now);
    return inTransactionOn(db, async () => {
      await db.query(
        `insert into idempotency_keys (brand_id, scope, key, request_hash, status, body) values ($1, $2, $3, 'h', 0, '{}') on conflict do nothing`,
        [m.brandId, `game-spin:${m.memberId}`, key],
      );
      const [member] = (
        await db.query("select m.points_balance from members m join users u on u.id = m.user_id where m.id = $1 for update of m", [
          m.memberId,
        ])
      ).rows;
      // The campaign's row read without its lock (the version's config is the server's cache:
      // versions never change); then every counter in one statement (features/game/state.ts).
      const [campaign] = (
        await db.query(`select * from game_campaigns c where c.id = $1 and c.brand_id = $2`, [scene.campaignId, m.brandId])
      ).rows;
      const config = scene.config;
      const [counters] = (
        await db.query(
          `select
             (select coalesce(json_agg(json_build_array(s.segment_id, s.stock_left)), '[]'::json) from game_prize_stock s where s.campaign_id = $1) as stock,
             g.wins as day_wins, g.points as day_points, d.wins, d.today, d.free_today, d.extra,
             (select coalesce(sum(p.plays), 0)::int from game_play_grants p where p.member_id = $2 and p.campaign_id = $1) as granted,
             (select l.lot_validity_months from loyalty_settings l where l.brand_id = $4) as lot_validity_months
           from (select count(*) filter (where prize <> 'nothing')::int as wins, count(*) filter (where day = $3)::int as today,
                        count(*) filter (where day = $3 and play_source = 'free')::int as free_today,
                        count(*) filter (where play_source = 'extra')::int as extra
                   from game_draws where member_id = $2 and campaign_id = $1) d
           left join game_days g on g.campaign_id = $1 and g.day = $3`,
          [scene.campaignId, m.memberId, day, m.brandId],
        )
      ).rows;
      const stock = new Map(counters.stock as [string, number | null][]);
      const state: WheelState = {
        stockLeft: config.segments.map((s) => (stock.has(s.id) ? stock.get(s.id)! : s.stock)),
        winsToday: counters.day_wins ?? 0,
        winsTotal: Number(campaign.wins),
        pointsToday: Number(counters.day_points ?? 0),
        memberWins: counters.wins,
        rewardAvailable: config.segments.map(() => true),
      };
      const { weights } = effectiveWeights(config, state);
      const { index, random } = drawIndex(weights, () => randomInt(0, 2 ** 32));
      const segment = config.segments[index]!;
      const win = segment.prize !== "nothing" ? 1 : 0;
      const points = segment.prize === "points" ? segment.value : 0;
      const others = snapshotGuard(config, state)
        .stocked.filter((i) => i !== index)
        .map((i) => config.segments[i]!.id);
      const drawId = randomUUID();
      let entryId: string | null = null;
      if (points > 0) {
        const after = Number(member.points_balance) + points;
        const [entry] = (
          await db.query(
            `insert into ledger_entries (brand_id, member_id, kind, points, balance_after, occurred_at, actor_id, actor_kind, reason, idempotency_key)
             values ($1, $2, 'game_prize', $3, $4, now(), $5, 'game', $6, $7) returning id`,
            [m.brandId, m.memberId, points, after, m.userId, config.name.vi, `game-draw:${drawId}`],
          )
        ).rows;
        entryId = entry.id;
        await db.query("update members set points_balance = $2 where id = $1", [m.memberId, after]);
        await db.query(
          "insert into point_lots (id, member_id, original, remaining, earned_at, expires_at) values ($1, $2, $3, $3, now(), now() + interval '1 year')",
          [entry.id, m.memberId, points],
        );
      }
      await db.query(
        `insert into game_draws (id, brand_id, campaign_id, version, member_id, drawn_at, day, idempotency_key, play_source, random, weights, state,
           segment_index, segment_id, prize, points, ledger_entry_id)
         values ($1, $2, $3, 1, $4, now(), $5, $6, 'extra', $7, $8::jsonb, $9::jsonb, $10, $11, $12, $13, $14)`,
        [
          drawId,
          m.brandId,
          scene.campaignId,
          m.memberId,
          day,
          key,
          random,
          JSON.stringify(weights),
          JSON.stringify(state),
          index,
          segment.id,
          segment.prize,
          points,
          entryId,
        ],
      );
      await db.query(`update idempotency_keys set status = 200, body = $4::jsonb where brand_id = $1 and scope = $2 and key = $3`, [
        m.brandId,
        `game-spin:${m.memberId}`,
        key,
        JSON.stringify({ drawId, segmentIndex: index }),
      ]);
      // The shared counters last, in one guarded statement (as features/game/spin.ts countDraw):
      // the campaign's lock is held from here to the commit.
      const [counted] = (
        await db.query(
          `with c as (
             update game_campaigns set spins = spins + 1, wins = wins + $2, points_given = points_given + $3
              where id = $1 and version = 1 and status = 'running' returning id
           ), d as (
             insert into game_days (campaign_id, day, spins, wins, points) select id, $4, 1, $2, $3 from c
             on conflict (campaign_id, day) do update set spins = game_days.spins + 1, wins = game_days.wins + $2, points = game_days.points + $3
             returning 1
           ), s as (
             update game_prize_stock set stock_left = stock_left - 1, won = won + 1
              where campaign_id = $1 and segment_id = $5 and (stock_left is null or stock_left > 0) and exists (select 1 from d) returning 1
           ), k as (
             select 1 from game_prize_stock where campaign_id = $1 and segment_id = any($6::text[]) and stock_left > 0 and exists (select 1 from d) for share
           )
           select (select count(*) from c)::int as c, (select count(*) from d)::int as d, (select count(*) from s)::int as s, (select count(*) from k)::int as k`,
          [scene.campaignId, win, points, day, win ? segment.id : null, others],
        )
      ).rows;
      if (counted.c !== 1 || counted.d !== 1 || counted.s !== win || counted.k !== others.length)
        throw new Error("the counters moved under the draw");
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

async function spinBench(label: string, env: Record<string, string>, open: () => Promise<{ conns: Sql[]; close: () => Promise<void> }>) {
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
  const rawRate = await spinRaw(label, scene, db.conns);
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
  ok = (await spinBench("pglite", { DATA_DIR: dir }, () => openPglite(dir))) && ok;
  rmSync(dir, { recursive: true, force: true });
}
if (only !== "pglite" && PG_URL !== "skip") {
  console.log("\nPostgreSQL");
  ok =
    (await withScratchDatabase(PG_URL, "ll_bench_game", (url) =>
      spinBench("postgres", { DATABASE_URL: url, DATABASE_POOL_SIZE: String(CLIENTS) }, () => openPgClients(url, CLIENTS)),
    )) && ok;
}
process.exit(ok ? 0 : 1);

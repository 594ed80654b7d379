/**
 * `npm run bench:ledger`: the earn endpoint over HTTP against the raw database ceiling for the
 * same transaction shape, on PGlite and on PostgreSQL, then the ledger invariants.
 *
 *   BENCH_SECONDS (10)  BENCH_CLIENTS (10)  BENCH_MEMBERS (50)
 *   BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test; "skip" to skip PostgreSQL)
 *   BENCH_ONLY=postgres (skip PGlite)
 *   BENCH_CPU_PROF=<dir>: the server runs with --cpu-prof and writes its profiles there (the
 *   API's figures drop under the profiler); `npx tsx scripts/cpuprofile-top.ts <dir>/CPU.*.0.001.cpuprofile`
 *   sums where the time went. The `server CPU … per earn` line moves far less than the rates
 *   when other work shares the machine.
 *
 * The API process runs without the message worker (MESSAGE_WORKER=false), as API processes do
 * when workers are scaled separately: this measures the earn endpoint, not the queue.
 *
 * The server runs in a child process (as `npm start` runs it) so the load generator does not
 * share its event loop. The raw ceiling (the `ratio:` line) runs the very statements of an
 * earn — src/server/features/loyalty/earn-statements.ts, the read and the one-statement
 * write, prepared as the API prepares them — in a loop with fixed values: no HTTP, no
 * validation, no business rules. A second loop does the same writes the textbook way
 * (BEGIN, SELECT … FOR UPDATE, three INSERTs, UPDATE, COMMIT as plain unprepared SQL) and is
 * printed for comparison only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import autocannon from "autocannon";
import pg from "pg";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../src/server/db/client";
import { readForEarn, writeEarn } from "../src/server/features/loyalty/earn-statements";
import { signScanToken } from "../src/server/features/loyalty/scan-token";
import { REPO_ROOT } from "../src/server/server";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 50);
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SECRET = "bench-session-secret-0123456789abcdef";
const PORT = 3900 + Math.floor(Math.random() * 90);

type Sql = { query(text: string, params?: unknown[]): Promise<{ rows: any[] }> };
type Stats = { count: number; errors: number; seconds: number; latencies: number[] };

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

function report(label: string, s: Stats) {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  const rate = s.count / s.seconds;
  console.log(
    `${label.padEnd(18)} ${rate.toFixed(1).padStart(8)} /s   p50 ${percentile(sorted, 50).toFixed(1)} ms   p95 ${percentile(sorted, 95).toFixed(1)} ms   p99 ${percentile(sorted, 99).toFixed(1)} ms   (${s.count} ok, ${s.errors} errors)`,
  );
  return rate;
}

async function runFor(clients: number, seconds: number, once: (worker: number) => Promise<boolean>): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, worker) => {
      while (performance.now() < end) {
        const t = performance.now();
        const ok = await once(worker).catch(() => false);
        if (ok) latencies.push(performance.now() - t);
        else errors++;
      }
    }),
  );
  return { count: latencies.length, errors, seconds: (performance.now() - start) / 1000, latencies };
}

function startServer(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((ready, fail) => {
    const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const child = spawn(process.execPath, [...profile, "--import", "tsx", join(REPO_ROOT, "src/server/main.ts")], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: String(PORT),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        // One cashier token drives the whole load: the limiter still runs (its cost is measured), far above it.
        RATE_LIMIT_MULTIPLIER: "100000",
        SESSION_SECRET: SECRET,
        MESSAGE_WORKER: "false",
        ...env,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("LoyalLoop is running")) ready(child);
    });
    child.on("exit", (code) => fail(new Error(`server exited with ${code}`)));
  });
}

async function api(path: string, body?: unknown, token?: string) {
  const res = await fetch(`http://127.0.0.1:${PORT}/api${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/**
 * CPU seconds (user + system) the server process has used, from /proc (Linux; null elsewhere).
 * Divided by the earns served it gives the server's CPU per earn, which moves far less than
 * the rates when other work shares the machine.
 */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ ticks (100 on Linux)
  } catch {
    return null;
  }
}

async function benchApi(label: string, server: ChildProcess) {
  const staff = (await api("/auth/zalo", { accessToken: "dev:staff-demo" })).body;
  const staffToken = staff.session.accessToken as string;
  const storeId = staff.user.stores[0].id as string;
  const members: { memberId: string; scanToken: string }[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const login = (await api("/auth/zalo", { accessToken: `dev:bench-${i}` })).body;
    const terms = (await api("/terms")).body;
    const card = (await api("/members", { termsVersion: terms.version, accepted: true }, login.session.accessToken)).body.card;
    members.push({
      memberId: card.memberId,
      scanToken: await signScanToken(SECRET, { memberId: card.memberId, staffId: staff.user.id, brandId: staff.user.brandId }, Date.now()),
    });
  }
  // autocannon keeps the load generator's own CPU cost low: on a 2-core machine it shares the
  // cores with the server and the database, so a heavy client would understate the API.
  let n = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections: CLIENTS,
    duration: SECONDS,
    requests: [
      {
        method: "POST",
        path: "/api/staff/earn",
        headers: { "content-type": "application/json", authorization: `Bearer ${staffToken}` },
        setupRequest: (req) => {
          const m = members[n++ % members.length]!;
          return {
            ...req,
            body: JSON.stringify({
              storeId,
              receiptNo: `B-${randomUUID()}`,
              billVnd: 50_000 + (n % 40) * 10_000,
              member: { scanToken: m.scanToken },
            }),
          };
        },
      },
    ],
  });
  instance.on("response", (_client, status, _bytes, ms) => {
    if (status === 200) latencies.push(ms);
  });
  const cpuBefore = cpuSeconds(server.pid);
  const result = await instance;
  const cpuAfter = cpuSeconds(server.pid);
  const stats: Stats = {
    count: result["2xx"],
    errors: result.non2xx + result.errors + result.timeouts,
    seconds: result.duration,
    latencies,
  };
  const rate = report(`${label} api`, stats);
  if (cpuBefore !== null && cpuAfter !== null && stats.count > 0)
    console.log(`  (server CPU ${((1000 * (cpuAfter - cpuBefore)) / stats.count).toFixed(2)} ms per earn)`);
  return rate;
}

async function benchSameStatements(label: string, database: Database, clients: number) {
  const rows = await database.db.execute(
    sql`select m.id, m.brand_id, ss.user_id as staff_id, ss.store_id from members m cross join (select * from staff_stores limit 1) ss limit ${MEMBERS}`,
  );
  const targets = ((rows as { rows?: unknown[] }).rows ?? rows) as { id: string; brand_id: string; staff_id: string; store_id: string }[];
  let n = 0;
  let misses = 0;
  const stats = await runFor(clients, SECONDS, async () => {
    const m = targets[n++ % targets.length]!;
    const receiptNo = `R-${randomUUID()}`;
    const key = `${m.store_id}:${receiptNo}`;
    for (;;) {
      const now = Date.now();
      const read = (await readForEarn(database.db, { memberId: m.id, storeId: m.store_id, staffId: m.staff_id, key, now, locked: false }))!;
      const balance = Number(read.points_balance) + 10;
      const written = await writeEarn(database.db, {
        version: read.version,
        brandId: m.brand_id,
        memberId: m.id,
        storeId: m.store_id,
        actorId: m.staff_id,
        actorDevice: null,
        receiptNo,
        receiptKey: receiptNo,
        method: "qr",
        billVnd: 100_000,
        key,
        requestHash: "raw",
        response: {},
        entryId: randomUUID(),
        points: 10,
        balance,
        tier: { tier: read.tier, downgradePendingSince: null },
        at: now,
        lotExpiresAt: now + 365 * 86_400_000,
      });
      if (written) return true;
      misses++; // a concurrent earn for the same member moved its version: read again, as the API does
    }
  });
  if (misses) console.log(`  (${misses} compare-and-set misses re-read)`);
  return report(`${label} raw sql`, stats);
}

async function benchNaive(label: string, sqlFor: () => Sql, clients: number) {
  const conns = Array.from({ length: clients }, sqlFor);
  const { rows } = await conns[0]!.query("select id, brand_id from members limit $1", [MEMBERS]);
  let n = 0;
  // One connection per worker: a transaction must own its connection from BEGIN to COMMIT.
  const stats = await runFor(clients, SECONDS, async (worker) => {
    const db = conns[worker]!;
    const m = rows[n++ % rows.length];
    const id = randomUUID();
    await db.query("begin");
    try {
      const [member] = (await db.query("select points_balance from members where id = $1 for update", [m.id])).rows;
      await db.query(
        "insert into idempotency_keys (brand_id, scope, key, request_hash, status, body) values ($1, 'raw', $2, 'h', 200, '{}')",
        [m.brand_id, id],
      );
      const after = Number(member.points_balance) + 10;
      await db.query(
        "insert into ledger_entries (id, brand_id, member_id, kind, actor_kind, points, balance_after, occurred_at, bill_vnd, receipt_no) values ($1, $2, $3, 'earn', 'system', 10, $4, now(), 100000, $5)",
        [id, m.brand_id, m.id, after, `R-${id}`],
      );
      await db.query(
        "insert into point_lots (id, member_id, original, remaining, earned_at, expires_at) values ($1, $2, 10, 10, now(), now() + interval '1 year')",
        [id, m.id],
      );
      await db.query("update members set points_balance = $2 where id = $1", [m.id, after]);
      await db.query("commit");
      return true;
    } catch (error) {
      await db.query("rollback");
      throw error;
    }
  });
  return report(`${label} naive sql`, stats);
}

async function checkInvariants(db: Sql) {
  const { rows } = await db.query(`
    select count(*)::int as broken from members m
    where m.points_balance < 0
       or m.points_balance <> coalesce((select sum(points) from ledger_entries e where e.member_id = m.id), 0)
       or m.points_balance <> coalesce((select sum(remaining) from point_lots l where l.member_id = m.id), 0)`);
  const dup = await db.query(
    `select count(*)::int as n from (select store_id, receipt_no from ledger_entries where kind = 'earn' group by 1, 2 having count(*) > 1) d`,
  );
  const broken = Number(rows[0].broken) + Number(dup.rows[0].n);
  if (broken) {
    const detail = await db.query(`
      select m.id, m.points_balance,
        (select sum(points) from ledger_entries e where e.member_id = m.id) as ledger,
        (select sum(remaining) from point_lots l where l.member_id = m.id) as lots,
        (select count(*) from ledger_entries e where e.member_id = m.id) as entries
      from members m
      where m.points_balance <> coalesce((select sum(points) from ledger_entries e where e.member_id = m.id), 0)
         or m.points_balance <> coalesce((select sum(remaining) from point_lots l where l.member_id = m.id), 0)
      limit 5`);
    console.log(detail.rows);
  }
  console.log(broken === 0 ? "invariants: ok" : `invariants: VIOLATED (${rows[0].broken} members, ${dup.rows[0].n} duplicate receipts)`);
  return broken === 0;
}

async function pglite() {
  const dir = mkdtempSync(join(tmpdir(), "ll-bench-"));
  const server = await startServer({ DATA_DIR: dir });
  const apiRate = await benchApi("pglite", server);
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  // PGlite is one backend: the raw loop gets the same single connection the server had.
  const db = new PGlite(join(dir, "pglite"));
  await db.waitReady;
  const rawRate = await benchSameStatements("pglite", await openDatabase({ kind: "pglite-instance", pglite: db }), 1);
  console.log(`ratio: ${(apiRate / rawRate).toFixed(2)}  (pglite, API / raw)`);
  await benchNaive("pglite", () => db as unknown as Sql, 1);
  const ok = await checkInvariants(db as unknown as Sql);
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  return ok;
}

async function postgres() {
  const name = `ll_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const server = await startServer({ DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: String(CLIENTS) });
  const apiRate = await benchApi("postgres", server);
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  const pool = new pg.Pool({ connectionString: url.toString(), max: CLIENTS });
  pool.on("error", () => {});
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => pool.connect()));
  const direct = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: CLIENTS });
  const rawRate = await benchSameStatements("postgres", direct, CLIENTS);
  await direct.close();
  console.log(`ratio: ${(apiRate / rawRate).toFixed(2)}  (postgres, API / raw)`);
  await benchNaive(
    "postgres",
    (() => {
      let i = 0;
      return () => clients[i++]!;
    })(),
    CLIENTS,
  );
  const ok = await checkInvariants(clients[0]!);
  clients.forEach((c) => {
    c.on("error", () => {});
    c.release();
  });
  await pool.end();
  await admin.query(`drop database ${name} with (force)`);
  await admin.end();
  return ok;
}

console.log(`bench:ledger — ${SECONDS} s per run, ${CLIENTS} concurrent clients, ${MEMBERS} members`);
let ok = process.env.BENCH_ONLY === "postgres" ? true : await pglite();
if (PG_URL !== "skip") ok = (await postgres()) && ok;
process.exit(ok ? 0 : 1);

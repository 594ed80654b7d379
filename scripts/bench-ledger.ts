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
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../src/server/db/client";
import { readForEarn, writeEarn } from "../src/server/features/loyalty/earn-statements";
import { signScanToken } from "../src/server/features/loyalty/scan-token";
import { api, inTransactionOn, joinedMember, loadFor, report, runFor, SECRET, startServer, stopServer, type Sql } from "./bench-http";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 50);
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

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
    const { memberId } = await joinedMember(`bench-${i}`);
    members.push({
      memberId,
      scanToken: await signScanToken(SECRET, { memberId, staffId: staff.user.id, brandId: staff.user.brandId }, Date.now()),
    });
  }
  let n = 0;
  const cpuBefore = cpuSeconds(server.pid);
  const stats = await loadFor(CLIENTS, SECONDS, "/api/staff/earn", () => {
    const m = members[n++ % members.length]!;
    return {
      headers: { authorization: `Bearer ${staffToken}` },
      body: { storeId, receiptNo: `B-${randomUUID()}`, billVnd: 50_000 + (n % 40) * 10_000, member: { scanToken: m.scanToken } },
    };
  });
  const cpuAfter = cpuSeconds(server.pid);
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
        actorKind: "staff",
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
    return inTransactionOn(db, async () => {
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
      return true;
    });
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
  await stopServer(server);
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
  await stopServer(server);
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

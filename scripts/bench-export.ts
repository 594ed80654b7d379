/**
 * `npm run bench:export` (issue 17 "Exports"; decision 0047): BENCH_ROWS ledger entries
 * (1,000,000 by default) generated in a scratch PostgreSQL database, then the console's ledger
 * export downloaded over HTTP from the server in its own process, as CSV and as XLSX. Printed per
 * format: rows/s, time to the first byte, the file's size, and the server's peak RSS against its
 * RSS before the export (sampled from /proc every 50 ms): the point is that memory stays flat —
 * the file streams in batches, it is never built in memory.
 *
 *   BENCH_ROWS (1000000)  BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test)  BENCH_KEEP=1
 *
 * On a shared machine the figures move with the load: the load average is printed with them.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows } from "../src/server/db/client";
import { PORT, startServer, stopServer, withScratchDatabase } from "./bench-http";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const KEEP = process.env.BENCH_KEEP === "1";
const MEMBERS = 10_000;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The resident set of a process, from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb ?? 0) * 1024;
}

/** The ledger: MEMBERS members of the demo brand, ROWS earns among them, set-based (generate_series). */
async function generate(url: string) {
  const database = await openDatabase({ kind: "postgres", url });
  try {
    const db = database.db;
    const [brand] = await queryRows<{ id: string }>(db, sql`select id from brands where slug = 'demo'`);
    const brandId = brand!.id;
    const t = performance.now();
    await db.execute(
      sql`insert into users (brand_id, role, zalo_id, display_name, phone)
        select ${brandId}, 'member', 'bench-export-' || g, 'Khách hàng ' || g, '849' || lpad(g::text, 8, '0')
        from generate_series(1, ${MEMBERS}) g`,
    );
    await db.execute(
      sql`insert into members (user_id, brand_id, qr_secret) select u.id, ${brandId}, md5(u.id::text)
        from users u where u.brand_id = ${brandId} and u.zalo_id like 'bench-export-%'`,
    );
    // The visits summary's trigger recomputes a member per row: right for a live ledger, needless here (as bench:segments).
    await db.execute(sql`alter table ledger_entries disable trigger member_visits_refresh`);
    await db.execute(
      sql`with m as (select id, row_number() over (order by id) as k from members where brand_id = ${brandId})
        insert into ledger_entries (brand_id, member_id, kind, points, balance_after, occurred_at, actor_kind, bill_vnd, receipt_no)
        select ${brandId}, m.id, 'earn', 10, 10, now() - (g % 365) * interval '1 day', 'system', 100000, 'HD-' || g
        from generate_series(1, ${ROWS}::bigint) g join m on m.k = 1 + (g * 48271) % ${MEMBERS}`,
    );
    await db.execute(sql`alter table ledger_entries enable trigger member_visits_refresh`);
    await db.execute(sql`analyze users, members, ledger_entries`);
    console.log(`  generated ${ROWS.toLocaleString("en")} ledger entries in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } finally {
    await database.close();
  }
}

async function exportOnce(pid: number, token: string, format: "csv" | "xlsx") {
  const before = rssOf(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${PORT}/api/console/ledger/export.csv?format=${format}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`export ${format}: ${res.status} ${await res.text()}`);
  const announced = Number(res.headers.get("x-row-count"));
  const reader = res.body!.getReader();
  let firstByte = 0;
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!firstByte) firstByte = performance.now() - t0;
    bytes += value.byteLength;
    // No quoted line breaks in these rows: a line feed is a record.
    if (format === "csv") for (const b of value) if (b === 0x0a) lines++;
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssOf(pid));
  const rows = format === "csv" ? lines - 1 : announced;
  if (format === "csv" && rows !== announced) throw new Error(`csv: ${rows} rows, ${announced} announced`);
  console.log(
    `  ${format.padEnd(4)} ${rows.toLocaleString("en")} rows in ${seconds.toFixed(1)} s: ${Math.round(rows / seconds).toLocaleString("en")} rows/s, ` +
      `first byte ${firstByte.toFixed(0)} ms, ${mb(bytes)}; server RSS ${mb(before)} before, peak ${mb(peak)} (+${mb(peak - before)}); load average ${load()}`,
  );
}

async function main() {
  await withScratchDatabase(
    PG_URL,
    "ll_bench_export",
    async (url) => {
      // Uncompressed (no Accept-Encoding gzip from this client), the ceiling raised for the bench.
      const server = await startServer({ DATABASE_URL: url, SEED_DEMO: "true", LEDGER_EXPORT_MAX_ROWS: String(ROWS * 2) });
      try {
        console.log(`PostgreSQL, ledger export over HTTP; load average before: ${load()}`);
        await generate(url);
        const login = await fetch(`http://127.0.0.1:${PORT}/api/console/auth/dev`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ role: "manager" }),
        });
        const token = ((await login.json()) as { session: { accessToken: string } }).session.accessToken;
        for (const format of ["csv", "xlsx"] as const) await exportOnce(server.pid!, token, format);
      } finally {
        await stopServer(server);
      }
    },
    { keep: KEEP },
  );
}

await main();

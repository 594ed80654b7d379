/**
 * `npm run bench:import` (issue 17): a 100,000-row member CSV imported into a fresh PostgreSQL
 * database (created here, dropped at the end), through the import itself
 * (features/members/import.ts runImport: read, check, batched writes, progress), not HTTP.
 * Target: ≤ 60 s. Then the same file again under another import id: it must change 0 rows.
 * One phone in BENCH_JOINED_EVERY belongs to a member who joined through Zalo before the import
 * (made here, set-based): those rows are merged into them, not made placeholders (decision 0044).
 *
 *   BENCH_ROWS (100000)  BENCH_JOINED_EVERY (10; 0: none)  BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test)  BENCH_KEEP=1
 *
 * On a shared machine the figures move with the load: the load average is printed with them.
 */
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { sql } from "drizzle-orm";
import { normalizeVnPhone } from "../src/domain/messaging/phone";
import { textArray } from "../src/server/db/bulk";
import { migrateDatabase, openDatabase, queryRows, type Db } from "../src/server/db/client";
import { brands, stores, users } from "../src/server/db/schema";
import { runImport } from "../src/server/features/members/import";
import { withScratchDatabase } from "./bench-http";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const JOINED_EVERY = Number(process.env.BENCH_JOINED_EVERY ?? 10);
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const KEEP = process.env.BENCH_KEEP === "1";
const TARGET_SECONDS = 60;
const TIERS = ["Thành viên", "Bạc", "Vàng", "Kim cương"];

/** The i-th row's phone, as the file writes it (0…) — 84… once normalised. */
const benchPhone = (i: number) => `09${String(10_000_000 + i).padStart(8, "0")}`;

/** A CSV as a brand's old system would export it: Vietnamese headers, dd/mm/yyyy, thousands dots. */
function makeCsv(rows: number, storeName: string): string {
  const lines = ["\uFEFFSố điện thoại,Họ tên,Ngày sinh,Điểm,Hạng,Cửa hàng"];
  for (let i = 0; i < rows; i++) {
    const phone = benchPhone(i);
    const day = (i % 28) + 1;
    const month = (i % 12) + 1;
    const points = (i * 37) % 25_000;
    lines.push(
      `${phone},"Khách hàng ${i}",${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}/${1960 + (i % 45)},${points.toLocaleString("de-DE")},${TIERS[i % 4]},${i % 3 ? storeName : ""}`,
    );
  }
  return lines.join("\r\n") + "\r\n";
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

async function counts(db: Db) {
  const [c] = await queryRows<{ members: number; entries: number; lots: number; profiles: number; users: number }>(
    db,
    sql`select (select count(*) from members)::int as members, (select count(*) from ledger_entries)::int as entries,
               (select count(*) from point_lots)::int as lots, (select count(*) from imported_profiles)::int as profiles,
               (select count(*) from users)::int as users`,
  );
  return c!;
}

async function main() {
  await withScratchDatabase(
    PG_URL,
    "ll_bench_import",
    async (url) => {
      const database = await openDatabase({ kind: "postgres", url });
      try {
        await migrateDatabase(database);
        const db = database.db;
        const [brand] = await db.insert(brands).values({ slug: "bench", name: "Bench" }).returning();
        const [store] = await db.insert(stores).values({ brandId: brand!.id, name: "Quận 1" }).returning();
        const [manager] = await db.insert(users).values({ brandId: brand!.id, role: "manager", displayName: "Bench" }).returning();
        const actor = { userId: manager!.id, brandId: brand!.id, role: "manager" };
        const csv = new TextEncoder().encode(makeCsv(ROWS, store!.name));
        // Members who joined through Zalo and shared the phone of every JOINED_EVERY-th row, before the import.
        const joined = JOINED_EVERY > 0 ? Math.ceil(ROWS / JOINED_EVERY) : 0;
        if (joined) {
          const phones = Array.from({ length: joined }, (_, k) => normalizeVnPhone(benchPhone(k * JOINED_EVERY))!);
          await db.execute(sql`
            with u as (
              insert into users (brand_id, role, zalo_id, display_name, phone)
              select ${brand!.id}::uuid, 'member', 'bench-' || p, 'Zalo ' || p, p from unnest(${textArray(phones)}) p
              returning id
            )
            insert into members (user_id, brand_id, qr_secret) select id, ${brand!.id}::uuid, md5(id::text) from u`);
        }
        console.log(
          `PostgreSQL: ${ROWS.toLocaleString("en")} rows (${joined.toLocaleString("en")} of them a joined member's phone), ${(csv.byteLength / 1e6).toFixed(1)} MB CSV; load average before: ${load()}`,
        );

        let batches = 0;
        let checkedAt = 0;
        const t0 = performance.now();
        const first = await runImport(db, Date.now(), actor, {
          importId: randomUUID(),
          fileName: "bench.csv",
          bytes: csv,
          onBatch: () => batches++,
          onChecked: () => (checkedAt = performance.now()),
        });
        const s1 = (performance.now() - t0) / 1000;
        if (!first.ok) throw new Error(`import refused: ${first.code} ${JSON.stringify(first.issues)}`);
        console.log(
          `  import: ${s1.toFixed(1)} s, ${Math.round(ROWS / s1).toLocaleString("en")} rows/s, ${batches} batches, reading and checking ${((checkedAt - t0) / 1000).toFixed(1)} s (target ≤ ${TARGET_SECONDS} s: ${s1 <= TARGET_SECONDS ? "met" : "MISSED"}); ` +
            `imported ${first.value.imported}, merged ${first.value.merged}, skipped ${first.value.skipped}, refused ${first.value.refused}; load average: ${load()}`,
        );
        if (first.value.merged !== joined) process.exitCode = 1;
        const after1 = await counts(db);
        console.log(`  rows: ${JSON.stringify(after1)}`);

        const t1 = performance.now();
        const second = await runImport(db, Date.now(), actor, { importId: randomUUID(), fileName: "bench.csv", bytes: csv });
        const s2 = (performance.now() - t1) / 1000;
        if (!second.ok) throw new Error(`re-run refused: ${second.code}`);
        const after2 = await counts(db);
        const changed = (Object.keys(after1) as (keyof typeof after1)[]).reduce((sum, k) => sum + Math.abs(after2[k] - after1[k]), 0);
        console.log(
          `  re-run of the same file: ${s2.toFixed(1)} s; imported ${second.value.imported}, merged ${second.value.merged}, skipped ${second.value.skipped}; rows changed: ${changed}; load average: ${load()}`,
        );
        if (changed !== 0 || second.value.imported !== 0 || second.value.merged !== 0) process.exitCode = 1;
      } finally {
        await database.close();
      }
    },
    { keep: KEEP },
  );
}

await main();

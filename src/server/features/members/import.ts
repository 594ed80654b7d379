/**
 * Member import (issue 17, docs/import.md, decision 0044): a brand's existing members from a
 * CSV or .xlsx file. The dry run reads and checks the file and changes nothing; the import
 * writes, per new phone, a placeholder member (a user with no Zalo id) with its tier and ONE
 * opening-balance ledger entry and its expiry lot, plus the imported profile that a member
 * who later joins through Zalo and shares that phone claims (claimImportedProfile).
 *
 * Set-based: each batch of rows is one statement (jsonb_to_recordset feeding data-modifying
 * CTEs) in one transaction, so 100,000 rows are 20 round trips, not 500,000 (bench:import).
 * Idempotent per brand and phone (imported_profiles_brand_phone_uq): re-running a file, or a
 * corrected one, skips the phones already in and says how many.
 *
 * A phone that ONE member who joined through Zalo already shared is merged into that member
 * (mergeBatch), as if they had claimed the profile at once: no placeholder (decision 0044, addendum).
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { MemberImportDryRun, MemberImportJob } from "../../../contract/member-import";
import type { ErrorCode } from "../../../contract/errors";
import { parseCsv } from "../../../domain/csv/parse";
import { lotExpiresAt } from "../../../domain/loyalty/lots";
import { TIER_CODES } from "../../../domain/loyalty/tiers";
import { vietnamDate } from "../../../domain/loyalty/vietnam-time";
import { normalizeVnPhone } from "../../../domain/messaging/phone";
import {
  IMPORT_MAX_ROWS,
  IMPORT_PROBLEMS_SHOWN,
  mapHeader,
  validateImportRows,
  type ImportedRow,
  type ImportRowProblem,
} from "../../../domain/members/member-import";
import { problem, type Problem } from "../../../domain/problems";
import { inTexts, rowsJson, textArray } from "../../db/bulk";
import { queryRows, type Db, type Tx } from "../../db/client";
import { auditEvents, importedProfiles, memberImports, members, preferenceAnswers, preferenceForms, stores, users } from "../../db/schema";
import { credit, debit, lockMember, openLots, type Actor } from "../loyalty/posting";
import { loyaltySettingsOf } from "../loyalty/settings";
import { hasDefaultDisplayName } from "../auth/users";

/** Rows per statement and transaction: 20 for the benchmark's 100,000, each well under a second. */
export const IMPORT_BATCH_ROWS = 5_000;

export type ImportRefusal = { ok: false; code: ErrorCode; message: string; issues?: Problem[] };
type Read = { ok: true; records: string[][] } | ImportRefusal;

const invalid = (issues: Problem[]): ImportRefusal => ({
  ok: false,
  code: "import_file_invalid",
  message: "The file cannot be imported; see issues.",
  issues,
});

/** Text of an .xlsx cell as a person reads it: a date as ISO (yyyy-mm-dd), a formula by its result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return String(value);
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("formula" in value || "sharedFormula" in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ("text" in value) return String(value.text);
  return "";
}

/** The first worksheet's rows as text; blank rows keep their place so row numbers match the sheet. */
async function readXlsx(bytes: Uint8Array): Promise<Read> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    // Not a zip, or not a workbook: the person chose the wrong file (or renamed one).
    return { ok: false, code: "import_file_type", message: "This is not an Excel (.xlsx) workbook." };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) return invalid([problem("import_file_empty")]);
  if (sheet.rowCount > IMPORT_MAX_ROWS + 1) return invalid([problem("import_too_many_rows", undefined, { max: IMPORT_MAX_ROWS })]);
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    records[rowNumber - 1] = Array.from(cells, (c) => c ?? "");
  });
  return { ok: true, records: Array.from(records, (r) => r ?? []) };
}

/** The file's rows (header first), by its name's extension. */
export async function readImportFile(fileName: string, bytes: Uint8Array): Promise<Read> {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === "xlsx") return readXlsx(bytes);
  if (ext !== "csv" && ext !== "txt") {
    return { ok: false, code: "import_file_type", message: "Choose a .csv or .xlsx file." };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return invalid([problem("csv_not_utf8")]);
  }
  const parsed = parseCsv(text, { maxRecords: IMPORT_MAX_ROWS + 1 });
  if (!parsed.ok) return invalid([problem(parsed.code, undefined, { line: parsed.line, max: IMPORT_MAX_ROWS })]);
  return { ok: true, records: parsed.records };
}

type Checked = {
  ok: true;
  total: number;
  rows: ImportedRow[];
  problems: ImportRowProblem[];
  refusedRows: number;
  /** Phones of `rows` an earlier import already holds. */
  already: Set<string>;
  /** Phones of `rows` (not `already`) that ONE joined member has: what the dry run says will be merged (each batch looks again). */
  merge: Set<string>;
};

/** Reads and checks a file against the brand's tiers, stores, members and earlier imports. Changes nothing. */
export async function checkImportFile(
  db: Db,
  now: number,
  brandId: string,
  fileName: string,
  bytes: Uint8Array,
): Promise<Checked | ImportRefusal> {
  const read = await readImportFile(fileName, bytes);
  if (!read.ok) return read;
  const [header, ...body] = read.records;
  // Blank rows (a sheet's empty lines) are neither members nor problems.
  const records = body.map((r) => (r.every((c) => c.trim() === "") ? null : r));
  if (!header || records.every((r) => r === null)) return invalid([problem("import_file_empty")]);
  const mapped = mapHeader(header);
  if (!mapped.ok) return invalid(mapped.problems);
  const settings = await loyaltySettingsOf(db, brandId);
  const brandStores = await db.select({ id: stores.id, name: stores.name }).from(stores).where(eq(stores.brandId, brandId));
  const phoneCol = mapped.map.phone!;
  const phones = [
    ...new Set(
      records
        .flatMap((r) => (r ? [normalizeVnPhone(r[phoneCol] ?? "") ?? normalizeVnPhone(`0${r[phoneCol] ?? ""}`)] : []))
        .filter((p): p is string => !!p),
    ),
  ];
  // Phones of people who joined through Zalo and shared them: one such member is who the row
  // merges into; two or more (users.phone is not unique) and the row cannot say whose it is.
  const joined = phones.length ? await joinedMembersByPhone(db, brandId, phones) : [];
  const ctx = {
    tiers: settings.tierRules.tiers.map((t) => ({ code: t.code, names: [t.name.vi, t.name.en] })),
    stores: brandStores,
    today: vietnamDate(now),
  };
  const kept = records.map((r, i) => ({ r, row: i + 2 })).filter((x) => x.r !== null);
  const checked = validateImportRows(
    kept.map((x) => x.r!),
    mapped.map,
    ctx,
    new Set(joined.filter((j) => j.members > 1).map((j) => j.phone)),
  );
  // validateImportRows numbers rows by position; put back the sheet's numbers where blank rows were left out.
  const rowOf = (index: number) => kept[index - 2]!.row;
  for (const r of checked.rows) r.row = rowOf(r.row);
  for (const p of checked.problems) {
    p.params.row = rowOf(p.params.row);
    if (typeof p.params.firstRow === "number") p.params.firstRow = rowOf(p.params.firstRow);
  }
  const good = checked.rows.map((r) => r.phone);
  const already = good.length
    ? await queryRows<{ phone: string }>(
        db,
        sql`select phone from imported_profiles where brand_id = ${brandId} and ${inTexts(sql`phone`, good)}`,
      )
    : [];
  const alreadySet = new Set(already.map((a) => a.phone));
  const merge = new Set(joined.filter((j) => j.members === 1 && !alreadySet.has(j.phone)).map((j) => j.phone));
  return { ok: true, total: kept.length, ...checked, already: alreadySet, merge };
}

/**
 * The brand's joined members (not erased) by phone: how many share each phone. Placeholders have
 * no phone on their user, so only people who shared theirs through Zalo count.
 */
const joinedMembersByPhone = (db: Db | Tx, brandId: string, phones: string[]) =>
  queryRows<{ phone: string; members: number }>(
    db,
    sql`select u.phone, count(*)::int as members
        from users u join members m on m.user_id = u.id and m.erased_at is null
        where u.brand_id = ${brandId} and ${inTexts(sql`u.phone`, phones)}
        group by u.phone`,
  );

export async function dryRunImport(db: Db, now: number, brandId: string, fileName: string, bytes: Uint8Array) {
  const checked = await checkImportFile(db, now, brandId, fileName, bytes);
  if (!checked.ok) return checked;
  const fresh = checked.rows.filter((r) => !checked.already.has(r.phone));
  const merged = fresh.filter((r) => checked.merge.has(r.phone));
  const sum = (rows: ImportedRow[]) => rows.reduce((total, r) => total + r.points, 0);
  const value: MemberImportDryRun = {
    fileName,
    total: checked.total,
    toImport: fresh.length - merged.length,
    toMerge: merged.length,
    alreadyImported: checked.rows.length - fresh.length,
    refused: checked.refusedRows,
    problems: checked.problems.slice(0, IMPORT_PROBLEMS_SHOWN),
    problemCount: checked.problems.length,
    points: sum(fresh),
    mergePoints: sum(merged),
  };
  return { ok: true as const, value };
}

const jobView = (j: typeof memberImports.$inferSelect): MemberImportJob => ({
  id: j.id,
  fileName: j.fileName,
  status: j.status,
  total: j.total,
  processed: j.processed,
  imported: j.imported,
  skipped: j.skipped,
  merged: j.merged,
  refused: j.refused,
  createdAt: j.createdAt.toISOString(),
  finishedAt: j.finishedAt?.toISOString() ?? null,
});

export async function importJob(db: Db, brandId: string, importId: string) {
  const [job] = await db
    .select()
    .from(memberImports)
    .where(and(eq(memberImports.id, importId), eq(memberImports.brandId, brandId)));
  return job ? jobView(job) : null;
}

/** The brand's latest imports (the console shows what was done before). */
export async function recentImports(db: Db, brandId: string) {
  const rows = await db
    .select()
    .from(memberImports)
    .where(eq(memberImports.brandId, brandId))
    .orderBy(desc(memberImports.createdAt))
    .limit(10);
  return rows.map(jobView);
}

type BatchParams = { brandId: string; importId: string; actorId: string; fileName: string; at: Date; expiresAt: Date };

/** A good row as the batch statements read it (jsonb_to_recordset … as r(ROW_COLUMNS, …)), with its entry's id. */
const rowInput = (p: BatchParams, r: ImportedRow) => ({
  phone: r.phone,
  name: r.name,
  row_no: r.row,
  entry_id: randomUUID(),
  points: r.points,
  tier: r.tier,
  store_id: r.storeId,
  by: r.birthday?.year ?? null,
  bm: r.birthday?.month ?? null,
  bd: r.birthday?.day ?? null,
  reason: `${p.fileName} #${r.row}`,
});
const ROW_COLUMNS = sql.raw(
  "phone text, name text, row_no int, entry_id uuid, points bigint, tier text, store_id uuid, by int, bm int, bd int, reason text",
);

/**
 * The opening-balance entries (kind adjust, reason opening_balance, key `import:<phone>`, actor
 * the importing manager) and their lots, as the CTEs `entries` and `lots`, for the rows of
 * `from` (the input aliased `i`) that have points: the ledger has no zero rows.
 */
function openingEntryCtes(p: BatchParams, q: { from: SQL; memberId: SQL; balanceAfter: SQL }): SQL {
  const at = p.at.toISOString();
  return sql`entries as (
        insert into ledger_entries (id, brand_id, member_id, kind, points, balance_after, occurred_at, store_id, actor_id, actor_kind,
                                    member_reason, reason, idempotency_key, created_at)
        select i.entry_id, ${p.brandId}::uuid, ${q.memberId}, 'adjust', i.points, ${q.balanceAfter}, ${at}::timestamptz, i.store_id,
               ${p.actorId}::uuid, 'manager', 'opening_balance', i.reason, 'import:' || i.phone, ${at}::timestamptz
        from ${q.from}
        where i.points > 0
        returning id
      ),
      lots as (
        insert into point_lots (id, member_id, original, remaining, earned_at, expires_at)
        select i.entry_id, ${q.memberId}, i.points, i.points, ${at}::timestamptz, ${p.expiresAt.toISOString()}::timestamptz
        from ${q.from}
        where i.points > 0
        returning id
      )`;
}

/**
 * One batch as one statement: the profiles first (ON CONFLICT DO NOTHING keeps phones already
 * in), and only for the rows that went in, the placeholder users and members, the opening
 * entries and their lots. Foreign keys are checked at the end of the statement, so the CTEs'
 * order does not matter. Returns how many rows were new.
 */
async function insertBatch(tx: Tx, p: BatchParams, batch: ImportedRow[]): Promise<number> {
  if (!batch.length) return 0;
  const input = batch.map((r) => ({
    ...rowInput(p, r),
    user_id: randomUUID(),
    member_id: randomUUID(),
    qr: randomBytes(32).toString("hex"),
  }));
  const at = p.at.toISOString();
  const [out] = await queryRows<{ imported: number }>(
    tx,
    sql`with input as (
        select * from jsonb_to_recordset(${rowsJson(input)}) as r(${ROW_COLUMNS}, user_id uuid, member_id uuid, qr text)
      ),
      fresh as (
        insert into imported_profiles (brand_id, phone, import_id, row_no, member_id, name, birth_year, birth_month, birth_day, tier, points, store_id, created_at)
        select ${p.brandId}::uuid, phone, ${p.importId}::uuid, row_no, member_id, name, by, bm, bd, tier, points, store_id, ${at}::timestamptz
        from input
        on conflict (brand_id, phone) do nothing
        returning member_id
      ),
      new_users as (
        insert into users (id, brand_id, role, display_name, created_at, updated_at)
        select i.user_id, ${p.brandId}::uuid, 'member', i.name, ${at}::timestamptz, ${at}::timestamptz
        from input i join fresh f using (member_id)
        returning id
      ),
      new_members as (
        insert into members (id, user_id, brand_id, tier, points_balance, qr_secret, joined_at)
        select i.member_id, i.user_id, ${p.brandId}::uuid, coalesce(i.tier, 'member'), i.points, i.qr, ${at}::timestamptz
        from input i join fresh f using (member_id)
        returning id
      ),
      ${openingEntryCtes(p, { from: sql`input i join fresh f using (member_id)`, memberId: sql`i.member_id`, balanceAfter: sql`i.points` })}
      select (select count(*) from fresh)::int as imported`,
  );
  return Number(out?.imported ?? 0);
}

/**
 * A batch's rows whose phone ONE joined member had at the check, as one statement: what
 * claimImportedProfile gives a member who joins after an import, given at once and without the
 * placeholder. The profile goes in already claimed by that member (`member_id` =
 * `claimed_member_id`), so no later phone share claims it again; ON CONFLICT DO NOTHING (any
 * unique key: the phone already in, or a member already holding a merged profile) keeps what is
 * there, which is what makes a re-run, a second import racing this one, or a claim racing it
 * give the opening balance once. Only for the profiles that went in: ONE opening-balance entry
 * (key `import:<phone>`, as a placeholder's, actor the importing manager) with its lot, on the
 * member's balance as it is when the UPDATE locks the row (balance_after from it); the tier raised
 * to the file's if higher, never lowered (TIER_CODES order, as the claim); the birthday if they
 * gave none (as the claim); the name only while it is the one made for a Zalo user without one
 * (a name the member has is theirs). No consent: imported data is none. The member is looked up
 * again here: a row whose phone has no single joined member any more is skipped (counted so).
 */
async function mergeBatch(tx: Tx, p: BatchParams, batch: ImportedRow[]): Promise<number> {
  if (!batch.length) return 0;
  const input = batch.map((r) => rowInput(p, r));
  const at = p.at.toISOString();
  const rank = (tier: SQL) => sql`array_position(${textArray(TIER_CODES)}, ${tier})`;
  const [out] = await queryRows<{ merged: number }>(
    tx,
    sql`with input as (
        select * from jsonb_to_recordset(${rowsJson(input)}) as r(${ROW_COLUMNS})
      ),
      owners as (
        select u.phone, min(m.id::text)::uuid as member_id
        from users u join members m on m.user_id = u.id and m.erased_at is null
        where u.brand_id = ${p.brandId}::uuid and u.phone in (select phone from input)
        group by u.phone
        having count(*) = 1
      ),
      fresh as (
        insert into imported_profiles (brand_id, phone, import_id, row_no, member_id, name, birth_year, birth_month, birth_day, tier, points,
                                       store_id, claimed_member_id, claimed_at, created_at)
        select ${p.brandId}::uuid, i.phone, ${p.importId}::uuid, i.row_no, o.member_id, i.name, i.by, i.bm, i.bd, i.tier, i.points,
               i.store_id, o.member_id, ${at}::timestamptz, ${at}::timestamptz
        from input i join owners o using (phone)
        on conflict do nothing
        returning member_id, phone
      ),
      credited as (
        update members m
        set points_balance = m.points_balance + i.points,
            tier = case when ${rank(sql`i.tier`)} > ${rank(sql`m.tier`)} then i.tier else m.tier end,
            tier_pending_since = case when ${rank(sql`i.tier`)} > ${rank(sql`m.tier`)} then null else m.tier_pending_since end
        from fresh f join input i using (phone)
        where m.id = f.member_id
        returning m.id, m.user_id, m.points_balance, f.phone
      ),
      ${openingEntryCtes(p, { from: sql`credited c join input i using (phone)`, memberId: sql`c.id`, balanceAfter: sql`c.points_balance` })},
      named as (
        update users set display_name = i.name, updated_at = ${at}::timestamptz
        from credited c join input i using (phone)
        where users.id = c.user_id and i.name <> '' and ${hasDefaultDisplayName}
        returning users.id
      ),
      birthdays as (
        insert into preference_answers (member_id, question_id, form_version, value, updated_at)
        select c.id, 'birthday', coalesce((select max(version) from preference_forms where brand_id = ${p.brandId}::uuid), 1),
               jsonb_build_object('kind', 'birthday', 'day', i.bd, 'month', i.bm), ${at}::timestamptz
        from credited c join input i using (phone)
        where i.bm is not null and i.bd is not null
        on conflict do nothing
        returning member_id
      )
      select (select count(*) from fresh)::int as merged`,
  );
  return Number(out?.merged ?? 0);
}

export type RunImport = {
  importId: string;
  fileName: string;
  bytes: Uint8Array;
  onBatch?: () => void;
  /** Called (and awaited) once the file is checked, before anything is written: the benchmark's clock, a test's barrier. */
  onChecked?: () => unknown;
  /** Called (and awaited) inside each batch's transaction once it knows who has each phone, before it writes (a test's interleaving). */
  onBatchLookedUp?: () => unknown;
};

/**
 * Phone shares and import batches of one brand, one after the other: a batch holds the brand's
 * lock exclusively for its transaction, a share (`claimImportedProfile`'s transaction) shares it.
 * Without it, a share committed while a batch's statements run is seen by neither — the batch
 * looked its phones up before the share, the share's claim ran before the batch's placeholder
 * existed — and that shopper's imported points stay on a placeholder nobody claims. With it, a
 * share waits for the batch in flight (about a second) and then claims what it wrote, and a batch
 * waits for the shares in flight and then merges into them. Shares do not wait for one another.
 * PGlite has one connection, so there the two never overlap anyway.
 */
export async function lockImportPhones(tx: Tx, brandId: string, mode: "batch" | "share"): Promise<void> {
  const key = sql`hashtextextended(${`member-import-phones:${brandId}`}, 0)`;
  await tx.execute(mode === "batch" ? sql`select pg_advisory_xact_lock(${key})` : sql`select pg_advisory_xact_lock_shared(${key})`);
}

/**
 * The import: checks the file as the dry run does, then writes the good rows in batches, one
 * transaction each, counting progress on the job row the console polls. A rerun of the same
 * import id answers its job; another id re-reads the file and skips what is already in.
 */
export async function runImport(
  db: Db,
  now: number,
  actor: Actor,
  req: RunImport,
): Promise<{ ok: true; value: MemberImportJob } | ImportRefusal> {
  const existing = await db.select().from(memberImports).where(eq(memberImports.id, req.importId));
  if (existing[0]) {
    if (existing[0].brandId !== actor.brandId) return { ok: false, code: "import_not_found", message: "No such import." };
    if (existing[0].status === "running") return { ok: false, code: "import_running", message: "This import is still running." };
    return { ok: true, value: jobView(existing[0]) };
  }
  const checked = await checkImportFile(db, now, actor.brandId, req.fileName, req.bytes);
  if (!checked.ok) return checked;
  await req.onChecked?.();
  const at = new Date(now);
  const inserted = await db
    .insert(memberImports)
    .values({
      id: req.importId,
      brandId: actor.brandId,
      fileName: req.fileName,
      fileSha256: createHash("sha256").update(req.bytes).digest("hex"),
      status: "running",
      total: checked.total,
      processed: checked.refusedRows,
      refused: checked.refusedRows,
      createdBy: actor.userId,
      createdAt: at,
    })
    .onConflictDoNothing()
    .returning({ id: memberImports.id });
  if (!inserted.length) return { ok: false, code: "import_running", message: "This import is still running." };
  const settings = await loyaltySettingsOf(db, actor.brandId);
  const params = {
    brandId: actor.brandId,
    importId: req.importId,
    actorId: actor.userId,
    fileName: req.fileName,
    at,
    expiresAt: new Date(lotExpiresAt(now, settings.lotValidityMonths)),
  };
  try {
    for (let i = 0; i < checked.rows.length; i += IMPORT_BATCH_ROWS) {
      const batch = checked.rows.slice(i, i + IMPORT_BATCH_ROWS);
      await db.transaction(async (tx) => {
        await lockImportPhones(tx, actor.brandId, "batch");
        // Who has each phone now, not at the check: a shopper who shares theirs while earlier
        // batches run (a 100,000-row import takes tens of seconds) is merged into, not left
        // behind a placeholder their claim has already missed. Then two statements at most: the
        // phones nobody has (placeholders), those ONE joined member has (merged); a phone two
        // members have by now is skipped (the dry run refuses it as phone_ambiguous).
        const owners = new Map(
          (
            await joinedMembersByPhone(
              tx,
              actor.brandId,
              batch.map((r) => r.phone),
            )
          ).map((o) => [o.phone, o.members]),
        );
        await req.onBatchLookedUp?.();
        const imported = await insertBatch(
          tx,
          params,
          batch.filter((r) => !owners.has(r.phone)),
        );
        const merged = await mergeBatch(
          tx,
          params,
          batch.filter((r) => owners.get(r.phone) === 1),
        );
        await tx
          .update(memberImports)
          .set({
            processed: sql`${memberImports.processed} + ${batch.length}`,
            imported: sql`${memberImports.imported} + ${imported}`,
            merged: sql`${memberImports.merged} + ${merged}`,
            skipped: sql`${memberImports.skipped} + ${batch.length - imported - merged}`,
          })
          .where(eq(memberImports.id, req.importId));
      });
      req.onBatch?.();
    }
  } catch (error) {
    await db
      .update(memberImports)
      .set({ status: "failed", finishedAt: new Date(now) })
      .where(eq(memberImports.id, req.importId));
    throw error;
  }
  const job = await db.transaction(async (tx) => {
    const [done] = await tx
      .update(memberImports)
      .set({ status: "done", finishedAt: new Date(now) })
      .where(eq(memberImports.id, req.importId))
      .returning();
    await tx.insert(auditEvents).values({
      brandId: actor.brandId,
      actorId: actor.userId,
      action: "members_imported",
      subjectId: req.importId,
      at,
      detail: { file: req.fileName, imported: done!.imported, merged: done!.merged, skipped: done!.skipped, refused: done!.refused },
    });
    return done!;
  });
  return { ok: true, value: jobView(job) };
}

/**
 * A member who just shared their phone takes over the imported profile with that phone, once:
 * the UPDATE … WHERE claimed_at IS NULL lets one claimer through however many race. The
 * placeholder's spendable points move in the ledger (a debit there, a credit here per lot, the
 * lot's expiry kept); the tier is raised to the imported one, the name and birthday are taken
 * when the file had them. Consents are not copied: there are none (imported data is no consent),
 * the member gave theirs when enrolling. Runs inside the caller's transaction.
 */
export async function claimImportedProfile(tx: Tx, now: number, who: { brandId: string; memberId: string; userId: string; phone: string }) {
  const [profile] = await tx
    .update(importedProfiles)
    .set({ claimedMemberId: who.memberId, claimedAt: new Date(now) })
    .where(
      and(eq(importedProfiles.brandId, who.brandId), eq(importedProfiles.phone, who.phone), sql`${importedProfiles.claimedAt} is null`),
    )
    .returning();
  if (!profile) return null;
  // Both rows locked in one order (by id), so two claims touching the same pair cannot deadlock.
  const [first, second] = [profile.memberId, who.memberId].sort();
  const a = await lockMember(tx, first!);
  const b = await lockMember(tx, second!);
  const placeholder = a!.id === profile.memberId ? a! : b!;
  const member = a!.id === profile.memberId ? b! : a!;
  const lots = (await openLots(tx, placeholder.id, true)).filter((l) => l.expiresAt > now);
  const moved = lots.reduce((sum, l) => sum + l.remaining, 0);
  const entry = {
    kind: "adjust" as const,
    actorKind: "system" as const,
    memberReason: "opening_balance" as const,
    at: now,
    storeId: profile.storeId,
  };
  if (moved > 0) {
    await debit(tx, placeholder, moved, { ...entry, reason: "claimed", idempotencyKey: `import-claimed:${profile.id}` });
    for (const lot of lots) {
      await credit(tx, member, lot.remaining, {
        ...entry,
        expiresAt: lot.expiresAt,
        idempotencyKey: `import-claim:${profile.id}:${lot.id}`,
      });
    }
  }
  // The placeholder has given everything to its owner: from now on it is ledger history only, like
  // a deleted account's row (erased_at), so no list, count, segment or export shows the same
  // customer twice. Its balance is 0 here, so nothing is forfeited.
  await tx
    .update(members)
    .set({ erasedAt: new Date(now) })
    .where(eq(members.id, placeholder.id));
  if (profile.tier && TIER_CODES.indexOf(profile.tier) > TIER_CODES.indexOf(member.tier)) {
    await tx.update(members).set({ tier: profile.tier, tierPendingSince: null }).where(eq(members.id, member.id));
  }
  if (profile.name)
    await tx
      .update(users)
      .set({ displayName: profile.name, updatedAt: new Date(now) })
      .where(eq(users.id, who.userId));
  if (profile.birthMonth && profile.birthDay) {
    const [form] = await tx
      .select({ version: preferenceForms.version })
      .from(preferenceForms)
      .where(eq(preferenceForms.brandId, who.brandId))
      .orderBy(desc(preferenceForms.version))
      .limit(1);
    // A birthday the member already gave stays theirs.
    await tx
      .insert(preferenceAnswers)
      .values({
        memberId: member.id,
        questionId: "birthday",
        formVersion: form?.version ?? 1,
        value: { kind: "birthday", day: profile.birthDay, month: profile.birthMonth },
        updatedAt: new Date(now),
      })
      .onConflictDoNothing();
  }
  return { profileId: profile.id, points: moved, tier: profile.tier };
}

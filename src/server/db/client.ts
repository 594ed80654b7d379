import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { fillPlaceholders, sql, type SQL } from "drizzle-orm";
import { fileURLToPath } from "node:url";
import pg from "pg";
import * as schema from "./schema";
import { markTransactions } from "./tx-context";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** What a transaction callback receives; typed as Db so helpers accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type Database = {
  db: Db;
  driver: "pglite" | "postgres";
  /** node-postgres' pool on PostgreSQL (for libraries that take one: the rate limiters); null on PGlite. */
  pool: pg.Pool | null;
  ping(): Promise<number>;
  close(): Promise<void>;
};

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

export type DatabaseOptions =
  | { kind: "postgres"; url: string; poolSize?: number }
  | { kind: "pglite"; dataDir?: string; loadDataDir?: Blob | File }
  | { kind: "pglite-instance"; pglite: PGlite };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.kind === "postgres") {
    // JIT off for our sessions (decision 0050): PostgreSQL compiles a plan whose estimated cost
    // passes jit_above_cost (100,000, which a segment count over 1,000,000 members does), and
    // the compilation cost the birthday-or count ~500 ms of its ~1.6 s; our queries are
    // interactive, none runs long enough to win it back.
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, options: "-c jit=off" });
    // Without a listener an idle-client error (e.g. the server restarting) would crash the process.
    pool.on("error", () => {});
    const db = markTransactions(drizzlePg(pool, { schema }) as unknown as Db);
    return {
      db,
      driver: "postgres",
      pool,
      ping: () => timed(() => db.execute(sql`select 1`)),
      close: () => pool.end(),
    };
  }
  const pglite =
    options.kind === "pglite-instance"
      ? options.pglite
      : new PGlite(options.dataDir ? { dataDir: options.dataDir, loadDataDir: options.loadDataDir } : { loadDataDir: options.loadDataDir });
  await pglite.waitReady;
  trackPgliteTransactions(pglite);
  const db = markTransactions(drizzlePglite(pglite, { schema }) as unknown as Db);
  return {
    db,
    driver: "pglite",
    pool: null,
    ping: () => timed(() => db.execute(sql`select 1`)),
    close: () => pglite.close(),
  };
}

/** The advisory lock every process takes to migrate: any number may start at once (docs/deploying.md). */
const MIGRATION_LOCK = 0x4c4c_4d47; // "LLMG"

export async function migrateDatabase(database: Database): Promise<void> {
  // The same SQL files on both engines; drizzle records them in drizzle.__drizzle_migrations.
  if (database.driver === "postgres") {
    // Several API and worker processes starting together would each apply the same migration
    // (all but one fail half-way on "already exists"). One connection holds the lock and
    // migrates; the others wait for it, then find nothing left to do.
    const client = await database.pool!.connect();
    try {
      await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
      await migratePg(drizzlePg(client) as never, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
      client.release();
    }
  } else {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return Math.round((performance.now() - start) * 100) / 100;
}

/**
 * Whether `error` is a unique violation (SQLSTATE 23505), optionally of one constraint. Both
 * drivers wrap the database error (drizzle puts it in `cause`); PGlite names the constraint
 * only in the message.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const cause =
    (error as { cause?: { code?: string; constraint?: string } }).cause ?? (error as { code?: string; constraint?: string } | null);
  if (cause?.code !== "23505") return false;
  if (constraint === undefined) return true;
  return (
    cause.constraint === constraint ||
    String((error as Error).message).includes(constraint) ||
    String((cause as Error).message ?? "").includes(constraint)
  );
}

/**
 * The rows of a raw `execute()` result, whatever the driver: node-postgres answers a
 * QueryResult (`{ rows }`), other drivers may answer the array itself. Every raw-SQL read goes
 * through here instead of unwrapping the result its own way.
 */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? result) as T[];
}

/** Runs raw SQL and returns its rows (see rowsOf). */
export async function queryRows<T>(q: Db | Tx, query: SQL): Promise<T[]> {
  return rowsOf<T>(await q.execute(query));
}

const dialect = new PgDialect();
const preparedOnPglite = new WeakMap<PGlite, Map<string, Promise<unknown>>>();
type Runnable = { execute(values?: Record<string, unknown>): Promise<unknown> };
/** Per drizzle session (the app's, or one transaction's): its prepared query objects by name. */
const preparedInSession = new WeakMap<object, Map<string, Runnable>>();
/** PGlite's transaction objects (what a drizzle transaction's session holds) and the instance each runs on. */
type PgliteTx = { exec(query: string): Promise<{ rows: unknown[] }[]> };
const pgliteOfTransaction = new WeakMap<object, PGlite>();

/**
 * Remembers which PGlite instance each of its transactions runs on, so a prepared statement
 * run inside one knows whether its backend already has it (preparedStatement).
 */
function trackPgliteTransactions(pglite: PGlite) {
  if (pgliteOfTransaction.has(pglite)) return;
  pgliteOfTransaction.set(pglite, pglite);
  const original = pglite.transaction.bind(pglite);
  pglite.transaction = <T>(fn: Parameters<PGlite["transaction"]>[0] & ((tx: never) => Promise<T>)) =>
    original(async (tx) => {
      pgliteOfTransaction.set(tx, pglite);
      return fn(tx as never) as Promise<T>;
    }) as Promise<T>;
}

/**
 * A named prepared statement, for the few statements on the hottest paths (the earn, the
 * session check, the spin; bench:ledger, bench:game). `query` names its inputs with
 * `sql.placeholder(name)` and is turned into SQL text once, here, not on every call; each call
 * only fills in the values (drizzle's sqlToQuery for the earn read was ~3% of the server's CPU
 * per earn).
 *
 * - PostgreSQL: the driver's named statements; the server parses and plans once per connection
 *   instead of on every call, which is most of the server-side cost of a short statement that
 *   joins many tables.
 * - PGlite: one engine in this process, one session. The statement is PREPAREd once per
 *   instance (a prepared statement belongs to the session and outlives a rolled-back
 *   transaction) and run as `EXECUTE name(literals)` in one simple-protocol call, inside a
 *   transaction too (through the transaction's own object, which holds the engine): an
 *   extended-protocol query crosses into WebAssembly six times and re-plans every time, about
 *   4× slower for the earn read, and drizzle's per-query type parsers made PGlite copy its
 *   whole parser table on every row set (~0.3 ms a statement in bench:game's profile). The
 *   literals come from pg's escapeLiteral, never from string concatenation of raw input.
 *   Results use PGlite's own parsers: a timestamp comes back as a Date (drizzle's raw queries
 *   give a string), so cast what the caller compares.
 *
 * Values are sent as text either way, so pass instants as ISO strings (`toISOString()`):
 * node-postgres formats a Date through its own slower local-time formatter.
 */
export function preparedStatement<T, V extends Record<string, unknown>>(name: string, query: SQL): (q: Db | Tx, values: V) => Promise<T[]> {
  const built = dialect.sqlToQuery(query);
  return async (q, values) => {
    const session = q._.session;
    const client = (session as unknown as { client: unknown }).client as object;
    const pglite = client instanceof PGlite ? client : pgliteOfTransaction.get(client);
    if (pglite) {
      const on = client as PgliteTx;
      let prepared = preparedOnPglite.get(pglite);
      if (!prepared) preparedOnPglite.set(pglite, (prepared = new Map()));
      let ready = prepared.get(name);
      if (!ready) {
        // Through the caller's own object: inside a transaction the instance's exec would wait for it to end.
        ready = on.exec(`prepare ${name} as ${built.sql}`);
        prepared.set(name, ready);
        ready.catch(() => prepared.delete(name));
      }
      await ready;
      const params = fillPlaceholders(built.params, values);
      const [result] = await on.exec(`execute ${name}(${params.map(sqlLiteral).join(", ")})`);
      return (result?.rows ?? []) as T[];
    }
    let byName = preparedInSession.get(session);
    if (!byName) preparedInSession.set(session, (byName = new Map()));
    let prepared = byName.get(name);
    if (!prepared) byName.set(name, (prepared = session.prepareQuery(built, undefined, name, false)));
    return rowsOf<T>(await prepared.execute(values));
  };
}

function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`preparedStatement: ${value} is not a SQL number`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (typeof value === "string") return pg.escapeLiteral(value);
  return pg.escapeLiteral(JSON.stringify(value));
}

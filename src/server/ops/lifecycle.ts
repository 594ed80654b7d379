/**
 * A process's role, its shutdown state and what "ready" means (issue 17; docs/deploying.md).
 *
 * - Liveness answers whether the process should be restarted: it answers at all. It never looks
 *   at the database: a database outage must not make an orchestrator restart every API process.
 * - Readiness answers whether it should get traffic (or, for a worker, whether it is doing its
 *   job): the database answers, its migrations are the ones this build expects, the message worker
 *   runs where it should, and the process is not shutting down.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { MIGRATIONS_FOLDER, queryRows, type Database } from "../db/client";
import type { Metrics } from "./metrics";

import type { ProcessRole } from "../../contract/health";

export type Lifecycle = {
  role: ProcessRole;
  /** Whether this process is meant to run the message worker (its role and MESSAGE_WORKER). */
  workerExpected: boolean;
  workerRunning(): boolean;
  /** Set when a shutdown begins: readiness fails at once so a load balancer stops sending. */
  shuttingDown: boolean;
};

export type Ops = {
  metrics: Metrics;
  /** The bearer token GET /api/metrics asks for; null: metrics are not served (404). */
  metricsToken: string | null;
  lifecycle: Lifecycle;
};

export type ReadinessCheck = "database" | "migrations" | "worker" | "shutdown";
export type Readiness = { ready: boolean; failing: { check: ReadinessCheck; state: string }[] };

/** The last migration this build ships (its journal's `when`, which drizzle records as created_at). */
export function expectedMigration(folder = MIGRATIONS_FOLDER): { count: number; when: number } {
  const journal = JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };
  return { count: journal.entries.length, when: Math.max(...journal.entries.map((e) => e.when)) };
}

/**
 * How far the database's migrations are from this build's: current, behind (the deploy's migrate
 * has not run), or ahead (an older build on a newer schema).
 */
export async function migrationState(database: Database, expected = expectedMigration()): Promise<"current" | "behind" | "ahead"> {
  const [row] = await queryRows<{ last: string | number | null }>(
    database.db,
    sql`select max(created_at) as last from drizzle.__drizzle_migrations`,
  );
  const last = row?.last === null || row?.last === undefined ? 0 : Number(row.last);
  if (last < expected.when) return "behind";
  return last > expected.when ? "ahead" : "current";
}

export async function readiness(database: Database, lifecycle: Lifecycle | undefined, expected = expectedMigration()): Promise<Readiness> {
  const failing: Readiness["failing"] = [];
  if (lifecycle?.shuttingDown) failing.push({ check: "shutdown", state: "shutting_down" });
  let dbUp = true;
  try {
    await database.ping();
  } catch {
    dbUp = false;
    failing.push({ check: "database", state: "down" });
  }
  if (dbUp) {
    try {
      const state = await migrationState(database, expected);
      // Ahead is fine during a rolling deploy (docs/deploying.md, "Upgrading"): the old build still works on it.
      if (state === "behind") failing.push({ check: "migrations", state });
    } catch {
      failing.push({ check: "migrations", state: "unknown" });
    }
  }
  if (lifecycle?.workerExpected && !lifecycle.workerRunning()) failing.push({ check: "worker", state: "stopped" });
  return { ready: failing.length === 0, failing };
}

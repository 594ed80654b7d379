import { PGlite } from "@electric-sql/pglite";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "../../src/server/db/client";
import { seedDemo } from "../../src/server/db/seed";

declare module "vitest" {
  export interface ProvidedContext {
    /** PGlite: path of a migrated + seeded data dir dump, cloned by every test file. */
    pgliteSnapshot: string;
    /** PostgreSQL: admin URL and the template database every test file copies. */
    pgAdminUrl: string;
    pgTemplate: string;
    pgRunId: string;
  }
}

/**
 * Migrate and seed once per run, then let each test file clone the result: a fresh PGlite
 * costs ~4 s and ~0.8 GB (docs/stack.md#pglite), a clone from a dump ~0.6 s; on PostgreSQL,
 * CREATE DATABASE … TEMPLATE is a file copy.
 */
export default async function setup(project: TestProject) {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    // Test files run in worker processes; the run id ties their databases to this run.
    const runId = `${process.pid}_${Date.now()}`;
    const template = `ll_tpl_${runId}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${template}`);
    const database = await openDatabase({ kind: "postgres", url: withDatabase(pgUrl, template), poolSize: 2 });
    await migrateDatabase(database);
    await seedDemo(database.db);
    await database.close();
    project.provide("pgAdminUrl", pgUrl);
    project.provide("pgTemplate", template);
    project.provide("pgRunId", runId);
    project.provide("pgliteSnapshot", "");
    return async () => {
      const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`ll_t_${runId}_%`]);
      for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }
  const snapshot = await migratedPgliteSnapshot();
  project.provide("pgliteSnapshot", snapshot.file);
  project.provide("pgAdminUrl", "");
  project.provide("pgTemplate", "");
  project.provide("pgRunId", "");
  return snapshot.remove;
}

/** A migrated and seeded PGlite data dir, dumped to a file that test files (and the browser tests' servers) clone. */
export async function migratedPgliteSnapshot(): Promise<{ file: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), "ll-snapshot-"));
  const pglite = new PGlite();
  const database = await openDatabase({ kind: "pglite-instance", pglite });
  await migrateDatabase(database);
  await seedDemo(database.db);
  const dump = await pglite.dumpDataDir("none");
  const file = join(dir, "snapshot.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

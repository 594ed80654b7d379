import { PGlite } from "@electric-sql/pglite";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database } from "../../src/server/db/client";
import { withDatabase } from "./global-setup";

/**
 * A fresh database for one test file, already migrated and seeded with the demo brand:
 * PGlite by default, PostgreSQL when the run has TEST_DATABASE_URL (npm run test:pg).
 */
export async function freshDatabase(): Promise<Database> {
  const template = inject("pgTemplate");
  if (template) {
    const adminUrl = inject("pgAdminUrl");
    const name = `ll_t_${inject("pgRunId")}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`create database ${name} template ${template}`);
    } finally {
      await admin.end();
    }
    return openDatabase({ kind: "postgres", url: withDatabase(adminUrl, name), poolSize: 20 });
  }
  const snapshot = readFileSync(inject("pgliteSnapshot"));
  const pglite = new PGlite({ loadDataDir: new Blob([snapshot]) });
  return openDatabase({ kind: "pglite-instance", pglite });
}

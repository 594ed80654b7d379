/**
 * Issues a one-time console sign-in link for a manager, marketer or admin:
 *   npm run console:link -- manager@demo.loyalloop.vn
 * Run it where the server's database is reachable (same DATABASE_URL / DATA_DIR). The link
 * works once, for 15 minutes. See docs/decisions/0003-console-sign-in.md.
 */
import { join, resolve } from "node:path";
import { migrateDatabase, openDatabase } from "../src/server/db/client";
import { loadEnv } from "../src/server/env";
import { issueLoginLink } from "../src/server/features/auth/login-links";

const email = process.argv[2];
if (!email || !email.includes("@")) {
  console.error("usage: npm run console:link -- <email of a console user>");
  process.exit(2);
}
const env = loadEnv();
const database = env.DATABASE_URL
  ? await openDatabase({ kind: "postgres", url: env.DATABASE_URL })
  : await openDatabase({ kind: "pglite", dataDir: join(resolve(env.DATA_DIR), "pglite") });
await migrateDatabase(database);
const link = await issueLoginLink(database.db, {
  brandSlug: env.BRAND_SLUG,
  email,
  publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
  nowMillis: Date.now(),
});
await database.close();
if (!link) {
  console.error(`No manager, marketer or admin with e-mail ${email} in brand "${env.BRAND_SLUG}".`);
  process.exit(1);
}
console.log(`Sign-in link (one use, valid until ${link.expiresAt.toISOString()}):\n${link.url}`);

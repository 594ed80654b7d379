import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes SQL migrations from the schema; the same files run on
// PGlite and PostgreSQL (src/server/db/migrate.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/server/db/schema.ts",
  out: "./src/server/db/migrations",
});

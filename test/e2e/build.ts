import { build } from "vite";
import type { TestProject } from "vitest/node";
import { REPO_ROOT } from "../../src/server/server";
import { migratedPgliteSnapshot } from "../support/global-setup";

/**
 * Fresh production builds of both front ends, exactly what `npm start` serves (unless CI built
 * them already: E2E_SKIP_BUILD=1), and one migrated, seeded database that every file's server
 * clones (harness.ts startProduct): ~0.6 s a file instead of ~4 s of migrations on a new PGlite.
 */
export default async function setup(project: TestProject) {
  const snapshot = await migratedPgliteSnapshot();
  project.provide("pgliteSnapshot", snapshot.file);
  if (process.env.E2E_SKIP_BUILD === "1") return snapshot.remove;
  // vitest sets NODE_ENV=test, and Vite keeps an existing NODE_ENV: without this the browser
  // tests would drive a development build of React instead of what `npm start` serves.
  process.env.NODE_ENV = "production";
  await build({ root: REPO_ROOT, logLevel: "error" });
  await build({ root: REPO_ROOT, mode: "console", logLevel: "error" });
  return snapshot.remove;
}

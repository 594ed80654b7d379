import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "vite";
import { REPO_ROOT } from "../../src/server/server";

/** What the Mini App and console builds are made from: newer than the last build means rebuild. */
const INPUTS = [
  "src/app",
  "src/console",
  "src/client",
  "src/contract",
  "src/domain",
  "assets",
  "index.html",
  "console.html",
  "vite.config.ts",
  "scripts/build",
  "app-config.json",
  "package-lock.json",
];
const STAMP = join(REPO_ROOT, "dist", ".build-stamp");

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

/**
 * Builds the Mini App and the console (production, with the size budget and the compressed
 * copies) when their sources changed since the last build, or when `force`. Returns whether it
 * built. Used by `npm start` and `npm run bench:phone`.
 */
export async function buildIfStale(force = false): Promise<boolean> {
  const builtAt = existsSync(STAMP) && existsSync(join(REPO_ROOT, "www", "index.html")) ? statSync(STAMP).mtimeMs : 0;
  const changedAt = Math.max(...INPUTS.map((p) => newestMtime(join(REPO_ROOT, p))));
  if (!force && changedAt <= builtAt) return false;
  console.log("Building the Mini App and the console…");
  const started = performance.now();
  // A development build of React is several times slower: never serve or measure one (Vite
  // keeps an existing NODE_ENV, e.g. "test"). Put back afterwards for the process's own use.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ root: REPO_ROOT, logLevel: "warn" });
    await build({ root: REPO_ROOT, mode: "console", logLevel: "warn" });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(STAMP, new Date().toISOString());
  console.log(`Built in ${Math.round(performance.now() - started)} ms`);
  return true;
}

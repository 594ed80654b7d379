/**
 * `npm start`: build the Mini App and console when their sources changed since the last
 * build, then run the server. Keeps "npm install && npm start" a two-command affair without
 * rebuilding (≈10 s) on every start.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "vite";
import { REPO_ROOT } from "../src/server/server";

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

const builtAt = existsSync(STAMP) && existsSync(join(REPO_ROOT, "www", "index.html")) ? statSync(STAMP).mtimeMs : 0;
const changedAt = Math.max(...INPUTS.map((p) => newestMtime(join(REPO_ROOT, p))));
if (changedAt > builtAt || process.argv.includes("--build")) {
  console.log("Building the Mini App and the console…");
  const started = performance.now();
  await build({ root: REPO_ROOT, logLevel: "warn" });
  await build({ root: REPO_ROOT, mode: "console", logLevel: "warn" });
  writeFileSync(STAMP, new Date().toISOString());
  console.log(`Built in ${Math.round(performance.now() - started)} ms`);
}

await import("../src/server/main");

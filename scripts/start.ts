/**
 * `npm start`: build the Mini App and console when their sources changed since the last
 * build, then run the server. Keeps "npm install && npm start" a two-command affair without
 * rebuilding (≈10 s) on every start.
 */
import { buildIfStale } from "./build/fresh-build";

await buildIfStale(process.argv.includes("--build"));

await import("../src/server/main");

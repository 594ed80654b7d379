import { EnvError, loadEnv } from "./env";
import { createLogger } from "./log";
import { migrateDatabase } from "./db/client";
import { openFromEnv, startServer } from "./server";

/** `--role api|worker|all` (or `--role=…`) sets PROCESS_ROLE: one image, started as API or worker processes (docs/deploying.md). */
function roleFromArgs(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === "--role" || a.startsWith("--role="));
  if (i < 0) return undefined;
  return argv[i]!.includes("=") ? argv[i]!.slice("--role=".length) : argv[i + 1];
}

async function main() {
  let env;
  try {
    const role = roleFromArgs(process.argv.slice(2));
    env = loadEnv(role === undefined ? {} : { PROCESS_ROLE: role });
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(env.LOG_LEVEL);
  if (process.argv.includes("--migrate-only")) {
    // A deploy's own step (docs/deploying.md §6): the schema first, then the new processes.
    const database = await openFromEnv(env);
    await migrateDatabase(database);
    await database.close();
    log.info("migrations applied");
    return;
  }
  const started = performance.now();
  const running = await startServer(env, log);
  const db = running.deps.database.driver === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${env.DATA_DIR}/pglite`;
  // Plain lines for the person who ran `npm start`; the JSON log goes on alongside.
  console.log(
    [
      "",
      `LoyalLoop is running (${db}, ready in ${Math.round(performance.now() - started)} ms)`,
      ...(env.PROCESS_ROLE === "worker"
        ? [`  Role      worker: scheduler and message worker`, `  Health    ${running.url}/api/health/ready  (metrics: /api/metrics)`]
        : [
            `  Role      ${env.PROCESS_ROLE === "api" ? "api: HTTP only (no scheduler, no message worker)" : "all: HTTP, scheduler and message worker"}`,
            `  Mini App  ${running.url}/`,
            `  Console   ${running.url}/console`,
            `  API       ${running.url}/api  (OpenAPI: ${running.url}/api/openapi.json)`,
          ]),
      running.deps.config.devIdentity ? "  Identity  DEV MODE — no Zalo app secret configured" : "  Identity  Zalo Graph API",
      "",
    ].join("\n"),
  );
  // Graceful: readiness fails, no new connections, requests and sends in flight finish (server.ts
  // close). A second signal means "now": the operator or the orchestrator gave up waiting.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, "second signal: exiting without waiting");
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, "shutting down");
    await running.close();
    log.info("shut down");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

void main();

import { EnvError, loadEnv } from "./env";
import { createLogger } from "./log";
import { startServer } from "./server";

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
  const started = performance.now();
  const running = await startServer(env, log);
  const db = running.deps.database.driver === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${env.DATA_DIR}/pglite`;
  // Plain lines for the person who ran `npm start`; the JSON log goes on alongside.
  console.log(
    [
      "",
      `LoyalLoop is running (${db}, ready in ${Math.round(performance.now() - started)} ms)`,
      `  Role      ${env.PROCESS_ROLE}${env.PROCESS_ROLE === "worker" ? " (scheduler and message worker; HTTP: health and metrics only)" : ""}`,
      `  Mini App  ${running.url}/`,
      `  Console   ${running.url}/console`,
      `  API       ${running.url}/api  (OpenAPI: ${running.url}/api/openapi.json)`,
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

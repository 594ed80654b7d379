import { EnvError, loadEnv } from "./env";
import { createLogger } from "./log";
import { startServer } from "./server";

async function main() {
  let env;
  try {
    env = loadEnv();
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
      `  Mini App  ${running.url}/`,
      `  Console   ${running.url}/console`,
      `  API       ${running.url}/api  (OpenAPI: ${running.url}/api/openapi.json)`,
      running.deps.config.devIdentity ? "  Identity  DEV MODE — no Zalo app secret configured" : "  Identity  Zalo Graph API",
      "",
    ].join("\n"),
  );
  const stop = async (signal: string) => {
    log.info({ signal }, "shutting down");
    await running.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

void main();

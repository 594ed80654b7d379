import { serve, type ServerType } from "@hono/node-server";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import { createApp } from "./app";
import { migrateDatabase, openDatabase, type Database } from "./db/client";
import { seedDemo } from "./db/seed";
import { createSetupLink } from "./features/auth/invites";
import { brandBySlug } from "./features/auth/users";
import { devIdentityEnabled, startupWarnings, type Env } from "./env";
import type { Deps } from "./http/context";
import { scaledLimits } from "./http/rate-limits";
import { devIdentity, graphIdentity } from "./zalo/identity";
import { startScheduler } from "./jobs/scheduler";
import { messagingFromEnv, oaConnectFromEnv, webhookSecrets } from "./features/messaging/setup";
import { startWorker } from "./features/messaging/worker";
import { createMetrics } from "./ops/metrics";
import type { Lifecycle } from "./ops/lifecycle";
import { startWebhookWorker } from "./features/integrations/webhooks";

export const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const VERSION = "0.1.0";

export type Running = {
  url: string;
  port: number;
  deps: Deps;
  /** First run (no brand): the one-time setup link printed at start-up; null when the brand exists. */
  setupUrl: string | null;
  /** The HTTP server (tests watch its requests and connections). */
  server: ServerType;
  close(): Promise<void>;
};

/**
 * Opens and migrates the database, seeds the demo brand when asked, and serves everything.
 * `main.ts` calls it with the parsed environment; browser tests call it in-process.
 */
export async function startServer(
  env: Env,
  log: Logger,
  overrides: { database?: Database; now?: () => number; scheduler?: boolean } = {},
): Promise<Running> {
  const database = overrides.database ?? (await openFromEnv(env));
  await migrateDatabase(database);
  if (env.SEED_DEMO) {
    const seeded = await seedDemo(database.db, env.BRAND_SLUG, Date.now(), { realOa: env.ZNS_TRANSPORT === "zalo" });
    if (seeded === "seeded") log.info({ brand: env.BRAND_SLUG }, "seeded the demo brand");
    if (seeded === "refused_real_oa")
      log.error({ brand: env.BRAND_SLUG }, "SEED_DEMO is set but this brand has a real Zalo OA connected: demo data is never seeded there");
  }
  for (const warning of startupWarnings(env)) log.warn(warning);

  const dev = devIdentityEnabled(env);
  if (dev) {
    log.warn(
      "DEV IDENTITY MODE: no ZALO_APP_SECRET is set, so the server trusts `dev:` tokens instead of verifying users " +
        "with Zalo. Never expose this server to shoppers.",
    );
  }
  const identity = dev
    ? devIdentity()
    : graphIdentity({ graphUrl: env.ZALO_GRAPH_URL, appSecret: env.ZALO_APP_SECRET!, timeoutMs: env.ZALO_TIMEOUT_MS });

  const now = overrides.now ?? (() => Date.now());
  const role = env.PROCESS_ROLE;
  // The worker role runs the scheduler and the message worker; the api role neither (docs/deploying.md).
  const runsJobs = role !== "api" && overrides.scheduler !== false;
  let worker: ReturnType<typeof startWorker> | null = null;
  const lifecycle: Lifecycle = {
    role,
    workerExpected: runsJobs && env.MESSAGE_WORKER,
    workerRunning: () => worker?.running() ?? false,
    shuttingDown: false,
  };
  const metrics = createMetrics({ database, now, processFigures: true, workerRunning: lifecycle.workerRunning });
  // In dev a per-process key is fine: refresh tokens live in the database and survive restarts.
  const sessionSecret = env.SESSION_SECRET ?? randomBytes(32).toString("hex");
  const deps: Deps = {
    database,
    identity,
    log,
    now,
    messaging: messagingFromEnv(env, database.db, now, log, sessionSecret),
    oaConnect: oaConnectFromEnv(env, database.db, now, log),
    ops: { metrics, metricsToken: env.METRICS_TOKEN ?? null, lifecycle },
    zaloLogin: dev
      ? null
      : {
          oauth: { oauthUrl: env.ZALO_OAUTH_URL, appId: env.ZALO_APP_ID!, appSecret: env.ZALO_APP_SECRET!, timeoutMs: env.ZALO_TIMEOUT_MS },
          graph: { graphUrl: env.ZALO_GRAPH_URL, appSecret: env.ZALO_APP_SECRET!, timeoutMs: env.ZALO_TIMEOUT_MS },
        },
    config: {
      sessionSecret,
      devIdentity: dev,
      maxBodyBytes: env.MAX_BODY_BYTES,
      brandSlug: env.BRAND_SLUG,
      publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
      corsOrigins: env.CORS_ORIGINS,
      version: VERSION,
      staticRoot: REPO_ROOT,
      oaId: env.ZALO_OA_ID ?? null,
      webhook: webhookSecrets(env),
      rateLimits: scaledLimits(env.RATE_LIMIT_MULTIPLIER),
      trustProxyHops: env.TRUST_PROXY_HOPS,
      ledgerExportMaxRows: env.LEDGER_EXPORT_MAX_ROWS,
    },
  };
  deps.messaging.onOutcome = metrics.observeMessage;
  // A worker process serves only its health and metrics: the shoppers' and console's API is the api processes' job.
  const app = createApp(deps, { surface: role === "worker" ? "ops" : "all" });
  const server = await serveApp(
    app.fetch,
    { port: env.PORT, hostname: env.HOST },
    {
      headersMs: env.HTTP_HEADERS_TIMEOUT_MS,
      requestMs: env.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveMs: env.HTTP_KEEPALIVE_TIMEOUT_MS,
    },
  );
  const stopScheduler = runsJobs
    ? startScheduler(database.db, deps.now, log, undefined, {
        surveyDeliveries: deps.messaging.surveyDeliveries,
        clickLinkBase: deps.messaging.config.clickLinkBase,
        onJob: metrics.observeJob,
      })
    : () => {};
  if (lifecycle.workerExpected) worker = startWorker(deps.messaging);
  // Outgoing webhooks run where the message worker runs: the same claim-and-lease pattern.
  const webhookWorker = lifecycle.workerExpected ? startWebhookWorker({ db: database.db, now: deps.now, log }) : null;
  const port = (server.address() as AddressInfo).port;
  if (!env.PUBLIC_URL) deps.config.publicUrl = `http://localhost:${port}`;
  const setupUrl = await announceSetup(deps, log);
  return {
    url: `http://localhost:${port}`,
    port,
    deps,
    setupUrl,
    server,
    close: async () => {
      // Readiness fails from now on, so a load balancer that still checks stops sending here.
      lifecycle.shuttingDown = true;
      stopScheduler();
      // No new connections; requests in flight finish (bounded by SHUTDOWN_TIMEOUT_MS), and the
      // workers give back what they claimed but have not sent, then wait for the calls they started.
      await Promise.all([drainHttp(server, env.SHUTDOWN_TIMEOUT_MS), worker?.stop(), webhookWorker?.stop()]);
      await database.close();
    },
  };
}

/**
 * Stops accepting connections and waits for the requests in flight. Idle keep-alive connections
 * are closed at once (a browser's or load balancer's pooled connection would otherwise hold the
 * close open until its own timeout); after `timeoutMs` whatever is left is cut.
 */
export async function drainHttp(server: ServerType, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((done) => server.close(() => done()));
  const http = server as ServerType & { closeIdleConnections?: () => void; closeAllConnections?: () => void };
  http.closeIdleConnections?.();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((done) => {
    timer = setTimeout(() => done("late"), timeoutMs);
    timer.unref();
  });
  if ((await Promise.race([closed, late])) === "late") {
    http.closeAllConnections?.();
    await closed;
  }
  clearTimeout(timer);
}

/**
 * First run in production (docs/decisions/0040): with no brand yet, prints a one-time link to
 * the console's setup page, where the brand and its first admin are made. A restart prints a
 * new one; each works once and for SETUP_TTL_HOURS.
 */
async function announceSetup(deps: Deps, log: Logger): Promise<string | null> {
  if (await brandBySlug(deps.database.db, deps.config.brandSlug)) return null;
  const link = await createSetupLink(deps.database.db, deps.config.publicUrl, deps.now());
  log.warn({ brand: deps.config.brandSlug, expiresAt: link.expiresAt.toISOString() }, "no brand yet: open the setup link to create it");
  // Printed as well as logged: the operator reads it in the terminal or the container's output.
  process.stdout.write(`\nLoyalLoop setup — open this link once to create the brand and its first admin:\n${link.url}\n\n`);
  return link.url;
}

/** PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR/pglite. */
export async function openFromEnv(env: Env): Promise<Database> {
  return env.DATABASE_URL
    ? openDatabase({ kind: "postgres", url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE })
    : openPglite(env.DATA_DIR);
}

async function openPglite(dataDir: string): Promise<Database> {
  const dir = join(resolve(dataDir), "pglite");
  mkdirSync(dir, { recursive: true });
  return openDatabase({ kind: "pglite", dataDir: dir });
}

export type HttpTimeouts = {
  /** Until the request's headers are in (Node's headersTimeout). */
  headersMs: number;
  /** Until the whole request, body included, is in (Node's requestTimeout). */
  requestMs: number;
  /** How long an idle keep-alive connection stays open (Node's keepAliveTimeout). */
  keepAliveMs: number;
};

/**
 * Listens with timeouts in seconds rather than Node's defaults (60 s for headers, 300 s for a
 * request): a client that sends its headers or body a byte at a time holds a connection for as
 * long as the server lets it, and enough of them exhaust the process (slowloris). Node answers
 * 408 and closes; it checks the deadlines every `connectionsCheckingInterval`, so that is kept
 * well below them.
 */
export function serveApp(
  fetch: (request: Request, env: never) => Response | Promise<Response>,
  at: { port: number; hostname: string },
  timeouts: HttpTimeouts,
): Promise<ServerType> {
  return new Promise<ServerType>((ready) => {
    const server = serve(
      {
        fetch: fetch as never,
        ...at,
        serverOptions: {
          headersTimeout: timeouts.headersMs,
          requestTimeout: timeouts.requestMs,
          keepAliveTimeout: timeouts.keepAliveMs,
          connectionsCheckingInterval: Math.min(1_000, Math.ceil(timeouts.headersMs / 4)),
        },
      },
      () => ready(server),
    );
  });
}

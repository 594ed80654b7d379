/**
 * What the HTTP benches (bench:ledger, bench:surveys) share: the server in a child process (as
 * `npm start` runs it, so the load generator does not share its event loop), a JSON client for
 * setup calls, a timed loop of concurrent clients and the rate/latency line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import autocannon from "autocannon";
import { REPO_ROOT } from "../src/server/server";

export const SECRET = "bench-session-secret-0123456789abcdef";
export const PORT = 3900 + Math.floor(Math.random() * 90);

export type Sql = { query(text: string, params?: unknown[]): Promise<{ rows: any[] }> };
export type Stats = { count: number; errors: number; seconds: number; latencies: number[] };

export function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

export function report(label: string, s: Stats) {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  const rate = s.count / s.seconds;
  console.log(
    `${label.padEnd(18)} ${rate.toFixed(1).padStart(8)} /s   p50 ${percentile(sorted, 50).toFixed(1)} ms   p95 ${percentile(sorted, 95).toFixed(1)} ms   p99 ${percentile(sorted, 99).toFixed(1)} ms   (${s.count} ok, ${s.errors} errors)`,
  );
  return rate;
}

export async function runFor(clients: number, seconds: number, once: (worker: number) => Promise<boolean>): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, worker) => {
      while (performance.now() < end) {
        const t = performance.now();
        const ok = await once(worker).catch(() => false);
        if (ok) latencies.push(performance.now() - t);
        else errors++;
      }
    }),
  );
  return { count: latencies.length, errors, seconds: (performance.now() - start) / 1000, latencies };
}

export function startServer(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((ready, fail) => {
    const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    // BENCH_SERVER_ROOT: the server of another checkout (an A/B of two versions on the same load).
    const root = process.env.BENCH_SERVER_ROOT ?? REPO_ROOT;
    const child = spawn(process.execPath, [...profile, "--import", "tsx", join(root, "src/server/main.ts")], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(PORT),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        // A handful of tokens drive the whole load: the limiter still runs (its cost is measured), far above it.
        RATE_LIMIT_MULTIPLIER: "100000",
        SESSION_SECRET: SECRET,
        MESSAGE_WORKER: "false",
        ...env,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("LoyalLoop is running")) ready(child);
    });
    child.on("exit", (code, signal) => {
      // Before it is ready this rejects; after, a bench would otherwise see only a reset socket.
      if (!stopping.has(child)) console.error(`server (pid ${child.pid}) exited: code ${code}, signal ${signal}`);
      fail(new Error(`server exited with ${code}`));
    });
  });
}

/** Servers being stopped on purpose: their exit is not news. */
const stopping = new WeakSet<ChildProcess>();

export async function stopServer(server: ChildProcess) {
  stopping.add(server);
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
}

export async function api(path: string, body?: unknown, token?: string) {
  const res = await fetch(`http://127.0.0.1:${PORT}/api${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A signed-in member who joined (accepted the terms): their session token and member id. */
export async function joinedMember(zaloId: string) {
  const login = (await api("/auth/zalo", { accessToken: `dev:${zaloId}` })).body;
  const terms = (await api("/terms")).body;
  const card = (await api("/members", { termsVersion: terms.version, accepted: true }, login.session.accessToken)).body.card;
  return { token: login.session.accessToken as string, memberId: card.memberId as string };
}

/** BEGIN … COMMIT (ROLLBACK on a throw) on one connection: a transaction owns its connection throughout. */
export async function inTransactionOn<T>(db: Sql, body: () => Promise<T>): Promise<T> {
  await db.query("begin");
  try {
    const out = await body();
    await db.query("commit");
    return out;
  } catch (error) {
    await db.query("rollback");
    throw error;
  }
}

/**
 * POSTs to one path from `clients` connections for `seconds`, each body made per request.
 * autocannon keeps the load generator's own CPU cost low: on a 2-core machine it shares the
 * cores with the server and the database, so a heavy client would understate the API.
 */
export async function loadFor(
  clients: number,
  seconds: number,
  path: string,
  next: () => { headers: Record<string, string>; body: unknown },
): Promise<Stats> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections: clients,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path,
        setupRequest: (req) => {
          const { headers, body } = next();
          return { ...req, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
        },
      },
    ],
  });
  instance.on("response", (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await instance;
  return { count: result["2xx"], errors: result.non2xx + result.errors + result.timeouts, seconds: result.duration, latencies };
}

/** The connections a raw-SQL loop runs on, and how to give them back. */
export type RawConnections = { conns: Sql[]; close: () => Promise<void> };

/** PGlite is one backend: the raw loop gets the single connection the server had, on its data directory. */
export async function openPglite(dir: string): Promise<RawConnections> {
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = new PGlite(join(dir, "pglite"));
  await pglite.waitReady;
  return { conns: [pglite as unknown as Sql], close: () => pglite.close() };
}

/** `clients` connections of their own on PostgreSQL, one per raw worker. */
export async function openPgClients(url: string, clients: number): Promise<RawConnections> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: clients });
  pool.on("error", () => {});
  const conns = await Promise.all(Array.from({ length: clients }, () => pool.connect()));
  return {
    conns,
    close: async () => {
      conns.forEach((c) => c.release());
      await pool.end();
    },
  };
}

/**
 * A database of its own on the server at `adminUrl`, dropped at the end, so generated rows never
 * land in the tests' database; `keep` leaves it there (its name printed) to look at plans.
 */
export async function withScratchDatabase<T>(
  adminUrl: string,
  prefix: string,
  run: (url: string) => Promise<T>,
  { keep = false }: { keep?: boolean } = {},
): Promise<T> {
  const { default: pg } = await import("pg");
  const name = `${prefix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    if (keep) console.log(`kept database ${name}`);
    else await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

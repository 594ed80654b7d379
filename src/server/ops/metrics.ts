/**
 * What `GET /api/metrics` exposes, in Prometheus' text format (issue 17; docs/deploying.md).
 *
 * Two kinds of figures:
 * - this process's own, counted as things happen: requests per route with their latency, the
 *   scheduler's job runs, the worker's message outcomes. Each process (API or worker) has its own
 *   and Prometheus scrapes each; summing across processes is the query's business, as usual.
 * - the database's state, read when scraped: the queue's depth by status, today's quota used per
 *   brand, each job's last run, the connection pool. These are the same whichever process answers.
 *
 * prom-client does the format, the histograms and Node's own process figures (CPU, memory, event
 * loop lag, GC); the registry is per process (never the library's global one), so several apps
 * in one test process do not collide.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { vietnamDayNumber } from "../../domain/loyalty/vietnam-time";
import { queryRows, type Database } from "../db/client";
import { sql } from "drizzle-orm";

export type Metrics = ReturnType<typeof createMetrics>;

/** Seconds; from 5 ms (a cached read) to 10 s (a slow export, a request cut by its timeout). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300];

export type MetricsOptions = {
  database: Database;
  now: () => number;
  /** Node's process figures (CPU, memory, event loop lag, GC): on in a real process, off in tests (they start timers). */
  processFigures?: boolean;
  /** Whether this process's message worker is running (absent: the process runs none). */
  workerRunning?: () => boolean;
};

export function createMetrics(opts: MetricsOptions) {
  const registry = new Registry();
  if (opts.processFigures) collectDefaultMetrics({ register: registry, prefix: "loyalloop_" });
  const registers = [registry];

  const requests = new Counter({
    name: "loyalloop_http_requests_total",
    help: "HTTP requests answered by this process, by method, route pattern and status.",
    labelNames: ["method", "route", "status"] as const,
    registers,
  });
  const latency = new Histogram({
    name: "loyalloop_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method and route pattern.",
    labelNames: ["method", "route"] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const jobRuns = new Counter({
    name: "loyalloop_job_runs_total",
    help: "Scheduled job runs by this process, by job and outcome (ok or error).",
    labelNames: ["job", "outcome"] as const,
    registers,
  });
  const jobDuration = new Histogram({
    name: "loyalloop_job_duration_seconds",
    help: "How long a scheduled job run took in this process.",
    labelNames: ["job"] as const,
    buckets: JOB_BUCKETS,
    registers,
  });
  const outcomes = new Counter({
    name: "loyalloop_message_outcomes_total",
    help: "What this process's message worker did with a message: sent, failed or cancelled with its code, or queued again (held) with the reason.",
    labelNames: ["channel", "status", "code"] as const,
    registers,
  });

  const { database } = opts;
  new Gauge({
    name: "loyalloop_message_queue",
    help: "Messages waiting or in flight, by status (queued, sending, in_doubt).",
    labelNames: ["status"] as const,
    registers,
    async collect() {
      this.reset();
      // The three statuses have partial indexes (messages_due_idx, messages_lease_idx): no scan of sent messages.
      const rows = await queryRows<{ status: string; n: number }>(
        database.db,
        sql`select status, count(*)::int as n from messages where status in ('queued', 'sending', 'in_doubt') group by status`,
      );
      for (const status of ["queued", "sending", "in_doubt"]) this.set({ status }, rows.find((r) => r.status === status)?.n ?? 0);
    },
  });
  new Gauge({
    name: "loyalloop_message_quota_used",
    help: "ZNS quota units used today (Vietnam day) per brand, and of them promotions.",
    labelNames: ["brand", "kind"] as const,
    registers,
    async collect() {
      this.reset();
      const rows = await queryRows<{ slug: string; sent: number; promo: number }>(
        database.db,
        sql`select b.slug, q.sent, q.promo from message_quota q join brands b on b.id = q.brand_id where q.day = ${vietnamDayNumber(opts.now())}`,
      );
      for (const r of rows) {
        this.set({ brand: r.slug, kind: "all" }, r.sent);
        this.set({ brand: r.slug, kind: "promotion" }, r.promo);
      }
    },
  });
  new Gauge({
    name: "loyalloop_job_last_run_timestamp_seconds",
    help: "When each scheduled job last ran in any process (job_runs), as a Unix time.",
    labelNames: ["job"] as const,
    registers,
    async collect() {
      this.reset();
      const rows = await queryRows<{ name: string; at: string | Date }>(database.db, sql`select name, last_run_at as at from job_runs`);
      for (const r of rows) this.set({ job: r.name }, new Date(r.at).getTime() / 1000);
    },
  });
  new Gauge({
    name: "loyalloop_db_pool_connections",
    help: "PostgreSQL connection pool of this process: total, idle, and requests waiting for a connection (absent on PGlite).",
    labelNames: ["state"] as const,
    registers,
    collect() {
      const pool = database.pool;
      if (!pool) return;
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });
  new Gauge({
    name: "loyalloop_worker_running",
    help: "1 when this process's message worker is running.",
    registers,
    collect() {
      this.set(opts.workerRunning?.() ? 1 : 0);
    },
  });

  return {
    contentType: registry.contentType,
    observeRequest(method: string, route: string, status: number, seconds: number) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
    observeJob(job: string, seconds: number, ok: boolean) {
      jobRuns.inc({ job, outcome: ok ? "ok" : "error" });
      jobDuration.observe({ job }, seconds);
    },
    observeMessage(channel: string, status: string, code: string | null) {
      outcomes.inc({ channel, status, code: code ?? "" });
    },
    render: () => registry.metrics(),
  };
}

/**
 * In-process scheduler for the loyalty jobs. Several API processes may run it: a job row in
 * job_runs is claimed with a conditional UPDATE, so each job runs once per period across all
 * processes, and the jobs themselves are idempotent (expiry rows are keyed by lot).
 */
import { and, eq, lt } from "drizzle-orm";
import type { Logger } from "pino";
import { vietnamDate } from "../../domain/loyalty/vietnam-time";
import type { Db } from "../db/client";
import { brands, jobRuns } from "../db/schema";
import { evaluateTiers, expireDuePoints } from "../features/loyalty/jobs";
import type { AskDeliveries } from "../features/surveys/asks";
import { fireTriggers } from "../features/triggers/fire";
import { purgeExpired } from "./housekeeping";

export const EXPIRY_EVERY_MS = 60 * 60_000;
/**
 * The always-on triggers' pass. Claimed like the other jobs, so one process runs it per period;
 * a pass that does run twice (a claim after a crash, a test) fires nothing twice: every
 * occurrence is unique in trigger_firings (features/triggers/fire.ts).
 */
export const TRIGGERS_EVERY_MS = 5 * 60_000;
/** Deleting sign-in material that can no longer be used (jobs/housekeeping.ts): once a day is plenty. */
export const HOUSEKEEPING_EVERY_MS = 24 * 60 * 60_000;

export type SchedulerOptions = {
  surveyDeliveries?: AskDeliveries;
  /** Click links in trigger messages (MessagingConfig.clickLinkBase). */
  clickLinkBase?: string;
  /** Told of each job run this process made: how long, and whether it threw (the metrics: ops/metrics.ts). */
  onJob?: (job: string, seconds: number, ok: boolean) => void;
};

/** Runs a claimed job, telling `onJob` how it went; a failure still propagates to the caller. */
async function timed<T>(job: string, opts: SchedulerOptions, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  let ok = false;
  try {
    const result = await run();
    ok = true;
    return result;
  } finally {
    opts.onJob?.(job, (performance.now() - start) / 1000, ok);
  }
}

/** Claims `name` if it last ran before `threshold`. True means this process should run it now. */
export async function claimJob(db: Db, name: string, now: number, threshold: number): Promise<boolean> {
  await db
    .insert(jobRuns)
    .values({ name, lastRunAt: new Date(0) })
    .onConflictDoNothing();
  const claimed = await db
    .update(jobRuns)
    .set({ lastRunAt: new Date(now) })
    .where(and(eq(jobRuns.name, name), lt(jobRuns.lastRunAt, new Date(threshold))))
    .returning({ name: jobRuns.name });
  return claimed.length > 0;
}

/** Start of the current Vietnam calendar month, in epoch ms (UTC+7, no DST). */
export function startOfVietnamMonth(now: number): number {
  const d = vietnamDate(now);
  return Date.UTC(d.year, d.month - 1, 1) - 7 * 3_600_000;
}

export async function runDueJobs(db: Db, now: number, log: Logger, opts: SchedulerOptions = {}) {
  if (await claimJob(db, "expire-points", now, now - EXPIRY_EVERY_MS + 1000)) {
    const result = await timed("expire-points", opts, () => expireDuePoints(db, now));
    if (result.points) log.info({ job: "expire-points", ...result }, "expired points");
  }
  // Downgrades are evaluated monthly (the loyalty issue): once per Vietnam calendar month.
  if (await claimJob(db, "evaluate-tiers", now, startOfVietnamMonth(now))) {
    await timed("evaluate-tiers", opts, async () => {
      for (const brand of await db.select({ id: brands.id }).from(brands)) {
        const result = await evaluateTiers(db, now, brand.id);
        log.info({ job: "evaluate-tiers", brand: brand.id, ...result }, "tiers evaluated");
      }
    });
  }
  if (await claimJob(db, "fire-triggers", now, now - TRIGGERS_EVERY_MS + 1000)) {
    const fired = await timed("fire-triggers", opts, () =>
      fireTriggers(db, now, { surveyDeliveries: opts.surveyDeliveries, clickLinkBase: opts.clickLinkBase }),
    );
    if (Object.keys(fired).length) log.info({ job: "fire-triggers", fired }, "triggers fired");
  }
  if (await claimJob(db, "housekeeping", now, now - HOUSEKEEPING_EVERY_MS + 1000)) {
    const purged = await timed("housekeeping", opts, () => purgeExpired(db, now));
    log.info({ job: "housekeeping", ...purged }, "expired sign-in material and unused reward images deleted");
  }
}

export function startScheduler(db: Db, now: () => number, log: Logger, everyMs = 5 * 60_000, opts: SchedulerOptions = {}) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runDueJobs(db, now(), log, opts);
    } catch (error) {
      log.error({ err: error }, "scheduled job failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}

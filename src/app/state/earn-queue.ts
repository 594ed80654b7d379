import { z } from "zod";
import { ApiError } from "../../client/api-client";
import type { EarnRequest, EarnResponse } from "../../contract/loyalty";
import { readJson, type KeyValueStorage } from "../platform/storage";

/**
 * The offline counter's queue: point awards that could not reach the server, kept in platform
 * storage until the network is back. Pure functions plus a thin storage wrapper; the atoms in
 * staff.ts do the I/O.
 *
 * Rules:
 * - One entry per store + receipt number: the receipt is the server's idempotency key too, so
 *   a second entry could only be refused (or, for the same bill, answer the first).
 * - Entries are sent oldest first. A network (or other transient) failure stops the run and
 *   keeps that entry and everything after it, in order.
 * - A 4xx refusal (receipt already used, code too old…) is final: the entry leaves the queue
 *   and is listed as failed, with the reason, until staff dismiss it.
 */
export const QueuedEarn = z.object({
  /** Who queued it: only they may send it (the server checks their store binding). */
  staffId: z.string(),
  storeId: z.string(),
  receiptNo: z.string(),
  billVnd: z.number().int(),
  /** The member code exactly as scanned and when: what the server verifies for an offline earn. */
  member: z.object({ code: z.string(), capturedAt: z.string() }),
  /**
   * The live scan's token while it is valid: preferred, because a verified scan has already
   * used up the code's 30 s step on the server.
   */
  scanToken: z.object({ token: z.string(), validUntil: z.number() }).nullable(),
  memberName: z.string().nullable(),
  queuedAt: z.string(),
});
export type QueuedEarn = z.infer<typeof QueuedEarn>;

export const FailedEarn = QueuedEarn.extend({
  code: z.string(),
  /** What the refusal's sentence needs (receipt_already_used: at, staff, points). */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  failedAt: z.string(),
});
export type FailedEarn = z.infer<typeof FailedEarn>;

const EarnQueueSchema = z.object({ pending: z.array(QueuedEarn), failed: z.array(FailedEarn) });
export type EarnQueue = z.infer<typeof EarnQueueSchema>;

export const EMPTY_QUEUE: EarnQueue = { pending: [], failed: [] };

export function earnKey(item: { storeId: string; receiptNo: string }): string {
  return `${item.storeId}\u0000${item.receiptNo}`;
}

/** Adds an entry at the end unless its store + receipt is already waiting. */
export function enqueue(queue: EarnQueue, item: QueuedEarn): { queue: EarnQueue; added: boolean } {
  const key = earnKey(item);
  if (queue.pending.some((p) => earnKey(p) === key)) return { queue, added: false };
  // Queuing a receipt again (after fixing what was refused) replaces its failure notice.
  return { queue: { pending: [...queue.pending, item], failed: queue.failed.filter((f) => earnKey(f) !== key) }, added: true };
}

/** The request for an entry at `now`: the scan token while it lasts, else the code and its capture time. */
export function earnRequestFor(item: QueuedEarn, now: number): EarnRequest {
  const member = item.scanToken && now < item.scanToken.validUntil ? { scanToken: item.scanToken.token } : item.member;
  return { storeId: item.storeId, receiptNo: item.receiptNo, billVnd: item.billVnd, member };
}

/**
 * A final refusal: a 4xx that sending again cannot change. 401 (session, fixed by signing in
 * again), 408 and 429 (try later) are not final.
 */
export function isFinalRefusal(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status >= 400 && err.status < 500 && ![401, 408, 429].includes(err.status);
}

export type FlushResult = {
  sent: { item: QueuedEarn; response: EarnResponse }[];
  failed: FailedEarn[];
  /** Still waiting, in order: the entry that hit a transient failure and all after it. */
  kept: QueuedEarn[];
};

/** Sends `items` in order with `send`; see the rules at the top. */
export async function flushItems(
  items: readonly QueuedEarn[],
  send: (item: QueuedEarn) => Promise<EarnResponse>,
  now: () => number,
): Promise<FlushResult> {
  const result: FlushResult = { sent: [], failed: [], kept: [] };
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    try {
      result.sent.push({ item, response: await send(item) });
    } catch (err) {
      if (isFinalRefusal(err)) {
        const params = Object.keys(err.params).length > 0 ? { params: { ...err.params } } : {};
        result.failed.push({ ...item, code: err.code, ...params, failedAt: new Date(now()).toISOString() });
        continue;
      }
      result.kept = items.slice(i);
      break;
    }
  }
  return result;
}

/** Applies a run's result to the queue as it is now (staff may have queued more meanwhile). */
export function applyFlush(queue: EarnQueue, result: FlushResult): EarnQueue {
  const done = new Set([...result.sent.map((s) => earnKey(s.item)), ...result.failed.map(earnKey)]);
  const failedKeys = new Set(result.failed.map(earnKey));
  return {
    pending: queue.pending.filter((p) => !done.has(earnKey(p))),
    failed: [...queue.failed.filter((f) => !failedKeys.has(earnKey(f))), ...result.failed],
  };
}

/** Forgets the failure notices of one staff member (they have read them). */
export function dismissFailed(queue: EarnQueue, staffId: string): EarnQueue {
  return { ...queue, failed: queue.failed.filter((f) => f.staffId !== staffId) };
}

/** The queue in storage. Corrupt or foreign data reads as empty rather than breaking staff mode. */
export function earnQueueStore(storage: KeyValueStorage, key = "ll.earnQueue") {
  return {
    read(): EarnQueue {
      const parsed = EarnQueueSchema.safeParse(readJson(storage, key));
      return parsed.success ? parsed.data : EMPTY_QUEUE;
    },
    write(queue: EarnQueue) {
      if (queue.pending.length === 0 && queue.failed.length === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(queue));
    },
  };
}

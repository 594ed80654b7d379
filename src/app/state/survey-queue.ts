import { z } from "zod";
import type { AnswerResponse } from "../../contract/surveys";
import { readJson, type KeyValueStorage } from "../platform/storage";
import { isFinalRefusal } from "./earn-queue";

/**
 * Survey taps that could not reach the server, kept on the phone until the network is back
 * (issue 13: answers are never lost). The same shape as the counter's earn queue
 * (earn-queue.ts): pure functions plus a thin storage wrapper; the atoms in surveys.ts do the I/O.
 *
 * Rules:
 * - One entry per member + survey: a later tap on the same survey replaces the waiting one (the
 *   waiting one never reached the server, so nothing is lost: the member changed their mind).
 * - An entry keeps the clientAnswerId of its tap: a resend after a reply that was lost on the
 *   way answers the first result on the server (it deduplicates by clientAnswerId).
 * - A follow-up written while the tap waits rides with it and is sent right after the answer.
 * - Sent oldest first; a network (or other transient) failure stops the run and keeps that
 *   entry and all after it. A final refusal (survey closed, change window over) drops the
 *   entry: the server has decided, and the answer the member already gave stands.
 */
export const QueuedAnswer = z.object({
  /** Whose tap: only they send it (the server answers as the signed-in member). */
  userId: z.string(),
  surveyId: z.string(),
  score: z.number().int(),
  clientAnswerId: z.string(),
  token: z.string().nullable(),
  queuedAt: z.string(),
  followUp: z.object({ reasons: z.array(z.string()), comment: z.string().nullable() }).nullable(),
});
export type QueuedAnswer = z.infer<typeof QueuedAnswer>;

const QueueSchema = z.array(QueuedAnswer);
export type AnswerQueue = QueuedAnswer[];

const sameTarget = (a: QueuedAnswer, b: Pick<QueuedAnswer, "userId" | "surveyId">) => a.userId === b.userId && a.surveyId === b.surveyId;

/** Adds the tap, replacing a waiting tap on the same survey by the same member (keeping its follow-up only if it is the same tap). */
export function enqueueAnswer(queue: AnswerQueue, item: QueuedAnswer): AnswerQueue {
  return [...queue.filter((q) => !sameTarget(q, item)), item];
}

/** Attaches a follow-up to the waiting tap it belongs to; false when that tap is no longer waiting. */
export function attachFollowUp(
  queue: AnswerQueue,
  clientAnswerId: string,
  followUp: NonNullable<QueuedAnswer["followUp"]>,
): { queue: AnswerQueue; attached: boolean } {
  if (!queue.some((q) => q.clientAnswerId === clientAnswerId)) return { queue, attached: false };
  return { queue: queue.map((q) => (q.clientAnswerId === clientAnswerId ? { ...q, followUp } : q)), attached: true };
}

export type AnswerFlush = {
  sent: { item: QueuedAnswer; response: AnswerResponse }[];
  refused: { item: QueuedAnswer; code: string }[];
  /** Still waiting, in order. */
  kept: QueuedAnswer[];
};

export type AnswerSender = {
  answer(item: QueuedAnswer): Promise<AnswerResponse>;
  followUp(answerId: string, followUp: NonNullable<QueuedAnswer["followUp"]>): Promise<unknown>;
};

/** Sends `items` in order; see the rules at the top. */
export async function flushAnswers(items: readonly QueuedAnswer[], send: AnswerSender): Promise<AnswerFlush> {
  const result: AnswerFlush = { sent: [], refused: [], kept: [] };
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    try {
      const response = await send.answer(item);
      // The follow-up is extra: a refusal of it (window over, a reason since removed) does not
      // hold the answer back. A network failure does: the entry stays, and its resend is
      // deduplicated by clientAnswerId before the follow-up is tried again.
      if (item.followUp) await send.followUp(response.answerId, item.followUp).catch(rethrowTransient);
      result.sent.push({ item, response });
    } catch (err) {
      if (isFinalRefusal(err)) {
        result.refused.push({ item, code: err.code });
        continue;
      }
      result.kept = items.slice(i);
      break;
    }
  }
  return result;
}

function rethrowTransient(err: unknown) {
  if (!isFinalRefusal(err)) throw err;
}

/** Applies a run's result to the queue as it is now (the member may have tapped again meanwhile). */
export function applyAnswerFlush(queue: AnswerQueue, result: AnswerFlush): AnswerQueue {
  const done = new Set([...result.sent, ...result.refused].map((r) => r.item.clientAnswerId));
  return queue.filter((q) => !done.has(q.clientAnswerId));
}

/** The queue in storage. Corrupt or foreign data reads as empty rather than breaking the app. */
export function answerQueueStore(storage: KeyValueStorage, key = "ll.surveyQueue") {
  return {
    read(): AnswerQueue {
      const parsed = QueueSchema.safeParse(readJson(storage, key));
      return parsed.success ? parsed.data : [];
    },
    write(queue: AnswerQueue) {
      if (queue.length === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(queue));
    },
  };
}

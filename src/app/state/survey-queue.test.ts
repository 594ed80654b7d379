import { describe, expect, it } from "vitest";
import { ApiError } from "../../client/api-client";
import type { AnswerResponse } from "../../contract/surveys";
import { memoryStorage } from "../platform/storage";
import { answerQueueStore, applyAnswerFlush, attachFollowUp, enqueueAnswer, flushAnswers, type QueuedAnswer } from "./survey-queue";

const tap = (clientAnswerId: string, overrides: Partial<QueuedAnswer> = {}): QueuedAnswer => ({
  userId: "u1",
  surveyId: "s1",
  score: 3,
  clientAnswerId,
  token: null,
  queuedAt: "2026-12-06T03:00:00.000Z",
  followUp: null,
  ...overrides,
});
const response = (item: QueuedAnswer) => ({ answerId: `answer-${item.clientAnswerId}` }) as AnswerResponse;
const network = () => new ApiError(0, "network", "offline");

describe("survey answer queue", () => {
  it("keeps one waiting tap per member and survey: a later tap replaces the earlier one", () => {
    let q = enqueueAnswer([], tap("a1", { score: 3 }));
    q = enqueueAnswer(q, tap("b1", { surveyId: "s2" }));
    q = enqueueAnswer(q, tap("a2", { score: 9 }));
    q = enqueueAnswer(q, tap("c1", { userId: "u2" }));
    expect(q.map((i) => [i.clientAnswerId, i.score])).toEqual([
      ["b1", 3],
      ["a2", 9],
      ["c1", 3],
    ]);
  });

  it("attaches a follow-up to its waiting tap only", () => {
    const q = [tap("a1")];
    expect(attachFollowUp(q, "a1", { reasons: ["slow"], comment: null })).toEqual({
      queue: [tap("a1", { followUp: { reasons: ["slow"], comment: null } })],
      attached: true,
    });
    expect(attachFollowUp(q, "gone", { reasons: [], comment: "x" })).toEqual({ queue: q, attached: false });
  });

  it("sends in order, the follow-up after its answer, and stops at a network failure keeping the rest", async () => {
    const sent: string[] = [];
    const items = [
      tap("a1", { followUp: { reasons: ["slow"], comment: null } }),
      tap("b1", { surveyId: "s2" }),
      tap("c1", { surveyId: "s3" }),
    ];
    const result = await flushAnswers(items, {
      answer: async (item) => {
        if (item.clientAnswerId === "b1") throw network();
        sent.push(`answer ${item.clientAnswerId}`);
        return response(item);
      },
      followUp: async (answerId) => void sent.push(`follow-up ${answerId}`),
    });
    expect(sent).toEqual(["answer a1", "follow-up answer-a1"]);
    expect(result.sent.map((s) => s.item.clientAnswerId)).toEqual(["a1"]);
    expect(result.kept.map((k) => k.clientAnswerId)).toEqual(["b1", "c1"]);
  });

  it("drops a tap the server refuses for good, and keeps an answer whose follow-up was refused", async () => {
    const items = [tap("a1"), tap("b1", { surveyId: "s2", followUp: { reasons: ["gone"], comment: null } })];
    const result = await flushAnswers(items, {
      answer: async (item) => {
        if (item.clientAnswerId === "a1") throw new ApiError(409, "survey_change_closed", "closed");
        return response(item);
      },
      followUp: async () => {
        throw new ApiError(422, "survey_reason_unknown", "unknown");
      },
    });
    expect(result.refused).toEqual([{ item: items[0], code: "survey_change_closed" }]);
    expect(result.sent.map((s) => s.item.clientAnswerId)).toEqual(["b1"]);
    expect(applyAnswerFlush(items, result)).toEqual([]);
  });

  it("keeps the whole entry when its follow-up hits the network, to resend both (the answer is deduplicated)", async () => {
    const items = [tap("a1", { followUp: { reasons: [], comment: "ok" } })];
    const result = await flushAnswers(items, {
      answer: async (item) => response(item),
      followUp: async () => {
        throw network();
      },
    });
    expect(result.kept).toEqual(items);
    expect(applyAnswerFlush(items, result)).toEqual(items);
  });

  it("leaves taps made during a run in the queue", () => {
    const result = { sent: [{ item: tap("a1"), response: response(tap("a1")) }], refused: [], kept: [] };
    expect(applyAnswerFlush([tap("a1"), tap("b1", { surveyId: "s2" })], result).map((q) => q.clientAnswerId)).toEqual(["b1"]);
  });

  it("reads corrupt storage as an empty queue, and removes the key when empty", () => {
    const storage = memoryStorage();
    const store = answerQueueStore(storage, "k");
    storage.setItem("k", "{not json");
    expect(store.read()).toEqual([]);
    storage.setItem("k", JSON.stringify([{ surveyId: 1 }]));
    expect(store.read()).toEqual([]);
    store.write([tap("a1")]);
    expect(store.read()).toEqual([tap("a1")]);
    store.write([]);
    expect(storage.getItem("k")).toBeNull();
  });
});

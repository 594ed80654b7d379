import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../client/api-client";
import { memoryStorage } from "../platform/storage";
import { earnResponse, IDS, STORES } from "../test-utils/fixtures";
import {
  applyFlush,
  dismissFailed,
  earnQueueStore,
  earnRequestFor,
  EMPTY_QUEUE,
  enqueue,
  flushItems,
  isFinalRefusal,
  type EarnQueue,
  type QueuedEarn,
} from "./earn-queue";

const NOW = Date.UTC(2026, 10, 23, 4, 0, 0);
const CODE = "LL1.9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b.59846875.0123456789abcdef0123";

function item(receiptNo: string, overrides: Partial<QueuedEarn> = {}): QueuedEarn {
  return {
    staffId: IDS.user,
    storeId: IDS.store,
    receiptNo,
    billVnd: 250_000,
    member: { code: CODE, capturedAt: new Date(NOW - 60_000).toISOString() },
    scanToken: null,
    memberName: "Trần Thu Hà",
    queuedAt: new Date(NOW).toISOString(),
    ...overrides,
  };
}

const network = () => new ApiError(0, "network", "offline");
const refused = (status: number, code: ConstructorParameters<typeof ApiError>[1]) => new ApiError(status, code, code);

function queueOf(...items: QueuedEarn[]): EarnQueue {
  return items.reduce((q, i) => enqueue(q, i).queue, EMPTY_QUEUE);
}

describe("earn queue: adding", () => {
  it("keeps the order things were queued in", () => {
    const q = queueOf(item("A-1"), item("A-2"), item("A-3"));
    expect(q.pending.map((p) => p.receiptNo)).toEqual(["A-1", "A-2", "A-3"]);
  });

  it("never holds the same store + receipt twice", () => {
    const first = enqueue(EMPTY_QUEUE, item("A-1", { billVnd: 100_000 }));
    const again = enqueue(first.queue, item("A-1", { billVnd: 999_000 }));
    expect(first.added).toBe(true);
    expect(again.added).toBe(false);
    expect(again.queue.pending).toHaveLength(1);
    expect(again.queue.pending[0]?.billVnd).toBe(100_000);
  });

  it("treats the same receipt number at another store as another bill", () => {
    const q = queueOf(item("A-1"), item("A-1", { storeId: STORES[1]!.id }));
    expect(q.pending).toHaveLength(2);
  });

  it("clears a receipt's failure notice when it is queued again", () => {
    const failed = { ...item("A-1"), code: "bill_too_small", failedAt: new Date(NOW).toISOString() };
    const { queue } = enqueue({ pending: [], failed: [failed] }, item("A-1"));
    expect(queue.failed).toEqual([]);
    expect(queue.pending).toHaveLength(1);
  });
});

describe("earn queue: what is sent", () => {
  it("uses the live scan's token while it lasts, then the code and when it was scanned", () => {
    const queued = item("A-1", { scanToken: { token: "scan-token-0123456789", validUntil: NOW + 1000 } });
    expect(earnRequestFor(queued, NOW)).toEqual({
      storeId: IDS.store,
      receiptNo: "A-1",
      billVnd: 250_000,
      member: { scanToken: "scan-token-0123456789" },
    });
    expect(earnRequestFor(queued, NOW + 1000).member).toEqual({ code: CODE, capturedAt: queued.member.capturedAt });
  });
});

describe("earn queue: flushing", () => {
  it("sends in order and removes what the server accepted", async () => {
    const sent: string[] = [];
    const items = [item("A-1"), item("A-2")];
    const result = await flushItems(
      items,
      async (i) => (sent.push(i.receiptNo), earnResponse()),
      () => NOW,
    );
    expect(sent).toEqual(["A-1", "A-2"]);
    expect(result.sent.map((s) => s.item.receiptNo)).toEqual(["A-1", "A-2"]);
    expect(applyFlush(queueOf(...items), result)).toEqual(EMPTY_QUEUE);
  });

  it("drops a 4xx refusal with its reason and goes on with the rest", async () => {
    const items = [item("A-1"), item("A-2"), item("A-3")];
    const send = vi.fn(async (i: QueuedEarn) => {
      if (i.receiptNo === "A-2") throw refused(409, "receipt_already_used");
      return earnResponse();
    });
    const result = await flushItems(items, send, () => NOW);
    expect(send).toHaveBeenCalledTimes(3);
    expect(result.failed).toEqual([{ ...items[1], code: "receipt_already_used", failedAt: new Date(NOW).toISOString() }]);
    const after = applyFlush(queueOf(...items), result);
    expect(after.pending).toEqual([]);
    expect(after.failed.map((f) => [f.receiptNo, f.code])).toEqual([["A-2", "receipt_already_used"]]);
  });

  it("keeps an entry that hit a network error, and everything after it, in order", async () => {
    const items = [item("A-1"), item("A-2"), item("A-3")];
    const send = vi.fn(async (i: QueuedEarn) => {
      if (i.receiptNo === "A-2") throw network();
      return earnResponse();
    });
    const result = await flushItems(items, send, () => NOW);
    // No point hammering a dead network: the run stops at the first network failure.
    expect(send).toHaveBeenCalledTimes(2);
    expect(result.kept.map((k) => k.receiptNo)).toEqual(["A-2", "A-3"]);
    expect(applyFlush(queueOf(...items), result).pending.map((p) => p.receiptNo)).toEqual(["A-2", "A-3"]);
  });

  it("keeps entries on failures that may pass: server errors, expired session, rate limit", async () => {
    for (const err of [
      refused(500, "internal"),
      refused(502, "zalo_unavailable"),
      refused(401, "unauthenticated"),
      refused(429, "rate_limited"),
    ]) {
      const result = await flushItems(
        [item("A-1")],
        async () => Promise.reject(err),
        () => NOW,
      );
      expect(result.failed).toEqual([]);
      expect(result.kept).toHaveLength(1);
    }
    expect(isFinalRefusal(refused(422, "bill_too_small"))).toBe(true);
    expect(isFinalRefusal(new Error("parse"))).toBe(false);
  });

  it("keeps what was queued while a run was under way", async () => {
    const before = queueOf(item("A-1"));
    const result = await flushItems(
      before.pending,
      async () => earnResponse(),
      () => NOW,
    );
    const during = enqueue(before, item("A-2")).queue;
    expect(applyFlush(during, result).pending.map((p) => p.receiptNo)).toEqual(["A-2"]);
  });
});

describe("earn queue: storage", () => {
  it("round-trips through storage and reads corrupt data as empty", () => {
    const storage = memoryStorage();
    const store = earnQueueStore(storage, "q");
    const q = queueOf(item("A-1"));
    store.write(q);
    expect(store.read()).toEqual(q);
    storage.setItem("q", "{not json");
    expect(store.read()).toEqual(EMPTY_QUEUE);
    storage.setItem("q", JSON.stringify({ pending: [{ receiptNo: 1 }], failed: [] }));
    expect(store.read()).toEqual(EMPTY_QUEUE);
    store.write(EMPTY_QUEUE);
    expect(storage.getItem("q")).toBeNull();
  });

  it("dismisses only this staff member's failure notices", () => {
    const mine = { ...item("A-1"), code: "bill_too_small", failedAt: "x" };
    const theirs = { ...item("A-2", { staffId: "someone-else" }), code: "bill_too_small", failedAt: "x" };
    expect(dismissFailed({ pending: [], failed: [mine, theirs] }, IDS.user).failed).toEqual([theirs]);
  });
});

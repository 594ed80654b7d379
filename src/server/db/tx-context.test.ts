import { describe, expect, it } from "vitest";
import { insideTransaction, markTransactions } from "./tx-context";

/** A stand-in database whose transactions wait a turn before and after running their callback. */
function fakeDb() {
  return markTransactions({
    async transaction(fn: (tx: never) => Promise<unknown>) {
      await new Promise((r) => setImmediate(r));
      const out = await fn(undefined as never);
      await new Promise((r) => setImmediate(r));
      return out;
    },
  });
}

describe("insideTransaction", () => {
  it("is true inside a transaction, across awaits and timers, and false outside, also after earlier transactions ended", async () => {
    const db = fakeDb();
    expect(insideTransaction()).toBe(false);
    for (let round = 0; round < 2; round++) {
      const seen = await db.transaction(async () => {
        const start = insideTransaction();
        await new Promise((r) => setTimeout(r, 1));
        const afterTimer = insideTransaction();
        const nested = await db.transaction(async () => insideTransaction());
        return [start, afterTimer, nested, insideTransaction()];
      });
      expect(seen).toEqual([true, true, true, true]);
      expect(insideTransaction()).toBe(false);
    }
  });

  it("tells apart code inside an open transaction from code outside it while transactions overlap", async () => {
    const db = fakeDb();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const seenInside: boolean[] = [];
    const first = db.transaction(async () => {
      await held;
      seenInside.push(insideTransaction());
    });
    const second = db.transaction(async () => {
      seenInside.push(insideTransaction());
    });
    await second;
    // The first is still open: code out here is not inside it.
    expect(insideTransaction()).toBe(false);
    release();
    await first;
    expect(seenInside).toEqual([true, true]);
    expect(insideTransaction()).toBe(false);
  });
});

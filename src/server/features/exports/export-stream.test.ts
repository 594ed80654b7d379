import { describe, expect, it } from "vitest";
import { exportBody, type Sheet } from "./export-stream";

/** N generated rows that say how far they have been read. */
function countingSheet(n: number, { failAfter = Infinity } = {}) {
  const state = { read: 0 };
  const sheet: Sheet<{ id: number }, number> = {
    header: ["id", "name", "phone", "points"],
    read: async (after, limit) => {
      const from = (after ?? 0) + 1;
      if (from > failAfter) throw new Error("connection terminated");
      const rows = Array.from({ length: Math.max(0, Math.min(limit, n - from + 1)) }, (_, i) => ({ id: from + i }));
      state.read += rows.length;
      return rows;
    },
    key: (r) => r.id,
    cells: (r) => [r.id, `Khách hàng ${r.id % 997}`, `0912 *** ${String(r.id % 1000).padStart(3, "0")}`, r.id % 50],
  };
  return { sheet, state };
}

describe("the XLSX export stream (decision 0047)", () => {
  it("reads rows only as fast as the zip compresses them and the client takes them", async () => {
    const { sheet, state } = countingSheet(60_000);
    const reader = exportBody(sheet, "xlsx", { batch: 1_000 }).getReader();
    // The client takes 100 kB of the file and stops reading for now.
    const parts: Uint8Array[] = [];
    let bytes = 0;
    while (bytes < 100_000) {
      const { value } = await reader.read();
      parts.push(value!);
      bytes += value!.byteLength;
    }
    // About 3,000 rows make 100 kB of compressed sheet; exceljs and the zip hold a few batches
    // more. Without waiting for the compression the writer was some 200 batches ahead.
    expect(state.read).toBeLessThan(20_000);
    // Rows are read again when the client reads on; the whole file is every row.
    for (let part = await reader.read(); !part.done; part = await reader.read()) parts.push(part.value);
    expect(state.read).toBe(60_000);
    // A whole zip (its end-of-directory record last); what the rows hold, test/api/exports.test.ts reads.
    const file = Buffer.concat(parts);
    expect(file.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
    expect(file.subarray(file.length - 22, file.length - 18).toString("latin1")).toBe("PK\u0005\u0006");
  });

  /** All of a file's bytes; a whole export after a broken one lets the broken one's zip flush. */
  async function whole(body: ReadableStream<Uint8Array>) {
    const parts: Uint8Array[] = [];
    const reader = body.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) parts.push(part.value);
    return Buffer.concat(parts);
  }

  it("ends when the client goes away mid-file: no more reads, no error after it", async () => {
    const { sheet, state } = countingSheet(60_000);
    const reader = exportBody(sheet, "xlsx", { batch: 1_000 }).getReader();
    for (let bytes = 0; bytes < 100_000;) bytes += (await reader.read()).value!.byteLength;
    const pending = reader.read();
    await reader.cancel();
    // A read waiting when the client left ends too (it waited for a drain that no longer comes).
    expect(await pending).toEqual({ done: true, value: undefined });
    const readAtCancel = state.read;
    // The zip still flushes what it held: enqueued on the closed stream it threw in an event
    // handler, an uncaught exception (vitest fails the run on it; in the server, the process died).
    expect((await whole(exportBody(countingSheet(20_000).sheet, "xlsx"))).length).toBeGreaterThan(0);
    expect(state.read).toBe(readAtCancel);
  });

  it("errors the download when a read fails, and nothing throws after", async () => {
    const { sheet } = countingSheet(60_000, { failAfter: 20_000 });
    await expect(whole(exportBody(sheet, "xlsx", { batch: 1_000 }))).rejects.toThrow("connection terminated");
    expect((await whole(exportBody(countingSheet(20_000).sheet, "xlsx"))).length).toBeGreaterThan(0);
  });
});

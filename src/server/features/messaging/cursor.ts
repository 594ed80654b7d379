/**
 * A named cursor over an append-only source (message_cursors): the message dispatchers and the
 * webhook dispatcher read "the rows past where we were" this way (docs/messaging.md).
 */
import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { messageCursors } from "../../db/schema";

/**
 * In `tx`: locks the cursor's row (one dispatcher at a time per cursor), creating it at `start()`
 * the first time so a new cursor begins at the present; hands the rows past it to `handle`, and
 * moves the cursor to the last row's position in the same transaction, so a crash loses nothing.
 * Answers what `handle` answered (0 when there was nothing past the cursor).
 */
export async function consumePastCursor<R extends { position: number }>(
  tx: Tx,
  name: string,
  start: () => Promise<number>,
  past: (position: number) => Promise<R[]>,
  handle: (rows: R[]) => Promise<number>,
): Promise<number> {
  await tx
    .insert(messageCursors)
    .values({ name, position: await start() })
    .onConflictDoNothing();
  const [{ position } = { position: 0 }] = await tx
    .select({ position: messageCursors.position })
    .from(messageCursors)
    .where(eq(messageCursors.name, name))
    .for("update");
  const rows = await past(position);
  if (!rows.length) return 0;
  const handled = await handle(rows);
  await tx
    .update(messageCursors)
    .set({ position: rows[rows.length - 1]!.position })
    .where(eq(messageCursors.name, name));
  return handled;
}

import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PURPOSES } from "../../src/domain/consent/purposes";
import { brands, consents, ledgerEntries, members, messages, users } from "../../src/server/db/schema";
import { dispatchEarnMessages, dispatchWelcomeMessages } from "../../src/server/features/messaging/enqueue";
import { enrolledMember, testApi, type TestApi } from "../support/api";

/**
 * The dispatchers' cursors against out-of-order commits (docs/messaging.md#cursors): a row whose
 * transaction took its id first but commits last must still get its message. It needs two
 * connections, so it runs on PostgreSQL only (PGlite has one connection: the race cannot happen).
 */
const isPostgres = Boolean(inject("pgTemplate"));

describe("message dispatch cursors: a row committed late is not skipped", () => {
  let api: TestApi;
  let brandId: string;
  let n = 0;
  beforeAll(async () => {
    api = await testApi();
    [{ id: brandId }] = (await api.database.db.select({ id: brands.id }).from(brands)) as [{ id: string }];
  });
  afterAll(() => api?.close());

  /** An enrolled member with a phone; care consent granted through the API unless `care` is false. */
  async function member(care = true) {
    const m = await enrolledMember(api, `cur-${++n}`, "Nguyễn Văn Tin");
    await api.database.db.update(users).set({ phone: "84912345678" }).where(eq(users.id, m.user.id));
    if (care)
      await api.call("POST", "/members/me/consents", {
        token: m.session.accessToken,
        body: { purpose: "zns_care", granted: true, wordingVersion: PURPOSES.zns_care.version },
      });
    const [row] = await api.database.db.select({ id: members.id }).from(members).where(eq(members.userId, m.user.id));
    return { memberId: row!.id, userId: m.user.id };
  }

  const queuedKeys = async (keys: string[]) =>
    (await api.database.db.select({ key: messages.dedupeKey }).from(messages).where(inArray(messages.dedupeKey, keys)))
      .map((r) => r.key)
      .sort();

  /** A transaction on its own connection that runs `write`, then stays open until released. */
  function heldOpen(write: (tx: Parameters<Parameters<TestApi["database"]["db"]["transaction"]>[0]>[0]) => Promise<void>) {
    let release!: () => void;
    let written!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const wrote = new Promise<void>((r) => (written = r));
    const done = api.database.db.transaction(async (tx) => {
      await write(tx);
      written();
      await gate;
    });
    return { wrote, commit: async () => (release(), await done) };
  }

  it.runIf(isPostgres)("points updated: the earlier-id earn that commits after a later one is dispatched", async () => {
    const a = await member();
    const b = await member();
    await dispatchEarnMessages(api.database.db, api.clock.now()); // the cursor exists before the race
    const earnRow = (memberId: string) => ({
      brandId,
      memberId,
      kind: "earn" as const,
      points: 10,
      balanceAfter: 10,
      occurredAt: new Date(api.clock.now()),
    });

    let first = "";
    const t1 = heldOpen(async (tx) => {
      [{ id: first }] = (await tx.insert(ledgerEntries).values(earnRow(a.memberId)).returning({ id: ledgerEntries.id })) as [
        { id: string },
      ];
    });
    await t1.wrote;
    const [second] = await api.database.db
      .insert(ledgerEntries)
      .values(earnRow(b.memberId))
      .returning({ id: ledgerEntries.id, seq: ledgerEntries.seq });
    await dispatchEarnMessages(api.database.db, api.clock.now()); // sees the second row committed, the first not yet
    await t1.commit();
    const [firstRow] = await api.database.db.select({ seq: ledgerEntries.seq }).from(ledgerEntries).where(eq(ledgerEntries.id, first));
    expect(firstRow!.seq).toBeLessThan(second!.seq); // the race: a lower id committed last
    await dispatchEarnMessages(api.database.db, api.clock.now());

    const keys = [`points_updated:${first}`, `points_updated:${second!.id}`].sort();
    expect(await queuedKeys(keys)).toEqual(keys);
  });

  it.runIf(isPostgres)("welcome: the earlier-id consent that commits after a later one is dispatched", async () => {
    const c = await member(false);
    const d = await member(false);
    await dispatchWelcomeMessages(api.database.db, api.clock.now()); // the cursor exists before the race
    const grant = (userId: string) => ({
      userId,
      purpose: "zns_care" as const,
      granted: true,
      wordingVersion: PURPOSES.zns_care.version,
      channel: "test",
      createdAt: new Date(api.clock.now()),
    });

    const t1 = heldOpen(async (tx) => {
      await tx.insert(consents).values(grant(c.userId));
    });
    await t1.wrote;
    await api.database.db.insert(consents).values(grant(d.userId));
    await dispatchWelcomeMessages(api.database.db, api.clock.now());
    await t1.commit();
    await dispatchWelcomeMessages(api.database.db, api.clock.now());

    const keys = [`welcome:${c.memberId}`, `welcome:${d.memberId}`].sort();
    expect(await queuedKeys(keys)).toEqual(keys);
  });
});

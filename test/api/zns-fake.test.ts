import { eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messagingEndpoints } from "../../src/contract/endpoints/messaging";
import { brands, messages, oaTokens, znsTemplates } from "../../src/server/db/schema";
import { decrypt, oaTokenStore, type OaTokenStore } from "../../src/server/features/messaging/oa-token-store";
import { zaloTransport } from "../../src/server/features/messaging/transports";
import type { MessagingDeps } from "../../src/server/features/messaging/types";
import { runOnce, startWorker } from "../../src/server/features/messaging/worker";
import { refreshOaToken } from "../../src/server/zalo/oa-token";
import { sendZnsTemplate } from "../../src/server/zalo/zns-client";
import type { ZaloFake } from "../fakes/zalo-fake";
import { testApi, type TestApi } from "../support/api";
import { consoleSession } from "../support/factories";
import { eventually } from "../support/eventually";
import { queuedZns, znsRig, type ZnsRig } from "../support/zns";

describe("ZNS over HTTP against the fake Zalo: retries, token refresh, in-doubt calls, no duplicates", () => {
  let api: TestApi;
  let fake: ZaloFake;
  let rig: ZnsRig;
  let brandId: string;
  let template: typeof znsTemplates.$inferSelect;
  let store: OaTokenStore;
  let d: MessagingDeps;
  const key = randomBytes(32);
  // Read by the ZNS client at each call: a call meant to be answered gets a timeout no busy CI
  // machine reaches; `hanging` shortens it only while the fake leaves a call unanswered on purpose.
  const PATIENT_MS = 15_000;
  const zns = { znsUrl: "", timeoutMs: PATIENT_MS };
  async function hanging(run: () => Promise<void>) {
    zns.timeoutMs = 300;
    try {
      await run();
    } finally {
      zns.timeoutMs = PATIENT_MS;
    }
  }

  beforeAll(async () => {
    api = await testApi();
    api.clock.set(Date.UTC(2026, 10, 24, 3, 0));
    rig = await znsRig(api, key);
    ({ fake, brandId, store } = rig);
    zns.znsUrl = fake.url;
    template = (await api.database.db.select().from(znsTemplates).where(eq(znsTemplates.trigger, "points_updated")))[0]!;
    fake.znsTemplates.set(template.znsTemplateId, ["ten_khach_hang", "diem", "tong_diem", "ma_khach_hang"]);
    d = {
      ...api.deps.messaging,
      config: {
        ...api.deps.messaging.config,
        transport: zaloTransport(zns, store),
        reconcileMs: 15 * 60_000,
      },
    };
  });
  afterAll(async () => {
    await rig.close();
    await api.close();
  });

  let n = 0;
  const queued = (phone = "84912345678") => queuedZns(api, brandId, template, `zns-${++n}`, phone);
  const row = async (id: string) => (await api.database.db.select().from(messages).where(eq(messages.id, id)))[0]!;
  const znsCalls = () => fake.requests.filter((r) => r.path === "/message/template").length;
  const oauthCalls = () => fake.requests.filter((r) => r.path === "/v4/oa/access_token").length;
  /**
   * Worker passes with the clock moving on. Before the clock moves, every delivery event the
   * fake emitted has been answered: an event that lands "late" only because the machine is busy
   * would otherwise look like one that never came, and the message would be sent again.
   */
  async function passes(count: number, stepMs: number) {
    for (let i = 0; i < count; i++) {
      while ((await runOnce(d)) > 0);
      await fake.settled();
      api.clock.advance(stepMs);
    }
  }

  it("sends the documented request and is delivered through the signed webhook", async () => {
    const id = await queued();
    await passes(1, 1_000);
    const req = fake.requests.findLast((r) => r.path === "/message/template")!;
    expect(req.headers.access_token).toMatch(/^oa-access-/);
    expect(JSON.parse(req.body)).toEqual({
      phone: "84912345678",
      template_id: template.znsTemplateId,
      template_data: { ten_khach_hang: "Lê Thu Trang", diem: 7, tong_diem: 0, ma_khach_hang: expect.any(String) },
      tracking_id: (await row(id)).trackingId,
    });
    await eventually(async () => expect(await row(id)).toMatchObject({ status: "delivered", attempts: 1 }));
  });

  it("retries 5xx and -100, refreshes the OA token once on -124, and is accepted exactly once", async () => {
    const id = await queued();
    const before = { zns: znsCalls(), oauth: oauthCalls() };
    fake.failNext("http500", { error: -100, message: "Unknown error" });
    fake.expireOaTokens();
    await passes(8, 10 * 60_000);
    expect(znsCalls() - before.zns).toBe(4);
    expect(oauthCalls() - before.oauth).toBe(1);
    // The -124 was our token, not the message: not an attempt.
    await eventually(async () => expect(await row(id)).toMatchObject({ status: "delivered", attempts: 3 }));
    expect(fake.znsAccepted.get((await row(id)).trackingId)?.count).toBe(1);
  });

  it("never fails a message for our own token: each -124 is held with a growing backoff, not counted as an attempt", async () => {
    const id = await queued();
    const before = znsCalls();
    // More refusals than the attempts a message has (8), as for a token Zalo has just issued.
    const refusals = d.config.maxAttempts + 2;
    fake.failNextZns(...Array.from({ length: refusals }, () => ({ error: -124, message: "Access token invalid" })));
    // A whole drain makes one call: the -124 does not requeue at once.
    while ((await runOnce(d)) > 0);
    expect(znsCalls() - before).toBe(1);
    const held = await row(id);
    expect(held).toMatchObject({ status: "queued", lastError: "zns_-124", attempts: 0, errorDetail: { params: { tokenHolds: 1 } } });
    expect(held.notBefore.getTime()).toBeGreaterThan(api.clock.now());
    // Each hold waits longer than the one before.
    const waits: number[] = [held.notBefore.getTime() - api.clock.now()];
    for (let i = 1; i < refusals; i++) {
      api.clock.set((await row(id)).notBefore.getTime());
      while ((await runOnce(d)) > 0);
      const r = await row(id);
      expect(r).toMatchObject({ status: "queued", attempts: 0 });
      waits.push(r.notBefore.getTime() - api.clock.now());
    }
    expect(waits[waits.length - 1]).toBeGreaterThan(waits[0]! * 8);
    api.clock.set((await row(id)).notBefore.getTime());
    await passes(1, 1_000);
    await eventually(async () => expect(await row(id)).toMatchObject({ status: "delivered", attempts: 1 }));
    expect(znsCalls() - before).toBe(refusals + 1);
    expect(fake.znsAccepted.get((await row(id)).trackingId)?.count).toBe(1);
  });

  it("waits for the delivery event after an unanswered call: accepted means never sent again", async () => {
    const id = await queued();
    fake.failNext("acceptThenHang");
    await hanging(() => passes(1, 10 * 60_000));
    await passes(3, 10 * 60_000);
    await eventually(async () => expect((await row(id)).status).toBe("delivered"));
    expect(fake.znsAccepted.get((await row(id)).trackingId)?.count).toBe(1);
  });

  it("sends again, once, when an unanswered call was never accepted and no event came in the window", async () => {
    const id = await queued();
    fake.failNext("timeout");
    await hanging(() => passes(1, 1_000));
    expect((await row(id)).status).toBe("in_doubt");
    await passes(4, 10 * 60_000);
    await eventually(async () => expect(await row(id)).toMatchObject({ status: "delivered", attempts: 2 }));
    expect(fake.znsAccepted.get((await row(id)).trackingId)?.count).toBe(1);
  });

  /** Messaging deps of another worker process: its own ZNS client (timeout long enough never to fire here). */
  const otherWorker = (over: Partial<MessagingDeps["config"]> = {}): MessagingDeps => ({
    ...d,
    config: { ...d.config, transport: zaloTransport({ znsUrl: fake.url, timeoutMs: 120_000 }, store), ...over },
  });
  const isDone = (status: string) => status === "sent" || status === "delivered";

  it("after a crash mid-batch, only the messages whose call started are in doubt; the others go again as soon as the lease ends", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await queued());
    const before = znsCalls();
    // Two calls in flight, hanging; the other three claimed with them wait for a send slot.
    fake.holdZns(2);
    const crashed = otherWorker({ batchSize: 5, sendConcurrency: 2 });
    const abandoned = runOnce(crashed);
    await fake.until(() => fake.heldZnsTrackingIds().length === 2, "two calls in flight");
    const claimed = await Promise.all(ids.map(row));
    expect(claimed.map((r) => r.status)).toEqual(Array(5).fill("sending"));
    const inFlight = new Set(fake.heldZnsTrackingIds());
    expect(new Set(claimed.filter((r) => r.callStartedAt !== null).map((r) => r.trackingId))).toEqual(inFlight);

    // The process dies here (its promises are abandoned). When the claim's lease has ended,
    // another worker's pass finds the three never-called messages queued and sends them at once.
    api.clock.advance(crashed.config.leaseMs + 1);
    await runOnce(otherWorker());
    const after = await Promise.all(ids.map(row));
    for (const r of after) {
      if (inFlight.has(r.trackingId)) expect(r).toMatchObject({ status: "in_doubt", attempts: 1 });
      // The crashed claim made no call: not an attempt.
      else expect(r).toMatchObject({ status: expect.toSatisfy(isDone), attempts: 1 });
    }

    // The hanging calls end after all: the dead claim's answers still land on its own in-doubt
    // messages, and its three others, no longer its own, are not sent by it.
    fake.releaseZns();
    await abandoned;
    await eventually(async () => expect((await Promise.all(ids.map(row))).every((r) => isDone(r.status))).toBe(true));
    expect(znsCalls() - before).toBe(5);
    for (const r of await Promise.all(ids.map(row))) expect(fake.znsAccepted.get(r.trackingId)?.count).toBe(1);
  });

  /** Another brand with its own OA tokens and a copy of the template. */
  async function anotherBrand(slug: string) {
    const [other] = await api.database.db.insert(brands).values({ slug, name: "Other" }).returning();
    const { id: _id, createdAt: _at, ...copy } = template;
    const [otherTemplate] = await api.database.db
      .insert(znsTemplates)
      .values({ ...copy, brandId: other!.id })
      .returning();
    await store.save(other!.id, { ...fake.issueOaTokens(), expiresInSeconds: 90_000 });
    return { other: other!, otherTemplate: otherTemplate! };
  }

  it("a call hanging until its timeout holds its own send slot only: the worker keeps claiming and sending the others, of its brand and of another", async () => {
    const { other, otherTemplate } = await anotherBrand("zns-slots-other");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await queued());
    for (let i = 0; i < 5; i++) ids.push(await queuedZns(api, other.id, otherTemplate, `zns-slots-${i}`));
    const before = znsCalls();

    // Two send slots, and the first call hangs (the worker's HTTP timeout is far away: it is the
    // fake that decides when it ends). Before, the worker claimed a batch and waited for all of it.
    fake.holdZns(1);
    const worker = startWorker(otherWorker({ batchSize: 2, sendConcurrency: 2 }), 20);
    try {
      await fake.until(() => fake.heldZnsTrackingIds().length === 1, "the first call to hang");
      const [slow] = fake.heldZnsTrackingIds();
      const trackings = await Promise.all(ids.map(async (id) => (await row(id)).trackingId));
      const others = trackings.filter((t) => t !== slow);
      await fake.until(() => others.every((t) => fake.znsAccepted.has(t)), "the nine others accepted while one call hangs", 60_000);
      const slowRow = (await Promise.all(ids.map(row))).find((r) => r.trackingId === slow)!;
      expect(slowRow).toMatchObject({ status: "sending", attempts: 1 });
      expect(slowRow.callStartedAt).not.toBeNull();
      expect(fake.znsAccepted.has(slow!)).toBe(false);

      // The slow call ends: its answer is recorded like any other.
      fake.releaseZns();
      await eventually(async () => expect((await Promise.all(ids.map(row))).every((r) => isDone(r.status))).toBe(true));
    } finally {
      fake.releaseZns();
      await worker.stop();
    }
    expect(znsCalls() - before).toBe(10);
    for (const r of await Promise.all(ids.map(row))) expect(fake.znsAccepted.get(r.trackingId)?.count).toBe(1);
  });

  it("claims no message of a brand whose OA is disconnected: held as queued (no attempt, no pass spent), others go, and it goes once reconnected", async () => {
    const { other, otherTemplate } = await anotherBrand("zns-disconnected-other");
    // Zalo refused the brand's refresh token for good (how that is detected: the -14020 test below).
    await api.database.db
      .update(oaTokens)
      .set({ disconnectedAt: new Date(api.clock.now()), disconnectReason: "refresh_token_rejected", disconnectZaloError: -14020 })
      .where(eq(oaTokens.brandId, other.id));
    const held = await queuedZns(api, other.id, otherTemplate, "zns-disconnected-1");
    const going = await queued();
    const queuedAt = (await row(held)).notBefore;

    // An hour of worker passes: the connected brand's message goes; the other is never claimed
    // (before, each pass 5 minutes apart claimed it and put it back as oa_disconnected).
    await passes(12, 5 * 60_000);
    await eventually(async () => expect((await row(going)).status).toBe("delivered"));
    expect(await row(held)).toMatchObject({ status: "queued", attempts: 0, lastError: null, leaseBy: null, notBefore: queuedAt });
    expect(fake.znsAccepted.has((await row(held)).trackingId)).toBe(false);

    // Reconnected (new tokens saved): it goes at the next pass, once.
    await store.save(other.id, { ...fake.issueOaTokens(), expiresInSeconds: 90_000 });
    await passes(1, 1_000);
    await eventually(async () => expect(await row(held)).toMatchObject({ status: "delivered", attempts: 1 }));
    expect(fake.znsAccepted.get((await row(held)).trackingId)?.count).toBe(1);
  });

  it("fails a phone without Zalo at once, and holds messages when Zalo says the quota is out", async () => {
    const noZalo = await queued("84900000001");
    fake.phonesWithoutZalo.add("84900000001");
    await passes(1, 1_000);
    expect(await row(noZalo)).toMatchObject({ status: "failed", lastError: "zns_-118", attempts: 1 });

    const held = await queued();
    fake.znsDailyQuota = fake.znsAcceptedTotal;
    await passes(1, 1_000);
    expect(await row(held)).toMatchObject({ status: "queued", lastError: "zns_-115", attempts: 0 });
    fake.znsDailyQuota = Number.POSITIVE_INFINITY;
    expect(fake.znsDuplicates()).toBe(0);
  });

  it("refreshes the OA token in exactly one process at a time and keeps it encrypted at rest", async () => {
    const before = oauthCalls();
    api.clock.advance(60_000);
    const rejected = (await store.accessToken(brandId))!;
    const results = await Promise.all(Array.from({ length: 8 }, () => store.refresh(brandId, rejected)));
    expect(results.every(Boolean)).toBe(true);
    expect(oauthCalls() - before).toBe(1);
    const [stored] = await api.database.db.select().from(oaTokens).where(eq(oaTokens.brandId, brandId));
    expect(stored!.accessTokenEnc).not.toMatch(/oa-access/);
    expect(stored!.refreshTokenEnc).not.toMatch(/oa-refresh/);
    // The new single-use refresh token was stored: a later refresh still works.
    api.clock.advance(60_000);
    expect(await store.refresh(brandId)).toBe(true);
    expect(oauthCalls() - before).toBe(2);
  });

  it("holds no transaction during the OAuth call: the token row stays free and others wait for the lease holder's token", async () => {
    const oauth = { oauthUrl: fake.url, appId: fake.appId, appSecret: fake.appSecret, timeoutMs: PATIENT_MS };
    let entered = 0;
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const slow = oaTokenStore(api.database.db, key, api.clock.now, async (refresh) => {
      entered++;
      await gate;
      return refreshOaToken(oauth, refresh);
    });
    const rejected = (await slow.accessToken(brandId))!;
    const before = oauthCalls();
    const first = slow.refresh(brandId, rejected);
    await eventually(() => expect(entered).toBe(1));
    const second = slow.refresh(brandId, rejected);
    // While the call hangs, the row can be locked and the API answers: no lock, no open transaction.
    // (With the refresh inside a transaction this never returns: PGlite has one connection.)
    const locked = await api.database.db.transaction(async (tx) =>
      tx.select().from(oaTokens).where(eq(oaTokens.brandId, brandId)).for("update"),
    );
    expect(locked[0]!.refreshLeaseBy).not.toBeNull();
    expect((await api.call("GET", "/health")).status).toBe(200);
    open();
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(entered).toBe(1);
    expect(oauthCalls() - before).toBe(1);
    const fresh = (await slow.accessToken(brandId))!;
    expect(fresh).not.toBe(rejected);
    const [row] = await api.database.db.select().from(oaTokens).where(eq(oaTokens.brandId, brandId));
    expect(row).toMatchObject({ refreshLeaseBy: null, refreshLeaseUntil: null });
  });

  it("takes over a refresh whose holder died once its lease has ended", async () => {
    const rejected = (await store.accessToken(brandId))!;
    // A process took the lease and was killed during the call: its lease is still on the row.
    await api.database.db
      .update(oaTokens)
      .set({ refreshLeaseBy: "dead-process", refreshLeaseUntil: new Date(api.clock.now() + 30_000) })
      .where(eq(oaTokens.brandId, brandId));
    const patient = oaTokenStore(
      api.database.db,
      key,
      api.clock.now,
      (refresh) => refreshOaToken({ oauthUrl: fake.url, appId: fake.appId, appSecret: fake.appSecret, timeoutMs: PATIENT_MS }, refresh),
      { leaseMs: 30_000, pollMs: 5 },
    );
    const waiting = patient.refresh(brandId, rejected);
    api.clock.advance(31_000);
    expect(await waiting).toBe(true);
    expect(await store.accessToken(brandId)).not.toBe(rejected);
  });

  it("a refresh answer lost after Zalo processed it: one -14020, the OA marked disconnected, messages held (never failed, no attempt), no call to Zalo until reconnected, then each sent once", async () => {
    const errors: Record<string, unknown>[] = [];
    const log = { warn: () => {}, error: (obj: object) => void errors.push(obj as Record<string, unknown>) };
    const oauth = { oauthUrl: fake.url, appId: fake.appId, appSecret: fake.appSecret, timeoutMs: PATIENT_MS };
    const burnable = oaTokenStore(api.database.db, key, api.clock.now, (refresh) => refreshOaToken(oauth, refresh), { log });
    const zalo = zaloTransport({ znsUrl: fake.url, timeoutMs: PATIENT_MS }, burnable);
    const dz: MessagingDeps = { ...d, config: { ...d.config, transport: zalo } };
    const drain = async (count: number, stepMs: number) => {
      for (let i = 0; i < count; i++) {
        while ((await runOnce(dz)) > 0);
        await fake.settled();
        api.clock.advance(stepMs);
      }
    };
    // A new day (an earlier test used up today's quota), and a freshly connected OA.
    api.clock.advance(24 * 60 * 60_000);
    await burnable.save(brandId, { ...fake.issueOaTokens(), expiresInSeconds: 90_000 });
    const ids = [await queued(), await queued(), await queued()];
    const [stored] = await api.database.db.select().from(oaTokens).where(eq(oaTokens.brandId, brandId));
    const spent = decrypt(key, stored!.refreshTokenEnc);
    const before = { oauth: oauthCalls() };
    // Messages queued by earlier tests may go in these passes too: count this test's own calls.
    const znsCallsFor = async (messageIds: string[]) => {
      const tracking = new Set(await Promise.all(messageIds.map(async (id) => (await row(id)).trackingId)));
      return fake.requests.filter((r) => r.path === "/message/template" && tracking.has(JSON.parse(r.body).tracking_id)).length;
    };

    // The access token expires; the refresh that follows is processed by Zalo, whose answer is lost.
    fake.expireOaTokens();
    fake.failNextOauth("processThenDrop");
    await drain(1, 1_000);
    const znsCallsAfterFirstPass = await znsCallsFor(ids);
    // An hour of worker passes: before the fix, each re-sent the spent refresh token (-14020 each time).
    await drain(12, 5 * 60_000);

    // The spent refresh token went out twice: the call whose answer was lost, then the one -14020.
    expect(fake.refreshTokensSent().filter((t) => t === spent)).toHaveLength(2);
    expect(oauthCalls() - before.oauth).toBe(2);
    // At most one try each (-124; one sent after the disconnection is not sent), then nothing reached Zalo.
    expect(znsCallsAfterFirstPass).toBeLessThanOrEqual(ids.length);
    expect(await znsCallsFor(ids)).toBe(znsCallsAfterFirstPass);
    for (const id of ids) expect(await row(id)).toMatchObject({ status: "queued", lastError: "oa_disconnected", attempts: 0 });
    expect(await burnable.disconnected(brandId)).toBe(true);
    const [marked] = await api.database.db.select().from(oaTokens).where(eq(oaTokens.brandId, brandId));
    expect(marked).toMatchObject({ disconnectReason: "refresh_answer_lost", disconnectZaloError: -14020, refreshLeaseBy: null });
    // Said once, as an error, with the brand and Zalo's code, and never a token.
    expect(errors).toEqual([{ brandId, zaloError: -14020, reason: "refresh_answer_lost" }]);
    expect(JSON.stringify(errors)).not.toMatch(/oa-(refresh|access)-/);

    // The console's status says so (and how many are held).
    const sandbox = api.deps.messaging.config.transport;
    api.deps.messaging.config.transport = zalo;
    try {
      const quota = await api.ok(messagingEndpoints.quota, { token: await consoleSession(api) });
      expect(quota.body.oa).toMatchObject({ state: "disconnected", reason: "refresh_answer_lost", zaloError: -14020 });
      expect(quota.body.queued).toBeGreaterThanOrEqual(ids.length);
    } finally {
      api.deps.messaging.config.transport = sandbox;
    }

    // Reconnecting (new tokens saved) releases the held messages at once: each is sent exactly once.
    await burnable.save(brandId, { ...fake.issueOaTokens(), expiresInSeconds: 90_000 });
    expect(await burnable.disconnected(brandId)).toBe(false);
    await drain(1, 1_000);
    for (const id of ids) {
      await eventually(async () => expect(await row(id)).toMatchObject({ status: "delivered", attempts: 1 }));
      expect(fake.znsAccepted.get((await row(id)).trackingId)?.count).toBe(1);
    }
    expect(oauthCalls() - before.oauth).toBe(2);
    expect(fake.znsDuplicates()).toBe(0);
  });

  it("stores a refresh answer that arrives after its lease was taken over: the only pair that works is kept, the OA stays connected", async () => {
    const oauth = { oauthUrl: fake.url, appId: fake.appId, appSecret: fake.appSecret, timeoutMs: PATIENT_MS };
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let calls = 0;
    // The first holder's call is processed by Zalo at once, but its answer reaches it only after its lease has ended.
    const slow = oaTokenStore(
      api.database.db,
      key,
      api.clock.now,
      async (refresh) => {
        const out = await refreshOaToken(oauth, refresh);
        if (++calls === 1) await gate;
        return out;
      },
      { leaseMs: 30_000, pollMs: 5 },
    );
    const rejected = (await slow.accessToken(brandId))!;
    const first = slow.refresh(brandId, rejected);
    await eventually(() => expect(calls).toBe(1));
    api.clock.advance(31_000);
    // Another process takes the lease over and sends the same (now spent) refresh token: -14020.
    const second = await slow.refresh(brandId, rejected);
    open();
    expect(await first).toBe(true);
    // The pair Zalo issued is stored and works: the OA is connected.
    // The takeover's call got -14020 and marked the OA disconnected; the late answer undid it.
    expect(second).toBe("oa_disconnected");
    expect(await slow.disconnected(brandId)).toBe(false);
    const token = (await slow.accessToken(brandId))!;
    expect(token).not.toBe(rejected);
    const id = await queued();
    await passes(1, 1_000);
    await eventually(async () => expect(await row(id)).toMatchObject({ status: "delivered" }));
    expect(fake.znsAccepted.get((await row(id)).trackingId)?.count).toBe(1);
  });

  it("refuses to call Zalo from inside a database transaction", async () => {
    const before = fake.requests.length;
    const oauth = { oauthUrl: fake.url, appId: fake.appId, appSecret: fake.appSecret, timeoutMs: PATIENT_MS };
    await expect(api.database.db.transaction(() => refreshOaToken(oauth, "any"))).rejects.toThrow(/inside a database transaction/);
    await expect(
      api.database.db.transaction(() =>
        sendZnsTemplate(fake.url, "any", { phone: "84912345678", templateId: template.znsTemplateId, data: {}, trackingId: "t" }, 1_000),
      ),
    ).rejects.toThrow(/inside a database transaction/);
    expect(fake.requests.length).toBe(before);
    // Outside a transaction the same call goes out.
    expect((await refreshOaToken(oauth, "any")).ok).toBe(false);
    expect(fake.requests.length).toBe(before + 1);
  });
});

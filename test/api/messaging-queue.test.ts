import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { messagingEndpoints } from "../../src/contract/endpoints/messaging";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { PURPOSES } from "../../src/domain/consent/purposes";
import { OA_DISCONNECTED } from "../../src/domain/messaging/message-errors";
import { OA_DISCONNECTED_RECHECK_MS } from "../../src/domain/messaging/oa-connection";
import type { SendAttempt } from "../../src/domain/messaging/sending-rules";
import { brands, messageQuota, messages, sandboxInbox, users, znsTemplates } from "../../src/server/db/schema";
import { enqueueMessage } from "../../src/server/features/messaging/enqueue";
import type { MessagingDeps, OutgoingZns, Transport } from "../../src/server/features/messaging/types";
import { resumeInDoubt, runOnce } from "../../src/server/features/messaging/worker";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { eventually } from "../support/eventually";
import { makeReward, makeStaff, makeStore } from "../support/factories";
import { earn, scanToken } from "../support/loyalty";

/** A transport that answers from a script and records every call. */
function scripted(script: SendAttempt[]): Transport & { calls: OutgoingZns[]; refreshes: number } {
  const t = {
    name: "zalo" as const,
    calls: [] as OutgoingZns[],
    refreshes: 0,
    async send(m: OutgoingZns) {
      t.calls.push(m);
      return script.shift() ?? { kind: "response", status: 200, body: { error: 0, data: { msg_id: `m-${t.calls.length}` } } };
    },
    async refreshToken() {
      t.refreshes++;
      return true;
    },
  };
  return t;
}

const ok = (id: string): SendAttempt => ({ kind: "response", status: 200, body: { error: 0, message: "Success", data: { msg_id: id } } });
const zns = (error: number): SendAttempt => ({ kind: "response", status: 200, body: { error, message: `error ${error}` } });

describe("message queue: consent, quiet hours, caps, quota, retries, never twice", () => {
  let api: TestApi;
  let brandId: string;
  let care: typeof znsTemplates.$inferSelect;
  let promo: typeof znsTemplates.$inferSelect;
  beforeAll(async () => {
    api = await testApi();
    [{ id: brandId }] = (await api.database.db.select({ id: brands.id }).from(brands)) as [{ id: string }];
    care = (await api.database.db.select().from(znsTemplates).where(eq(znsTemplates.trigger, "points_updated")))[0]!;
    promo = (await api.database.db.select().from(znsTemplates).where(eq(znsTemplates.tag, "promotion")))[0]!;
    // Granting care consent queues the welcome message; these tests count their own messages.
    await api.database.db.update(znsTemplates).set({ active: false }).where(eq(znsTemplates.trigger, "welcome"));
  });
  afterAll(() => api.close());
  beforeEach(() => {
    // 10:00 Vietnam time: outside quiet hours.
    api.clock.set(Date.UTC(2026, 10, 24, 3, 0));
  });

  const deps = (transport: Transport, over: Partial<MessagingDeps["config"]> = {}): MessagingDeps => ({
    ...api.deps.messaging,
    config: { ...api.deps.messaging.config, transport, ...over },
  });

  let n = 0;
  /** An enrolled member with a phone and the given purposes granted. */
  async function member(purposes: ("zns_care" | "zns_promo")[] = ["zns_care"]) {
    const m = await enrolledMember(api, `msg-${++n}`, "Nguyễn Văn Tin");
    await api.database.db.update(users).set({ phone: "84912345678" }).where(eq(users.id, m.user.id));
    for (const purpose of purposes) {
      await api.ok(preferenceEndpoints.setConsent, {
        token: m.session.accessToken,
        body: { purpose, granted: true, wordingVersion: PURPOSES[purpose].version },
      });
    }
    return m;
  }
  const enqueue = (memberId: string, template = care, key = `k-${++n}`) =>
    api.database.db.transaction((tx) =>
      enqueueMessage(tx, {
        brandId,
        memberId,
        template,
        source: "test",
        dedupeKey: key,
        at: api.clock.now(),
        extras: { points_earned: 12 },
      }),
    );
  const row = async (id: string) => (await api.database.db.select().from(messages).where(eq(messages.id, id)))[0]!;
  async function drain(d: MessagingDeps) {
    for (let i = 0; i < 20 && (await runOnce(d)) > 0; i++);
  }

  it("sends once with a unique tracking id and the rendered parameters", async () => {
    const m = await member();
    const q = await enqueue(m.card.memberId);
    expect(q.queued).toBe(true);
    const t = scripted([ok("zalo-1")]);
    await drain(deps(t));
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]).toMatchObject({
      phone: "84912345678",
      znsTemplateId: care.znsTemplateId,
      data: { ten_khach_hang: "Nguyễn Văn Tin", diem: 12 },
    });
    expect(t.calls[0]!.trackingId).toMatch(/^[0-9a-f]{32}$/);
    expect(await row((q as { messageId: string }).messageId)).toMatchObject({ status: "sent", msgId: "zalo-1", attempts: 1 });
  });

  it("does not queue without consent, nor twice for one event", async () => {
    const noConsent = await member([]);
    expect(await enqueue(noConsent.card.memberId)).toEqual({ queued: false, reason: "no_consent", detail: "not_granted" });
    const m = await member();
    expect((await enqueue(m.card.memberId, care, "same-event")).queued).toBe(true);
    expect(await enqueue(m.card.memberId, care, "same-event")).toEqual({ queued: false, reason: "duplicate" });
  });

  it("cancels a queued message when consent is withdrawn before it is sent", async () => {
    const m = await member();
    const q = (await enqueue(m.card.memberId)) as { messageId: string };
    await api.ok(preferenceEndpoints.setConsent, {
      token: m.session.accessToken,
      body: { purpose: "zns_care", granted: false, wordingVersion: PURPOSES.zns_care.version },
    });
    const t = scripted([]);
    await drain(deps(t));
    const mine = await row(q.messageId);
    expect(t.calls.filter((c) => c.trackingId === mine.trackingId)).toHaveLength(0);
    expect(mine).toMatchObject({ status: "cancelled", lastError: "consent_withdrawn" });
  });

  it("holds a promotion through the night and sends it at 08:00", async () => {
    const m = await member(["zns_promo"]);
    api.clock.set(Date.UTC(2026, 10, 24, 15, 30)); // 22:30 Vietnam time
    const q = (await enqueue(m.card.memberId, promo)) as { messageId: string };
    const t = scripted([ok("promo-1")]);
    await drain(deps(t));
    expect(t.calls).toHaveLength(0);
    expect(await row(q.messageId)).toMatchObject({
      status: "queued",
      notBefore: new Date(Date.UTC(2026, 10, 25, 1, 0)),
      attempts: 0,
      lastError: "quiet_hours",
    });
    api.clock.set(Date.UTC(2026, 10, 25, 1, 0));
    await drain(deps(t));
    expect(t.calls).toHaveLength(1);
    expect((await row(q.messageId)).status).toBe("sent");
  });

  it("caps promotions at one a day per member", async () => {
    const m = await member(["zns_promo"]);
    const first = (await enqueue(m.card.memberId, promo)) as { messageId: string };
    const second = (await enqueue(m.card.memberId, promo)) as { messageId: string };
    const t = scripted([]);
    await drain(deps(t));
    expect(t.calls).toHaveLength(1);
    const both = [await row(first.messageId), await row(second.messageId)];
    expect(both.filter((r) => r.status === "sent")).toHaveLength(1);
    expect(both.find((r) => r.status !== "sent")).toMatchObject({
      status: "queued",
      lastError: "daily_cap",
      notBefore: new Date(Date.UTC(2026, 10, 24, 17, 0)),
    });
  });

  it("retries 5xx and unsent calls with backoff, refreshes the token on -124, then sends once", async () => {
    const m = await member();
    const q = (await enqueue(m.card.memberId)) as { messageId: string };
    const t = scripted([
      { kind: "response", status: 502, body: null },
      { kind: "not_sent", reason: "ECONNREFUSED" },
      zns(-124),
      ok("after-refresh"),
    ]);
    const d = deps(t);
    for (let i = 0; i < 6; i++) {
      await drain(d);
      api.clock.advance(10 * 60_000);
    }
    expect(t.calls).toHaveLength(4);
    expect(t.refreshes).toBe(1);
    expect(new Set(t.calls.map((c) => c.trackingId)).size).toBe(1);
    // The -124 was our token, not the message: not an attempt.
    expect(await row(q.messageId)).toMatchObject({ status: "sent", msgId: "after-refresh", attempts: 3 });
  });

  it("holds a message while the OA is disconnected: no attempt counted, never failed, no refresh asked again, looked at every few minutes", async () => {
    const m = await member();
    const q = (await enqueue(m.card.memberId)) as { messageId: string };
    const trackingId = (await row(q.messageId)).trackingId;
    // Zalo refuses the access token; the refresh finds the refresh token refused for good; from
    // then on the transport sends nothing for the brand (it answers "not sent: OA disconnected").
    const script: SendAttempt[] = [zns(-124)];
    const t = {
      name: "zalo" as const,
      calls: 0,
      refreshes: 0,
      async send(out: OutgoingZns): Promise<SendAttempt> {
        if (out.trackingId !== trackingId) return ok(`other-${out.trackingId}`);
        t.calls++;
        return script.shift() ?? { kind: "not_sent", reason: OA_DISCONNECTED };
      },
      async refreshToken(): Promise<typeof OA_DISCONNECTED> {
        t.refreshes++;
        return OA_DISCONNECTED;
      },
    };
    const d = deps(t, { maxAttempts: 2 });
    await drain(d);
    const held = await row(q.messageId);
    expect(held).toMatchObject({ status: "queued", lastError: "oa_disconnected", attempts: 0 });
    expect(held.notBefore.getTime() - api.clock.now()).toBe(OA_DISCONNECTED_RECHECK_MS);
    // More passes than the message has attempts: each looks again, none counts, none refreshes.
    for (let i = 0; i < 5; i++) {
      api.clock.set((await row(q.messageId)).notBefore.getTime());
      await drain(d);
    }
    expect(t.calls).toBe(6);
    expect(t.refreshes).toBe(1);
    expect(await row(q.messageId)).toMatchObject({ status: "queued", lastError: "oa_disconnected", attempts: 0 });
    // Connected again: it goes, as its first attempt.
    script.push(ok("reconnected"));
    api.clock.set((await row(q.messageId)).notBefore.getTime());
    await drain(d);
    expect(await row(q.messageId)).toMatchObject({ status: "sent", msgId: "reconnected", attempts: 1 });
  });

  it("fails permanent errors at once and gives up after the maximum attempts", async () => {
    const m = await member();
    const noZalo = (await enqueue(m.card.memberId)) as { messageId: string };
    let t = scripted([zns(-118)]);
    await drain(deps(t));
    expect(await row(noZalo.messageId)).toMatchObject({ status: "failed", lastError: "zns_-118", attempts: 1 });
    expect(t.calls).toHaveLength(1);

    const flaky = (await enqueue(m.card.memberId)) as { messageId: string };
    t = scripted(Array.from({ length: 10 }, () => ({ kind: "response", status: 500, body: null }) as SendAttempt));
    const d = deps(t, { maxAttempts: 3 });
    for (let i = 0; i < 6; i++) {
      await drain(d);
      api.clock.advance(60 * 60_000);
    }
    expect(t.calls).toHaveLength(3);
    expect(await row(flaky.messageId)).toMatchObject({ status: "failed", attempts: 3 });
  });

  it("never re-sends a message in doubt that Zalo confirms, and re-sends once the window passes with no event", async () => {
    const m = await member();
    const confirmed = (await enqueue(m.card.memberId)) as { messageId: string };
    const t = scripted([{ kind: "no_answer", reason: "timeout" }]);
    const d = deps(t, { reconcileMs: 15 * 60_000 });
    await drain(d);
    const inDoubt = await row(confirmed.messageId);
    expect(inDoubt.status).toBe("in_doubt");
    // Zalo did accept it: its delivery event arrives with our tracking id.
    const event = await signedEvent(inDoubt.trackingId, "late-msg");
    expect(
      (await api.call("POST", "/webhooks/zalo", { rawBody: event.raw, headers: { "x-zevent-signature": event.signature } })).body,
    ).toEqual({ result: "applied" });
    api.clock.advance(60 * 60_000);
    await drain(d);
    expect(t.calls).toHaveLength(1);
    expect(await row(confirmed.messageId)).toMatchObject({ status: "delivered", msgId: "late-msg" });

    const lost = (await enqueue(m.card.memberId)) as { messageId: string };
    const t2 = scripted([{ kind: "no_answer", reason: "socket hang up" }, ok("second-try")]);
    const d2 = deps(t2, { reconcileMs: 15 * 60_000 });
    await drain(d2);
    api.clock.advance(10 * 60_000);
    await drain(d2);
    expect(t2.calls).toHaveLength(1);
    api.clock.advance(6 * 60_000);
    await drain(d2);
    expect(t2.calls).toHaveLength(2);
    expect(t2.calls[0]!.trackingId).toBe(t2.calls[1]!.trackingId);
    expect(await row(lost.messageId)).toMatchObject({ status: "sent", msgId: "second-try" });
  });

  it("gives a message in doubt a whole window after a restart: an event redelivered once the server is back is awaited, not raced", async () => {
    const m = await member();
    const queued = (await enqueue(m.card.memberId)) as { messageId: string };
    const t = scripted([{ kind: "no_answer", reason: "timeout" }]);
    const d = deps(t, { reconcileMs: 15 * 60_000 });
    await drain(d);
    expect(await row(queued.messageId)).toMatchObject({ status: "in_doubt" });
    // The server was down for longer than the window: Zalo's redelivery could not reach it.
    api.clock.advance(40 * 60_000);
    await resumeInDoubt(d);
    await drain(d);
    expect(t.calls).toHaveLength(1);
    expect(await row(queued.messageId)).toMatchObject({ status: "in_doubt" });
    // The redelivered event lands after the restart: delivered, never sent twice.
    const event = await signedEvent((await row(queued.messageId)).trackingId, "after-restart");
    await api.call("POST", "/webhooks/zalo", { rawBody: event.raw, headers: { "x-zevent-signature": event.signature } });
    api.clock.advance(60 * 60_000);
    await drain(d);
    expect(t.calls).toHaveLength(1);
    expect(await row(queued.messageId)).toMatchObject({ status: "delivered", msgId: "after-restart" });

    // A message Zalo never had goes again a window after the restart, not before.
    const lost = (await enqueue(m.card.memberId)) as { messageId: string };
    const t2 = scripted([{ kind: "no_answer", reason: "socket hang up" }, ok("again")]);
    const d2 = deps(t2, { reconcileMs: 15 * 60_000 });
    await drain(d2);
    api.clock.advance(40 * 60_000);
    await resumeInDoubt(d2);
    api.clock.advance(14 * 60_000);
    await drain(d2);
    expect(t2.calls).toHaveLength(1);
    api.clock.advance(2 * 60_000);
    await drain(d2);
    expect(t2.calls).toHaveLength(2);
    expect(await row(lost.messageId)).toMatchObject({ status: "sent", msgId: "again" });
  });

  it("holds messages once the daily quota is used, until the next Vietnam day", async () => {
    const m = await member();
    const t = scripted([]);
    await drain(deps(t)); // anything left by earlier tests goes first
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await enqueue(m.card.memberId)) as { messageId: string }).messageId);
    const [quota] = await api.database.db.select().from(messageQuota).where(eq(messageQuota.brandId, brandId));
    t.calls.length = 0;
    await drain(deps(t, { dailyQuota: (quota?.sent ?? 0) + 2 }));
    expect(t.calls).toHaveLength(2);
    const held = (await Promise.all(ids.map(row))).filter((r) => r.status === "queued");
    expect(held).toEqual([expect.objectContaining({ lastError: "daily_quota", notBefore: new Date(Date.UTC(2026, 10, 24, 17, 0)) })]);
  });

  it("shortens a display name too long for customer_name instead of failing the message", async () => {
    const m = await member();
    await api.database.db.update(users).set({ displayName: "Một cái tên rất rất dài quá ba mươi ký tự" }).where(eq(users.id, m.user.id));
    const out = await enqueue(m.card.memberId);
    expect(out).toMatchObject({ queued: true });
    const [queued] = await api.database.db.select().from(messages).where(eq(messages.memberId, m.card.memberId));
    expect(queued!.templateData).toMatchObject({ ten_khach_hang: "Một cái tên rất rất dài quá ba" });
  });

  it("reports a message that would be invalid instead of sending it", async () => {
    const m = await member();
    await api.database.db.update(users).set({ displayName: "Một cái tên rất rất dài quá ba mươi ký tự" }).where(eq(users.id, m.user.id));
    // A code is never shortened (it would be another code): too long, the message fails.
    const strict = {
      ...care,
      params: [{ name: "ten_khach_hang", type: "code", source: { field: "name" } }, ...(care.params as object[]).slice(1)],
    };
    const out = await enqueue(m.card.memberId, strict as typeof care);
    const tooLong = { code: "value_too_long", field: "ten_khach_hang", params: { max: 30 } };
    expect(out).toMatchObject({ queued: false, reason: "invalid", problems: [tooLong] });
    const [failed] = await api.database.db
      .select()
      .from(messages)
      .where(and(eq(messages.memberId, m.card.memberId), eq(messages.status, "failed")));
    expect(failed).toMatchObject({ lastError: "render_invalid", errorDetail: { problems: [tooLong] } });
  });

  it("runs the whole pipeline in the sandbox: welcome on consent, points after an earn, voucher on redemption", async () => {
    await api.database.db.update(znsTemplates).set({ active: true }).where(eq(znsTemplates.trigger, "welcome"));
    const m = await enrolledMember(api, "sandbox-flow", "Phạm Hồng Nhung");
    await api.database.db.update(users).set({ phone: "84987654321" }).where(eq(users.id, m.user.id));
    const d = api.deps.messaging;
    await runOnce(d); // the dispatcher's cursor starts now
    await api.ok(preferenceEndpoints.setConsent, {
      token: m.session.accessToken,
      body: { purpose: "zns_care", granted: true, wordingVersion: PURPOSES.zns_care.version },
    });
    const q1 = await makeStore(api);
    const staff = await (await makeStaff(api, q1)).signIn();
    await earn(api, staff, {
      storeId: q1.id,
      receiptNo: "HD-SANDBOX",
      billVnd: 500_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    const reward = await makeReward(api, { name: "Bánh croissant bơ", pointsCost: 40 });
    const redeemed = await api.ok(loyaltyEndpoints.redeem, {
      token: m.session.accessToken,
      body: { rewardId: reward.id, idempotencyKey: "sandbox-redeem" },
    });
    await drain(d);
    // The sandbox posts its delivery events on its own: wait for them, not for a guessed time.
    const mine = await eventually(async () => {
      const rows = await api.database.db.select().from(messages).where(eq(messages.memberId, m.card.memberId)).orderBy(messages.source);
      expect(rows.map((x) => [x.source, x.status])).toEqual([
        ["trigger:points_updated", "delivered"],
        ["trigger:voucher_issued", "delivered"],
        ["trigger:welcome", "delivered"],
      ]);
      return rows;
    });
    // Each inbox copy is matched to its message by tracking id: rows queued at the same test
    // instant have no order of their own (PostgreSQL and PGlite return them differently).
    const inbox = await api.database.db.select().from(sandboxInbox).where(eq(sandboxInbox.phone, "84987654321"));
    const textOf = (source: string) => inbox.find((i) => i.trackingId === mine.find((x) => x.source === source)?.trackingId)?.text;
    expect(textOf("trigger:welcome")).toMatch(/Chào mừng Phạm Hồng Nhung/);
    expect(textOf("trigger:points_updated")).toMatch(/vừa được cộng 50 điểm/);

    // Issue 10 item 13: the member got the live code; the console's message log and sandbox
    // inbox show it masked, to marketers and managers alike (a manager reveals it, audited).
    const code = redeemed.body.voucher.code;
    expect(textOf("trigger:voucher_issued")).toContain(code);
    const masked = `****-****-****-${code.slice(-4)}`;
    const marketer = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "marketer" } })).body.session.accessToken;
    const log = await api.ok(messagingEndpoints.listMessages, { token: marketer, query: { source: "trigger:voucher_issued" } });
    const logged = log.body.items.find((i) => i.memberId === m.card.memberId)!.text;
    const sandbox = await api.ok(messagingEndpoints.sandbox, { token: marketer });
    const inInbox = sandbox.body.items.find((i) => i.msgId === inbox.find((x) => x.text.includes(code))?.msgId)!.text;
    for (const text of [logged, inInbox]) {
      expect(text).toContain(masked);
      expect(text).not.toContain(code.slice(0, 9));
    }
  });

  it("quotes in each points message the balance right after its earn, even when two earns are read in one pass", async () => {
    const m = await member();
    const q1 = await makeStore(api);
    const staff = await (await makeStaff(api, q1)).signIn();
    const d = deps(scripted([]));
    await runOnce(d); // the dispatcher's cursor starts before both earns
    for (const [receiptNo, billVnd] of [
      [`HD-BAL-A-${n}`, 500_000],
      [`HD-BAL-B-${n}`, 200_000],
    ] as const) {
      const res = await earn(api, staff, {
        storeId: q1.id,
        receiptNo,
        billVnd,
        member: { scanToken: await scanToken(api, staff, m.card) },
      });
      expect(res.status).toBe(200);
    }
    await drain(d);
    const rows = await api.database.db
      .select()
      .from(messages)
      .where(and(eq(messages.memberId, m.card.memberId), eq(messages.source, "trigger:points_updated")));
    expect(rows.map((r) => r.templateData).sort((a, b) => Number(a.diem) - Number(b.diem))).toEqual([
      expect.objectContaining({ diem: 20, tong_diem: 70 }),
      expect.objectContaining({ diem: 50, tong_diem: 50 }),
    ]);
  });

  async function signedEvent(trackingId: string, msgId: string) {
    const { webhookSignature } = await import("../../src/server/features/messaging/webhook");
    const timestamp = String(api.clock.now());
    const raw = JSON.stringify({
      event_name: "user_received_message",
      app_id: "sandbox",
      timestamp,
      message: { msg_id: msgId, tracking_id: trackingId, delivery_time: timestamp },
    });
    return { raw, signature: webhookSignature(api.deps.config.webhook!, raw, timestamp) };
  }

  it("pages the console's message log without skipping messages queued at the same moment", async () => {
    const m = await member();
    const at = api.clock.now();
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) ids.add(((await enqueue(m.card.memberId)) as { messageId: string }).messageId);
    expect(
      new Set(
        (await api.database.db.select().from(messages).where(eq(messages.memberId, m.card.memberId))).map((r) => r.createdAt.getTime()),
      ),
    ).toEqual(new Set([at]));
    const manager = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "manager" } })).body.session.accessToken;
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const query: { limit: number; before?: string } = { limit: 3, before: before ?? undefined };
      const page = await api.ok(messagingEndpoints.listMessages, { token: manager, query });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((x) => x.id));
      before = page.body.nextBefore;
    } while (before);
    expect(seen.filter((id) => ids.has(id))).toHaveLength(7);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await api.call("GET", "/console/messaging/messages?before=yesterday", { token: manager })).body.error.code).toBe(
      "invalid_request",
    );
    // The reason filter is the stored code itself: zns_-112 does not bring up zns_-1121.
    const [first, second] = [...ids];
    await api.database.db.update(messages).set({ status: "failed", lastError: "zns_-112" }).where(eq(messages.id, first!));
    await api.database.db.update(messages).set({ status: "failed", lastError: "zns_-1121" }).where(eq(messages.id, second!));
    const byReason = async (error: string) =>
      (await api.ok(messagingEndpoints.listMessages, { token: manager, query: { limit: 50, error } })).body.items.map((x) => x.id);
    expect(await byReason("zns_-112")).toEqual([first]);
    expect(await byReason("zns_-1121")).toEqual([second]);
  });

  it("fills every member field a template can use from the member's own data", async () => {
    const m = await member();
    const token = m.session.accessToken;
    await api.ok(preferenceEndpoints.saveAnswer, {
      token,
      params: { questionId: "birthday" },
      body: { formVersion: 1, value: { kind: "birthday", day: 2, month: 9 } },
    });
    await api.ok(preferenceEndpoints.saveAnswer, {
      token,
      params: { questionId: "favourite_categories" },
      body: { formVersion: 1, value: { kind: "multi", optionIds: ["tea", "pastry"] } },
    });
    const q1 = await makeStore(api, { name: "Cửa hàng Nguyễn Huệ" });
    const staff = await (await makeStaff(api, q1)).signIn();
    await api.ok(preferenceEndpoints.saveAnswer, {
      token,
      params: { questionId: "preferred_store" },
      body: { formVersion: 1, value: { kind: "store", storeId: q1.id } },
    });
    await earn(api, staff, {
      storeId: q1.id,
      receiptNo: `HD-FIELDS-${n}`,
      billVnd: 250_000,
      member: { scanToken: await scanToken(api, staff, m.card) },
    });
    const { fieldValuesFor } = await import("../../src/server/features/messaging/member-fields");
    const values = (await fieldValuesFor(api.database.db, brandId, [m.card.memberId], api.clock.now())).get(m.card.memberId);
    expect(values).toEqual({
      name: "Nguyễn Văn Tin",
      member_no: m.card.memberNo,
      tier: "Thành viên",
      points_balance: 25,
      expiring_points: 25,
      expiring_date: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/),
      last_visit: expect.stringMatching(/^\d{2}\/\d{2}\/2026$/),
      birthday: "02/09",
      favourite_category: "Trà & trà sữa",
      preferred_store: q1.name,
      deep_link: "https://zalo.me/s/3423472366583461276/",
    });
  });
});

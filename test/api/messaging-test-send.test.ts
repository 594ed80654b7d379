import { and, eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messagingEndpoints } from "../../src/contract/endpoints/messaging";
import { PURPOSES } from "../../src/domain/consent/purposes";
import { messages, users, znsTemplates } from "../../src/server/db/schema";
import { enqueueForTrigger, enqueueMessage } from "../../src/server/features/messaging/enqueue";
import { zaloTransport } from "../../src/server/features/messaging/transports";
import type { MessagingDeps } from "../../src/server/features/messaging/types";
import { runOnce } from "../../src/server/features/messaging/worker";
import type { ZaloFake } from "../fakes/zalo-fake";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { znsRig, type ZnsRig } from "../support/zns";

/**
 * Issue 11 items 7 and 8 against the fake Zalo: console test sends go in Zalo's development mode
 * with sample values for what the member lacks, take no quota and count toward no promotion cap;
 * a value too long for its type shortens or falls back, and the message says so.
 */
describe("console test sends in Zalo's development mode, and values that do not fit their ZNS type", () => {
  let api: TestApi;
  let rig: ZnsRig;
  let fake: ZaloFake;
  let brandId: string;
  let token: string;
  let points: typeof znsTemplates.$inferSelect;
  let promo: typeof znsTemplates.$inferSelect;
  let welcome: typeof znsTemplates.$inferSelect;
  let d: MessagingDeps;

  beforeAll(async () => {
    api = await testApi();
    api.clock.set(Date.UTC(2026, 10, 24, 3, 0)); // 10:00 in Vietnam: no quiet hours
    rig = await znsRig(api, randomBytes(32)); // the welcome is switched off: these tests queue their own
    ({ fake, brandId } = rig);
    const templates = await api.database.db.select().from(znsTemplates);
    points = templates.find((t) => t.trigger === "points_updated")!;
    promo = templates.find((t) => t.tag === "promotion")!;
    welcome = templates.find((t) => t.trigger === "welcome")!;
    for (const t of [points, promo, welcome])
      fake.znsTemplates.set(
        t.znsTemplateId,
        t.params.map((p) => p.name),
      );
    // The API and the worker both use the real Zalo transport, pointed at the fake.
    api.deps.messaging.config.transport = zaloTransport({ znsUrl: fake.url, timeoutMs: 1_000 }, rig.store);
    d = api.deps.messaging;
    token = (await api.call("POST", "/console/auth/dev", { body: { role: "manager" } })).body.session.accessToken;
  });
  afterAll(async () => {
    await rig.close();
    await api.close();
  });

  let n = 0;
  async function member(name = "Lê Thu Trang", purposes: ("zns_care" | "zns_promo")[] = ["zns_care"]) {
    const m = await enrolledMember(api, `ts-${++n}`, name);
    await api.database.db
      .update(users)
      .set({ phone: `8491234${String(5000 + n)}` })
      .where(eq(users.id, m.user.id));
    for (const purpose of purposes)
      await api.call("POST", "/members/me/consents", {
        token: m.session.accessToken,
        body: { purpose, granted: true, wordingVersion: PURPOSES[purpose].version },
      });
    return m;
  }
  const row = async (id: string) => (await api.database.db.select().from(messages).where(eq(messages.id, id)))[0]!;
  const quota = async () => (await api.ok(messagingEndpoints.quota, { token })).body;
  async function drain() {
    while ((await runOnce(d)) > 0);
    await fake.settled();
  }

  it("offers a sample for each parameter the member has no value for (the points template's diem)", async () => {
    const m = await member();
    const { body } = await api.ok(messagingEndpoints.testSendPreview, {
      token,
      query: { templateId: points.id, memberId: m.card.memberId },
    });
    expect(body).toMatchObject({ transport: "zalo", consentRefusal: null });
    expect(body.params).toEqual([
      { name: "ten_khach_hang", type: "customer_name", value: "Lê Thu Trang", fallback: "Quý khách", sample: "Nguyễn Thị Lan" },
      { name: "diem", type: "number", value: null, fallback: null, sample: "45" },
      { name: "tong_diem", type: "number", value: 0, fallback: null, sample: "1.250" },
      { name: "ma_khach_hang", type: "code", value: expect.any(String), fallback: null, sample: "00100024" },
    ]);
  });

  it("renders the points template with the sample, sends it with mode=development, and leaves the quota alone", async () => {
    const m = await member();
    const before = await quota();
    const { body } = await api.ok(messagingEndpoints.testSend, {
      token,
      body: { templateId: points.id, memberId: m.card.memberId, samples: { diem: "1.250" } },
    });
    expect(body).toMatchObject({ queued: true, problems: [] });
    const id = body.messageId!;
    expect(await row(id)).toMatchObject({ source: "test", devMode: true, templateData: { diem: 1250 } });
    await drain();

    const sent = JSON.parse(fake.requests.findLast((r) => r.path === "/message/template")!.body);
    expect(sent).toMatchObject({ mode: "development", template_data: { ten_khach_hang: "Lê Thu Trang", diem: 1250 } });
    expect(fake.znsAccepted.get((await row(id)).trackingId)).toMatchObject({ mode: "development" });
    expect((await row(id)).status).toMatch(/^(sent|delivered)$/);
    expect(await quota()).toMatchObject({ sent: before.sent, promo: before.promo });

    // The log marks it as a test in development mode.
    const log = await api.ok(messagingEndpoints.listMessages, { token, query: { source: "test" } });
    expect(log.body.items.find((i) => i.id === id)).toMatchObject({ devMode: true, source: "test" });
  });

  it("a message that is not a test goes without a mode, and takes quota", async () => {
    const m = await member();
    const before = await quota();
    const out = await api.database.db.transaction((tx) =>
      enqueueMessage(tx, {
        brandId,
        memberId: m.card.memberId,
        template: points,
        source: "trigger:points_updated",
        dedupeKey: `earn-${n}`,
        at: api.clock.now(),
        extras: { points_earned: 5 },
      }),
    );
    expect(out.queued).toBe(true);
    await drain();
    expect(JSON.parse(fake.requests.findLast((r) => r.path === "/message/template")!.body)).not.toHaveProperty("mode");
    expect((await quota()).sent).toBe(before.sent + 1);
  });

  it("refuses bad samples with 422 test_samples_invalid and queues nothing", async () => {
    const m = await member();
    const count = async () => (await api.database.db.select({ id: messages.id }).from(messages)).length;
    const before = await count();
    const notNumber = await api.refused(messagingEndpoints.testSend, {
      token,
      body: { templateId: points.id, memberId: m.card.memberId, samples: { diem: "nhiều", khong_co: "1" } },
    });
    expect(notNumber.status).toBe(422);
    expect(notNumber.body.error).toMatchObject({
      code: "test_samples_invalid",
      issues: [
        { code: "value_not_whole_number", field: "diem" },
        { code: "sample_not_a_param", field: "khong_co" },
      ],
    });
    const tooLong = await api.refused(messagingEndpoints.testSend, {
      token,
      body: { templateId: points.id, memberId: m.card.memberId, samples: { diem: "x".repeat(201) } },
    });
    expect(tooLong).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    const noTemplate = await api.refused(messagingEndpoints.testSendPreview, {
      token,
      query: { templateId: "00000000-0000-4000-8000-000000000000", memberId: m.card.memberId },
    });
    expect(noTemplate).toMatchObject({ status: 404, body: { error: { code: "template_not_found" } } });
    expect(await count()).toBe(before);
  });

  it("says before the send when the member has not consented to the template's purpose", async () => {
    const m = await member("Đỗ Văn Nam", []);
    const { body } = await api.ok(messagingEndpoints.testSendPreview, {
      token,
      query: { templateId: points.id, memberId: m.card.memberId },
    });
    expect(body.consentRefusal).toBe("not_granted");
  });

  it("a test promotion never counts toward the member's promotion caps", async () => {
    const m = await member("Phan Minh Châu", ["zns_care", "zns_promo"]);
    const test = await api.ok(messagingEndpoints.testSend, { token, body: { templateId: promo.id, memberId: m.card.memberId } });
    expect(test.body.queued).toBe(true);
    await drain();
    expect((await row(test.body.messageId!)).status).toMatch(/^(sent|delivered)$/);
    // The member's one promotion of the day is still theirs.
    const real = await api.database.db.transaction((tx) =>
      enqueueMessage(tx, {
        brandId,
        memberId: m.card.memberId,
        template: promo,
        source: "campaign:c1",
        dedupeKey: `c1-${n}`,
        at: api.clock.now(),
      }),
    );
    await drain();
    expect(await row((real as { messageId: string }).messageId)).toMatchObject({ lastError: null });
    expect((await row((real as { messageId: string }).messageId)).status).toMatch(/^(sent|delivered)$/);
  });

  // Issue 11 item 7: "a 35-character Zalo name means the welcome is never sent".
  it("sends the welcome to a member with a 35-character Zalo name, shortened, and records it on the message", async () => {
    const name = "Nguyễn Trần Bảo Ngọc Phương Anh Thư";
    expect([...name]).toHaveLength(35);
    const m = await member(name);
    await api.database.db.update(znsTemplates).set({ active: true }).where(eq(znsTemplates.id, welcome.id));
    try {
      const out = await api.database.db.transaction((tx) =>
        enqueueForTrigger(tx, {
          brandId,
          memberId: m.card.memberId,
          trigger: "welcome",
          dedupeKey: `welcome:${m.card.memberId}`,
          at: api.clock.now(),
        }),
      );
      expect(out.queued).toBe(true);
      await drain();
    } finally {
      await api.database.db.update(znsTemplates).set({ active: false }).where(eq(znsTemplates.id, welcome.id));
    }
    const [msg] = await api.database.db
      .select()
      .from(messages)
      .where(and(eq(messages.memberId, m.card.memberId), eq(messages.templateId, welcome.id)));
    expect(msg!.status).toMatch(/^(sent|delivered)$/);
    expect(fake.znsAccepted.get(msg!.trackingId)?.data).toMatchObject({ ten_khach_hang: "Nguyễn Trần Bảo Ngọc Phương" });
    expect(msg!.renderNotes).toEqual([{ code: "param_shortened", field: "ten_khach_hang", params: { max: 30 } }]);
    const log = await api.ok(messagingEndpoints.listMessages, { token, query: { templateId: welcome.id } });
    expect(log.body.items.find((i) => i.id === msg!.id)?.renderNotes).toEqual(msg!.renderNotes);
  });
});

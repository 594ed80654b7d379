/**
 * Campaign channels (issue 15; docs/messaging.md#mini-app-notifications): ZNS, Mini App
 * notification, or "notification first, ZNS if not allowed". The funnel counts by channel; the
 * materialisation routes each member to one channel (never both, even twice at once); consent or
 * Zalo's permission withdrawn after queueing stops the notification at send time; and the
 * notification goes to the fake's documented endpoint (§5.4) with its headers and fields.
 */
import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignEndpoints } from "../../src/contract/endpoints/campaigns";
import { messagingEndpoints } from "../../src/contract/endpoints/messaging";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { memberEndpoints } from "../../src/contract/endpoints/members";
import { segmentEndpoints } from "../../src/contract/endpoints/segments";
import { PURPOSES } from "../../src/domain/consent/purposes";
import { members, messages, sandboxInbox, users, zaloPermissionAnswers, znsTemplates } from "../../src/server/db/schema";
import { materialise } from "../../src/server/features/campaigns/audience";
import { loadCampaign } from "../../src/server/features/campaigns/store";
import { zaloTransport } from "../../src/server/features/messaging/transports";
import { runOnce } from "../../src/server/features/messaging/worker";
import { FAKE_ERRORS, ZaloFake } from "../fakes/zalo-fake";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { consoleSession, testBrand } from "../support/factories";

const T0 = Date.UTC(2026, 10, 24, 3, 0); // 10:00 in Vietnam: no quiet hours
const DAY = 86_400_000;
type Member = { memberId: string; token: string; userId: string; allows: boolean; devId: string };

describe("campaign channels: routing, fallback, one message per member, send-time checks, the notification API", () => {
  let api: TestApi;
  let marketer: string;
  let brandId: string;
  let templateId: string;
  let segmentId: string;
  const people: Member[] = [];

  beforeAll(async () => {
    api = await testApi();
    api.clock.set(T0);
    const db = api.database.db;
    brandId = (await testBrand(api)).id;
    await db.update(znsTemplates).set({ active: false }).where(eq(znsTemplates.trigger, "welcome"));
    const [template] = await db
      .insert(znsTemplates)
      .values({
        brandId,
        name: "Ưu đãi cuối tuần",
        znsTemplateId: "409901",
        tag: "promotion",
        preview: "<ten_khach_hang> ơi, ưu đãi mới đang chờ bạn",
        params: [{ name: "ten_khach_hang", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" }],
      })
      .returning();
    templateId = template!.id;
    // 9 members, all with a phone and promotion consent; every third allowed notifications, every
    // third agreed on our screen but refused Zalo's prompt, the rest never asked.
    for (let i = 0; i < 9; i++) {
      const m = await enrolledMember(api, `chan-${i}`, `Khách ${i}`);
      await db
        .update(users)
        .set({ phone: `849400${String(10_000 + i)}` })
        .where(eq(users.id, m.user.id));
      const consent = (purpose: "zns_promo" | "app_notifications", granted = true) =>
        api.call("POST", "/members/me/consents", {
          token: m.session.accessToken,
          body: { purpose, granted, wordingVersion: PURPOSES[purpose].version },
        });
      await consent("zns_promo");
      if (i % 3 !== 2) {
        await consent("app_notifications");
        const outcome = i % 3 === 0 ? "allowed" : "refused";
        const res = await api.call("POST", "/members/me/consents/zalo", {
          token: m.session.accessToken,
          body: { purpose: "app_notifications", permission: "requestSendNotification", outcome },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
      people.push({ memberId: m.card.memberId, token: m.session.accessToken, userId: m.user.id, allows: i % 3 === 0, devId: `chan-${i}` });
    }
    marketer = await consoleSession(api, "marketer");
    // Only ours: the segment names its members by their Zalo answers' owners would be overkill; all members, the seed's erased.
    const { body: seg } = await api.ok(segmentEndpoints.createSegment, {
      token: marketer,
      body: { name: "Tất cả", rule: { type: "group", combine: "and", items: [] } },
    });
    segmentId = seg.id;
  });
  afterAll(() => api.close());

  async function create(name: string, channel: "zns" | "miniapp" | "miniapp_then_zns") {
    const { body } = await api.ok(campaignEndpoints.createCampaign, {
      token: marketer,
      body: {
        name,
        segmentId,
        segmentVersion: 1,
        arms: [{ key: "A", templateId, params: [], sharePercent: 100 }],
        controlPercent: 0,
        schedule: { kind: "now" },
        important: true,
        channel,
      },
    });
    expect(body.channel).toBe(channel);
    return body;
  }
  const submit = (id: string) =>
    api.ok(campaignEndpoints.transitionCampaign, {
      token: marketer,
      params: { campaignId: id },
      body: { action: "submit", basedOnVersion: 1 },
    });
  const ours = <T extends { memberId: string }>(rows: T[]) => rows.filter((r) => people.some((p) => p.memberId === r.memberId));
  const messagesOf = async (id: string) =>
    ours(
      await api.database.db
        .select()
        .from(messages)
        .where(like(messages.source, `campaign:${id}`)),
    );

  it("notification first: the funnel counts by channel; each member gets one message on one channel, twice at once too", async () => {
    const c = await create("Thông báo trước", "miniapp_then_zns");
    const funnel = await api.ok(campaignEndpoints.campaignFunnel, { token: marketer, params: { campaignId: c.id } });
    const allowing = people.filter((p) => p.allows).length;
    expect(funnel.body.byChannel.miniapp).toBe(allowing);
    expect(funnel.body.byChannel.zns).toBeGreaterThanOrEqual(people.length - allowing);
    const sent = await submit(c.id);
    expect(sent.body.status).toBe("sending");
    const loaded = (await loadCampaign(api.database.db, brandId, c.id))!;
    await Promise.all([0, 1].map(() => materialise(api.database.db, api.deps.messaging.config, loaded, api.clock.now())));
    const queued = await messagesOf(c.id);
    expect(queued.length).toBe(people.length);
    expect(new Set(queued.map((m) => m.memberId)).size).toBe(people.length);
    for (const p of people) {
      const m = queued.find((x) => x.memberId === p.memberId)!;
      expect([m.channel, m.purpose]).toEqual(p.allows ? ["miniapp", "app_notifications"] : ["zns", "zns_promo"]);
    }

    // After queueing: one allowing member withdraws the purpose; another refuses Zalo's prompt now
    // and withdraws their promotion consent too.
    const [withdraws, refuses] = people.filter((p) => p.allows);
    await api.call("POST", "/members/me/consents", {
      token: withdraws!.token,
      body: { purpose: "app_notifications", granted: false, wordingVersion: PURPOSES.app_notifications.version },
    });
    await api.call("POST", "/members/me/consents/zalo", {
      token: refuses!.token,
      body: { purpose: "app_notifications", permission: "requestSendNotification", outcome: "refused" },
    });
    await api.call("POST", "/members/me/consents", {
      token: refuses!.token,
      body: { purpose: "zns_promo", granted: false, wordingVersion: PURPOSES.zns_promo.version },
    });
    while ((await runOnce(api.deps.messaging)) > 0);
    const after = await messagesOf(c.id);
    const of = (p: Member) => after.find((m) => m.memberId === p.memberId)!;
    // "Notification first, ZNS if not allowed": the withdrawal sends it by ZNS (promotion consent
    // kept), marked as a fallback with why; without promotion consent the notification just stops.
    expect([of(withdraws!).channel, of(withdraws!).purpose, of(withdraws!).fallbackReason]).toEqual([
      "zns",
      "zns_promo",
      "consent_withdrawn",
    ]);
    expect(["sent", "delivered"]).toContain(of(withdraws!).status);
    expect([of(refuses!).status, of(refuses!).lastError, of(refuses!).fallbackReason]).toEqual([
      "cancelled",
      "notification_not_allowed",
      null,
    ]);
    const third = people.filter((p) => p.allows)[2]!;
    expect(of(third).status).toBe("sent");
    // The sandbox inbox holds the notification, addressed to the member's Zalo id, with the rendered words.
    const inbox = await api.database.db
      .select()
      .from(sandboxInbox)
      .where(eq(sandboxInbox.trackingId, of(third).trackingId));
    const [user] = await api.database.db.select().from(users).where(eq(users.id, third.userId));
    expect(inbox[0]?.phone).toBe(`zalo:${user!.zaloId}`);
    expect(inbox[0]?.text).toContain("ưu đãi mới đang chờ bạn");
    // Nobody got both: one message per member, and ZNS only for those who did not allow notifications (or fell back).
    const zns = after.filter((m) => m.channel === "zns");
    expect(zns.every((m) => !people.find((p) => p.memberId === m.memberId)!.allows || m.fallbackReason !== null)).toBe(true);
    expect(zns.filter((m) => m.status === "sent" || m.status === "delivered").length).toBe(zns.length);

    // Where the marketer looks: the results per channel (a stop with a reason counts as not sent,
    // as the campaign's totals count it), and the log filtered by channel.
    const all = await api.database.db
      .select()
      .from(messages)
      .where(eq(messages.source, `campaign:${c.id}`));
    const results = await api.ok(campaignEndpoints.campaignResults, { token: marketer, params: { campaignId: c.id } });
    const accepted = (ms: typeof all) => ms.filter((m) => m.status === "sent" || m.status === "delivered").length;
    const allZns = all.filter((m) => m.channel === "zns");
    expect(results.body.byChannel).toEqual([
      {
        channel: "zns",
        sent: accepted(allZns),
        delivered: allZns.filter((m) => m.status === "delivered").length,
        failed: allZns.filter((m) => m.status === "failed" || (m.status === "cancelled" && m.lastError !== null)).length,
      },
      { channel: "miniapp", sent: 1, delivered: 0, failed: 1 },
    ]);
    expect(accepted(allZns)).toBeGreaterThanOrEqual(zns.length);
    // The two "not sent" figures the results page labels apart: the total counts every recipient
    // who got nothing (never queued too), the channel table only the queued messages that did not go.
    const notQueued = results.body.groups.reduce((sum, g) => sum + g.notQueued, 0);
    expect(results.body.failed).toBe(results.body.byChannel.reduce((sum, r) => sum + r.failed, 0) + notQueued);
    const log = await api.ok(messagingEndpoints.listMessages, {
      token: marketer,
      query: { source: `campaign:${c.id}`, channel: "miniapp" },
    });
    expect(log.body.items.map((m) => [m.memberId, m.channel]).sort()).toEqual(
      people
        .filter((p) => p.allows && p !== withdraws)
        .map((p) => [p.memberId, "miniapp"])
        .sort(),
    );
    // The log says which ZNS messages went in place of a notification, and why.
    const znsLog = await api.ok(messagingEndpoints.listMessages, {
      token: marketer,
      query: { source: `campaign:${c.id}`, channel: "zns" },
    });
    expect(znsLog.body.items.filter((m) => m.fallbackReason !== null).map((m) => [m.memberId, m.fallbackReason])).toEqual([
      [withdraws!.memberId, "consent_withdrawn"],
    ]);
  });

  it("notification only, through the Mini App API (the fake): headers and fields as documented; a refusal is recorded, not retried", async () => {
    const fake = await new ZaloFake("app", "secret").start();
    const sandbox = api.deps.messaging.config.transport;
    api.deps.messaging.config.transport = zaloTransport(
      {
        znsUrl: fake.url,
        timeoutMs: 2_000,
        miniApp: {
          url: fake.url,
          apiKey: fake.miniApp.apiKey,
          miniAppId: fake.miniApp.id,
          templateId: fake.miniApp.templateId,
          timeoutMs: 2_000,
        },
      },
      // No ZNS is sent in this campaign: the OA token store is never asked.
      { accessToken: async () => null, disconnected: async () => false, refresh: async () => false } as never,
    );
    try {
      // The next day: the promotion caps count both channels, and everyone got one yesterday.
      api.clock.set(T0 + 86_400_000);
      marketer = await consoleSession(api, "marketer");
      const c = await create("Chỉ thông báo", "miniapp");
      const funnel = await api.ok(campaignEndpoints.campaignFunnel, { token: marketer, params: { campaignId: c.id } });
      expect(funnel.body.byChannel.zns).toBe(0);
      // Still allowing after the first test: the third of them; the platform refuses one more we make allowed now.
      const extra = people.find((p) => !p.allows && people.indexOf(p) % 3 === 1)!;
      // (Its session expired with the day: recorded as the Mini App's route records it.)
      await api.database.db.insert(zaloPermissionAnswers).values({
        userId: extra.userId,
        purpose: "app_notifications",
        permission: "requestSendNotification",
        outcome: "allowed",
        createdAt: new Date(api.clock.now()),
      });
      const [extraUser] = await api.database.db.select().from(users).where(eq(users.id, extra.userId));
      fake.notificationsRefused.add(extraUser!.zaloId!);
      await submit(c.id);
      const queued = await messagesOf(c.id);
      expect(queued.every((m) => m.channel === "miniapp")).toBe(true);
      expect(queued.map((m) => m.memberId).sort()).toEqual([people.filter((p) => p.allows)[2]!.memberId, extra.memberId].sort());
      while ((await runOnce(api.deps.messaging)) > 0);
      const after = await messagesOf(c.id);
      const status = (p: { memberId: string }) => after.find((m) => m.memberId === p.memberId)!;
      expect([status(extra).status, status(extra).lastError]).toEqual(["failed", `miniapp_${FAKE_ERRORS.notificationRefused}`]);
      const ok = status(people.filter((p) => p.allows)[2]!);
      expect(ok.status).toBe("sent");
      expect(ok.msgId).toMatch(/^ntf-/);
      expect(fake.notifications).toHaveLength(1);
      const sentTo = fake.notifications[0]!;
      expect(sentTo.templateId).toBe(fake.miniApp.templateId);
      expect(sentTo.data).toMatchObject({ title: "Ưu đãi cuối tuần", buttonText: expect.any(String) });
      expect(String(sentTo.data.contentDescription)).toContain("ưu đãi mới");
      expect(fake.requests.filter((r) => r.path === "/message/template")).toEqual([]);
      // Only notifications: none of the OA's ZNS quota was taken.
      const inQuota = await api.database.db
        .select()
        .from(messages)
        .where(
          and(
            inArray(
              messages.id,
              after.map((m) => m.id),
            ),
            eq(messages.channel, "miniapp"),
          ),
        );
      expect(inQuota.every((m) => m.quotaDay === null)).toBe(true);
    } finally {
      api.deps.messaging.config.transport = sandbox;
      await fake.stop();
    }
  });
  it("§5.4: notifications only to members who used the Mini App in the last 7 days — recorded once a day; notification first falls back to ZNS, notification only fails", async () => {
    const db = api.database.db;
    const lastUse = async (p: Member) => (await db.select().from(members).where(eq(members.id, p.memberId)))[0]!.lastAppUseAt?.getTime();
    /** The member opens the Mini App: signs in and reads their card (an ordinary authenticated call). */
    const useApp = async (p: Member) => {
      const login = await api.ok(authEndpoints.zaloLogin, { body: { accessToken: `dev:${p.devId}|x` } });
      await api.ok(memberEndpoints.card, { token: login.body.session.accessToken });
      return login.body.session.accessToken;
    };
    const active = people.filter((p) => p.allows)[2]!; // still allows, from the first test
    const stale = people.find((p) => !p.allows && people.indexOf(p) % 3 === 1)!; // allowed in the second test, used the app at T0

    // Ten days on: the first use of the day is recorded; later calls that day write nothing.
    api.clock.set(T0 + 10 * DAY);
    const token = await useApp(active);
    expect(await lastUse(active)).toBe(T0 + 10 * DAY);
    api.clock.set(T0 + 10 * DAY + 60_000);
    await api.ok(memberEndpoints.card, { token });
    expect(await lastUse(active)).toBe(T0 + 10 * DAY);
    api.clock.set(T0 + 10 * DAY + 3_600_000);
    await useApp(active);
    expect(await lastUse(active)).toBe(T0 + 10 * DAY);
    expect(await lastUse(stale)).toBeLessThan(T0 + 3 * DAY);
    marketer = await consoleSession(api, "marketer");

    // Notification first: the stale member, though allowing, is counted and queued for ZNS.
    const first = await create("Gần đây trước", "miniapp_then_zns");
    const funnel = await api.ok(campaignEndpoints.campaignFunnel, { token: marketer, params: { campaignId: first.id } });
    expect(funnel.body.byChannel.miniapp).toBe(1);
    await submit(first.id);
    const queued = await messagesOf(first.id);
    const of = (ms: typeof queued, p: Member) => ms.find((m) => m.memberId === p.memberId)!;
    expect(of(queued, active).channel).toBe("miniapp");
    expect(of(queued, stale).channel).toBe("zns");

    // The send waits past the window (8 days): the notification goes by ZNS instead, once.
    api.clock.set(T0 + 18 * DAY);
    while ((await runOnce(api.deps.messaging)) > 0);
    const fellBack = of(await messagesOf(first.id), active);
    expect([fellBack.channel, fellBack.purpose, fellBack.lastError, fellBack.fallbackReason]).toEqual([
      "zns",
      "zns_promo",
      null,
      "notification_inactive",
    ]);
    expect(["sent", "delivered"]).toContain(fellBack.status);
    const inbox = await db.select().from(sandboxInbox).where(eq(sandboxInbox.trackingId, fellBack.trackingId));
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.phone.startsWith("zalo:")).toBe(false);

    // Notification only: queued while the member is active, sent after the window → failed with
    // the typed code, never retried, nothing sent; the results say it in their reasons and per channel.
    marketer = await consoleSession(api, "marketer");
    await useApp(active);
    const only = await create("Chỉ thông báo, muộn", "miniapp");
    const onlyFunnel = await api.ok(campaignEndpoints.campaignFunnel, { token: marketer, params: { campaignId: only.id } });
    expect(onlyFunnel.body.byChannel).toEqual({ zns: 0, miniapp: 1 });
    await submit(only.id);
    expect((await messagesOf(only.id)).map((m) => [m.memberId, m.channel])).toEqual([[active.memberId, "miniapp"]]);
    api.clock.set(T0 + 26 * DAY);
    for (let pass = 0; pass < 2; pass++) while ((await runOnce(api.deps.messaging)) > 0);
    const [failed] = await messagesOf(only.id);
    expect([failed!.status, failed!.lastError, failed!.attempts, failed!.sentAt]).toEqual(["failed", "notification_inactive", 1, null]);
    expect(await db.select().from(sandboxInbox).where(eq(sandboxInbox.trackingId, failed!.trackingId))).toEqual([]);
    marketer = await consoleSession(api, "marketer");
    const results = await api.ok(campaignEndpoints.campaignResults, { token: marketer, params: { campaignId: only.id } });
    expect(results.body.failedByReason).toContainEqual({ reason: "notification_inactive", count: 1 });
    expect(results.body.byChannel).toEqual([{ channel: "miniapp", sent: 0, delivered: 0, failed: 1 }]);
  });
});

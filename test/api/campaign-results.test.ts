/**
 * Campaign results through the HTTP API (issue 15 "Results"; docs/decisions/0038): a hand-built
 * campaign (arm A and a control group, a 3-day window) sent through the queue with click links,
 * members earning at the counter inside and outside their window, and the results endpoint's
 * numbers checked against what was done; the click link counted once under concurrent opens,
 * forwarding into the Mini App, and unknown or tampered codes answered 404, never 5xx.
 */
import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignEndpoints } from "../../src/contract/endpoints/campaigns";
import { segmentEndpoints } from "../../src/contract/endpoints/segments";
import { differenceInterval } from "../../src/domain/campaigns/results";
import { DAY_MS } from "../../src/domain/loyalty/vietnam-time";
import { createApp } from "../../src/server/app";
import { auditEvents, brands, members, messages, znsCampaignRecipients, znsCampaigns, znsTemplates } from "../../src/server/db/schema";
import { materialise } from "../../src/server/features/campaigns/audience";
import { openClick } from "../../src/server/features/campaigns/clicks";
import { exportCampaignRecipients } from "../../src/server/features/campaigns/recipients-export";
import { loadCampaign } from "../../src/server/features/campaigns/store";
import { formatMemberNo } from "../../src/server/features/members/cards";
import { runOnce } from "../../src/server/features/messaging/worker";
import { testApi, type TestApi } from "../support/api";
import { parseCsv } from "../support/csv";
import { readXlsx } from "../support/xlsx";
import { promoAudience } from "../support/zns";
import { makeStaff, makeStore, testBrand, type TestStaff } from "../support/factories";
import { earnAt } from "../support/loyalty";

const MEMBERS = 20;
const BASE = "https://loyal.example";
const T0 = Date.UTC(2026, 10, 24, 3, 0); // 10:00 in Vietnam: no quiet hours

describe("campaign results: clicks, conversions per arm and control, lift", () => {
  let api: TestApi;
  let app: ReturnType<typeof createApp>;
  let marketer: string;
  let brandId: string;
  let miniAppUrl: string;
  let storeId: string;
  let cashier: TestStaff;
  const cards = new Map<string, { memberId: string; qrSecret: string }>();
  let campaignId: string;
  let segmentId: string;
  let templateId: string;
  let recorded: (typeof znsCampaignRecipients.$inferSelect)[];

  beforeAll(async () => {
    api = await testApi();
    api.clock.set(T0);
    api.deps.messaging.config.clickLinkBase = BASE;
    app = createApp(api.deps);
    const db = api.database.db;
    brandId = (await testBrand(api)).id;
    miniAppUrl = (await db.select({ url: brands.miniAppUrl }).from(brands).where(eq(brands.id, brandId)))[0]!.url!;
    await db.update(znsTemplates).set({ active: false }).where(eq(znsTemplates.trigger, "welcome"));
    const [template] = await db
      .insert(znsTemplates)
      .values({
        brandId,
        name: "Ưu đãi có nút",
        znsTemplateId: "309901",
        tag: "promotion",
        preview: "<ten_khach_hang> ơi, ưu đãi mới đang chờ bạn: <lien_ket>",
        params: [
          { name: "ten_khach_hang", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" },
          // The button's URL: the member's deep link, which a campaign makes its click link.
          { name: "lien_ket", type: "url", source: { field: "deep_link" } },
        ],
      })
      .returning();
    storeId = (await makeStore(api)).id;
    cashier = await makeStaff(api, { id: storeId, name: "" });
    marketer = (await api.call("POST", "/console/auth/dev", { body: { role: "marketer" } })).body.session.accessToken;
    // Ours only: the seed's demo members are set aside (erased members match no segment).
    for (const [id, card] of await promoAudience(api, { brandId, prefix: "res", count: MEMBERS, phonePrefix: "849200", at: T0 }))
      cards.set(id, card);
    const rule = {
      type: "group" as const,
      combine: "and" as const,
      items: [{ type: "condition" as const, field: "days_since_last_visit", op: "is_not_set" as const }],
    };
    const count = await api.ok(segmentEndpoints.countSegment, { token: marketer, body: { rule } });
    expect(count.body.count).toBe(MEMBERS);
    const seg = await api.ok(segmentEndpoints.createSegment, { token: marketer, body: { name: "Chưa ghé lần nào", rule } });
    segmentId = seg.body.id;
    templateId = template!.id;
    const { body: c } = await api.ok(campaignEndpoints.createCampaign, {
      token: marketer,
      body: {
        name: "Đo kết quả",
        segmentId: seg.body.id,
        segmentVersion: 1,
        arms: [{ key: "A", templateId: template!.id, params: [], sharePercent: 60 }],
        controlPercent: 40,
        conversionDays: 3,
      },
    });
    campaignId = c.id;
    expect(c.conversionDays).toBe(3);
    const sent = await api.ok(campaignEndpoints.transitionCampaign, {
      token: marketer,
      params: { campaignId },
      body: { action: "submit", basedOnVersion: 1 },
    });
    expect(sent.body.status).toBe("sending");
    while ((await runOnce(api.deps.messaging)) > 0);
    recorded = await db.select().from(znsCampaignRecipients).where(eq(znsCampaignRecipients.campaignId, campaignId));
  });
  afterAll(() => api.close());

  const arm = () => recorded.filter((r) => r.arm === "A");
  const control = () => recorded.filter((r) => r.arm === "control");
  const open = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

  it("the control group gets nothing; each sent message carries its member's own click link", async () => {
    expect(recorded.length).toBe(MEMBERS);
    expect(arm().length).toBeGreaterThanOrEqual(3);
    expect(control().length).toBeGreaterThanOrEqual(2);
    const sentMessages = await api.database.db
      .select()
      .from(messages)
      .where(like(messages.source, `campaign:${campaignId}`));
    const controlIds = new Set(control().map((r) => r.memberId));
    expect(sentMessages.filter((m) => controlIds.has(m.memberId))).toEqual([]);
    expect(control().every((r) => r.clickCode === null)).toBe(true);
    expect(sentMessages.length).toBe(arm().length);
    for (const m of sentMessages) {
      expect(m.status === "sent" || m.status === "delivered").toBe(true);
      const r = arm().find((x) => x.memberId === m.memberId)!;
      expect(r.clickCode).toMatch(/^[A-Za-z0-9_-]{22}$/);
      // Nothing of the member in the link: only the random code.
      expect(m.templateData.lien_ket).toBe(`${BASE}/c/${r.clickCode}`);
    }
    expect(new Set(arm().map((r) => r.clickCode)).size).toBe(arm().length);
  });

  it("a click link counts once under 20 concurrent opens and every open forwards into the Mini App", async () => {
    const [first, second] = arm();
    const opens = await Promise.all(Array.from({ length: 20 }, () => openClick(api.database.db, first!.clickCode!, api.clock.now())));
    expect(opens.filter((o) => o?.recorded).length).toBe(1);
    const answers = await Promise.all(Array.from({ length: 20 }, () => open(`/c/${second!.clickCode}`)));
    for (const res of answers) {
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(miniAppUrl);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
    const rows = await api.database.db
      .select()
      .from(znsCampaignRecipients)
      .where(and(eq(znsCampaignRecipients.campaignId, campaignId)));
    expect(
      rows
        .filter((r) => r.clickedAt !== null)
        .map((r) => r.memberId)
        .sort(),
    ).toEqual([first!.memberId, second!.memberId].sort());
    // A later open still forwards and records nothing more.
    const later = await openClick(api.database.db, first!.clickCode!, api.clock.now() + 1000);
    expect(later?.recorded).toBe(false);
  });

  it("the click link is in the OpenAPI document, at the site's root (its own server), public", async () => {
    const doc = (await api.call("GET", "/openapi.json")).body;
    const op = doc.paths["/c/{code}"].get;
    expect(op.servers).toEqual([expect.objectContaining({ url: "/" })]);
    expect(op["x-access"]).toBe("public");
    expect(op.parameters.map((p: { name: string; in: string }) => [p.in, p.name])).toEqual([["path", "code"]]);
    expect(Object.keys(op.responses).sort()).toEqual(["302", "404", "429"]);
  });

  it("unknown and tampered codes: 404 with a code (a page for people), never 5xx, nothing recorded", async () => {
    const code = arm()[2]!.clickCode!;
    const tampered = `${code.slice(0, -1)}${code.endsWith("A") ? "B" : "A"}`;
    for (const path of [`/c/${tampered}`, "/c/short", `/c/${"x".repeat(300)}`, "/c/'%20or%201=1--", "/c/%00", "/c/"]) {
      const json = await open(path, { accept: "application/json" });
      expect(json.status, path).toBe(404);
      if (path !== "/c/") expect(((await json.json()) as { error: { code: string } }).error.code).toBe("click_link_unknown");
      const page = await open(path, { accept: "text/html" });
      expect(page.status, path).toBe(404);
      if (path !== "/c/") {
        expect(page.headers.get("content-type")).toMatch(/text\/html/);
        expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
        expect(await page.text()).toContain('content="click_link_unknown"');
      }
    }
    const clicked = (
      await api.database.db.select().from(znsCampaignRecipients).where(eq(znsCampaignRecipients.campaignId, campaignId))
    ).filter((r) => r.clickedAt !== null);
    expect(clicked.length).toBe(2);
  });

  it("conversions: earns within N days after the send count, per arm and for the control group, with the lift and its interval", async () => {
    const [a1, a2, a3] = arm();
    const [c1, c2] = control();
    const buyAt = (memberId: string, at: number, billVnd: number, receiptNo: string) =>
      earnAt(api, { cashier, storeId, card: cards.get(memberId)! }, at, billVnd, receiptNo);
    await buyAt(a1!.memberId, T0 + 1 * DAY_MS, 250_000, "R-1"); // in the window
    await buyAt(a2!.memberId, T0 + 2 * DAY_MS, 120_000, "R-2"); // in the window
    await buyAt(a3!.memberId, T0 + 4 * DAY_MS, 500_000, "R-3"); // after the 3 days
    await buyAt(c1!.memberId, T0 + 1 * DAY_MS + 3_600_000, 300_000, "R-4"); // control, in the window
    await buyAt(c2!.memberId, T0 + 5 * DAY_MS, 80_000, "R-5"); // control, after
    api.clock.set(T0 + 6 * DAY_MS);
    marketer = (await api.call("POST", "/console/auth/dev", { body: { role: "marketer" } })).body.session.accessToken;
    const { body: r } = await api.ok(campaignEndpoints.campaignResults, { token: marketer, params: { campaignId } });
    const nA = arm().length;
    const nC = control().length;
    expect(r).toMatchObject({ campaignId, conversionDays: 3, recipients: MEMBERS, sent: nA, failed: 0, failedByReason: [], clicks: 2 });
    expect(r.groups).toEqual([
      {
        group: "A",
        recipients: nA,
        notQueued: 0,
        waiting: 0,
        sent: nA,
        delivered: r.delivered,
        failed: 0,
        cancelled: 0,
        clicks: 2,
        converted: 2,
        conversionRate: 2 / nA,
        revenueVnd: 370_000,
      },
      {
        group: "control",
        recipients: nC,
        notQueued: 0,
        waiting: 0,
        sent: 0,
        delivered: 0,
        failed: 0,
        cancelled: 0,
        clicks: 0,
        converted: 1,
        conversionRate: 1 / nC,
        revenueVnd: 300_000,
      },
    ]);
    const ci = differenceInterval(2, nA, 1, nC)!;
    expect(r.lift).toHaveLength(1);
    expect(r.lift[0]!.arm).toBe("A");
    expect(r.lift[0]!.difference).toBeCloseTo(2 / nA - 1 / nC, 12);
    expect(r.lift[0]!.lower).toBeCloseTo(ci.lower, 12);
    expect(r.lift[0]!.upper).toBeCloseTo(ci.upper, 12);
    expect(r.lift[0]!.incrementalRevenueVnd).toBe(Math.round((370_000 / nA - 300_000 / nC) * nA));
    expect(r.windowClosesAt).toBe(new Date(T0 + 3 * DAY_MS).toISOString());
    // By Vietnam day: the sends on the 24th, the two conversions in the window on the 25th and 26th.
    const day = (d: string) => r.series.find((s) => s.date === d);
    expect(day("2026-11-24")).toMatchObject({ sent: nA, clicks: 2, conversions: {} });
    expect(day("2026-11-25")!.conversions).toEqual({ A: 1, control: 1 });
    expect(day("2026-11-26")!.conversions).toEqual({ A: 1 });
    expect(r.series.reduce((s, d) => s + (d.conversions.A ?? 0), 0)).toBe(2);
    expect(r.series[0]!.date).toBe("2026-11-24");
  });

  it("the recipients export (issue 17): a row per recipient in card order, its conversions per group the results' own, in CSV and XLSX, audited", async () => {
    const { body: r } = await api.ok(campaignEndpoints.campaignResults, { token: marketer, params: { campaignId } });
    const res = await api.call("GET", `/console/exports/campaigns/${campaignId}?locale=en`, { token: marketer });
    expect([res.status, res.headers.get("x-row-count")]).toEqual([200, String(MEMBERS)]);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="chien-dich_\d{4}-\d\d-\d\d\.csv"$/);
    const [header, ...rows] = parseCsv(new TextDecoder().decode(res.bytes));
    expect(header).toEqual([
      "card_no",
      "group",
      "channel",
      "status",
      "failure_reason",
      "sent_at",
      "delivered_at",
      "clicked_at",
      "converted",
      "converted_at",
    ]);
    const byCard = await api.database.db
      .select({ seq: members.memberSeq, id: members.id })
      .from(members)
      .where(
        inArray(
          members.id,
          recorded.map((x) => x.memberId),
        ),
      )
      .orderBy(members.memberSeq);
    expect(rows.map((x) => x[0])).toEqual(byCard.map((m) => formatMemberNo(m.seq)));
    const groupOf = (x: string[]) => (x[1] === "Control" ? "control" : x[1]);
    for (const g of r.groups) {
      const mine = rows.filter((x) => groupOf(x) === g.group);
      expect([g.group, mine.length, mine.filter((x) => x[8] === "1").length]).toEqual([g.group, g.recipients, g.converted]);
      expect(mine.filter((x) => x[7] !== "").length).toBe(g.clicks);
    }
    const a = rows.filter((x) => x[1] === "A");
    expect(a.every((x) => x[2] === "ZNS" && ["Sent", "Delivered"].includes(x[3]!) && x[4] === "" && x[5] !== "")).toBe(true);
    expect(rows.filter((x) => x[1] === "Control").every((x) => x[2] === "" && x[3] === "Not sent (control group)" && x[5] === "")).toBe(
      true,
    );
    const audits = await api.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, campaignId), eq(auditEvents.action, "data_exported")));
    expect(audits[0]?.detail).toMatchObject({ export: "campaign_recipients", rows: MEMBERS, format: "csv" });
    // Small batches cross the pairing cursor's edges: the same file, in both formats.
    const [found] = await api.database.db.select().from(znsCampaigns).where(eq(znsCampaigns.id, campaignId));
    const actor = { userId: audits[0]!.actorId!, brandId };
    const small = await exportCampaignRecipients(api.database.db, api.clock.now(), actor, found!, { locale: "en", format: "csv" }, 3);
    expect(parseCsv((await new Response(small.body).text()).replace(/^\uFEFF/, ""))).toEqual([header, ...rows]);
    const xlsx = await exportCampaignRecipients(api.database.db, api.clock.now(), actor, found!, { locale: "en", format: "xlsx" }, 3);
    const sheet = await readXlsx(new Uint8Array(await new Response(xlsx.body).arrayBuffer()));
    expect(sheet.map((x) => x.map((v) => (v === null ? "" : String(v))))).toEqual([header, ...rows]);
    // Another brand's or no campaign: 404, a hostile id 400; nothing recorded for either.
    for (const [path, status] of [
      [`/console/exports/campaigns/${crypto.randomUUID()}`, 404],
      [`/console/exports/campaigns/1'%20or%201=1--`, 400],
      [`/console/exports/campaigns/${campaignId}?format=../../etc`, 400],
    ] as const) {
      const refused = await api.call("GET", path, { token: marketer });
      expect(refused.status, path).toBe(status);
    }
    expect(await api.database.db.select().from(auditEvents).where(eq(auditEvents.action, "data_exported"))).toHaveLength(3);
  });

  it("results of an unknown campaign: 404 campaign_not_found; a window of 0 days is refused", async () => {
    const missing = await api.refused(campaignEndpoints.campaignResults, { token: marketer, params: { campaignId: crypto.randomUUID() } });
    expect([missing.status, missing.body.error.code]).toEqual([404, "campaign_not_found"]);
    const bad = await api.call("POST", "/console/campaigns", {
      token: marketer,
      body: { name: "x", segmentId: crypto.randomUUID(), segmentVersion: 1, arms: [], controlPercent: 0, conversionDays: 0 },
    });
    expect(bad.status).toBe(400);
  });

  it("a run after one that recorded the recipients but queued nothing (a crash between) sends the click codes recorded first", async () => {
    const db = api.database.db;
    const { body: c } = await api.ok(campaignEndpoints.createCampaign, {
      token: marketer,
      body: {
        name: "Gửi lại sau sự cố",
        segmentId,
        segmentVersion: 1,
        arms: [{ key: "A", templateId, params: [], sharePercent: 60 }],
        controlPercent: 40,
        conversionDays: 3,
      },
    });
    const loaded = (await loadCampaign(db, brandId, c.id))!;
    const ofCampaign = like(messages.source, `campaign:${c.id}`);
    await materialise(db, api.deps.messaging.config, loaded, api.clock.now());
    const first = await db.select().from(znsCampaignRecipients).where(eq(znsCampaignRecipients.campaignId, c.id));
    const sending = first.filter((r) => r.arm === "A");
    expect(sending.length).toBeGreaterThan(0);
    // The crash: the recipients (and their codes) committed, the messages never written.
    await db.delete(messages).where(ofCampaign);
    // The next runs (the scheduler's, twice at once) record nothing new and queue the messages.
    await Promise.all([0, 1].map(() => materialise(db, api.deps.messaging.config, loaded, api.clock.now())));
    const queued = await db.select().from(messages).where(ofCampaign);
    expect(queued.length).toBe(sending.length);
    for (const m of queued) {
      const r = sending.find((x) => x.memberId === m.memberId)!;
      expect(m.templateData.lien_ket).toBe(`${BASE}/c/${r.clickCode}`);
    }
  });
});

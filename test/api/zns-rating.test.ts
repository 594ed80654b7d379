/**
 * ZNS service ratings (issue 13, "ZNS service-rating channel"): the `user_feedback` parser, the
 * console's rating templates, and a rating tapped in a ZNS message reaching the survey core
 * through the signed webhook, once, via the fake Zalo.
 */
import { eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messagingEndpoints } from "../../src/contract/endpoints/messaging";
import { surveyEndpoints } from "../../src/contract/endpoints/surveys";
import type { TemplateInput } from "../../src/contract/messaging";
import { messages, surveyAnswers, surveyAsks, surveys, users, webhookEvents, znsTemplates } from "../../src/server/db/schema";
import { surveyRatings, znsAskDeliveries } from "../../src/server/features/messaging/survey-delivery";
import { signAskToken, verifyAskToken } from "../../src/domain/surveys/ask-token";
import { surveyMac } from "../../src/server/features/surveys/definitions";
import { PURPOSES } from "../../src/domain/consent/purposes";
import { zaloTransport } from "../../src/server/features/messaging/transports";
import type { MessagingDeps, RatingOutcome, ZnsRating } from "../../src/server/features/messaging/types";
import { webhookSignature } from "../../src/server/features/messaging/webhook";
import { runOnce } from "../../src/server/features/messaging/worker";
import { NOTE_MAX, parseUserFeedback } from "../../src/server/zalo/zns-feedback";
import type { ZaloFake } from "../fakes/zalo-fake";
import { enrolledMember, TEST_SESSION_SECRET, testApi, type TestApi } from "../support/api";
import { consoleSession, makeMember, makeStaff, makeStore } from "../support/factories";
import { scanToken } from "../support/loyalty";
import { queuedZns, znsRig, type ZnsRig } from "../support/zns";

const NOW = Date.UTC(2026, 11, 6, 3, 0);
const expected = { appId: "app-1", oaId: "oa-1", now: NOW };
const event = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  event_name: "user_feedback",
  app_id: "app-1",
  timestamp: String(NOW),
  sender: { id: "oa-1" },
  message,
  ...extra,
});

describe("user_feedback parser: tolerant of shape, strict on what it needs", () => {
  it("reads the documented fields: ids, rate, note, the ticked reasons and the submit time", () => {
    const out = parseUserFeedback(
      event({
        msg_id: "5dcf84fe1fd8bd85e4ca",
        tracking_id: "a".repeat(32),
        rate: 2,
        note: "  Chờ lâu quá  ",
        feedbacks: ["Nhân viên chậm", "Nhân viên chậm", " Giao hàng   trễ "],
        submit_time: String(NOW - 5_000),
        unknown_field: { nested: [1, 2, 3] },
      }),
      expected,
    );
    expect(out).toEqual({
      ok: true,
      feedback: {
        msgId: "5dcf84fe1fd8bd85e4ca",
        trackingId: "a".repeat(32),
        rate: 2,
        note: "Chờ lâu quá",
        feedbacks: ["Nhân viên chậm", "Giao hàng trễ"],
        submittedAt: NOW - 5_000,
        appId: "app-1",
        oaId: "oa-1",
      },
    });
  });

  it("takes the rating record's camelCase spelling, under data or at the top level, and a rate given as a digit string", () => {
    const camel = parseUserFeedback(
      { event_name: "user_feedback", timestamp: String(NOW), data: { msgId: "abc", rate: "5", submitDate: String(NOW - 1) } },
      expected,
    );
    expect(camel).toMatchObject({
      ok: true,
      feedback: { msgId: "abc", trackingId: null, rate: 5, note: null, feedbacks: [], submittedAt: NOW - 1 },
    });
    const flat = parseUserFeedback({ event_name: "user_feedback", timestamp: String(NOW), tracking_id: "t1", rating: 4 }, expected);
    // No submit time of its own: the event's timestamp.
    expect(flat).toMatchObject({
      ok: true,
      feedback: { msgId: null, trackingId: "t1", rate: 4, submittedAt: NOW, appId: null, oaId: null },
    });
  });

  it("cuts a long note instead of losing the rating", () => {
    const out = parseUserFeedback(event({ msg_id: "m", rate: 1, note: "ạ".repeat(NOTE_MAX + 50) }), expected);
    expect(out.ok && [...(out.feedback.note ?? "")].length).toBe(NOTE_MAX);
  });

  const refused: [string, Record<string, unknown>, string][] = [
    ["no message id", event({ rate: 3 }), "no_message_id"],
    ["an id that is not one we could have sent", event({ msg_id: "x'; drop table messages; --", rate: 3 }), "bad_message_id"],
    ["an id as an object", event({ msg_id: { $ne: null }, rate: 3 }), "bad_message_id"],
    ["a rate of 0", event({ msg_id: "m", rate: 0 }), "bad_rate"],
    ["a rate of 6", event({ msg_id: "m", rate: 6 }), "bad_rate"],
    ["a rate of 2.5", event({ msg_id: "m", rate: 2.5 }), "bad_rate"],
    ["a rate as text", event({ msg_id: "m", rate: "two" }), "bad_rate"],
    ["a rate as an array", event({ msg_id: "m", rate: [5] }), "bad_rate"],
    ["no rate", event({ msg_id: "m" }), "bad_rate"],
    ["a note with NUL", event({ msg_id: "m", rate: 3, note: "a\u0000b" }), "bad_note"],
    ["a note with a lone surrogate", event({ msg_id: "m", rate: 3, note: "a\ud800b" }), "bad_note"],
    ["a note as an object", event({ msg_id: "m", rate: 3, note: { text: "x" } }), "bad_note"],
    ["reasons that are not text", event({ msg_id: "m", rate: 3, feedbacks: [1, 2] }), "bad_feedbacks"],
    ["too many reasons", event({ msg_id: "m", rate: 3, feedbacks: Array.from({ length: 21 }, (_, i) => `r${i}`) }), "bad_feedbacks"],
    ["a reason too long to be one", event({ msg_id: "m", rate: 3, feedbacks: ["x".repeat(201)] }), "bad_feedbacks"],
    ["a time in seconds", event({ msg_id: "m", rate: 3, submit_time: String(Math.floor(NOW / 1000)) }), "bad_time"],
    ["a time two days ahead", event({ msg_id: "m", rate: 3, submit_time: String(NOW + 2 * 86_400_000) }), "bad_time"],
    ["a time that is not digits", event({ msg_id: "m", rate: 3, submit_time: "yesterday" }), "bad_time"],
    ["another app's event", event({ msg_id: "m", rate: 3 }, { app_id: "someone-else" }), "foreign_app"],
    ["another OA's event", event({ msg_id: "m", rate: 3 }, { sender: { id: "other-oa" } }), "foreign_oa"],
  ];
  it.each(refused)("refuses %s", (_, body, reason) => {
    expect(parseUserFeedback(body, expected)).toEqual({ ok: false, reason });
  });
});

/** A sink standing in for the survey core's recordRating: records once per ask. */
function ratingSink() {
  const recorded: ZnsRating[] = [];
  const refuse = new Set<string>();
  const sink = async (_tx: unknown, r: ZnsRating): Promise<RatingOutcome> => {
    if (refuse.has(r.surveyAskId)) return { result: "refused", reason: "throttled" };
    if (recorded.some((x) => x.surveyAskId === r.surveyAskId)) return { result: "duplicate" };
    recorded.push(r);
    return { result: "recorded" };
  };
  return { recorded, refuse, sink };
}

describe("a star rating in a ZNS message reaches the survey through the signed webhook, once", () => {
  let api: TestApi;
  let fake: ZaloFake;
  let rig: ZnsRig;
  let brandId: string;
  let template: typeof znsTemplates.$inferSelect;
  let d: MessagingDeps;
  let surveyId: string;
  const ratings = ratingSink();

  beforeAll(async () => {
    api = await testApi();
    api.clock.set(NOW);
    rig = await znsRig(api, randomBytes(32));
    ({ fake, brandId } = rig);
    const manager = await consoleSession(api);
    const created = await api.ok(messagingEndpoints.createTemplate, {
      token: manager,
      body: ratingTemplate({ trigger: "survey_rating" }),
    });
    template = (await api.database.db.select().from(znsTemplates).where(eq(znsTemplates.id, created.body.id)))[0]!;
    fake.znsTemplates.set(template.znsTemplateId, ["ten_khach_hang", "ma_giao_dich"]);
    fake.znsRatingTemplates.add(template.znsTemplateId);
    d = {
      ...api.deps.messaging,
      config: { ...api.deps.messaging.config, transport: zaloTransport({ znsUrl: fake.url, timeoutMs: 15_000 }, rig.store) },
    };
    api.deps.messaging.ratings = ratings.sink;
    const [survey] = await api.database.db
      .insert(surveys)
      .values({ brandId, status: "active", version: 1, kind: "csat", touchpoint: "post_purchase", channel: "zns_rating" })
      .returning({ id: surveys.id });
    surveyId = survey!.id;
  });
  afterAll(async () => {
    await rig.close();
    await api.close();
  });

  let n = 0;
  /** A rating message carrying a (new) survey ask, sent to the fake and delivered. */
  async function sentRating(withAsk = true) {
    const id = await queuedZnsWith(withAsk);
    while ((await runOnce(d)) > 0);
    await fake.settled();
    const row = (await api.database.db.select().from(messages).where(eq(messages.id, id)))[0]!;
    expect(row.status).toBe("delivered");
    return row;
  }
  /** A survey ask of the test's survey, as the survey core records one. */
  async function newAsk(channel: "zns_rating" | "zns_link", memberId: string) {
    const [ask] = await api.database.db
      .insert(surveyAsks)
      .values({
        brandId,
        surveyId,
        surveyVersion: 1,
        memberId,
        channel,
        touchpoint: "post_purchase",
        transactionRef: "0b9a3c1e-5d2f-4a6b-8c7d-9e0f1a2b3c4d",
        askedAt: new Date(NOW),
        expiresAt: new Date(NOW + 7 * 86_400_000),
        outcome: "pending",
      })
      .returning();
    return ask!;
  }
  async function queuedZnsWith(withAsk: boolean) {
    const id = await queuedZns(api, brandId, template, `rating-${++n}`, `8491234${String(n).padStart(4, "0")}`);
    if (!withAsk) return id;
    const [message] = await api.database.db.select().from(messages).where(eq(messages.id, id));
    const ask = await newAsk("zns_rating", message!.memberId);
    await api.database.db.update(messages).set({ surveyAskId: ask.id }).where(eq(messages.id, id));
    return id;
  }

  it("sends a rating template through the queue like any customer-care message", async () => {
    const row = await sentRating();
    const sent = fake.znsAccepted.get(row.trackingId)!;
    expect(sent.templateId).toBe(template.znsTemplateId);
    expect(sent.data).toEqual({ ten_khach_hang: "Lê Thu Trang", ma_giao_dich: "HD-TEST-1" });
  });

  it("the member taps 2 stars: the survey core records a score of 2 for that member and ask, once even when Zalo redelivers", async () => {
    const row = await sentRating();
    const before = ratings.recorded.length;
    const first = await fake.rate(row.trackingId, { rate: 2, note: "Chờ lâu", feedbacks: ["Phục vụ chậm"] });
    expect(first).toMatchObject({ status: 200, body: { result: "applied" } });
    const again = await fake.rate(row.trackingId, { rate: 2, note: "Chờ lâu", feedbacks: ["Phục vụ chậm"] });
    expect(again).toMatchObject({ status: 200, body: { result: "duplicate" } });
    expect(ratings.recorded.length - before).toBe(1);
    expect(ratings.recorded.at(-1)).toEqual({
      brandId,
      memberId: row.memberId,
      surveyAskId: row.surveyAskId,
      messageId: row.id,
      msgId: row.msgId,
      score: 2,
      note: "Chờ lâu",
      reasons: ["Phục vụ chậm"],
      at: NOW,
    });
  });

  it("a second event for the same ask (another submit time) reaches the survey core, which deduplicates it", async () => {
    const row = await sentRating();
    await fake.rate(row.trackingId, { rate: 4, at: NOW - 1_000 });
    const later = await fake.rate(row.trackingId, { rate: 5, at: NOW });
    expect(later).toMatchObject({ status: 200, body: { result: "duplicate" } });
    expect(ratings.recorded.filter((r) => r.surveyAskId === row.surveyAskId).map((r) => r.score)).toEqual([4]);
  });

  it("a rating the survey refuses (throttled, closed) is answered 200 and recorded nowhere", async () => {
    const row = await sentRating();
    ratings.refuse.add(row.surveyAskId!);
    expect(await fake.rate(row.trackingId, { rate: 1 })).toMatchObject({ status: 200, body: { result: "ignored" } });
    expect(ratings.recorded.some((r) => r.surveyAskId === row.surveyAskId)).toBe(false);
  });

  describe("survey asks by ZNS: one customer-care message per ask on the existing queue", () => {
    const deliveries = () => znsAskDeliveries({ token: (ask) => `tok-${ask.id}` });
    /** A member with care consent and a phone (queuedZns's), their own message aside. */
    async function consentingMember() {
      const id = await queuedZnsWith(false);
      return (await api.database.db.select().from(messages).where(eq(messages.id, id)))[0]!.memberId;
    }

    it("zns_rating: the rating template, the purchase's code, the ask on the message; a replay queues nothing new", async () => {
      const ask = await newAsk("zns_rating", await consentingMember());
      const first = await api.database.db.transaction((tx) => deliveries().zns_rating(tx, ask));
      const again = await api.database.db.transaction((tx) => deliveries().zns_rating(tx, ask));
      expect(again).toEqual(first);
      const [message] = await api.database.db.select().from(messages).where(eq(messages.surveyAskId, ask.id));
      expect(message).toMatchObject({
        id: (first as { messageId: string }).messageId,
        templateId: template.id,
        tag: "customer_care",
        purpose: "zns_care",
        status: "queued",
        source: "trigger:survey_rating",
        dedupeKey: `survey_ask:${ask.id}`,
        templateData: { ten_khach_hang: "Lê Thu Trang", ma_giao_dich: "0B9A3C1E5D2F" },
      });
      while ((await runOnce(d)) > 0);
      await fake.settled();
      const sent = (await api.database.db.select().from(messages).where(eq(messages.id, message!.id)))[0]!;
      expect(await fake.rate(sent.trackingId, { rate: 2 })).toMatchObject({ status: 200, body: { result: "applied" } });
      expect(ratings.recorded.at(-1)).toMatchObject({ surveyAskId: ask.id, memberId: ask.memberId, score: 2 });
    });

    it("zns_link: the survey's signed link in the button's URL parameter; without a link template the ask fails", async () => {
      const ask = await newAsk("zns_link", await consentingMember());
      expect(await api.database.db.transaction((tx) => deliveries().zns_link(tx, ask))).toEqual({ failed: "no_template" });
      const manager = await consoleSession(api);
      const link = { ...ratingTemplate({ znsTemplateId: "link9", trigger: "survey_link" }), kind: "custom" as const };
      link.params = [...link.params, { name: "link_khao_sat", type: "url", source: { field: "survey_link" } }];
      link.preview += " <link_khao_sat>";
      await api.ok(messagingEndpoints.createTemplate, { token: manager, body: link });
      const out = await api.database.db.transaction((tx) => deliveries().zns_link(tx, ask));
      const [message] = await api.database.db
        .select()
        .from(messages)
        .where(eq(messages.id, (out as { messageId: string }).messageId));
      expect(message!.templateData.link_khao_sat).toBe(`https://zalo.me/s/3423472366583461276/survey/${surveyId}?t=tok-${ask.id}`);
      expect(message!.surveyAskId).toBe(ask.id);
    });

    it("zns_link with the short ask token goes out: the rendered link fits the 200-character URL parameter and is delivered", async () => {
      const mac = surveyMac(TEST_SESSION_SECRET);
      const real = znsAskDeliveries({ token: (a) => signAskToken(a.id, mac) });
      const ask = await newAsk("zns_link", await consentingMember());
      // The link template of the previous test, known to Zalo (the fake) too.
      fake.znsTemplates.set("link9", ["ten_khach_hang", "ma_giao_dich", "link_khao_sat"]);
      const out = await api.database.db.transaction((tx) => real.zns_link(tx, ask));
      const id = (out as { messageId: string }).messageId;
      while ((await runOnce(d)) > 0);
      await fake.settled();
      const [sent] = await api.database.db.select().from(messages).where(eq(messages.id, id));
      expect(sent!.status).toBe("delivered");
      const link = String(fake.znsAccepted.get(sent!.trackingId)!.data.link_khao_sat);
      expect(link).toBe(`https://zalo.me/s/3423472366583461276/survey/${surveyId}?t=${signAskToken(ask.id, mac)}`);
      expect(link.length).toBeLessThanOrEqual(200);
      expect(verifyAskToken(new URL(link).searchParams.get("t")!, mac)).toEqual({ ok: true, askId: ask.id });
    });

    it("a member without care consent gets no message: the ask fails with why", async () => {
      const m = await enrolledMember(api, `no-consent-${++n}`);
      const ask = await newAsk("zns_rating", m.card.memberId);
      expect(await api.database.db.transaction((tx) => deliveries().zns_rating(tx, ask))).toEqual({ failed: "no_consent:not_granted" });
      expect(await api.database.db.select().from(messages).where(eq(messages.surveyAskId, ask.id))).toEqual([]);
    });
  });

  it("a rating of a message that carried no survey (a test send) is ignored", async () => {
    const row = await sentRating(false);
    const before = ratings.recorded.length;
    expect(await fake.rate(row.trackingId, { rate: 5 })).toMatchObject({ status: 200, body: { result: "ignored" } });
    expect(ratings.recorded.length).toBe(before);
  });

  it("without the survey core the rating is not recorded nor marked as seen, so a redelivery once it is there counts", async () => {
    const row = await sentRating();
    api.deps.messaging.ratings = undefined;
    try {
      expect(await fake.rate(row.trackingId, { rate: 3 })).toMatchObject({ status: 200, body: { result: "ignored" } });
    } finally {
      api.deps.messaging.ratings = ratings.sink;
    }
    expect(await fake.rate(row.trackingId, { rate: 3 })).toMatchObject({ status: 200, body: { result: "applied" } });
    expect(ratings.recorded.filter((r) => r.surveyAskId === row.surveyAskId).map((r) => r.score)).toEqual([3]);
  });

  describe("hostile or unusable events: never a 5xx, nothing recorded", () => {
    const post = (raw: string, signature?: string) =>
      api.call("POST", "/webhooks/zalo", { rawBody: raw, headers: signature ? { "x-zevent-signature": signature } : {} });
    const signed = (body: unknown) => {
      const raw = JSON.stringify(body);
      return post(raw, webhookSignature(api.deps.config.webhook!, raw, String(api.clock.now())));
    };
    const feedback = (message: unknown, extra: Record<string, unknown> = {}) => ({
      event_name: "user_feedback",
      app_id: api.deps.config.webhook!.appId,
      timestamp: String(api.clock.now()),
      message,
      ...extra,
    });

    it("an unsigned or forged rating is refused like every event (401), a body that is not an event is 400", async () => {
      const row = await sentRating();
      const raw = JSON.stringify(feedback({ msg_id: row.msgId, rate: 1 }));
      expect((await post(raw)).status).toBe(401);
      expect((await post(raw, "mac=" + "0".repeat(64))).body.error.code).toBe("webhook_signature_invalid");
      expect((await post("not json", "mac=x")).status).toBe(400);
      expect(ratings.recorded.some((r) => r.surveyAskId === row.surveyAskId)).toBe(false);
    });

    it("signed but malformed events are logged and answered 200 ignored, and leave no mark", async () => {
      const row = await sentRating();
      const marks = (await api.database.db.select().from(webhookEvents)).length;
      const before = ratings.recorded.length;
      const bodies = [
        feedback({ msg_id: row.msgId, rate: 7 }),
        feedback({ msg_id: row.msgId, rate: "5 stars" }),
        feedback({ msg_id: row.msgId, rate: null }),
        feedback({ msg_id: row.msgId, rate: 2, note: "\u0000" }),
        feedback({ msg_id: row.msgId, rate: 2, feedbacks: { a: 1 } }),
        feedback({ msg_id: row.msgId, rate: 2, submit_time: "0" }),
        feedback({ msg_id: ["a", "b"], rate: 2 }),
        feedback({ msg_id: "x".repeat(5_000), rate: 2 }),
        feedback({ rate: 2 }),
        feedback("a string"),
        feedback(null),
        feedback({ msg_id: row.msgId, rate: 2 }, { app_id: "another-app" }),
        { ...feedback({ msg_id: row.msgId, rate: 2 }), message: [{ msg_id: row.msgId, rate: 2 }] },
      ];
      for (const body of bodies) {
        const res = await signed(body);
        expect({ body, status: res.status, result: res.body?.result }).toEqual({ body, status: 200, result: "ignored" });
      }
      expect(ratings.recorded.length).toBe(before);
      expect((await api.database.db.select().from(webhookEvents)).length).toBe(marks);
    });

    it("a well-formed rating of a message we never sent is answered 200 unknown_message", async () => {
      const res = await signed(feedback({ msg_id: "zns-never-sent", rate: 2 }));
      expect(res).toMatchObject({ status: 200, body: { result: "unknown_message" } });
    });
  });
});

describe("end to end: earn → rating message → 2 stars tapped in Zalo → one CSAT answer", () => {
  let api: TestApi;
  let rig: ZnsRig;
  let fake: ZaloFake;
  let d: MessagingDeps;
  let surveyId: string;
  let staff: Awaited<ReturnType<typeof makeStaff>>;
  let storeId: string;

  beforeAll(async () => {
    api = await testApi();
    api.clock.set(NOW);
    rig = await znsRig(api, randomBytes(32));
    fake = rig.fake;
    const manager = await consoleSession(api);
    await api.ok(messagingEndpoints.createTemplate, { token: manager, body: ratingTemplate({ trigger: "survey_rating" }) });
    fake.znsTemplates.set("9a1b2c3d4e", ["ten_khach_hang", "ma_giao_dich"]);
    fake.znsRatingTemplates.add("9a1b2c3d4e");
    // Only the survey's message is looked at here.
    await api.database.db.update(znsTemplates).set({ active: false }).where(eq(znsTemplates.trigger, "points_updated"));
    const store = await makeStore(api);
    storeId = store.id;
    staff = await makeStaff(api, store);
    const created = await api.ok(surveyEndpoints.createSurvey, {
      token: manager,
      body: {
        kind: "csat",
        name: "Sau mua hàng qua ZNS",
        question: { vi: "Bạn hài lòng với lần ghé hôm nay chứ?", en: "How was your visit today?" },
        followUps: {},
        touchpoint: "post_purchase",
        storeIds: [store.id],
        channel: "zns_rating",
        rewardPoints: 0,
        throttleDays: 30,
        startsAt: null,
        endsAt: null,
      },
    });
    surveyId = created.body.id;
    await api.ok(surveyEndpoints.activateSurvey, { token: manager, params: { surveyId } });
    const mac = surveyMac(api.deps.config.sessionSecret);
    // As messagingFromEnv wires production: ratings to the survey core, ZNS asks through the queue.
    api.deps.messaging.ratings = surveyRatings;
    d = {
      ...api.deps.messaging,
      surveyDeliveries: znsAskDeliveries({ token: (ask) => signAskToken(ask.id, mac) }),
      config: { ...api.deps.messaging.config, transport: zaloTransport({ znsUrl: fake.url, timeoutMs: 15_000 }, rig.store) },
    };
  });
  afterAll(async () => {
    await rig.close();
    await api.close();
  });

  let n = 0;
  /** A member with a phone and care consent who buys at the store. */
  async function shopper() {
    const m = await makeMember(api);
    await api.database.db
      .update(users)
      .set({ phone: `8490555${String(++n).padStart(4, "0")}` })
      .where(eq(users.id, m.user.id));
    await api.call("POST", "/members/me/consents", {
      token: m.session.accessToken,
      body: { purpose: "zns_care", granted: true, wordingVersion: PURPOSES.zns_care.version },
    });
    return m;
  }
  async function earn(card: { memberId: string; qrSecret: string }, receiptNo: string) {
    const st = await staff.signIn();
    const res = await api.call("POST", "/staff/earn", {
      token: st,
      body: { storeId, receiptNo, billVnd: 120_000, member: { scanToken: await scanToken(api, st, card) } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.entryId as string;
  }
  async function drain() {
    while ((await runOnce(d)) > 0);
    await fake.settled();
  }
  const surveyMessages = (memberId: string) =>
    api.database.db
      .select()
      .from(messages)
      .where(eq(messages.memberId, memberId))
      .then((rows) => rows.filter((r) => r.surveyAskId));

  it("the rating is stored as a CSAT answer for that member and purchase, once even when the event repeats", async () => {
    const m = await shopper();
    const entryId = await earn(m.card, "HD-0042");
    await drain();
    const [message, ...more] = await surveyMessages(m.card.memberId);
    expect(more).toEqual([]);
    expect(message).toMatchObject({ status: "delivered", source: "trigger:survey_rating", tag: "customer_care" });
    expect(message!.templateData).toEqual({ ten_khach_hang: "Khách Test", ma_giao_dich: "HD-0042" });
    const [ask] = await api.database.db.select().from(surveyAsks).where(eq(surveyAsks.id, message!.surveyAskId!));
    expect(ask).toMatchObject({ channel: "zns_rating", transactionRef: entryId, messageId: message!.id, outcome: "pending" });

    expect(await fake.rate(message!.trackingId, { rate: 2, note: "Chờ lâu" })).toMatchObject({ status: 200, body: { result: "applied" } });
    expect(await fake.rate(message!.trackingId, { rate: 2, note: "Chờ lâu" })).toMatchObject({
      status: 200,
      body: { result: "duplicate" },
    });
    // Zalo sending it again with another submit time: the survey core answers the first.
    api.clock.advance(1_000);
    expect(await fake.rate(message!.trackingId, { rate: 2, at: api.clock.now() })).toMatchObject({
      status: 200,
      body: { result: "duplicate" },
    });
    const answers = await api.database.db.select().from(surveyAnswers).where(eq(surveyAnswers.memberId, m.card.memberId));
    expect(answers).toHaveLength(1);
    // The member's note travels with the rating: the answer's comment, for cases and dashboards.
    expect(answers[0]).toMatchObject({ surveyId, score: 2, source: "zns_rating", transactionRef: entryId, storeId, comment: "Chờ lâu" });
  });

  it("a throttled ask sends nothing", async () => {
    const m = await shopper();
    await earn(m.card, "HD-0043");
    await drain();
    expect(await surveyMessages(m.card.memberId)).toHaveLength(1);
    api.clock.advance(60_000);
    await earn(m.card, "HD-0044");
    await drain();
    const asks = await api.database.db.select().from(surveyAsks).where(eq(surveyAsks.memberId, m.card.memberId));
    expect(asks.map((a) => a.outcome).sort()).toEqual(["pending", "throttled"]);
    expect(await surveyMessages(m.card.memberId)).toHaveLength(1);
  });
});

describe("console: service rating templates (ZNS type 5, customer care)", () => {
  let api: TestApi;
  let manager: string;
  beforeAll(async () => {
    api = await testApi();
    manager = await consoleSession(api);
  });
  afterAll(() => api.close());

  const problems = async (body: TemplateInput) =>
    (await api.refused(messagingEndpoints.createTemplate, { token: manager, body })).body.error.issues?.map((i) => [i.code, i.field]);

  it("registers a rating template and lists it with its kind", async () => {
    const created = await api.ok(messagingEndpoints.createTemplate, { token: manager, body: ratingTemplate({ znsTemplateId: "rate01" }) });
    expect(created.body).toMatchObject({ kind: "rating", tag: "customer_care", trigger: null });
    const list = await api.ok(messagingEndpoints.listTemplates, { token: manager });
    expect(list.body.items.find((t) => t.id === created.body.id)?.kind).toBe("rating");
    // Templates registered without a kind are custom ones, as before.
    expect(list.body.items.filter((t) => t.id !== created.body.id).every((t) => t.kind === "custom")).toBe(true);
  });

  it("refuses a rating template that is not customer care, or lacks the customer's name and a transaction code", async () => {
    expect(await problems(ratingTemplate({ znsTemplateId: "rate02", tag: "promotion" }))).toEqual([["care_tag_required", "tag"]]);
    const nameOnly = ratingTemplate({ znsTemplateId: "rate03" });
    nameOnly.params = nameOnly.params.slice(0, 1);
    nameOnly.preview = "Cảm ơn <ten_khach_hang> đã ghé cửa hàng.";
    expect(await problems(nameOnly)).toEqual([["rating_identifiers", "params"]]);
  });

  it("ties the survey triggers to the right kind of template", async () => {
    expect(await problems(ratingTemplate({ znsTemplateId: "rate04", trigger: "points_updated" }))).toEqual([["rating_trigger", "trigger"]]);
    expect(await problems({ ...ratingTemplate({ znsTemplateId: "rate05", trigger: "survey_rating" }), kind: "custom" })).toEqual([
      ["trigger_needs_rating", "trigger"],
    ]);
    const link = { ...ratingTemplate({ znsTemplateId: "link01", trigger: "survey_link" }), kind: "custom" as const };
    expect(await problems(link)).toEqual([["survey_link_param", "trigger"]]);
    link.params = [...link.params, { name: "link_khao_sat", type: "url", source: { field: "survey_link" } }];
    link.preview += " <link_khao_sat>";
    expect((await api.ok(messagingEndpoints.createTemplate, { token: manager, body: link })).body).toMatchObject({
      kind: "custom",
      trigger: "survey_link",
    });
  });
});

function ratingTemplate(over: Partial<TemplateInput> = {}): TemplateInput {
  return {
    name: "Đánh giá sau mua",
    znsTemplateId: "9a1b2c3d4e",
    tag: "customer_care",
    kind: "rating",
    preview: "Cảm ơn <ten_khach_hang> đã mua hàng (mã <ma_giao_dich>). Bạn hài lòng với trải nghiệm hôm nay chứ?",
    params: [
      { name: "ten_khach_hang", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" },
      { name: "ma_giao_dich", type: "code", source: { field: "transaction_code" }, fallback: "HD-TEST-1" },
    ],
    trigger: null,
    active: true,
    ...over,
  };
}

import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import type { AnswerValue, ConsentRequest, Question, SaveAnswerRequest } from "../../src/contract/preferences";
import { DAILY_EVIDENCE_BOUNDS, DAY_MS, PURPOSES } from "../../src/domain/consent/purposes";
import { consents, ledgerEntries, preferenceAnswers, zaloPermissionAnswers } from "../../src/server/db/schema";
import { mayContactMember } from "../../src/server/features/preferences/consents";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { answerProfile } from "../support/factories";
import { expectLedgerInvariants } from "../support/loyalty";

describe("preference form: answers saved one question at a time, the profile bonus paid once", () => {
  let api: TestApi;
  let manager: string;
  beforeAll(async () => {
    api = await testApi();
    manager = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "manager" } })).body.session.accessToken;
  });
  afterAll(() => api.close());

  const prefs = (token: string) => api.ok(preferenceEndpoints.myPreferences, { token });
  const save = (token: string, questionId: string, body: z.input<typeof SaveAnswerRequest>) =>
    api.ok(preferenceEndpoints.saveAnswer, { token, params: { questionId }, body });
  const refusedSave = (token: string, questionId: string, body: z.input<typeof SaveAnswerRequest>) =>
    api.refused(preferenceEndpoints.saveAnswer, { token, params: { questionId }, body });
  const answerRows = async (memberId: string) =>
    (await api.database.db.select({ n: count() }).from(preferenceAnswers).where(eq(preferenceAnswers.memberId, memberId)))[0]!.n;
  const bonusRows = async (memberId: string) =>
    (
      await api.database.db
        .select({ n: count() })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.memberId, memberId), eq(ledgerEntries.kind, "bonus")))
    )[0]!.n;

  const answerAll = (token: string, skip: string[] = []) => answerProfile(api, token, skip);

  it("serves the brand's form with progress and the bonus on offer", async () => {
    const m = await enrolledMember(api, "pref-1");
    const res = await prefs(m.session.accessToken);
    expect(res.status).toBe(200);
    expect(res.body.form.questions.map((q) => q.id)).toEqual([
      "birthday",
      "favourite_categories",
      "preferred_store",
      "offer_frequency",
      "topics",
      "milk",
    ]);
    expect(res.body.progress).toEqual({ answered: 0, total: 5, complete: false });
    expect(res.body.bonus).toEqual({ points: 50, paid: false });
    expect(res.body.stores).toHaveLength(2);
  });

  it("saves as the member goes, normalises answers, lets them change and clear one", async () => {
    const m = await enrolledMember(api, "pref-2");
    const token = m.session.accessToken;
    const first = await save(token, "favourite_categories", { formVersion: 1, value: { kind: "multi", optionIds: ["pastry", "coffee"] } });
    expect(first.status).toBe(200);
    expect(first.body.answers.favourite_categories!.value).toEqual({ kind: "multi", optionIds: ["coffee", "pastry"] });
    expect(first.body.progress).toEqual({ answered: 1, total: 5, complete: false });
    expect(first.body.bonusCredited).toBe(0);
    const changed = await save(token, "favourite_categories", { formVersion: 1, value: { kind: "multi", optionIds: ["tea"] } });
    expect((changed.body.answers.favourite_categories!.value as Extract<AnswerValue, { kind: "multi" }>).optionIds).toEqual(["tea"]);
    const cleared = await save(token, "favourite_categories", { formVersion: 1, value: null });
    expect(cleared.body.answers.favourite_categories).toBeUndefined();
    expect(await answerRows(m.card.memberId)).toBe(0);
  });

  it("pays the profile bonus once, as a ledger entry, when the profile is first complete", async () => {
    const m = await enrolledMember(api, "pref-3");
    const token = m.session.accessToken;
    const last = await answerAll(token, ["milk"]);
    expect(last.body.progress.complete).toBe(true);
    expect(last.body.bonusCredited).toBe(50);
    expect(last.body.bonus).toEqual({ points: 50, paid: true });
    const summary = await api.ok(loyaltyEndpoints.summary, { token });
    expect(summary.body.balance).toBe(50);
    // Clearing an answer and completing again pays nothing more.
    await save(token, "birthday", { formVersion: 1, value: null });
    const again = await save(token, "birthday", { formVersion: 1, value: { kind: "birthday", day: 1, month: 1 } });
    expect(again.body.bonusCredited).toBe(0);
    expect(await bonusRows(m.card.memberId)).toBe(1);
    const history = await api.ok(loyaltyEndpoints.ledger, { token });
    expect(history.body.items).toEqual([expect.objectContaining({ kind: "bonus", points: 50, balanceAfter: 50 })]);
  });

  it("pays the bonus once when the completing answers arrive at the same time", async () => {
    const m = await enrolledMember(api, "pref-race");
    const token = m.session.accessToken;
    await answerAll(token, ["milk", "topics", "offer_frequency"]);
    const results = await Promise.all([
      ...Array.from({ length: 6 }, () => save(token, "topics", { formVersion: 1, value: { kind: "multi", optionIds: ["events"] } })),
      ...Array.from({ length: 6 }, () => save(token, "offer_frequency", { formVersion: 1, value: { kind: "single", optionId: "weekly" } })),
    ]);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.reduce((sum, r) => sum + r.body.bonusCredited, 0)).toBe(50);
    expect(await bonusRows(m.card.memberId)).toBe(1);
    await expectLedgerInvariants(api.database);
  });

  it.each<[string, string, z.input<typeof SaveAnswerRequest>, number, string]>([
    ["a question that does not exist", "shoe_size", { formVersion: 1, value: { kind: "text", text: "42" } }, 404, "question_not_found"],
    ["an unknown option", "offer_frequency", { formVersion: 1, value: { kind: "single", optionId: "daily" } }, 422, "answer_invalid"],
    ["the wrong kind of answer", "birthday", { formVersion: 1, value: { kind: "single", optionId: "weekly" } }, 422, "answer_invalid"],
    ["31 February", "birthday", { formVersion: 1, value: { kind: "birthday", day: 31, month: 2 } }, 422, "answer_invalid"],
    [
      "a store of no one",
      "preferred_store",
      { formVersion: 1, value: { kind: "store", storeId: "00000000-0000-4000-8000-000000000000" } },
      422,
      "answer_invalid",
    ],
    [
      "the same option twice",
      "topics",
      { formVersion: 1, value: { kind: "multi", optionIds: ["events", "events"] } },
      422,
      "answer_invalid",
    ],
    [
      "a form version that never existed",
      "birthday",
      { formVersion: 9, value: { kind: "birthday", day: 1, month: 1 } },
      422,
      "form_version_unknown",
    ],
    ["an oversized body field", "milk", { formVersion: 1, value: { kind: "text", text: "x".repeat(5000) } }, 400, "invalid_request"],
  ])("refuses %s and saves nothing", async (label, questionId, body, status, code) => {
    const m = await enrolledMember(api, `pref-bad-${label.replace(/\W+/g, "-")}`);
    const res = await refusedSave(m.session.accessToken, questionId, body);
    expect([res.status, res.body.error.code]).toEqual([status, code]);
    expect(await answerRows(m.card.memberId)).toBe(0);
  });

  it("keeps answers given for an older version valid after the form changes, and validates each against its own version", async () => {
    const m = await enrolledMember(api, "pref-versions");
    const token = m.session.accessToken;
    await save(token, "milk", { formVersion: 1, value: { kind: "single", optionId: "oat" } });
    const form = (await api.ok(preferenceEndpoints.form, { token: manager })).body;
    // Version 2 drops oat milk and adds a text question.
    const questions = form.current.questions.map((q) =>
      q.id === "milk" ? { ...q, options: q.options!.filter((o) => o.id !== "oat") } : q,
    );
    questions.push({
      id: "allergy",
      kind: "text",
      label: { vi: "Bạn dị ứng gì không?", en: "Any allergies?" },
      maxLength: 80,
      optional: true,
    });
    const published = await api.ok(preferenceEndpoints.publishForm, {
      token: manager,
      body: { basedOnVersion: form.current.version, questions },
    });
    expect(published.status).toBe(200);
    const v2 = published.body.current.version;
    const mine = await prefs(token);
    expect(mine.body.form.version).toBe(v2);
    expect(mine.body.answers.milk).toMatchObject({ value: { optionId: "oat" }, formVersion: form.current.version });
    // Oat milk is gone from the new version, still valid for a client showing the old one.
    expect((await refusedSave(token, "milk", { formVersion: v2, value: { kind: "single", optionId: "oat" } })).body.error.code).toBe(
      "answer_invalid",
    );
    expect((await save(token, "milk", { formVersion: form.current.version, value: { kind: "single", optionId: "oat" } })).status).toBe(200);
    expect(
      (await refusedSave(token, "allergy", { formVersion: form.current.version, value: { kind: "text", text: "tôm" } })).body.error.code,
    ).toBe("question_not_found");
    expect((await refusedSave(token, "allergy", { formVersion: v2, value: { kind: "text", text: "x".repeat(81) } })).body.error.code).toBe(
      "answer_invalid",
    );
    const ok = await save(token, "allergy", { formVersion: v2, value: { kind: "text", text: "  tôm  " } });
    expect(ok.body.answers.allergy!.value).toEqual({ kind: "text", text: "tôm" });
  });
});

describe("console: the preference form, its stats and a member's answers", () => {
  let api: TestApi;
  let manager: string;
  let marketer: string;
  beforeAll(async () => {
    api = await testApi();
    manager = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "manager" } })).body.session.accessToken;
    marketer = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "marketer" } })).body.session.accessToken;
  });
  afterAll(() => api.close());

  it("publishes versions with optimistic concurrency; marketers read but cannot publish", async () => {
    const form = (await api.ok(preferenceEndpoints.form, { token: marketer })).body;
    expect(form.versions).toEqual([expect.objectContaining({ version: 1, questions: 6 })]);
    const questions = form.current.questions.map((q) =>
      q.id === "birthday" ? { ...q, label: { vi: "Ngày sinh nhật?", en: "Birthday?" } } : q,
    );
    expect((await api.refused(preferenceEndpoints.publishForm, { token: marketer, body: { basedOnVersion: 1, questions } })).status).toBe(
      403,
    );
    const published = await api.ok(preferenceEndpoints.publishForm, { token: manager, body: { basedOnVersion: 1, questions } });
    expect(published.status).toBe(200);
    expect(published.body.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(published.body.versions[0]!.createdBy).toBe("Đỗ Minh Châu");
    const stale = await api.refused(preferenceEndpoints.publishForm, { token: manager, body: { basedOnVersion: 1, questions } });
    expect([stale.status, stale.body.error.code]).toEqual([409, "form_version_conflict"]);
  });

  it("refuses a form that breaks the rules with every problem listed, and publishes nothing", async () => {
    const form = (await api.ok(preferenceEndpoints.form, { token: manager })).body;
    const questions = form.current.questions
      .filter((q) => q.id !== "preferred_store")
      .map((q): Question =>
        q.id === "milk" ? { ...q, kind: "multi" } : q.id === "topics" ? { ...q, options: [q.options![0]!, q.options![0]!] } : q,
      );
    const res = await api.refused(preferenceEndpoints.publishForm, {
      token: manager,
      body: { basedOnVersion: form.current.version, questions },
    });
    expect([res.status, res.body.error.code]).toEqual([422, "form_invalid"]);
    expect(res.body.error.issues).toEqual(
      expect.arrayContaining([
        { code: "standard_removed", field: "questions", params: { id: "preferred_store" } },
        expect.objectContaining({ code: "kind_reused", params: { id: "milk", kind: "single" } }),
        expect.objectContaining({ code: "id_duplicate", field: expect.stringMatching(/options\.1\.id$/) }),
      ]),
    );
    expect((await api.ok(preferenceEndpoints.form, { token: manager })).body.current.version).toBe(form.current.version);
  });

  it("counts completion and answer distributions from the seeded members", async () => {
    const res = await api.ok(preferenceEndpoints.stats, { token: marketer });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ members: 24, started: 16, completed: 7 });
    const cats = res.body.questions.find((q) => q.id === "favourite_categories")!;
    expect(cats.answered).toBe(16);
    expect(cats.options.reduce((s, o) => s + o.count, 0)).toBeGreaterThan(16);
    const birthday = res.body.questions.find((q) => q.id === "birthday")!;
    expect(birthday.months).toHaveLength(12);
    expect(birthday.months!.reduce((a, b) => a + b, 0)).toBe(16);
    const store = res.body.questions.find((q) => q.id === "preferred_store")!;
    expect(store.options.map((o) => o.label.vi)).toEqual(["Cà Phê Mây — Cầu Giấy", "Cà Phê Mây — Quận 1"]);
    expect(store.options.reduce((s, o) => s + o.count, 0)).toBe(store.answered);
  });

  it("counts the members whose profile is complete today: the ones a new required question resets (the console's warning)", async () => {
    const completed = async () => (await api.ok(preferenceEndpoints.stats, { token: manager })).body.completed;
    const publish = async (questions: Question[]) => {
      const form = (await api.ok(preferenceEndpoints.form, { token: manager })).body;
      expect(
        (await api.ok(preferenceEndpoints.publishForm, { token: manager, body: { basedOnVersion: form.current.version, questions } }))
          .status,
      ).toBe(200);
    };
    const original = (await api.ok(preferenceEndpoints.form, { token: manager })).body.current.questions;
    const cupSize: Question = { id: "cup_size", kind: "text", label: { vi: "Bạn hay uống cỡ ly nào?", en: "Which cup size?" } };
    expect(await completed()).toBe(7);
    // An optional question takes nobody's completion away.
    await publish([...original, { ...cupSize, optional: true }]);
    expect(await completed()).toBe(7);
    // Required, nobody has answered it yet: every complete profile is incomplete again.
    await publish([...original, cupSize]);
    expect(await completed()).toBe(0);
    // Without it again, the same seven are complete (their answers were kept).
    await publish(original);
    expect(await completed()).toBe(7);
  });

  it("shows a member's answers in words and their consent history; another brand's member is not found", async () => {
    const m = await enrolledMember(api, "console-pref");
    const token = m.session.accessToken;
    await api.ok(preferenceEndpoints.saveAnswer, {
      token,
      params: { questionId: "birthday" },
      body: {
        formVersion: (await api.ok(preferenceEndpoints.myPreferences, { token })).body.form.version,
        value: { kind: "birthday", day: 2, month: 9 },
      },
    });
    await api.ok(preferenceEndpoints.setConsent, {
      token,
      body: { purpose: "zns_promo", granted: true, wordingVersion: PURPOSES.zns_promo.version },
    });
    await api.ok(preferenceEndpoints.setConsent, {
      token,
      body: { purpose: "zns_promo", granted: false, wordingVersion: PURPOSES.zns_promo.version },
    });
    const p = await api.ok(preferenceEndpoints.memberPreferences, { token: marketer, params: { id: m.card.memberId } });
    expect(p.body.answers).toEqual([expect.objectContaining({ questionId: "birthday", text: { vi: "2/9", en: "2 September" } })]);
    expect(p.body.complete).toBe(false);
    const c = await api.ok(preferenceEndpoints.memberConsents, { token: marketer, params: { id: m.card.memberId } });
    expect(c.body.history.map((e) => [e.purpose, e.granted])).toEqual([
      ["zns_promo", false],
      ["zns_promo", true],
      ["membership", true],
    ]);
    expect(c.body.purposes.find((x) => x.purpose === "zns_promo")).toMatchObject({ granted: false });
    expect(
      (
        await api.refused(preferenceEndpoints.memberPreferences, {
          token: marketer,
          params: { id: "00000000-0000-4000-8000-000000000000" },
        })
      ).status,
    ).toBe(404);
  });
});

describe("consent centre: each purpose a switch, each change a ledger entry", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  const consentRows = async (userId: string) =>
    (await api.database.db.select({ n: count() }).from(consents).where(eq(consents.userId, userId)))[0]!.n;
  const post = (token: string, body: z.input<typeof ConsentRequest>) => api.ok(preferenceEndpoints.setConsent, { token, body });
  const refusedPost = (token: string, body: z.input<typeof ConsentRequest>) => api.refused(preferenceEndpoints.setConsent, { token, body });
  /** Bodies the schema refuses: sent raw. */
  const postRaw = (token: string, body: unknown) => api.call("POST", "/members/me/consents", { token, body });

  it("starts with only membership granted: silence is never consent", async () => {
    const m = await enrolledMember(api, "consent-1");
    const res = await api.ok(preferenceEndpoints.myConsents, { token: m.session.accessToken });
    expect(res.status).toBe(200);
    const state = Object.fromEntries(res.body.purposes.map((p) => [p.purpose, p.granted]));
    expect(state).toEqual({
      membership: true,
      zns_care: false,
      zns_promo: false,
      app_notifications: false,
      oa_messages: false,
      personalisation: false,
      analytics: false,
    });
    expect(res.body.purposes.find((p) => p.purpose === "zns_care")).toMatchObject({
      zaloPermission: "phone",
      required: false,
      since: null,
    });
    expect(res.body.hasPhone).toBe(false);
  });

  it("records grant and withdrawal with wording version and channel, and only real changes", async () => {
    const m = await enrolledMember(api, "consent-2");
    const token = m.session.accessToken;
    const before = await consentRows(m.user.id);
    const v = PURPOSES.zns_care.version;
    expect(
      (await post(token, { purpose: "zns_care", granted: true, wordingVersion: v })).body.purposes.find((p) => p.purpose === "zns_care")!
        .granted,
    ).toBe(true);
    await post(token, { purpose: "zns_care", granted: true, wordingVersion: v }); // no change, no row
    api.clock.advance(60_000);
    const withdrawn = await post(token, { purpose: "zns_care", granted: false, wordingVersion: v });
    expect(withdrawn.body.purposes.find((p) => p.purpose === "zns_care")).toMatchObject({ granted: false, wordingVersion: v });
    expect(withdrawn.body.history.slice(0, 2)).toEqual([
      expect.objectContaining({ purpose: "zns_care", granted: false, wordingVersion: v, channel: "mini_app" }),
      expect.objectContaining({ purpose: "zns_care", granted: true }),
    ]);
    expect(await consentRows(m.user.id)).toBe(before + 2);
  });

  it("refuses stale wording, switching membership off, and Zalo answers before consent — writing nothing", async () => {
    const m = await enrolledMember(api, "consent-3");
    const token = m.session.accessToken;
    const before = await consentRows(m.user.id);
    const stale = await refusedPost(token, { purpose: "zns_promo", granted: true, wordingVersion: "2020-01-01" });
    expect([stale.status, stale.body.error.code]).toEqual([409, "consent_wording_outdated"]);
    const off = await refusedPost(token, { purpose: "membership", granted: false, wordingVersion: PURPOSES.membership.version });
    expect([off.status, off.body.error.code]).toEqual([409, "consent_required"]);
    const early = await api.refused(preferenceEndpoints.zaloAnswer, {
      token,
      body: { purpose: "app_notifications", permission: "requestSendNotification", outcome: "allowed" },
    });
    expect([early.status, early.body.error.code]).toEqual([409, "consent_not_granted"]);
    const unknown = await postRaw(token, { purpose: "marketing_everything", granted: true, wordingVersion: "x" });
    expect(unknown.status).toBe(400);
    const missing = await postRaw(token, { purpose: "zns_promo", wordingVersion: PURPOSES.zns_promo.version });
    expect(missing.status).toBe(400);
    expect(await consentRows(m.user.id)).toBe(before);
  });

  it("bounds the switches and Zalo answers a member can add in a day (daily_limit_reached), then lets them go on the next day", async () => {
    const m = await enrolledMember(api, "consent-daily");
    let token = m.session.accessToken;
    /** The next day: the access token of yesterday has expired; sign in again. */
    const nextDay = async () => {
      api.clock.advance(DAY_MS);
      token = (await api.ok(authEndpoints.zaloLogin, { body: { accessToken: "dev:consent-daily|Khách Test" } })).body.session.accessToken;
    };
    const v = PURPOSES.zns_promo.version;
    const bound = DAILY_EVIDENCE_BOUNDS.consentDecisions;
    // Enrolment wrote the membership grant: that row counts too.
    for (let i = await consentRows(m.user.id); i < bound; i++)
      await post(token, { purpose: "zns_promo", granted: i % 2 === 0, wordingVersion: v });
    const full = await consentRows(m.user.id);
    expect(full).toBe(bound);
    const over = await refusedPost(token, { purpose: "zns_promo", granted: bound % 2 === 0, wordingVersion: v });
    expect([over.status, over.body.error.code]).toEqual([429, "daily_limit_reached"]);
    expect(await consentRows(m.user.id)).toBe(full);

    const answer = { purpose: "zns_promo", permission: "phone", outcome: "refused" } as const;
    if (bound % 2 === 0) {
      // zns_promo must be granted for Zalo's answer to be accepted.
      await nextDay();
      await post(token, { purpose: "zns_promo", granted: true, wordingVersion: v });
    }
    for (let i = 0; i < DAILY_EVIDENCE_BOUNDS.zaloAnswers; i++) await api.ok(preferenceEndpoints.zaloAnswer, { token, body: answer });
    const overAnswer = await api.refused(preferenceEndpoints.zaloAnswer, { token, body: answer });
    expect([overAnswer.status, overAnswer.body.error.code]).toEqual([429, "daily_limit_reached"]);

    await nextDay();
    await api.ok(preferenceEndpoints.zaloAnswer, { token, body: answer });
    await post(token, { purpose: "zns_promo", granted: false, wordingVersion: v });
  });

  it("records Zalo's answer after the member agreed, for the permission the purpose uses", async () => {
    const m = await enrolledMember(api, "consent-4");
    const token = m.session.accessToken;
    await post(token, { purpose: "app_notifications", granted: true, wordingVersion: PURPOSES.app_notifications.version });
    const wrong = await api.refused(preferenceEndpoints.zaloAnswer, {
      token,
      body: { purpose: "app_notifications", permission: "interactOA", outcome: "allowed" },
    });
    expect(wrong.status).toBe(400);
    const res = await api.ok(preferenceEndpoints.zaloAnswer, {
      token,
      body: { purpose: "app_notifications", permission: "requestSendNotification", outcome: "refused" },
    });
    expect(res.status).toBe(200);
    expect(res.body.purposes.find((p) => p.purpose === "app_notifications")).toMatchObject({ granted: true, zalo: "refused" });
    const rows = await api.database.db.select().from(zaloPermissionAnswers).where(eq(zaloPermissionAnswers.userId, m.user.id));
    expect(rows).toEqual([
      expect.objectContaining({ purpose: "app_notifications", permission: "requestSendNotification", outcome: "refused" }),
    ]);
  });

  it("answers 'may we contact' per purpose at any moment from the history", async () => {
    const m = await enrolledMember(api, "consent-5");
    const token = m.session.accessToken;
    const t0 = api.clock.now();
    expect(await mayContactMember(api.database.db, m.card.memberId, "zns_promo", t0)).toEqual({ ok: false, reason: "not_granted" });
    api.clock.advance(1000);
    await post(token, { purpose: "zns_promo", granted: true, wordingVersion: PURPOSES.zns_promo.version });
    const t1 = api.clock.now();
    api.clock.advance(1000);
    await post(token, { purpose: "zns_promo", granted: false, wordingVersion: PURPOSES.zns_promo.version });
    expect(await mayContactMember(api.database.db, m.card.memberId, "zns_promo", t1)).toEqual({ ok: true });
    expect(await mayContactMember(api.database.db, m.card.memberId, "zns_promo", api.clock.now())).toEqual({
      ok: false,
      reason: "withdrawn",
    });
    expect(await mayContactMember(api.database.db, m.card.memberId, "membership", api.clock.now())).toEqual({ ok: true });
  });
});

/**
 * Segments through the HTTP API (issue 15) on a small brand built by hand, each count worked
 * out below from the data: AND / OR nesting, every field family, "why is this member in / out",
 * saved versions, hostile input (4xx with codes, never 5xx) and an injection-shaped value that
 * stays data. "Now" is 30 June 2026, 10:00 in Vietnam.
 *
 * Members (store S1, S2; Vietnam dates):
 * - An    gold,    earns S2 10 Jun (300k), S1 25 Jun (500k) → 80 pts; personalisation ✓, zns_promo ✓,
 *         phone allowed; birthday 5 Jul, favourite [drinks, food], topics [discounts], weekly,
 *         preferred S1, milk = oat; NPS 9 (promoter); one unused voucher.
 * - Bình  silver,  earns S1 28 Jun 09:00 and 18:00 (one visit) → 20 pts; personalisation granted
 *         then withdrawn (its answers exist but may not be used): birthday 1 Jul, favourite [drinks];
 *         zns_promo ✓; NPS 3 (detractor).
 * - Cường member,  earns S2 1 Mar (400k) and S1 20 Jun (250k, reversed) → 40 pts; personalisation ✓,
 *         favourite [food], birthday 29 Feb, monthly; phone refused; CSAT 2 (low).
 * - Dung  member,  nothing; personalisation ✓ (no answers); zns_promo granted then withdrawn.
 * - Em    diamond, earns S1 10 Jul 2025 (200k, its lot expires 10 Jul 2026) → 20 pts.
 * - Phương gold, erased: never counted.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { count, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { segmentEndpoints } from "../../src/contract/endpoints/segments";
import { DEFAULT_TIER_RULES, type TierCode } from "../../src/domain/loyalty/tiers";
import { DEFAULT_FORM_QUESTIONS } from "../../src/domain/preferences/fields";
import type { AnswerValue } from "../../src/domain/preferences/form";
import type { Condition, Group, Rule } from "../../src/domain/segments/rule";
import {
  brands,
  consents,
  loyaltySettings,
  members,
  preferenceAnswers,
  preferenceForms,
  rewards,
  segmentVersions,
  stores,
  surveyAnswers,
  surveys,
  users,
  vouchers,
  zaloPermissionAnswers,
} from "../../src/server/db/schema";
import { credit, lockMember } from "../../src/server/features/loyalty/posting";
import { countMatching, PROBE_WINDOWS, sampleMatching } from "../../src/server/features/segments/queries";
import { testApi, type TestApi } from "../support/api";

const SLUG = "segments-hand";
const NOW = Date.parse("2026-06-30T03:00:00Z");
type Name = "an" | "binh" | "cuong" | "dung" | "em" | "phuong";

const cond = (c: Omit<Condition, "type">): Condition => ({ type: "condition", ...c });
const and = (...items: Rule["items"]): Group => ({ type: "group", combine: "and", items });
const or = (...items: Rule["items"]): Group => ({ type: "group", combine: "or", items });

async function loadDataset(api: TestApi) {
  const db = api.database.db;
  const [brand] = await db.insert(brands).values({ slug: SLUG, name: "Segments" }).returning();
  const brandId = brand!.id;
  await db.insert(loyaltySettings).values({ brandId, tierRules: DEFAULT_TIER_RULES });
  const [s1] = await db.insert(stores).values({ brandId, name: "S1" }).returning();
  const [s2] = await db.insert(stores).values({ brandId, name: "S2" }).returning();
  const S = { S1: s1!.id, S2: s2!.id };
  await db.insert(preferenceForms).values({
    brandId,
    version: 1,
    questions: [
      ...DEFAULT_FORM_QUESTIONS,
      {
        id: "milk",
        kind: "single",
        label: { vi: "Sữa", en: "Milk" },
        options: [
          { id: "oat", label: { vi: "Yến mạch", en: "Oat" } },
          { id: "cow", label: { vi: "Sữa bò", en: "Cow" } },
        ],
      },
    ],
  });
  const person = async (role: "member" | "manager" | "marketer" | "staff", name: string) => {
    const [u] = await db
      .insert(users)
      .values({ brandId, role, zaloId: `dev-${randomUUID()}`, displayName: name })
      .returning();
    return u!.id;
  };
  await person("manager", "Quản lý");
  await person("marketer", "Marketing");
  const ids = {} as Record<Name, { member: string; user: string }>;
  const spec: [Name, string, TierCode][] = [
    ["an", "An", "gold"],
    ["binh", "Bình", "silver"],
    ["cuong", "Cường", "member"],
    ["dung", "Dung", "member"],
    ["em", "Em", "diamond"],
    ["phuong", "Phương", "gold"],
  ];
  for (const [key, name, tier] of spec) {
    const user = await person("member", name);
    const [row] = await db
      .insert(members)
      .values({ userId: user, brandId, tier, qrSecret: randomBytes(32).toString("hex") })
      .returning();
    ids[key] = { member: row!.id, user };
  }
  const earn = (who: Name, store: keyof typeof S, at: string, billVnd: number) =>
    db.transaction(async (tx) => {
      const member = (await lockMember(tx, ids[who].member))!;
      const entry = await credit(tx, member, billVnd / 10_000, {
        kind: "earn",
        actorKind: "system",
        at: Date.parse(at),
        storeId: S[store],
        receiptNo: randomUUID().slice(0, 8),
        billVnd,
        validityMonths: 12,
      });
      return entry.id;
    });
  await earn("an", "S2", "2026-06-10T03:00:00Z", 300_000);
  await earn("an", "S1", "2026-06-25T03:00:00Z", 500_000);
  await earn("binh", "S1", "2026-06-28T02:00:00Z", 100_000);
  await earn("binh", "S1", "2026-06-28T11:00:00Z", 100_000);
  await earn("cuong", "S2", "2026-03-01T03:00:00Z", 400_000);
  const mistaken = await earn("cuong", "S1", "2026-06-20T03:00:00Z", 250_000);
  await earn("em", "S1", "2025-07-10T03:00:00Z", 200_000);
  await earn("phuong", "S1", "2026-06-20T03:00:00Z", 900_000);
  await db
    .update(members)
    .set({ erasedAt: new Date(NOW - 86_400_000) })
    .where(sql`${members.id} = ${ids.phuong.member}`);

  const at = (iso: string) => new Date(iso);
  const consent = (who: Name, purpose: "personalisation" | "zns_promo", granted: boolean, when: string) =>
    db.insert(consents).values({ userId: ids[who].user, purpose, granted, wordingVersion: "v", channel: "mini_app", createdAt: at(when) });
  for (const who of ["an", "binh", "cuong", "dung"] as const) await consent(who, "personalisation", true, "2026-05-01T00:00:00Z");
  await consent("binh", "personalisation", false, "2026-05-02T00:00:00Z");
  for (const who of ["an", "binh", "dung"] as const) await consent(who, "zns_promo", true, "2026-05-01T00:00:00Z");
  await consent("dung", "zns_promo", false, "2026-05-03T00:00:00Z");
  await db.insert(zaloPermissionAnswers).values([
    { userId: ids.an.user, purpose: "zns_care", permission: "phone", outcome: "allowed" },
    { userId: ids.cuong.user, purpose: "zns_care", permission: "phone", outcome: "refused" },
  ]);

  const answers: [Name, string, AnswerValue][] = [
    ["an", "birthday", { kind: "birthday", day: 5, month: 7 }],
    ["an", "favourite_categories", { kind: "multi", optionIds: ["drinks", "food"] }],
    ["an", "topics", { kind: "multi", optionIds: ["discounts"] }],
    ["an", "offer_frequency", { kind: "single", optionId: "weekly" }],
    ["an", "preferred_store", { kind: "store", storeId: S.S1 }],
    ["an", "milk", { kind: "single", optionId: "oat" }],
    ["binh", "birthday", { kind: "birthday", day: 1, month: 7 }],
    ["binh", "favourite_categories", { kind: "multi", optionIds: ["drinks"] }],
    ["cuong", "birthday", { kind: "birthday", day: 29, month: 2 }],
    ["cuong", "favourite_categories", { kind: "multi", optionIds: ["food"] }],
    ["cuong", "offer_frequency", { kind: "single", optionId: "monthly" }],
  ];
  await db
    .insert(preferenceAnswers)
    .values(answers.map(([who, questionId, value]) => ({ memberId: ids[who].member, questionId, formVersion: 1, value })));

  const survey = async (kind: "nps" | "csat") =>
    (
      await db
        .insert(surveys)
        .values({ brandId, status: "active", version: 1, kind, touchpoint: "post_purchase", channel: "in_app", storeIds: null })
        .returning()
    )[0]!.id;
  const nps = await survey("nps");
  const csat = await survey("csat");
  const answer = (who: Name, surveyId: string, kind: "nps" | "csat", score: number, band: "promoter" | "detractor" | "low") =>
    db.insert(surveyAnswers).values({
      brandId,
      surveyId,
      surveyVersion: 1,
      memberId: ids[who].member,
      kind,
      score,
      band,
      touchpoint: "post_purchase",
      source: "in_app",
      clientAnswerId: randomUUID(),
      answeredAt: at("2026-06-26T03:00:00Z"),
      firstAnsweredAt: at("2026-06-26T03:00:00Z"),
    });
  await answer("an", nps, "nps", 9, "promoter");
  await answer("binh", nps, "nps", 3, "detractor");
  await answer("cuong", csat, "csat", 2, "low");

  const [reward] = await db.insert(rewards).values({ brandId, name: "Cà phê", pointsCost: 10 }).returning();
  await db.insert(vouchers).values([
    {
      brandId,
      memberId: ids.an.member,
      rewardId: reward!.id,
      code: randomUUID(),
      issuedAt: at("2026-06-20T03:00:00Z"),
      expiresAt: at("2026-07-20T03:00:00Z"),
    },
    // Expired and used vouchers are not unused ones.
    {
      brandId,
      memberId: ids.em.member,
      rewardId: reward!.id,
      code: randomUUID(),
      issuedAt: at("2026-05-01T03:00:00Z"),
      expiresAt: at("2026-06-01T03:00:00Z"),
    },
    {
      brandId,
      memberId: ids.cuong.member,
      rewardId: reward!.id,
      code: randomUUID(),
      status: "used",
      issuedAt: at("2026-06-01T03:00:00Z"),
      expiresAt: at("2026-07-01T03:00:00Z"),
    },
  ]);

  api.clock.set(NOW);
  const manager = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "manager" } })).body.session.accessToken;
  await api.ok(loyaltyEndpoints.reverse, { token: manager, params: { entryId: mistaken }, body: { reason: "Quét nhầm khách" } });
  return { brandId, S, ids, manager };
}

describe("segments API on a hand-built brand", () => {
  let api: TestApi;
  let data: Awaited<ReturnType<typeof loadDataset>>;
  let marketer: string;
  beforeAll(async () => {
    api = await testApi({ brandSlug: SLUG });
    data = await loadDataset(api);
    marketer = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "marketer" } })).body.session.accessToken;
  });
  afterAll(() => api.close());

  const countOf = async (rule: Rule) => (await api.ok(segmentEndpoints.countSegment, { token: marketer, body: { rule } })).body;
  const namesOf = async (rule: Rule) => {
    const res = await api.ok(segmentEndpoints.sampleSegment, { token: marketer, body: { rule, limit: 50 } });
    return res.body.members.map((m) => m.displayName).sort();
  };

  it("counts equal the hand-computed figures, per field family and nested AND / OR", async () => {
    const S = data.S;
    const cases: [string, Rule, string[]][] = [
      ["empty root: every member not erased", and(), ["An", "Bình", "Cường", "Dung", "Em"]],
      ["tier", and(cond({ field: "tier", op: "in", value: ["gold", "diamond"] })), ["An", "Em"]],
      ["points between", and(cond({ field: "points_balance", op: "between", value: [20, 50] })), ["Bình", "Cường", "Em"]],
      ["expiring in 30 days", and(cond({ field: "points_expiring", op: "gte", value: 1, days: 30 })), ["Em"]],
      ["qualifying spend (reversal subtracted)", and(cond({ field: "qualifying_spend", op: "gte", value: 300_000 })), ["An", "Cường"]],
      ["visits ≥ 1 in 30 days (reversed earn is no visit)", and(cond({ field: "visits", op: "gte", value: 1, days: 30 })), ["An", "Bình"]],
      ["visits ≥ 2 in 30 days (two receipts one day = one visit)", and(cond({ field: "visits", op: "gte", value: 2, days: 30 })), ["An"]],
      ["days since last visit ≥ 90", and(cond({ field: "days_since_last_visit", op: "gte", value: 90 })), ["Cường", "Em"]],
      ["never visited", and(cond({ field: "days_since_last_visit", op: "is_not_set" })), ["Dung"]],
      ["first visit before June", and(cond({ field: "first_visit_date", op: "before", value: "2026-06-01" })), ["Cường", "Em"]],
      ["stores visited: any S2", and(cond({ field: "stores_visited", op: "has_any", value: [S.S2] })), ["An", "Cường"]],
      ["stores visited: all of S1, S2", and(cond({ field: "stores_visited", op: "has_all", value: [S.S1, S.S2] })), ["An"]],
      ["stores visited: none S1", and(cond({ field: "stores_visited", op: "has_none", value: [S.S1] })), ["Cường", "Dung"]],
      ["birthday within 7 days (Bình withdrew personalisation)", and(cond({ field: "birthday_within", op: "lte", value: 7 })), ["An"]],
      ["birthday in February", and(cond({ field: "birthday_month", op: "in", value: [2] })), ["Cường"]],
      ["favourite drinks", and(cond({ field: "favourite_categories", op: "has_any", value: ["drinks"] })), ["An"]],
      ["topics", and(cond({ field: "topics", op: "has_all", value: ["discounts"] })), ["An"]],
      ["preferred store", and(cond({ field: "preferred_store", op: "in", value: [S.S1] })), ["An"]],
      // A uuid is the same store whatever its case, as in stores visited.
      ["preferred store, id in capitals", and(cond({ field: "preferred_store", op: "in", value: [S.S1.toUpperCase()] })), ["An"]],
      [
        "offer frequency not weekly (only with personalisation)",
        and(cond({ field: "offer_frequency", op: "not_in", value: ["weekly"] })),
        ["Cường", "Dung"],
      ],
      ["the brand's own question", and(cond({ field: "preference", key: "milk", op: "has_any", value: ["oat"] })), ["An"]],
      ["unused vouchers", and(cond({ field: "vouchers_unused", op: "gte", value: 1 })), ["An"]],
      ["consent zns_promo (Dung withdrew)", and(cond({ field: "consent", key: "zns_promo", op: "is", value: true })), ["An", "Bình"]],
      [
        "phone permission not allowed",
        and(cond({ field: "zalo_permission", key: "phone", op: "is", value: false })),
        ["Bình", "Cường", "Dung", "Em"],
      ],
      ["last NPS answered", and(cond({ field: "last_nps_band", op: "is_set" })), ["An", "Bình"]],
      ["last CSAT low", and(cond({ field: "last_csat_band", op: "in", value: ["low"] })), ["Cường"]],
      [
        "promo consent AND (drinks OR detractor)",
        and(
          cond({ field: "consent", key: "zns_promo", op: "is", value: true }),
          or(
            cond({ field: "favourite_categories", op: "has_any", value: ["drinks"] }),
            cond({ field: "last_nps_band", op: "in", value: ["detractor"] }),
          ),
        ),
        ["An", "Bình"],
      ],
      [
        "three levels: (member tier AND (visited in a year OR never)) OR 80+ points",
        or(
          and(
            cond({ field: "tier", op: "in", value: ["member"] }),
            or(cond({ field: "visits", op: "gte", value: 1, days: 365 }), cond({ field: "days_since_last_visit", op: "is_not_set" })),
          ),
          cond({ field: "points_balance", op: "gte", value: 80 }),
        ),
        ["An", "Cường", "Dung"],
      ],
    ];
    for (const [what, rule, expected] of cases) {
      expect(await countOf(rule), what).toEqual({ count: expected.length, total: 5 });
      expect(await namesOf(rule), what).toEqual(expected);
    }
  });

  it("pages the sample by card number", async () => {
    const first = await api.ok(segmentEndpoints.sampleSegment, { token: marketer, body: { rule: and(), limit: 2 } });
    expect(first.body.members.map((m) => m.displayName)).toEqual(["An", "Bình"]);
    expect(first.body.next).not.toBeNull();
    const second = await api.ok(segmentEndpoints.sampleSegment, {
      token: marketer,
      body: { rule: and(), limit: 2, after: first.body.next! },
    });
    expect(second.body.members.map((m) => m.displayName)).toEqual(["Cường", "Dung"]);
    const third = await api.ok(segmentEndpoints.sampleSegment, {
      token: marketer,
      body: { rule: and(), limit: 2, after: second.body.next! },
    });
    expect(third.body).toMatchObject({ members: [{ displayName: "Em", tier: "diamond", pointsBalance: 20 }], next: null });
  });

  it("finds the same pages whatever card-number windows the sample probes first", async () => {
    const S = data.S;
    const rules: [Rule, string[]][] = [
      [and(), ["An", "Bình", "Cường", "Dung", "Em"]],
      [and(cond({ field: "visits", op: "gte", value: 1, days: 30 })), ["An", "Bình"]],
      [
        or(
          cond({ field: "tier", op: "in", value: ["diamond"] }),
          cond({ field: "favourite_categories", op: "has_any", value: ["drinks"] }),
        ),
        ["An", "Em"],
      ],
      [and(cond({ field: "stores_visited", op: "has_none", value: [S.S1] })), ["Cường", "Dung"]],
    ];
    // Pages of one member: each window boundary falls between matches, on them, past the last.
    const pagesOf = async (rule: Rule, windows: readonly number[]) => {
      const pages: string[][] = [];
      let after: number | undefined;
      do {
        const page = await sampleMatching(api.database.db, data.brandId, rule, NOW, { limit: 1, after }, windows);
        pages.push(page.members.map((m) => m.displayName));
        after = page.next ?? undefined;
      } while (after !== undefined && pages.length < 10);
      return pages;
    };
    for (const [rule, expected] of rules) {
      for (const windows of [[], [1], [1, 1], [1, 2, 4], [3, 30], PROBE_WINDOWS]) {
        expect(await pagesOf(rule, windows), `${JSON.stringify(rule)} windows ${JSON.stringify(windows)}`).toEqual(
          expected.map((name) => [name]),
        );
      }
    }
  });

  it("explains why a member is in or out: each condition's value and result", async () => {
    const rule = and(
      cond({ field: "consent", key: "zns_promo", op: "is", value: true }),
      or(
        cond({ field: "favourite_categories", op: "has_any", value: ["drinks"] }),
        cond({ field: "last_nps_band", op: "in", value: ["detractor"] }),
      ),
      cond({ field: "first_visit_date", op: "after", value: "2026-01-01" }),
    );
    const binh = await api.ok(segmentEndpoints.explainSegment, { token: marketer, body: { rule, memberId: data.ids.binh.member } });
    expect(binh.body.result).toBe(true);
    expect(binh.body.member.displayName).toBe("Bình");
    expect(binh.body.groups).toEqual([
      { path: "", combine: "and", result: true },
      { path: "items.1", combine: "or", result: true },
    ]);
    const byPath = Object.fromEntries(binh.body.conditions.map((c) => [c.path, { value: c.memberValue, result: c.result }]));
    expect(byPath).toEqual({
      "items.0": { value: true, result: true },
      // Withdrawn personalisation: the answer is not used, nor shown.
      "items.1.items.0": { value: null, result: false },
      "items.1.items.1": { value: "detractor", result: true },
      "items.2": { value: "2026-06-28", result: true },
    });
    const dung = await api.ok(segmentEndpoints.explainSegment, { token: marketer, body: { rule, memberId: data.ids.dung.member } });
    expect(dung.body.result).toBe(false);
    expect(dung.body.conditions.map((c) => [c.memberValue, c.result])).toEqual([
      [false, false],
      [[null], false],
      [null, false],
      [null, false],
    ]);
    const an = await api.ok(segmentEndpoints.explainSegment, {
      token: marketer,
      body: {
        rule: and(cond({ field: "birthday_within", op: "lte", value: 7 }), cond({ field: "points_balance", op: "gte", value: 100 })),
        memberId: data.ids.an.member,
      },
    });
    expect(an.body.conditions.map((c) => [c.memberValue, c.result])).toEqual([
      ["05/07", true],
      [80, false],
    ]);
    expect(an.body.result).toBe(false);
    // An erased member, or one of another brand, is nobody here.
    for (const memberId of [data.ids.phuong.member, randomUUID()]) {
      const res = await api.refused(segmentEndpoints.explainSegment, { token: marketer, body: { rule, memberId } });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("member_not_found");
    }
  });

  it("saves named versions; a version stays as it was saved; archive hides it", async () => {
    const v1Rule = and(cond({ field: "tier", op: "in", value: ["gold"] }));
    const created = await api.ok(segmentEndpoints.createSegment, { token: marketer, body: { name: "  Khách vàng  ", rule: v1Rule } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Khách vàng", version: 1, status: "active", rule: v1Rule });
    const id = created.body.id;
    const v2Rule = or(cond({ field: "tier", op: "in", value: ["gold", "diamond"] }));
    const updated = await api.ok(segmentEndpoints.updateSegment, {
      token: data.manager,
      params: { segmentId: id },
      body: { name: "Khách vàng & kim cương", rule: v2Rule, basedOnVersion: 1 },
    });
    expect(updated.body).toMatchObject({ version: 2, rule: v2Rule });
    expect(updated.body.versions.map((v) => [v.version, v.name])).toEqual([
      [2, "Khách vàng & kim cương"],
      [1, "Khách vàng"],
    ]);
    const v1 = await api.ok(segmentEndpoints.getSegmentVersion, { token: marketer, params: { segmentId: id, version: "1" } });
    expect(v1.body).toMatchObject({ version: 1, name: "Khách vàng", rule: v1Rule });
    // An edit from a stale version is refused, nothing saved.
    const stale = await api.refused(segmentEndpoints.updateSegment, {
      token: marketer,
      params: { segmentId: id },
      body: { name: "x", rule: v1Rule, basedOnVersion: 1 },
    });
    expect([stale.status, stale.body.error.code]).toEqual([409, "segment_version_conflict"]);
    expect((await api.ok(segmentEndpoints.getSegment, { token: marketer, params: { segmentId: id } })).body.version).toBe(2);
    const missing = await api.refused(segmentEndpoints.getSegmentVersion, { token: marketer, params: { segmentId: id, version: "3" } });
    expect(missing.body.error.code).toBe("segment_not_found");

    expect((await api.ok(segmentEndpoints.listSegments, { token: marketer })).body.segments.map((s) => s.id)).toContain(id);
    const archived = await api.ok(segmentEndpoints.archiveSegment, { token: marketer, params: { segmentId: id } });
    expect(archived.body.status).toBe("archived");
    expect((await api.ok(segmentEndpoints.listSegments, { token: marketer })).body.segments.map((s) => s.id)).not.toContain(id);
    const all = await api.ok(segmentEndpoints.listSegments, { token: marketer, query: { archived: "true" } });
    expect(all.body.segments.find((s) => s.id === id)?.status).toBe("archived");
    const again = await api.refused(segmentEndpoints.updateSegment, {
      token: marketer,
      params: { segmentId: id },
      body: { name: "x", rule: v1Rule, basedOnVersion: 2 },
    });
    expect(again.body.error.code).toBe("segment_archived");
    expect(
      (await api.ok(segmentEndpoints.getSegmentVersion, { token: marketer, params: { segmentId: id, version: "1" } })).body.rule,
    ).toEqual(v1Rule);
    // Another brand's segment is not found.
    const other = await api.refused(segmentEndpoints.getSegment, { token: marketer, params: { segmentId: randomUUID() } });
    expect(other.body.error.code).toBe("segment_not_found");
  });

  it("refuses hostile input with 4xx and codes, never 5xx, and changes nothing", async () => {
    const before = (await api.database.db.select({ n: count() }).from(segmentVersions))[0]!.n;
    // 1,400 levels (57 kB, under the body limit), written as text: JSON.stringify would recurse.
    const levels = 1_400;
    const deep = `{"rule":${'{"type":"group","combine":"and","items":['.repeat(levels)}${JSON.stringify(cond({ field: "tier", op: "in", value: ["gold"] }))}${"]}".repeat(levels)}}`;
    const raw = (body: string) => api.call("POST", "/console/segments/count", { token: marketer, rawBody: body });
    const cases: [string, unknown, number, string, string?][] = [
      ["unknown field", { rule: and(cond({ field: "wheel_spins", op: "gte", value: 1 })) }, 422, "segment_invalid", "field_unknown"],
      [
        "NUL in a value",
        { rule: and(cond({ field: "tier", op: "in", value: ["go\u0000ld"] })) },
        400,
        "invalid_request",
        "text_characters",
      ],
      ["lone surrogate", { rule: and(cond({ field: "tier", op: "in", value: ["\ud800"] })) }, 400, "invalid_request", "text_characters"],
      [
        "huge number",
        { rule: and(cond({ field: "points_balance", op: "gte", value: 1e300 })) },
        422,
        "segment_invalid",
        "value_not_integer",
      ],
      ["huge days", { rule: and(cond({ field: "visits", op: "gte", value: 1, days: 1e20 })) }, 422, "segment_invalid", "days_out_of_range"],
      [
        "object as value",
        { rule: and({ type: "condition", field: "tier", op: "in", value: { $ne: 1 } } as unknown as Condition) },
        400,
        "invalid_request",
      ],
      [
        "string days",
        { rule: and({ type: "condition", field: "visits", op: "gte", value: 1, days: "30" } as unknown as Condition) },
        400,
        "invalid_request",
      ],
      ["wrong combinator", { rule: { type: "group", combine: "xor", items: [] } }, 400, "invalid_request"],
      ["no rule", {}, 400, "invalid_request"],
      [
        "too many conditions",
        {
          rule: and(
            ...Array.from({ length: 16 }, () => cond({ field: "tier", op: "in", value: ["gold"] })),
            or(...Array.from({ length: 15 }, () => cond({ field: "tier", op: "in", value: ["gold"] }))),
          ),
        },
        422,
        "segment_invalid",
        "too_many_conditions",
      ],
      [
        "another brand's store",
        { rule: and(cond({ field: "stores_visited", op: "has_any", value: [randomUUID()] })) },
        422,
        "segment_invalid",
        "option_unknown",
      ],
      [
        "injection-shaped option",
        { rule: and(cond({ field: "favourite_categories", op: "has_any", value: ["x' or '1'='1"] })) },
        422,
        "segment_invalid",
        "option_format",
      ],
      [
        "injection-shaped key",
        { rule: and(cond({ field: "preference", key: "milk'); drop table members; --", op: "has_any", value: ["oat"] })) },
        422,
        "segment_invalid",
        "key_unknown",
      ],
    ];
    const deepRes = await raw(deep);
    expect([deepRes.status, deepRes.body.error.code]).toEqual([400, "invalid_request"]);
    expect(deepRes.body.error.issues).toContainEqual({ code: "too_deep", field: "rule.items.0.items.0.items.0", params: { max: 3 } });
    for (const [what, body, status, code, issue] of cases) {
      const res = await api.call("POST", "/console/segments/count", { token: marketer, body });
      expect(res.status, what).toBe(status);
      expect(res.body.error.code, what).toBe(code);
      if (issue)
        expect(
          res.body.error.issues.map((i: { code: string }) => i.code),
          what,
        ).toContain(issue);
    }
    const invalid = await api.call("POST", "/console/segments/count", {
      token: marketer,
      body: { rule: and(cond({ field: "tier", op: "gte", value: 1 }), or(cond({ field: "visits", op: "gte", value: 1 }))) },
    });
    expect(invalid.body.error.issues).toEqual([
      { code: "op_not_allowed", field: "rule.items.0.op", params: { allowed: "in,not_in" } },
      { code: "days_missing", field: "rule.items.1.items.0.days", params: { min: 1, max: 730 } },
    ]);
    expect(
      (
        await raw(
          '{"rule": {"type":"group","combine":"and","items":[{"type":"condition","field":"points_balance","op":"gte","value":1e400}]}}',
        )
      ).status,
    ).toBe(400);
    expect((await raw('{"rule": ')).status).toBe(400);
    const save = await api.call("POST", "/console/segments", {
      token: marketer,
      body: { name: "x", rule: and(cond({ field: "nope", op: "eq", value: 1 })) },
    });
    expect([save.status, save.body.error.code]).toEqual([422, "segment_invalid"]);
    expect((await api.database.db.select({ n: count() }).from(segmentVersions))[0]!.n).toBe(before);
    // Who may call: no token, a member.
    expect((await api.call("POST", "/console/segments/count", { body: { rule: and() } })).status).toBe(401);
  });

  it("treats an injection-shaped value as data, even if it got past validation", async () => {
    // Straight to the compiler (no validation): the value is a bound parameter, matched as text.
    const rule = and(cond({ field: "favourite_categories", op: "has_any", value: ["drinks') or true or ('"] }));
    expect(await countMatching(api.database.db, data.brandId, rule, NOW)).toEqual({ count: 0, total: 5 });
    const tier = and(cond({ field: "tier", op: "in", value: ["gold' or '1'='1"] }));
    expect(await countMatching(api.database.db, data.brandId, tier, NOW)).toEqual({ count: 0, total: 5 });
    // A saved name is stored as typed.
    const name = "Robert'); drop table members; --";
    const saved = await api.ok(segmentEndpoints.createSegment, { token: marketer, body: { name, rule: and() } });
    expect(saved.body.name).toBe(name);
    expect((await api.database.db.select({ n: count() }).from(members))[0]!.n).toBeGreaterThan(5);
  });
});

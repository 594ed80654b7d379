/**
 * The dashboards' daily rollups (survey_answer_days, survey_reason_days; decision 0035) are
 * exact: after any sequence of answers, changes, follow-ups, erasures and deletions they equal a
 * recount of the current answers, and parallel answers to one bucket are all counted. So is each
 * member's latest band per kind (member_survey_bands, decision 0050), which segments read. Runs on
 * PGlite and, with TEST_DATABASE_URL, on PostgreSQL (real parallel transactions).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TIER_RULES } from "../../src/domain/loyalty/tiers";
import { BANDS, bandOf, type SurveyKind } from "../../src/domain/surveys/kinds";
import type { AnswerSource, Touchpoint } from "../../src/domain/surveys/survey";
import { queryRows, type Database } from "../../src/server/db/client";
import { brands, loyaltySettings, members, stores, surveyAnswers, surveys, surveyVersions, users } from "../../src/server/db/schema";
import { recordAnswer, saveFollowUp, UNBOUND } from "../../src/server/features/surveys/answers";
import { anonymiseSurveyAnswers } from "../../src/server/features/surveys/privacy";
import { freshDatabase } from "../support/db";
import { seededRandom } from "../support/prng";
import { testSurveyDefinition } from "../support/survey-definition";

const REASONS: Record<string, string[]> = { detractor: ["slow", "dirty"], promoter: ["friendly", "fast"], low: ["slow"], high: ["fast"] };

const definition = (kind: SurveyKind) =>
  testSurveyDefinition(
    kind,
    Object.fromEntries(
      BANDS[kind]
        .filter((b) => REASONS[b.id])
        .map((b) => [
          b.id,
          { prompt: { vi: "Vì sao?", en: "Why?" }, reasons: REASONS[b.id]!.map((id) => ({ id, label: { vi: id, en: id } })) },
        ]),
    ),
  );

type Scene = { brandId: string; storeIds: string[]; memberIds: string[]; surveyIds: Record<"nps" | "csat", string> };

async function scene(database: Database, memberCount: number): Promise<Scene> {
  const db = database.db;
  const [brand] = await db
    .insert(brands)
    .values({ slug: `rollup-${randomUUID().slice(0, 8)}`, name: "Rollup" })
    .returning();
  const brandId = brand!.id;
  await db.insert(loyaltySettings).values({ brandId, tierRules: DEFAULT_TIER_RULES });
  const storeIds = (
    await db
      .insert(stores)
      .values([
        { brandId, name: "A" },
        { brandId, name: "B" },
      ])
      .returning()
  ).map((s) => s.id);
  const userRows = await db
    .insert(users)
    .values(
      Array.from({ length: memberCount }, (_, i) => ({
        brandId,
        role: "member" as const,
        zaloId: `rollup-${randomUUID()}`,
        displayName: `m${i}`,
      })),
    )
    .returning();
  const memberIds = (
    await db
      .insert(members)
      .values(userRows.map((u) => ({ userId: u.id, brandId, qrSecret: randomBytes(32).toString("hex") })))
      .returning()
  ).map((m) => m.id);
  const surveyIds = {} as Scene["surveyIds"];
  for (const kind of ["nps", "csat"] as const) {
    const [s] = await db
      .insert(surveys)
      .values({ brandId, status: "active", version: 1, kind, touchpoint: "post_purchase", channel: "in_app", storeIds: null })
      .returning();
    await db.insert(surveyVersions).values({ surveyId: s!.id, version: 1, definition: definition(kind) });
    surveyIds[kind] = s!.id;
  }
  return { brandId, storeIds, memberIds, surveyIds };
}

const VN_DAY = sql`floor((extract(epoch from a.answered_at) + 25200) / 86400)::int`;

/** The rollups' non-empty buckets and a recount of the brand's current answers, in one order. */
async function rollupAndRecount(database: Database, brandId: string) {
  const db = database.db;
  const rollup = await queryRows(
    db,
    sql`select kind, day, survey_id, store_id, touchpoint, source, score, answers from survey_answer_days
      where brand_id = ${brandId} and answers <> 0 order by 1, 2, 3, 4, 5, 6, 7`,
  );
  const recount = await queryRows(
    db,
    sql`select a.kind, ${VN_DAY} as day, a.survey_id, a.store_id, a.touchpoint, a.source, a.score, count(*)::int as answers
      from survey_answers a where a.brand_id = ${brandId} and a.superseded_at is null
      group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7`,
  );
  const reasonRollup = await queryRows(
    db,
    sql`select kind, day, survey_id, store_id, touchpoint, source, band, reason, answers from survey_reason_days
      where brand_id = ${brandId} and answers <> 0 order by 1, 2, 3, 4, 5, 6, 7, 8`,
  );
  const reasonRecount = await queryRows(
    db,
    sql`select a.kind, ${VN_DAY} as day, a.survey_id, a.store_id, a.touchpoint, a.source, a.band, x.reason, count(*)::int as answers
      from survey_answers a cross join lateral unnest(a.reasons) as x(reason)
      where a.brand_id = ${brandId} and a.superseded_at is null
      group by 1, 2, 3, 4, 5, 6, 7, 8 order by 1, 2, 3, 4, 5, 6, 7, 8`,
  );
  const [negative] = await queryRows<{ n: number }>(
    db,
    sql`select ((select count(*) from survey_answer_days where brand_id = ${brandId} and answers < 0)
      + (select count(*) from survey_reason_days where brand_id = ${brandId} and answers < 0))::int as n`,
  );
  // Each member's latest current answer per kind: the table the trigger keeps, and worked out again.
  const bands = await queryRows(
    db,
    sql`select member_id, kind, band, answered_at, answer_id from member_survey_bands where brand_id = ${brandId} order by 1, 2`,
  );
  const bandsRecount = await queryRows(
    db,
    sql`select distinct on (a.member_id, a.kind) a.member_id, a.kind, a.band, a.answered_at, a.id as answer_id
      from survey_answers a where a.brand_id = ${brandId} and a.superseded_at is null
      order by a.member_id, a.kind, a.answered_at desc, a.id desc`,
  );
  return { rollup, recount, reasonRollup, reasonRecount, negative: negative!.n, bands, bandsRecount };
}

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("survey rollups", () => {
  it("equal a recount of the current answers after random answers, changes, follow-ups, erasures and deletions", async () => {
    const s = await scene(database, 12);
    const db = database.db;
    const rand = seededRandom(20261206);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    // Around a Vietnam midnight (17:00 UTC), so day buckets split and changes cross days.
    let now = Date.parse("2026-11-20T16:30:00Z");
    const txRefs: { member: string; survey: "nps" | "csat"; ref: string | null }[] = [];
    const ops: Record<string, number> = {};
    for (let step = 0; step < 220; step++) {
      now += rand() < 0.5 ? 60_000 : Math.floor(rand() * 8 * 3_600_000);
      const op = rand();
      if (op < 0.3 || txRefs.length === 0) {
        // A new answer through the answer path (bound to a transaction, or unbound).
        const kind = pick(["nps", "csat"] as const);
        const member = pick(s.memberIds);
        const ref = rand() < 0.8 ? `tx-${step}` : null;
        const out = await recordAnswer(db, now, {
          member: { id: member, brandId: s.brandId },
          surveyId: s.surveyIds[kind],
          score: kind === "nps" ? Math.floor(rand() * 11) : 1 + Math.floor(rand() * 5),
          clientAnswerId: randomUUID(),
          binding: {
            ...UNBOUND,
            storeId: rand() < 0.2 ? null : pick(s.storeIds),
            transactionRef: ref,
            touchpoint: pick(["post_purchase", "in_store", null] as (Touchpoint | null)[]),
            source: pick(["in_app", "store_qr", "zns_rating", "self"] as AnswerSource[]),
          },
          tokenNotice: null,
        });
        if (out.ok) txRefs.push({ member, survey: kind, ref });
        ops[`answer:${out.ok ? "ok" : out.code}`] = (ops[`answer:${out.ok ? "ok" : out.code}`] ?? 0) + 1;
      } else if (op < 0.5) {
        // A change of an earlier answer: a superseding row (inside the window), or refused.
        const t = pick(txRefs);
        const out = await recordAnswer(db, now, {
          member: { id: t.member, brandId: s.brandId },
          surveyId: s.surveyIds[t.survey],
          score: t.survey === "nps" ? Math.floor(rand() * 11) : 1 + Math.floor(rand() * 5),
          clientAnswerId: randomUUID(),
          binding: { ...UNBOUND, transactionRef: t.ref },
          tokenNotice: null,
        });
        ops[`change:${out.ok ? "ok" : out.code}`] = (ops[`change:${out.ok ? "ok" : out.code}`] ?? 0) + 1;
      } else if (op < 0.75) {
        // A follow-up: reasons of the answer's band (sometimes none, sometimes replaced).
        const [row] = await queryRows<{ id: string; member_id: string; band: string }>(
          db,
          sql`select id, member_id, band from survey_answers where brand_id = ${s.brandId}
            order by answered_at, id offset floor(${rand()}::float8 * (select count(*) from survey_answers where brand_id = ${s.brandId})) limit 1`,
        );
        const offered = REASONS[row!.band] ?? [];
        const reasons = offered.filter(() => rand() < 0.6);
        const out = await saveFollowUp(db, now, { id: row!.member_id, brandId: s.brandId }, row!.id, {
          reasons,
          comment: rand() < 0.5 ? `góp ý ${step}` : null,
        });
        ops[`followUp:${out.ok ? "ok" : out.code}`] = (ops[`followUp:${out.ok ? "ok" : out.code}`] ?? 0) + 1;
      } else if (op < 0.85) {
        // Account deletion's erasure of the member's answers (comments go, scores stay).
        const member = pick(s.memberIds);
        await db.transaction((tx) => anonymiseSurveyAnswers(tx, member));
        ops.erase = (ops.erase ?? 0) + 1;
      } else if (op < 0.93) {
        // A row written straight to the table (fixtures, imports): a current one with reasons.
        const kind = pick(["nps", "csat"] as const);
        const score = kind === "nps" ? Math.floor(rand() * 11) : 1 + Math.floor(rand() * 5);
        const band = bandOf(kind, score).id;
        await db.insert(surveyAnswers).values({
          brandId: s.brandId,
          surveyId: s.surveyIds[kind],
          surveyVersion: 1,
          memberId: pick(s.memberIds),
          kind,
          score,
          band,
          touchpoint: "in_store",
          storeId: pick([...s.storeIds, null]),
          source: "self",
          clientAnswerId: randomUUID(),
          answeredAt: new Date(now),
          firstAnsweredAt: new Date(now),
          // A reason twice counts twice, as the raw count did.
          reasons: (REASONS[band] ?? []).flatMap((r) => (rand() < 0.3 ? [r, r] : rand() < 0.5 ? [r] : [])),
        });
        ops.insert = (ops.insert ?? 0) + 1;
      } else {
        // A deletion (current or superseded row) with whatever points at it.
        const [row] = await queryRows<{ id: string }>(
          db,
          sql`select a.id from survey_answers a where a.brand_id = ${s.brandId}
            and not exists (select 1 from feedback_cases c where c.answer_id = a.id or c.current_answer_id = a.id)
            order by a.answered_at, a.id offset floor(${rand()}::float8 * (select count(*) from survey_answers where brand_id = ${s.brandId})) limit 1`,
        );
        if (row) await db.delete(surveyAnswers).where(eq(surveyAnswers.id, row.id));
        ops.delete = (ops.delete ?? 0) + 1;
      }
      if (step % 55 === 54) {
        const r = await rollupAndRecount(database, s.brandId);
        expect(r.rollup).toEqual(r.recount);
        expect(r.reasonRollup).toEqual(r.reasonRecount);
        expect(r.negative).toBe(0);
        expect(r.bands).toEqual(r.bandsRecount);
      }
    }
    // The sequence exercised every path that moves a bucket.
    for (const k of ["answer:ok", "change:ok", "followUp:ok", "erase", "insert", "delete"]) expect(ops[k] ?? 0, k).toBeGreaterThan(0);
    const r = await rollupAndRecount(database, s.brandId);
    expect(r.recount.length).toBeGreaterThan(10);
    expect(r.reasonRecount.length).toBeGreaterThan(3);
    expect(r.bands).toEqual(r.bandsRecount);
    expect(r.bandsRecount.length).toBeGreaterThan(8);
  });

  it("counts 200 parallel answers to one bucket, and parallel changes out of it, exactly", async () => {
    const s = await scene(database, 200);
    const db = database.db;
    const now = Date.parse("2026-11-25T03:00:00Z");
    const answer = (member: string, score: number, ref: string, at: number) =>
      recordAnswer(db, at, {
        member: { id: member, brandId: s.brandId },
        surveyId: s.surveyIds.nps,
        score,
        clientAnswerId: randomUUID(),
        binding: { ...UNBOUND, storeId: s.storeIds[0]!, transactionRef: ref, source: "in_app" },
        tokenNotice: null,
      });
    const first = await Promise.all(s.memberIds.map((m) => answer(m, 9, "tx-1", now)));
    expect(first.every((o) => o.ok)).toBe(true);
    const bucket = async (score: number) => {
      const [row] = await queryRows<{ answers: number }>(
        db,
        sql`select answers from survey_answer_days where brand_id = ${s.brandId} and score = ${score}`,
      );
      return row?.answers ?? 0;
    };
    expect(await bucket(9)).toBe(200);
    // Half change 9 → 10 while the other half answer a second transaction with 9, all at once.
    const mixed = await Promise.all(
      s.memberIds.map((m, i) => (i % 2 === 0 ? answer(m, 10, "tx-1", now + 60_000) : answer(m, 9, "tx-2", now + 60_000))),
    );
    expect(mixed.every((o) => o.ok)).toBe(true);
    expect(await bucket(9)).toBe(200);
    expect(await bucket(10)).toBe(100);
    const r = await rollupAndRecount(database, s.brandId);
    expect(r.rollup).toEqual(r.recount);
    expect(r.negative).toBe(0);
    expect(r.bands).toEqual(r.bandsRecount);
    expect(r.bands.filter((b) => (b as { band: string }).band === "promoter")).toHaveLength(200);
  });

  it("keep each member's latest band when answers of one member are written at once, in either order", async () => {
    // Straight to the table, each in its own transaction and without recordAnswer's member lock:
    // the trigger's own lock and its read after it are what leave the later answer, whichever
    // transaction commits first. Then the later one is deleted and the band falls back.
    const s = await scene(database, 100);
    const db = database.db;
    const now = Date.parse("2026-11-26T03:00:00Z");
    const rand = seededRandom(7);
    const write = (member: string, score: number, at: number) =>
      db.insert(surveyAnswers).values({
        brandId: s.brandId,
        surveyId: s.surveyIds.nps,
        surveyVersion: 1,
        memberId: member,
        kind: "nps",
        score,
        band: bandOf("nps", score).id,
        touchpoint: "in_store",
        source: "self",
        clientAnswerId: randomUUID(),
        answeredAt: new Date(at),
        firstAnsweredAt: new Date(at),
      });
    // Each member: an earlier detractor (2) and a later promoter (10), started in a random order.
    await Promise.all(
      s.memberIds.flatMap((m) => {
        const pair = [() => write(m, 2, now), () => write(m, 10, now + 60_000)];
        return (rand() < 0.5 ? pair : pair.reverse()).map((w) => w());
      }),
    );
    let r = await rollupAndRecount(database, s.brandId);
    expect(r.bands).toEqual(r.bandsRecount);
    expect(r.bands.map((b) => (b as { band: string }).band)).toEqual(Array(100).fill("promoter"));
    await db.execute(sql`delete from survey_answers where brand_id = ${s.brandId} and score = 10`);
    r = await rollupAndRecount(database, s.brandId);
    expect(r.bands).toEqual(r.bandsRecount);
    expect(r.bands.map((b) => (b as { band: string }).band)).toEqual(Array(100).fill("detractor"));
    await db.execute(
      sql`update survey_answers set superseded_at = ${new Date(now + 120_000).toISOString()}::timestamptz where brand_id = ${s.brandId}`,
    );
    r = await rollupAndRecount(database, s.brandId);
    expect(r.bands).toEqual([]);
  });
  it("keep the later band when an earlier answer's recompute starts while the later one is not yet committed", async () => {
    // The interleaving the trigger's member lock is for: the later answer is written and its band
    // set, uncommitted; the earlier one is written meanwhile and its recompute must wait for the
    // member, then read the committed later answer. Without the lock it read only its own answer
    // and, once the later one committed, overwrote its band (PostgreSQL). PGlite has one
    // connection, so there the earlier answer's transaction runs after the later one's.
    const s = await scene(database, 1);
    const db = database.db;
    const member = s.memberIds[0]!;
    const now = Date.parse("2026-11-27T03:00:00Z");
    const row = (score: number, at: number) => ({
      brandId: s.brandId,
      surveyId: s.surveyIds.nps,
      surveyVersion: 1,
      memberId: member,
      kind: "nps" as const,
      score,
      band: bandOf("nps", score).id,
      touchpoint: "in_store" as const,
      source: "self" as const,
      clientAnswerId: randomUUID(),
      answeredAt: new Date(at),
      firstAnsweredAt: new Date(at),
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const laterWritten = new Promise<void>((resolve) => (written = resolve));
    const later = db.transaction(async (tx) => {
      await tx.insert(surveyAnswers).values(row(10, now + 60_000));
      written();
      await held;
    });
    await laterWritten;
    let earlier: Promise<unknown>;
    if (database.driver === "postgres") {
      // execute(): a query builder runs when asked, not when built.
      earlier = db.insert(surveyAnswers).values(row(2, now)).execute();
      // Until the earlier answer's transaction waits for a lock the later one holds.
      for (;;) {
        const [w] = await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (w!.n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      release();
      await later;
    } else {
      release();
      await later;
      earlier = db.insert(surveyAnswers).values(row(2, now));
    }
    await earlier;
    const r = await rollupAndRecount(database, s.brandId);
    expect(r.bands).toEqual(r.bandsRecount);
    expect(r.bands).toMatchObject([{ band: "promoter" }]);
  });

  it("takes changes that cross between two buckets in opposite directions at once, every one of them", async () => {
    // Member A changes 9 → 10 while member B changes 10 → 9: each transaction takes one bucket's
    // row and then the other's, in opposite orders. On PostgreSQL that can deadlock; the server
    // aborts one, and the answer must still be recorded (recordAnswer runs it again), never a 5xx.
    const s = await scene(database, 120);
    const db = database.db;
    const now = Date.parse("2026-11-25T03:00:00Z");
    const answer = (member: string, score: number, at: number) =>
      recordAnswer(db, at, {
        member: { id: member, brandId: s.brandId },
        surveyId: s.surveyIds.nps,
        score,
        clientAnswerId: randomUUID(),
        binding: { ...UNBOUND, storeId: s.storeIds[0]!, transactionRef: "tx-1", source: "in_app" },
        tokenNotice: null,
      });
    const first = await Promise.all(s.memberIds.map((m, i) => answer(m, i % 2 === 0 ? 9 : 10, now)));
    expect(first.every((o) => o.ok)).toBe(true);
    for (let round = 1; round <= 3; round++) {
      const changed = await Promise.all(s.memberIds.map((m, i) => answer(m, (i + round) % 2 === 0 ? 9 : 10, now + round * 60_000)));
      expect(changed.every((o) => o.ok)).toBe(true);
    }
    const r = await rollupAndRecount(database, s.brandId);
    expect(r.rollup).toEqual(r.recount);
    expect(r.negative).toBe(0);
  });

  it("are rebuilt by the migrations' backfills to the same buckets and bands", async () => {
    // The answers the tests above wrote, in every brand: empty the rollups, run the backfill
    // statements of migration 0028 as they are in the file, and recount.
    const db = database.db;
    const file = readFileSync(new URL("../../src/server/db/migrations/0028_survey_rollup.sql", import.meta.url), "utf8");
    const backfill = file
      .split("--> statement-breakpoint")
      .map((x) => x.trim())
      .filter((x) => /^(--[^\n]*\n)*INSERT INTO survey_(answer|reason)_days/.test(x));
    expect(backfill).toHaveLength(2);
    const bandsFile = readFileSync(new URL("../../src/server/db/migrations/0056_member_survey_bands.sql", import.meta.url), "utf8");
    const bandsBackfill = bandsFile
      .split("--> statement-breakpoint")
      .map((x) => x.trim())
      .filter((x) => /^(--[^\n]*\n)*INSERT INTO member_survey_bands/.test(x));
    expect(bandsBackfill).toHaveLength(1);
    const brandIds = (await queryRows<{ id: string }>(db, sql`select distinct brand_id as id from survey_answers`)).map((x) => x.id);
    expect(brandIds.length).toBeGreaterThanOrEqual(2);
    await db.execute(sql`delete from survey_answer_days`);
    await db.execute(sql`delete from survey_reason_days`);
    await db.execute(sql`delete from member_survey_bands`);
    for (const statement of [...backfill, ...bandsBackfill]) await db.execute(sql.raw(statement));
    for (const brandId of brandIds) {
      const r = await rollupAndRecount(database, brandId);
      expect(r.rollup).toEqual(r.recount);
      expect(r.reasonRollup).toEqual(r.reasonRecount);
      expect(r.bands).toEqual(r.bandsRecount);
    }
  });
});

/**
 * The dashboards' daily rollups (survey_answer_days, survey_reason_days; decision 0035) are
 * exact: after any sequence of answers, changes, follow-ups, erasures and deletions they equal a
 * recount of the current answers, and parallel answers to one bucket are all counted. Runs on
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
  return { rollup, recount, reasonRollup, reasonRecount, negative: negative!.n };
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
      }
    }
    // The sequence exercised every path that moves a bucket.
    for (const k of ["answer:ok", "change:ok", "followUp:ok", "erase", "insert", "delete"]) expect(ops[k] ?? 0, k).toBeGreaterThan(0);
    const r = await rollupAndRecount(database, s.brandId);
    expect(r.recount.length).toBeGreaterThan(10);
    expect(r.reasonRecount.length).toBeGreaterThan(3);
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

  it("are rebuilt by the migration's backfill to the same buckets", async () => {
    // The answers the tests above wrote, in every brand: empty the rollups, run the backfill
    // statements of migration 0028 as they are in the file, and recount.
    const db = database.db;
    const file = readFileSync(new URL("../../src/server/db/migrations/0028_survey_rollup.sql", import.meta.url), "utf8");
    const backfill = file
      .split("--> statement-breakpoint")
      .map((x) => x.trim())
      .filter((x) => /^(--[^\n]*\n)*INSERT INTO survey_(answer|reason)_days/.test(x));
    expect(backfill).toHaveLength(2);
    const brandIds = (await queryRows<{ id: string }>(db, sql`select distinct brand_id as id from survey_answers`)).map((x) => x.id);
    expect(brandIds.length).toBeGreaterThanOrEqual(2);
    await db.execute(sql`delete from survey_answer_days`);
    await db.execute(sql`delete from survey_reason_days`);
    for (const statement of backfill) await db.execute(sql.raw(statement));
    for (const brandId of brandIds) {
      const r = await rollupAndRecount(database, brandId);
      expect(r.rollup).toEqual(r.recount);
      expect(r.reasonRollup).toEqual(r.reasonRecount);
    }
  });
});

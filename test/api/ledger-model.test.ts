/**
 * Model-based test of the points ledger: random sequences of operations run against the pure
 * domain model (src/domain/loyalty: applyOp, earnPoints, evaluateTier, checkRedeemable — the
 * functions the property tests in ledger.test.ts check) AND against the real API over HTTP on
 * a real database, comparing after every step the outcome (success, replay or refusal code),
 * the balance, the tier, every lot and the entries the step wrote, with the lots they took from.
 *
 * The property tests prove the model keeps its invariants; this test proves the server is that
 * model. Each run uses a fresh member, stores and rewards made by factories, and its own clock
 * start; the jobs (expiry, tier evaluation) are called the way the scheduler calls them.
 */
import fc from "fast-check";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EARN_RULE, earnPoints } from "../../src/domain/loyalty/earn";
import { applyOp, balanceOf, EMPTY_LEDGER, type LedgerState, type Op } from "../../src/domain/loyalty/ledger";
import { availablePoints, nextExpiry as domainNextExpiry } from "../../src/domain/loyalty/lots";
import { checkRedeemable } from "../../src/domain/loyalty/rewards";
import { DEFAULT_TIER_RULES, evaluateTier, tierDef, type TierCode, type TierState } from "../../src/domain/loyalty/tiers";
import { DAY_MS } from "../../src/domain/loyalty/vietnam-time";
import { ledgerEntries, loyaltySettings, lotTakes, members, pointLots } from "../../src/server/db/schema";
import { evaluateTiers, expireDuePoints } from "../../src/server/features/loyalty/jobs";
import { testApi, type TestApi } from "../support/api";
import {
  consoleSession,
  makeMember,
  makeReward,
  makeStaff,
  makeStore,
  testBrand,
  type TestStaff,
  type TestStore,
} from "../support/factories";
import { expectLedgerInvariants, scanToken } from "../support/loyalty";

const RULES = DEFAULT_TIER_RULES;
const EARN_RULE = DEFAULT_EARN_RULE;
const LOT_VALIDITY_MONTHS = 12;
const BASE_TIME = Date.parse("2026-11-23T09:00:00.000Z");

// ---------------------------------------------------------------------------------------------
// What fast-check generates.

type Gap = { ms: number } | "to-next-expiry" | "just-after-next-expiry";
type RewardSpec = { cost: number; stock: number | null; eligibleTiers: TierCode[] | null };
type Step =
  | { t: "earn"; bill: number; receipt: "new" | { again: number; sameBill: boolean }; gap: Gap }
  | { t: "redeem"; reward: number; key: "new" | { again: number }; gap: Gap }
  | { t: "adjust"; amount: { points: number } | { debitShare: number }; gap: Gap }
  | { t: "reverse"; target: number; gap: Gap }
  | { t: "expire"; gap: Gap }
  | { t: "tiers"; gap: Gap };
type Run = { startOffset: number; rewards: RewardSpec[]; steps: Step[] };

const gap: fc.Arbitrary<Gap> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ ms: 0 }) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 * DAY_MS }).map((ms) => ({ ms })) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 200 * DAY_MS }).map((ms) => ({ ms })) },
  { weight: 1, arbitrary: fc.constant("to-next-expiry" as const) },
  { weight: 1, arbitrary: fc.constant("just-after-next-expiry" as const) },
);

const bill = fc.oneof(
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 9_999 }) }, // earns 0 points: refused
  { weight: 6, arbitrary: fc.integer({ min: 10_000, max: 2_500_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 2_500_000, max: 20_000_000 }) }, // moves tiers
);

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant("earn" as const),
      bill,
      receipt: fc.oneof(
        { weight: 4, arbitrary: fc.constant("new" as const) },
        { weight: 1, arbitrary: fc.record({ again: fc.nat(20), sameBill: fc.boolean() }) },
      ),
      gap,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant("redeem" as const),
      reward: fc.nat(2),
      key: fc.oneof({ weight: 4, arbitrary: fc.constant("new" as const) }, { weight: 1, arbitrary: fc.record({ again: fc.nat(20) }) }),
      gap,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant("adjust" as const),
      amount: fc.oneof(
        { weight: 2, arbitrary: fc.record({ points: fc.integer({ min: 1, max: 3_000 }) }) },
        { weight: 1, arbitrary: fc.record({ points: fc.integer({ min: -3_000, max: -1 }) }) },
        // A debit of a share of what is spendable, up to 130% so some are refused.
        { weight: 2, arbitrary: fc.record({ debitShare: fc.integer({ min: 1, max: 130 }) }) },
      ),
      gap,
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("reverse" as const), target: fc.nat(20), gap }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("expire" as const), gap }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("tiers" as const), gap }) },
);

const rewardSpec: fc.Arbitrary<RewardSpec> = fc.record({
  cost: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 300, max: 3_000 })),
  stock: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 2 })),
  eligibleTiers: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant<TierCode[]>(["gold", "diamond"]) },
  ),
});

const run: fc.Arbitrary<Run> = fc.record({
  startOffset: fc.integer({ min: 0, max: 400 * DAY_MS }),
  rewards: fc.tuple(rewardSpec, rewardSpec, rewardSpec),
  steps: fc.array(step, { minLength: 1, maxLength: 15 }),
});

/** Sequences worth running every time, whatever the seed draws. */
const plainRewards: RewardSpec[] = [0, 1, 2].map(() => ({ cost: 10, stock: null, eligibleTiers: null }));
const EXAMPLES: Run[] = [
  // An earn reversed 300 days later, then a big bill after the earn left the 365-day window but
  // the reversal did not: the bill counts for 2.5M − 1M (no upgrade), not for 2.5M.
  {
    startOffset: 0,
    rewards: plainRewards,
    steps: [
      { t: "earn", bill: 1_000_000, receipt: "new", gap: { ms: 0 } },
      { t: "reverse", target: 0, gap: { ms: 300 * DAY_MS } },
      { t: "earn", bill: 2_500_000, receipt: "new", gap: { ms: 66 * DAY_MS } },
      { t: "tiers", gap: { ms: DAY_MS } },
    ],
  },
  // Spend the points closest to expiry first, at the exact instant a lot expires, then expire.
  {
    startOffset: 37 * DAY_MS,
    rewards: [
      { cost: 120, stock: 1, eligibleTiers: null },
      { cost: 60, stock: null, eligibleTiers: ["gold", "diamond"] },
      { cost: 10, stock: 0, eligibleTiers: null },
    ],
    steps: [
      { t: "earn", bill: 1_500_000, receipt: "new", gap: { ms: 0 } },
      { t: "adjust", amount: { points: 80 }, gap: { ms: 40 * DAY_MS } },
      { t: "redeem", reward: 0, key: "new", gap: { ms: DAY_MS } },
      { t: "redeem", reward: 0, key: { again: 0 }, gap: { ms: 0 } },
      { t: "redeem", reward: 1, key: "new", gap: { ms: 0 } },
      { t: "redeem", reward: 2, key: "new", gap: { ms: 0 } },
      { t: "adjust", amount: { debitShare: 100 }, gap: "to-next-expiry" },
      { t: "expire", gap: { ms: 0 } },
      { t: "earn", bill: 9_999, receipt: "new", gap: "just-after-next-expiry" },
      { t: "earn", bill: 1_500_000, receipt: { again: 0, sameBill: true }, gap: { ms: 0 } },
      { t: "earn", bill: 700_000, receipt: { again: 0, sameBill: false }, gap: { ms: 0 } },
      { t: "reverse", target: 0, gap: { ms: 0 } },
      { t: "expire", gap: "to-next-expiry" },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// The model: the domain functions, plus the bookkeeping the server keeps around them (receipts
// and idempotency keys, stock, which earns were reversed, the bills in the tier window).

type Expected =
  { kind: "ok" } | { kind: "replay"; entryId?: string; points?: number; balance?: number } | { kind: "refused"; code: string };

type Model = {
  ledger: LedgerState;
  tier: TierState;
  /** Bills counted towards the tier: + for earns, − for reversals, at the time of the entry. */
  bills: { at: number; vnd: number }[];
  receipts: Map<string, { bill: number; points: number; entryId: string; balance: number }>;
  receiptNos: { no: string; bill: number }[];
  redeemKeys: Map<string, { reward: number; balance: number }>;
  keyList: string[];
  stock: (number | null)[];
  /** Entries the API named (earn, adjust, reversal): targets for reversals. */
  written: { id: string; kind: "earn" | "adjust" | "reversal"; points: number; bill: number | null }[];
  reversed: Set<string>;
};

const newModel = (rewards: RewardSpec[]): Model => ({
  ledger: EMPTY_LEDGER,
  tier: { tier: "member", downgradePendingSince: null },
  bills: [],
  receipts: new Map(),
  receiptNos: [],
  redeemKeys: new Map(),
  keyList: [],
  stock: rewards.map((r) => r.stock),
  written: [],
  reversed: new Set(),
});

/**
 * Spend in the rolling window (at − windowDays, at], with `bill` (an earn being decided) counted
 * in, never below 0. The clamp applies to the whole: a reversal still in the window whose earn
 * has left it lowers what a new bill counts for (an earlier version of this model clamped
 * before adding the bill and disagreed with the server; see EXAMPLES).
 */
function windowSpend(m: Model, at: number, bill = 0): number {
  const since = at - RULES.windowDays * DAY_MS;
  return Math.max(
    0,
    m.bills.filter((b) => b.at > since).reduce((sum, b) => sum + b.vnd, bill),
  );
}

function nextExpiry(m: Model, now: number): number | null {
  const upcoming = m.ledger.lots.filter((l) => l.remaining > 0 && l.expiresAt > now).map((l) => l.expiresAt);
  return upcoming.length ? Math.min(...upcoming) : null;
}

function applyOrThrow(m: Model, op: Op) {
  const r = applyOp(m.ledger, op);
  if (!r.ok) throw new Error(`model refused ${JSON.stringify(op)}: ${r.reason}`);
  m.ledger = r.state;
  return r.entries;
}

// ---------------------------------------------------------------------------------------------
// Reading the server's state for one member.

type Observed = {
  balance: number;
  tier: TierState;
  lots: { id: string; remaining: number; earnedAt: number; expiresAt: number }[];
  entries: { seq: number; kind: string; points: number; balanceAfter: number; takes: { lotId: string; points: number }[] }[];
};

async function observe(api: TestApi, memberId: string, afterSeq: number): Promise<Observed> {
  const db = api.database.db;
  const [m] = await db.select().from(members).where(eq(members.id, memberId));
  const lots = await db.select().from(pointLots).where(eq(pointLots.memberId, memberId)).orderBy(asc(pointLots.id));
  const rows = await db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.memberId, memberId), gt(ledgerEntries.seq, afterSeq)))
    .orderBy(asc(ledgerEntries.seq));
  const takes = rows.length
    ? await db
        .select()
        .from(lotTakes)
        .where(
          inArray(
            lotTakes.entryId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return {
    balance: m!.pointsBalance,
    tier: { tier: m!.tier as TierCode, downgradePendingSince: m!.tierPendingSince?.getTime() ?? null },
    lots: lots.map((l) => ({ id: l.id, remaining: l.remaining, earnedAt: l.earnedAt.getTime(), expiresAt: l.expiresAt.getTime() })),
    entries: rows.map((r) => ({
      seq: r.seq,
      kind: r.kind,
      points: r.points,
      balanceAfter: r.balanceAfter,
      takes: takes
        .filter((t) => t.entryId === r.id)
        .map((t) => ({ lotId: t.lotId, points: t.points }))
        .sort((a, b) => (a.lotId < b.lotId ? -1 : 1)),
    })),
  };
}

const canonical = (e: { kind: string; points: number; takes: { lotId: string; points: number }[] }) =>
  JSON.stringify([e.kind, e.points, [...e.takes].sort((a, b) => (a.lotId < b.lotId ? -1 : 1))]);

// ---------------------------------------------------------------------------------------------

describe("the API is the domain's ledger model (model-based, random sequences)", () => {
  let api: TestApi;
  let store: TestStore;
  let staff: TestStaff;
  let brandId: string;
  let runNo = 0;
  const stats = new Map<string, number>();

  beforeAll(async () => {
    api = await testApi();
    store = await makeStore(api);
    staff = await makeStaff(api, store);
    brandId = (await testBrand(api)).id;
    // The model uses the default rules: make sure the brand under test does too.
    const [settings] = await api.database.db.select().from(loyaltySettings).where(eq(loyaltySettings.brandId, brandId));
    expect(settings).toMatchObject({
      vndPerPoint: EARN_RULE.vndPerPoint,
      maxBillVnd: EARN_RULE.maxBillVnd,
      lotValidityMonths: LOT_VALIDITY_MONTHS,
    });
    expect(settings!.tierRules).toEqual(RULES);
  });
  afterAll(() => api.close());

  async function check(r: Run): Promise<void> {
    const id = `model-${++runNo}-${Math.random().toString(36).slice(2, 8)}`;
    api.clock.set(BASE_TIME + r.startOffset);
    const member = await makeMember(api, { id });
    const memberId = member.card.memberId as string;
    const manager = await consoleSession(api, "manager");
    const rewards = [];
    for (const [i, spec] of r.rewards.entries()) {
      rewards.push(
        await makeReward(
          api,
          { name: `Quà ${id} ${i}`, pointsCost: spec.cost, stock: spec.stock, eligibleTiers: spec.eligibleTiers },
          manager,
        ),
      );
    }
    const m = newModel(r.rewards);
    let lastSeq = 0;
    const log: string[] = [];

    for (const [i, s] of r.steps.entries()) {
      // Time moves first, by the generated gap.
      const now = api.clock.now();
      if (s.gap === "to-next-expiry" || s.gap === "just-after-next-expiry") {
        const next = nextExpiry(m, now);
        if (next !== null) api.clock.set(next + (s.gap === "just-after-next-expiry" ? 1 : 0));
      } else api.clock.advance(s.gap.ms);

      let expected: Expected;
      let res: { status: number; body: any } | null = null;
      let modelEntries: { kind: string; points: number; takes: { lotId: string; points: number }[] }[] = [];
      let described = "";

      const outcomeOf = (res: { status: number; body: any }): string =>
        res.status === 200 || res.status === 201
          ? res.body?.replayed
            ? "replay"
            : "ok"
          : `refused:${res.body?.error?.code ?? res.status}`;
      const expectedOutcome = (e: Expected) => (e.kind === "refused" ? `refused:${e.code}` : e.kind);
      const mismatch = (what: string, got: unknown, want: unknown) =>
        new Error(
          `step ${i} (${described}): ${what}: API ${JSON.stringify(got)}, model ${JSON.stringify(want)}\n  steps so far:\n  ${log.join("\n  ")}`,
        );

      switch (s.t) {
        case "earn": {
          const staffToken = await staff.signIn();
          const token = await scanToken(api, staffToken, member.card);
          const at = api.clock.now();
          let receiptNo: string;
          let billVnd = s.bill;
          if (s.receipt !== "new" && m.receiptNos.length) {
            const prior = m.receiptNos[s.receipt.again % m.receiptNos.length]!;
            receiptNo = prior.no;
            if (s.receipt.sameBill) billVnd = prior.bill;
          } else {
            receiptNo = `${id}-R${i}`;
            m.receiptNos.push({ no: receiptNo, bill: billVnd });
          }
          described = `earn ${receiptNo} bill ${billVnd} at ${new Date(at).toISOString()}`;
          const prior = m.receipts.get(receiptNo);
          const result = earnPoints({
            billVnd,
            rule: EARN_RULE,
            tierBps: tierDef(RULES, m.tier.tier).earnBps,
            promotions: [],
            storeId: store.id,
            at,
          });
          if (prior)
            expected =
              prior.bill === billVnd
                ? { kind: "replay", entryId: prior.entryId, points: prior.points, balance: prior.balance }
                : { kind: "refused", code: "receipt_already_used" };
          else if (!result.ok)
            expected = { kind: "refused", code: result.reason === "amount_too_large" ? "bill_too_large" : "bill_invalid" };
          else if (result.points === 0) expected = { kind: "refused", code: "bill_too_small" };
          else expected = { kind: "ok" };
          res = await api.call("POST", "/staff/earn", {
            token: staffToken,
            body: { storeId: store.id, receiptNo, billVnd, member: { scanToken: token } },
          });
          if (outcomeOf(res) !== expectedOutcome(expected)) throw mismatch("outcome", outcomeOf(res), expectedOutcome(expected));
          if (expected.kind === "replay") {
            const got = { entryId: res.body.entryId, points: res.body.points, balance: res.body.balance };
            const want = { entryId: expected.entryId, points: expected.points, balance: expected.balance };
            if (JSON.stringify(got) !== JSON.stringify(want)) throw mismatch("replayed earn", got, want);
          }
          if (expected.kind === "ok" && result.ok) {
            const spend = windowSpend(m, at, billVnd);
            const tier = evaluateTier({ state: m.tier, spendVnd: spend, now: at, rules: RULES, trigger: "earn" });
            modelEntries = applyOrThrow(m, {
              type: "credit",
              id: res.body.entryId,
              kind: "earn",
              points: result.points,
              at,
              validityMonths: LOT_VALIDITY_MONTHS,
            }).map((e) => ({ kind: e.kind, points: e.points, takes: e.lotTakes }));
            m.tier = tier.state;
            m.bills.push({ at, vnd: billVnd });
            m.receipts.set(receiptNo, { bill: billVnd, points: result.points, entryId: res.body.entryId, balance: balanceOf(m.ledger) });
            m.written.push({ id: res.body.entryId, kind: "earn", points: result.points, bill: billVnd });
            const got = { points: res.body.points, balance: res.body.balance, tier: res.body.tier };
            const want = { points: result.points, balance: balanceOf(m.ledger), tier: m.tier.tier };
            if (JSON.stringify(got) !== JSON.stringify(want)) throw mismatch("earn response", got, want);
          }
          break;
        }
        case "redeem": {
          const at = api.clock.now();
          let key: string;
          if (s.key !== "new" && m.keyList.length) key = m.keyList[s.key.again % m.keyList.length]!;
          else {
            key = `${id}-K${i}`;
            m.keyList.push(key);
          }
          const spec = r.rewards[s.reward]!;
          described = `redeem reward ${s.reward} (cost ${spec.cost}, stock ${m.stock[s.reward]}, tiers ${spec.eligibleTiers}) key ${key} at ${new Date(at).toISOString()}`;
          const prior = m.redeemKeys.get(key);
          let check: ReturnType<typeof checkRedeemable> | null = null;
          if (prior)
            expected =
              prior.reward === s.reward ? { kind: "replay", balance: prior.balance } : { kind: "refused", code: "idempotency_conflict" };
          else {
            check = checkRedeemable(
              {
                active: true,
                pointsCost: spec.cost,
                stock: m.stock[s.reward]!,
                validFrom: null,
                validUntil: null,
                eligibleTiers: spec.eligibleTiers,
              },
              { tier: m.tier.tier, balance: availablePoints(m.ledger.lots, at) },
              at,
            );
            expected = check.ok ? { kind: "ok" } : { kind: "refused", code: check.reason };
          }
          const token = await member.signIn();
          res = await api.call("POST", "/members/me/redemptions", {
            token,
            body: { rewardId: rewards[s.reward]!.id, idempotencyKey: key },
          });
          if (outcomeOf(res) !== expectedOutcome(expected)) throw mismatch("outcome", outcomeOf(res), expectedOutcome(expected));
          if (expected.kind === "replay" && res.body.balance !== expected.balance)
            throw mismatch("replayed balance", res.body.balance, expected.balance);
          if (expected.kind === "ok") {
            modelEntries = applyOrThrow(m, { type: "debit", id: `redeem:${key}`, kind: "redeem", points: spec.cost, at }).map((e) => ({
              kind: e.kind,
              points: e.points,
              takes: e.lotTakes,
            }));
            const stock = m.stock[s.reward]!;
            if (stock !== null) m.stock[s.reward] = stock - 1;
            m.redeemKeys.set(key, { reward: s.reward, balance: balanceOf(m.ledger) });
            if (res.body.balance !== balanceOf(m.ledger)) throw mismatch("balance after redeem", res.body.balance, balanceOf(m.ledger));
          }
          break;
        }
        case "adjust": {
          const at = api.clock.now();
          const points =
            "points" in s.amount
              ? s.amount.points
              : -Math.max(1, Math.round((availablePoints(m.ledger.lots, at) * s.amount.debitShare) / 100));
          described = `adjust ${points} at ${new Date(at).toISOString()}`;
          const op: Op =
            points > 0
              ? { type: "credit", id: "pending", kind: "adjust", points, at, validityMonths: LOT_VALIDITY_MONTHS }
              : { type: "debit", id: "pending", kind: "adjust", points: -points, at };
          const trial = applyOp(m.ledger, op);
          expected = trial.ok ? { kind: "ok" } : { kind: "refused", code: trial.reason };
          res = await api.call("POST", `/console/members/${memberId}/adjustments`, {
            token: await consoleSession(api, "manager"),
            body: { points, reason: "Điều chỉnh kiểm thử", idempotencyKey: `${id}-A${i}` },
          });
          if (outcomeOf(res) !== expectedOutcome(expected)) throw mismatch("outcome", outcomeOf(res), expectedOutcome(expected));
          if (expected.kind === "ok") {
            modelEntries = applyOrThrow(m, { ...op, id: res.body.entryId }).map((e) => ({
              kind: e.kind,
              points: e.points,
              takes: e.lotTakes,
            }));
            m.written.push({ id: res.body.entryId, kind: "adjust", points, bill: null });
            if (res.body.balance !== balanceOf(m.ledger)) throw mismatch("balance after adjust", res.body.balance, balanceOf(m.ledger));
          }
          break;
        }
        case "reverse": {
          const at = api.clock.now();
          if (!m.written.length) {
            described = "reverse (nothing to reverse yet: skipped)";
            break;
          }
          const target = m.written[s.target % m.written.length]!;
          described = `reverse ${target.kind} ${target.points} at ${new Date(at).toISOString()}`;
          let op: Op | null = null;
          if (target.kind !== "earn") expected = { kind: "refused", code: "not_reversible" };
          else if (m.reversed.has(target.id)) expected = { kind: "refused", code: "already_reversed" };
          else {
            op = { type: "debit", id: "pending", kind: "reversal", points: target.points, at };
            const trial = applyOp(m.ledger, op);
            expected = trial.ok ? { kind: "ok" } : { kind: "refused", code: trial.reason };
          }
          res = await api.call("POST", `/console/ledger/${target.id}/reversal`, {
            token: await consoleSession(api, "manager"),
            body: { reason: "Đảo ngược kiểm thử" },
          });
          if (outcomeOf(res) !== expectedOutcome(expected)) throw mismatch("outcome", outcomeOf(res), expectedOutcome(expected));
          if (expected.kind === "ok" && op) {
            modelEntries = applyOrThrow(m, { ...op, id: res.body.entryId }).map((e) => ({
              kind: e.kind,
              points: e.points,
              takes: e.lotTakes,
            }));
            m.reversed.add(target.id);
            m.bills.push({ at, vnd: -target.bill! });
            m.written.push({ id: res.body.entryId, kind: "reversal", points: -target.points, bill: null });
            if (res.body.balance !== balanceOf(m.ledger)) throw mismatch("balance after reversal", res.body.balance, balanceOf(m.ledger));
          }
          break;
        }
        case "expire": {
          const at = api.clock.now();
          described = `expiry job at ${new Date(at).toISOString()}`;
          expected = { kind: "ok" };
          await expireDuePoints(api.database.db, at);
          modelEntries = applyOrThrow(m, { type: "expire", at }).map((e) => ({ kind: e.kind, points: e.points, takes: e.lotTakes }));
          break;
        }
        case "tiers": {
          const at = api.clock.now();
          described = `tier evaluation at ${new Date(at).toISOString()} (window spend ${windowSpend(m, at)})`;
          expected = { kind: "ok" };
          await evaluateTiers(api.database.db, at, brandId);
          m.tier = evaluateTier({ state: m.tier, spendVnd: windowSpend(m, at), now: at, rules: RULES, trigger: "schedule" }).state;
          break;
        }
      }
      log.push(`${i}: ${described} → ${res ? outcomeOf(res) : "ok"}`);
      const tally = `${s.t}${s.t === "earn" && s.receipt !== "new" ? (s.receipt.sameBill ? " again same" : " again other") : ""} → ${res ? outcomeOf(res) : modelEntries.length ? "wrote" : "nothing"}${s.t === "tiers" || s.t === "earn" ? ` (${m.tier.tier}${m.tier.downgradePendingSince ? ", pending" : ""})` : ""}`;
      stats.set(tally, (stats.get(tally) ?? 0) + 1);

      // The whole visible state of the member, after every step.
      const seen = await observe(api, memberId, lastSeq);
      const want = {
        balance: balanceOf(m.ledger),
        tier: m.tier,
        lots: m.ledger.lots
          .map((l) => ({ id: l.id, remaining: l.remaining, earnedAt: l.earnedAt, expiresAt: l.expiresAt }))
          .sort((a, b) => (a.id < b.id ? -1 : 1)),
        entries: modelEntries.map(canonical).sort(),
      };
      const got = { balance: seen.balance, tier: seen.tier, lots: seen.lots, entries: seen.entries.map(canonical).sort() };
      for (const k of ["balance", "tier", "lots", "entries"] as const) {
        if (JSON.stringify(got[k]) !== JSON.stringify(want[k])) throw mismatch(k, got[k], want[k]);
      }
      if (seen.entries.length) {
        const last = seen.entries.at(-1)!;
        if (last.balanceAfter !== seen.balance) throw mismatch("balance_after of the last entry", last.balanceAfter, seen.balance);
        lastSeq = last.seq;
      }
      // What the member's card shows: spendable points, the next expiry and the tier spend.
      const at = api.clock.now();
      const summary = await api.call("GET", "/members/me/summary", { token: await member.signIn() });
      const shown = {
        balance: summary.body.balance,
        available: summary.body.available,
        tier: summary.body.tier?.code,
        spendVnd: summary.body.spendVnd,
        nextExpiry: summary.body.nextExpiry
          ? { points: summary.body.nextExpiry.points, expiresAt: Date.parse(summary.body.nextExpiry.expiresAt) }
          : null,
      };
      const modelled = {
        balance: balanceOf(m.ledger),
        available: availablePoints(m.ledger.lots, at),
        tier: m.tier.tier,
        spendVnd: windowSpend(m, at),
        nextExpiry: domainNextExpiry(m.ledger.lots, at),
      };
      if (JSON.stringify(shown) !== JSON.stringify(modelled)) throw mismatch("member summary", shown, modelled);
    }
  }

  it(
    "agrees with the model on every step of random earn / redeem / adjust / reverse / expire / tier sequences",
    async () => {
      await fc.assert(
        fc.asyncProperty(run, (r) => check(r)),
        // A fixed seed keeps CI deterministic; explore with MODEL_SEED=<n> MODEL_RUNS=<n> (and MODEL_STATS=1 for a tally).
        {
          numRuns: Number(process.env.MODEL_RUNS ?? 20),
          seed: Number(process.env.MODEL_SEED ?? 20_261_206),
          examples: process.env.MODEL_EXAMPLE ? [[JSON.parse(process.env.MODEL_EXAMPLE) as Run]] : EXAMPLES.map((e) => [e]),
        },
      );
      if (process.env.MODEL_STATS)
        console.log(
          [...stats]
            .sort()
            .map(([k, n]) => `${String(n).padStart(5)}  ${k}`)
            .join("\n"),
        );
      await expectLedgerInvariants(api.database);
    },
    Math.max(240_000, Number(process.env.MODEL_RUNS ?? 20) * 4_000),
  );
});

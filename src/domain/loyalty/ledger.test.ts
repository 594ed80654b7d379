import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyOp, balanceOf, EMPTY_LEDGER, type LedgerState, type Op } from "./ledger";
import { lotExpiresAt, type Lot } from "./lots";

const vn = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h - 7, min);
const endOfDay = (y: number, m: number, d: number) => vn(y, m, d, 23, 59) + 59_999;

function apply(state: LedgerState, ...ops: Op[]): LedgerState {
  for (const op of ops) {
    const r = applyOp(state, op);
    if (!r.ok) throw new Error(`refused ${JSON.stringify(op)}: ${r.reason}`);
    state = r.state;
  }
  return state;
}

const sumLots = (s: LedgerState) => s.lots.reduce((n, l) => n + l.remaining, 0);

describe("ledger, worked example", () => {
  // 10 Jan: a 1 259 000 ₫ bill at Silver earns 150 points, valid 12 months.
  // 1 Feb: a 50-point birthday bonus valid 1 month. 15 Feb: redeem 100 for a free drink.
  const earn: Op = { type: "credit", id: "earn-1", kind: "earn", points: 150, at: vn(2025, 1, 10, 19), validityMonths: 12 };
  const bonus: Op = {
    type: "credit",
    id: "bday",
    kind: "bonus",
    points: 50,
    at: vn(2025, 2, 1, 9),
    validityMonths: 1,
    reason: "Quà sinh nhật",
  };
  const redeem: Op = { type: "debit", id: "redeem-1", kind: "redeem", points: 100, at: vn(2025, 2, 15, 12) };
  const s = apply(EMPTY_LEDGER, earn, bonus, redeem);

  it("creates one lot per credit, expiring at the end of the Vietnam day", () => {
    expect(apply(EMPTY_LEDGER, earn, bonus).lots).toEqual([
      { id: "earn-1", remaining: 150, earnedAt: vn(2025, 1, 10, 19), expiresAt: endOfDay(2026, 1, 10) },
      { id: "bday", remaining: 50, earnedAt: vn(2025, 2, 1, 9), expiresAt: endOfDay(2025, 3, 1) },
    ]);
  });

  it("spends the points expiring first: the bonus, then the earn", () => {
    expect(s.entries.at(-1)).toEqual({
      id: "redeem-1",
      kind: "redeem",
      points: -100,
      at: vn(2025, 2, 15, 12),
      lotTakes: [
        { lotId: "bday", points: 50 },
        { lotId: "earn-1", points: 50 },
      ],
    });
    expect(s.lots.map((l) => [l.id, l.remaining])).toEqual([
      ["earn-1", 100],
      ["bday", 0],
    ]);
    expect(balanceOf(s)).toBe(100);
    expect(s.entries[1]!.reason).toBe("Quà sinh nhật");
  });

  it("refuses a debit above the spendable points and leaves the state alone", () => {
    const before = structuredClone(s);
    expect(applyOp(s, { type: "debit", id: "too-much", kind: "redeem", points: 101, at: vn(2025, 2, 16) })).toEqual({
      ok: false,
      reason: "insufficient_points",
    });
    expect(s).toEqual(before);
  });

  it.each([0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("refuses %s points as invalid", (points) => {
    expect(applyOp(s, { ...earn, id: "x", points })).toEqual({ ok: false, reason: "invalid_points" });
    expect(applyOp(s, { ...redeem, id: "y", points })).toEqual({ ok: false, reason: "invalid_points" });
  });

  it("cannot spend points past their expiry even before the expiry run removes them", () => {
    const afterExpiry = vn(2026, 1, 11, 8);
    expect(balanceOf(s)).toBe(100);
    expect(applyOp(s, { type: "debit", id: "late", kind: "redeem", points: 1, at: afterExpiry })).toEqual({
      ok: false,
      reason: "insufficient_points",
    });
  });

  it("expires due lots with one entry each, and a second run does nothing", () => {
    expect(applyOp(s, { type: "expire", at: endOfDay(2026, 1, 10) - 1 })).toEqual({ ok: true, state: s, entries: [] });
    const r = applyOp(s, { type: "expire", at: endOfDay(2026, 1, 10) });
    if (!r.ok) throw new Error("refused");
    expect(r.entries).toEqual([
      { id: "expire:earn-1", kind: "expire", points: -100, at: endOfDay(2026, 1, 10), lotTakes: [{ lotId: "earn-1", points: 100 }] },
    ]);
    expect(balanceOf(r.state)).toBe(0);
    expect(r.state.lots.every((l) => l.remaining === 0)).toBe(true);
    expect(applyOp(r.state, { type: "expire", at: vn(2027, 1, 1) })).toEqual({ ok: true, state: r.state, entries: [] });
  });

  it("reverses an earn that is still unspent, and refuses one that was spent", () => {
    const t = apply(EMPTY_LEDGER, earn);
    const reversal: Op = { type: "debit", id: "rev-1", kind: "reversal", points: 150, at: vn(2025, 1, 11), reason: "Hoàn tiền hoá đơn" };
    expect(balanceOf(apply(t, reversal))).toBe(0);
    expect(applyOp(s, { ...reversal, at: vn(2025, 2, 16) })).toEqual({ ok: false, reason: "insufficient_points" });
  });

  it("never mutates its input, including the shared empty ledger", () => {
    expect(EMPTY_LEDGER).toEqual({ lots: [], entries: [] });
    expect(Object.isFrozen(EMPTY_LEDGER.lots)).toBe(true);
    const before = structuredClone(s);
    apply(
      s,
      { type: "credit", id: "adj", kind: "adjust", points: 10, at: vn(2025, 3, 1), validityMonths: 6 },
      { type: "expire", at: vn(2027, 1, 1) },
    );
    expect(s).toEqual(before);
  });

  it("throws on a reused entry id, which would make lots ambiguous", () => {
    expect(() => applyOp(s, { ...earn })).toThrow(/duplicate/);
    expect(() => applyOp(s, { ...redeem, points: 1 })).toThrow(/duplicate/);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random operation sequences.

type Step =
  | { t: "credit"; kind: "earn" | "bonus" | "game_prize" | "adjust"; points: number; validityMonths: number; dt: Gap }
  | { t: "debit"; kind: "redeem" | "adjust" | "reversal"; amount: { share: number } | { points: number }; dt: Gap }
  | { t: "expire"; dt: Gap };

const DAY = 86_400_000;
// Non-decreasing times: gaps of 0 to 120 days (so lots valid 1–24 months do expire), often 0,
// and sometimes exactly to the next expiry instant, the boundary where off-by-one bugs live.
type Gap = number | "to-next-expiry";
const dt: fc.Arbitrary<Gap> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constant("to-next-expiry" as const) },
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 120 * DAY }) },
);
const invalidPoints = fc.constantFrom(0, -1, -250, 0.5, 12.75, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant("credit" as const),
      kind: fc.constantFrom("earn" as const, "bonus" as const, "game_prize" as const, "adjust" as const),
      points: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 5_000 }) }, { weight: 1, arbitrary: invalidPoints }),
      validityMonths: fc.integer({ min: 1, max: 24 }),
      dt,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant("debit" as const),
      kind: fc.constantFrom("redeem" as const, "adjust" as const, "reversal" as const),
      // A share of what is spendable (up to 130%, so some are refused) or a raw amount.
      amount: fc.oneof(
        { weight: 6, arbitrary: fc.record({ share: fc.integer({ min: 1, max: 130 }) }) },
        { weight: 2, arbitrary: fc.record({ points: fc.integer({ min: 1, max: 20_000 }) }) },
        { weight: 1, arbitrary: fc.record({ points: invalidPoints }) },
      ),
      dt,
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("expire" as const), dt }) },
);

/** FIFO order written out independently of lots.ts. */
function oracleSpendable(lots: Lot[], at: number): Lot[] {
  return lots
    .filter((l) => l.remaining > 0 && at < l.expiresAt)
    .slice()
    .sort((a, b) => a.expiresAt - b.expiresAt || a.earnedAt - b.earnedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const validPoints = (p: number) => Number.isSafeInteger(p) && p > 0;

function checkSequence(start: number, steps: Step[]): void {
  let state = EMPTY_LEDGER;
  let at = start;
  let modelBalance = 0;
  const original = new Map<string, number>();

  steps.forEach((s, i) => {
    if (s.dt === "to-next-expiry") {
      const upcoming = state.lots.filter((l) => l.remaining > 0 && l.expiresAt > at).map((l) => l.expiresAt);
      if (upcoming.length > 0) at = Math.min(...upcoming);
    } else at += s.dt;
    // JSON snapshots: cheap enough to compare on every step of every run (state holds only
    // strings and finite integers, so JSON is faithful).
    const beforeJson = JSON.stringify(state);
    const before = state;
    const spendable = oracleSpendable(state.lots, at);
    const available = spendable.reduce((n, l) => n + l.remaining, 0);
    let op: Op;
    if (s.t === "credit") op = { type: "credit", id: `c${i}`, kind: s.kind, points: s.points, at, validityMonths: s.validityMonths };
    else if (s.t === "debit") {
      const points = "share" in s.amount ? Math.max(1, Math.round((available * s.amount.share) / 100)) : s.amount.points;
      op = { type: "debit", id: `d${i}`, kind: s.kind, points, at };
    } else op = { type: "expire", at };

    const r = applyOp(state, op);
    expect(JSON.stringify(state), "applyOp mutated its input").toBe(beforeJson);

    if (op.type !== "expire" && !validPoints(op.points)) {
      expect(r).toEqual({ ok: false, reason: "invalid_points" });
    } else if (op.type === "debit" && op.points > available) {
      expect(r).toEqual({ ok: false, reason: "insufficient_points" });
    } else {
      if (!r.ok) throw new Error(`unexpectedly refused ${JSON.stringify(op)}: ${r.reason}`);
      const next = r.state;
      // Append-only: the old entries are untouched and the new ones are exactly those returned.
      expect(JSON.stringify(next.entries.slice(0, before.entries.length))).toBe(JSON.stringify(before.entries));
      expect(next.entries.slice(before.entries.length)).toEqual(r.entries);
      expect(next.lots.slice(0, before.lots.length).map((l) => l.id)).toEqual(before.lots.map((l) => l.id));
      expect(r.entries.filter((e) => !Number.isSafeInteger(e.points) || e.points === 0 || e.at !== at)).toEqual([]);

      if (op.type === "credit") {
        expect(r.entries).toEqual([{ id: op.id, kind: op.kind, points: op.points, at, lotTakes: [] }]);
        expect(next.lots.slice(before.lots.length)).toEqual([
          { id: op.id, remaining: op.points, earnedAt: at, expiresAt: lotExpiresAt(at, op.validityMonths) },
        ]);
        expect(next.lots.at(-1)!.expiresAt).toBeGreaterThan(at);
        original.set(op.id, op.points);
        modelBalance += op.points;
      } else if (op.type === "debit") {
        const [entry] = r.entries;
        expect(r.entries).toHaveLength(1);
        expect(entry!.points).toBe(-op.points);
        const takes = entry!.lotTakes;
        expect(takes.reduce((n, t) => n + t.points, 0)).toBe(op.points);
        // FIFO: takes follow the spendable order, each lot emptied before the next is touched.
        const notFifo = takes.filter((t, k) => {
          const lot = spendable[k];
          if (!lot || t.lotId !== lot.id || t.points <= 0) return true;
          return k < takes.length - 1 ? t.points !== lot.remaining : t.points > lot.remaining;
        });
        expect(notFifo).toEqual([]);
        const wrongRemaining = next.lots.filter(
          (l, k) => l.remaining !== before.lots[k]!.remaining - (takes.find((t) => t.lotId === l.id)?.points ?? 0),
        );
        expect(wrongRemaining).toEqual([]);
        modelBalance -= op.points;
      } else {
        const due = before.lots.filter((l) => l.remaining > 0 && l.expiresAt <= at);
        expect(r.entries.map((e) => [e.id, e.kind, e.points])).toEqual(
          oracleSpendable(due, Number.NEGATIVE_INFINITY).map((l) => [`expire:${l.id}`, "expire", -l.remaining]),
        );
        expect(next.lots.filter((l) => l.expiresAt <= at && l.remaining !== 0)).toEqual([]);
        expect(JSON.stringify(next.lots.filter((l) => l.expiresAt > at))).toBe(JSON.stringify(before.lots.filter((l) => l.expiresAt > at)));
        modelBalance -= due.reduce((n, l) => n + l.remaining, 0);
      }
      state = next;
    }

    // Invariants on every prefix, whether the op was accepted or not.
    const balance = balanceOf(state);
    expect(balance).toBe(state.entries.reduce((n, e) => n + e.points, 0));
    expect(balance).toBe(sumLots(state));
    expect(balance).toBe(modelBalance);
    expect(balance).toBeGreaterThanOrEqual(0);
    expect(state.lots.filter((l) => !(l.remaining >= 0 && l.remaining <= original.get(l.id)!))).toEqual([]);
    expect(new Set(state.entries.map((e) => e.id)).size).toBe(state.entries.length);
  });
}

describe("ledger properties", () => {
  it("keeps balance = Σ entries = Σ lots ≥ 0, FIFO takes, full expiry, append-only, refusals inert", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: vn(2024, 1, 1), max: vn(2027, 1, 1) }),
        fc.array(step, { minLength: 1, maxLength: 60, size: "max" }),
        checkSequence,
      ),
      { numRuns: 200 },
    );
  });

  it("is deterministic: replaying the same operations gives the same state", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 20 }), fc.integer({ min: 0, max: 40 * DAY }), (amounts, gap) => {
        const ops: Op[] = amounts.flatMap((p, i) => [
          { type: "credit", id: `c${i}`, kind: "earn", points: p, at: vn(2025, 1, 1) + i * gap, validityMonths: 1 + (i % 6) } satisfies Op,
          { type: "expire", at: vn(2025, 1, 1) + i * gap } satisfies Op,
        ]);
        const run = () =>
          ops.reduce((s, op) => {
            const r = applyOp(s, op);
            return r.ok ? r.state : s;
          }, EMPTY_LEDGER);
        expect(run()).toEqual(run());
      }),
      { numRuns: 50 },
    );
  });
});

/**
 * # Points ledger: the rules
 *
 * The server mirrors this state machine row for row; the property tests in ledger.test.ts
 * check its invariants over random sequences of operations, and test/api/ledger-model.test.ts
 * runs random sequences through both this model and the API and compares them step by step.
 *
 * ## Units
 * Points and money are integers everywhere. VND has no minor unit (ISO 4217 exponent 0);
 * multipliers are basis points (10_000 = ×1.0).
 *
 * ## Earning and rounding (earn.ts)
 * - basePoints = floor(billVnd / vndPerPoint): 1 point per 10 000 ₫ by default, so a 9 999 ₫
 *   bill earns 0 and a 1 259 000 ₫ bill earns 125 base points.
 * - Promotions do not stack: only the single highest-bps promotion active for the store at the
 *   time of the bill applies (active when startsAt ≤ at < endsAt), else ×1.0.
 * - points = floor(basePoints × tierBps × promotionBps / 100 000 000), computed exactly in
 *   integers (BigInt) and floored once at the end: 125 base points at Silver (×1.2) = 150.
 *
 * ## Expiry lots (lots.ts)
 * - Every credit (earn, bonus, game prize, positive adjustment) creates a lot with the entry's
 *   id, holding that many points, expiring at 23:59:59.999 Vietnam time (UTC+7) on the date
 *   validityMonths calendar months after it was earned; the day of month is clamped
 *   (31 Jan + 1 month → 28 Feb, or 29 Feb in a leap year).
 * - A lot is spendable while now < expiresAt; from expiresAt on it is due for expiry.
 *
 * ## Debits are FIFO
 * - A debit (redemption, negative adjustment, reversal) takes from spendable lots in order of
 *   soonest expiry, then earliest earned, then lot id, emptying each lot before the next, so
 *   the points closest to expiring are always used first. The entry records the lots it took
 *   from (lotTakes).
 * - A debit larger than the points spendable at that instant is refused and changes nothing.
 *   Points in lots that have passed their expiry but not yet been expired still count in the
 *   balance until the expiry run, but can never be spent.
 *
 * ## Expiry
 * - The expiry run writes one negative "expire" entry per due lot (id `expire:<lotId>`, so
 *   re-running is harmless: a lot with nothing left is never due again) and empties the lot.
 *
 * ## Invariants
 * balance = sum of entries = sum of lots' remaining points, at every step; the balance is never
 * negative; a lot's remaining stays within 0..its credited points; entries are append-only, with
 * no zero entries; a refused operation changes nothing. State objects are never mutated.
 */
import { consumeFifo, dueExpiries, lotExpiresAt, type Lot, type Take } from "./lots";

/** refund: the points of a voucher a manager cancelled, given back (a credit pointing at the voucher). */
export const ENTRY_KINDS = ["earn", "redeem", "expire", "adjust", "reversal", "bonus", "game_prize", "refund"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
/**
 * How the member was identified for an earn: their live QR (`qr`), a QR captured by an offline
 * counter and sent later (`offline_code`), or, when the QR would not scan, the card number
 * printed on the card or the phone number, confirmed with the name and the phone's last digits.
 */
export const EARN_METHODS = ["qr", "offline_code", "card_number", "phone"] as const;
export type EarnMethod = (typeof EARN_METHODS)[number];
/**
 * Reasons the system itself writes on an entry (nobody typed them): stable codes that every UI
 * translates (Mini App src/app/i18n/ledger-labels.ts, console ledger/labels.ts), so a
 * shopper never reads `profile_completed`. Other reasons are words a person wrote (a reward's
 * name, a manager's note) and are shown as written.
 */
export const SYSTEM_REASONS = [
  "profile_completed",
  "account_erased",
  "survey_answered",
  "daily_checkin",
  "referral_referrer",
  "referral_friend",
  "referral_clawback",
] as const;
export type SystemReason = (typeof SYSTEM_REASONS)[number];
export function isSystemReason(reason: string | null | undefined): reason is SystemReason {
  return (SYSTEM_REASONS as readonly (string | null | undefined)[]).includes(reason);
}
/** points is signed: + credit, − debit, never 0. */
export type LedgerEntry = { id: string; kind: EntryKind; points: number; at: number; lotTakes: Take[]; reason?: string };
export type LedgerState = { lots: Lot[]; entries: LedgerEntry[] };

/** Frozen so that code which (wrongly) pushes into the shared empty state fails loudly. */
export const EMPTY_LEDGER: LedgerState = Object.freeze({
  lots: Object.freeze([]) as unknown as Lot[],
  entries: Object.freeze([]) as unknown as LedgerEntry[],
});

export function balanceOf(state: LedgerState): number {
  return state.entries.reduce((sum, e) => sum + e.points, 0);
}

export type Op =
  | {
      type: "credit";
      id: string;
      kind: "earn" | "bonus" | "game_prize" | "adjust";
      points: number;
      at: number;
      validityMonths: number;
      reason?: string;
    }
  | { type: "debit"; id: string; kind: "redeem" | "adjust" | "reversal"; points: number; at: number; reason?: string }
  | { type: "expire"; at: number };

export type ApplyResult =
  { ok: true; state: LedgerState; entries: LedgerEntry[] } | { ok: false; reason: "insufficient_points" | "invalid_points" };

/** Id of the entry that expires lot `lotId`; deterministic so the server can use it as a key. */
export function expireEntryId(lotId: string): string {
  return `expire:${lotId}`;
}

function isPositivePoints(points: number): boolean {
  return Number.isSafeInteger(points) && points > 0;
}

function assertNewId(state: LedgerState, id: string): void {
  // Lot ids are entry ids, so a reused id would make two lots indistinguishable; the server
  // guarantees uniqueness (idempotency keys), so this is a programming error.
  if (state.entries.some((e) => e.id === id)) throw new Error(`duplicate ledger entry id ${id}`);
}

function withReason(entry: LedgerEntry, reason: string | undefined): LedgerEntry {
  return reason === undefined ? entry : { ...entry, reason };
}

/** Applies one operation. Never mutates `state`; on refusal the caller keeps `state` as is. */
export function applyOp(state: LedgerState, op: Op): ApplyResult {
  switch (op.type) {
    case "credit": {
      if (!isPositivePoints(op.points)) return { ok: false, reason: "invalid_points" };
      assertNewId(state, op.id);
      const lot: Lot = { id: op.id, remaining: op.points, earnedAt: op.at, expiresAt: lotExpiresAt(op.at, op.validityMonths) };
      const entry = withReason({ id: op.id, kind: op.kind, points: op.points, at: op.at, lotTakes: [] }, op.reason);
      return { ok: true, state: { lots: [...state.lots, lot], entries: [...state.entries, entry] }, entries: [entry] };
    }
    case "debit": {
      if (!isPositivePoints(op.points)) return { ok: false, reason: "invalid_points" };
      const taken = consumeFifo(state.lots, op.points, op.at);
      if (!taken.ok) return { ok: false, reason: "insufficient_points" };
      assertNewId(state, op.id);
      const entry = withReason({ id: op.id, kind: op.kind, points: -op.points, at: op.at, lotTakes: taken.takes }, op.reason);
      return { ok: true, state: { lots: deduct(state.lots, taken.takes), entries: [...state.entries, entry] }, entries: [entry] };
    }
    case "expire": {
      const due = dueExpiries(state.lots, op.at);
      if (due.length === 0) return { ok: true, state, entries: [] };
      const entries: LedgerEntry[] = due.map((take) => ({
        id: expireEntryId(take.lotId),
        kind: "expire",
        points: -take.points,
        at: op.at,
        lotTakes: [take],
      }));
      return { ok: true, state: { lots: deduct(state.lots, due), entries: [...state.entries, ...entries] }, entries };
    }
  }
}

/** New lot list with `takes` deducted; untouched lots keep their identity. */
function deduct(lots: Lot[], takes: Take[]): Lot[] {
  const byLot = new Map<string, number>();
  for (const t of takes) byLot.set(t.lotId, (byLot.get(t.lotId) ?? 0) + t.points);
  return lots.map((l) => {
    const points = byLot.get(l.id);
    return points === undefined ? l : { ...l, remaining: l.remaining - points };
  });
}

/** Earning points at the counter: a live scan or an offline-captured code, and a bill. */
import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { EarnRequest, EarnResponse } from "../../../contract/loyalty";
import { parseMemberQr, verifyMemberQr } from "../../../domain/member-qr/member-qr";
import { offlineScanInWindow } from "../../../domain/loyalty/offline-scan";
import { DEFAULT_EARN_RULE, earnPoints } from "../../../domain/loyalty/earn";
import type { EarnMethod } from "../../../domain/loyalty/ledger";
import { lotExpiresAt } from "../../../domain/loyalty/lots";
import { receiptKey } from "../../../domain/loyalty/receipt";
import { DEFAULT_TIER_RULES, earnNeedsSpend, evaluateTier, tierDef } from "../../../domain/loyalty/tiers";
import { DAY_MS } from "../../../domain/loyalty/vietnam-time";
import { isUniqueViolation, queryRows, type Db, type Tx } from "../../db/client";
import { members, qrScans } from "../../db/schema";
import { inTransaction, Refusal, refusalsAsOutcome, type Outcome } from "../../db/transaction";
import { readForEarn, writeEarn } from "./earn-statements";
import { actorDevice, actorUserId, qualifyingSpend, requestFingerprint, type Actor } from "./posting";
import { verifyScanToken } from "./scan-token";
import { DEFAULT_LOT_VALIDITY_MONTHS, toSettingsRow } from "./settings";

/**
 * Who the points go to and how they were identified: a live scan's token (QR, or the card
 * number / phone fallback), or an offline-captured code verified at its capture time.
 */
async function resolveEarnMember(
  tx: Tx,
  secret: string,
  actor: Actor,
  who: EarnInput["member"],
  now: number,
): Promise<{ memberId: string; method: EarnMethod; burn: { memberId: string; step: number } | null }> {
  if ("resolved" in who) return { ...who.resolved, burn: null };
  if ("scanToken" in who) {
    const verified = verifyScanToken(secret, who.scanToken, { staffId: actor.userId, brandId: actor.brandId }, now);
    if (!verified) throw new Refusal("scan_token_invalid", "The scan has expired; scan the member's card again.");
    return { memberId: verified.memberId, method: verified.method, burn: null };
  }
  const capturedAt = Date.parse(who.capturedAt);
  if (!offlineScanInWindow(capturedAt, now)) {
    throw new Refusal("qr_expired", "The offline scan is too old (over 72 hours) or from the future.");
  }
  const parsed = parseMemberQr(who.code);
  if (!parsed) throw new Refusal("qr_malformed", "This is not a member code.");
  const [m] = await tx.select({ secret: members.qrSecret, brandId: members.brandId }).from(members).where(eq(members.id, parsed.memberId));
  if (!m) throw new Refusal("qr_invalid", "This code is not valid.");
  const verdict = verifyMemberQr(parsed, m.secret, capturedAt);
  if (!verdict.ok)
    throw new Refusal(
      verdict.reason === "bad_signature" ? "qr_invalid" : "qr_expired",
      "This code is not valid for the time it was scanned.",
    );
  if (m.brandId !== actor.brandId) throw new Refusal("wrong_brand", "This member belongs to another brand.");
  return { memberId: parsed.memberId, method: "offline_code", burn: { memberId: parsed.memberId, step: parsed.step } };
}

/** Maps the receipt unique index's violation to the expected refusal. */
async function receiptGuard<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, "ledger_receipt_uq")) throw new Refusal("receipt_already_used", "This receipt has already earned points.");
    throw error;
  }
}

/**
 * Earning is the hottest write (bench:ledger), so it is two statements and, in the common
 * case, no explicit transaction (docs/decisions/0006):
 *
 * 1. one read that gathers everything the rules need (the member and its row version `xmin`,
 *    store binding, settings, promotions, rolling spend, a prior result for this receipt);
 * 2. one write — a single statement, so atomic on its own — that updates the balance only if
 *    the member row still has that version (compare-and-set), and from that update inserts the
 *    idempotency key, the ledger row and the lot.
 *
 * A concurrent change to the member (CAS misses) or a concurrent earn of the same receipt (the
 * idempotency key's primary key rejects the whole statement) means: read again and decide
 * again; the next read sees the winner's key and answers as a replay or a refusal. After a few
 * misses (a member hammered from many counters at once) it falls back to the locking
 * transaction, where the CAS cannot miss. Offline codes burn a QR step too, so they always take
 * the locking transaction. The rules themselves stay in the domain (earnPoints, evaluateTier).
 */
const OPTIMISTIC_EARN_ATTEMPTS = 3;

/**
 * An earn as the counter sends it, or with the member already found by the caller (a POS found
 * them by their live QR code or phone: features/integrations/pos.ts), which has checked the brand.
 */
export type EarnInput = Omit<EarnRequest, "member"> & {
  member: EarnRequest["member"] | { resolved: { memberId: string; method: EarnMethod } };
};
const MAX_EARN_ATTEMPTS = 8;

export async function earn(db: Db, deps: { secret: string; now: number }, actor: Actor, req: EarnInput): Promise<Outcome<EarnResponse>> {
  for (let attempt = 0; attempt < MAX_EARN_ATTEMPTS; attempt++) {
    const optimistic = attempt < OPTIMISTIC_EARN_ATTEMPTS && !("code" in req.member);
    try {
      const outcome = optimistic
        ? await refusalsAsOutcome(() => earnAttempt(db, deps, actor, req, false))
        : await inTransaction(db, (tx) => earnAttempt(tx, deps, actor, req, true));
      if (outcome.ok && outcome.value === RETRY) continue;
      return await withEarlierCredit(db, actor.brandId, req, outcome as Outcome<EarnResponse>);
    } catch (error) {
      if (!isIdempotencyKeyConflict(error)) throw error;
    }
  }
  throw new Error("earn: the member kept changing; gave up after retries");
}

/**
 * A receipt that already earned never looks like a new success: a retry's answer (replayed)
 * and the refusal of the receipt for anything else both say when, by whom and for how many
 * points it was credited. Only these rare answers pay for the extra read; a first credit does not.
 */
async function withEarlierCredit(db: Db, brandId: string, req: EarnInput, outcome: Outcome<EarnResponse>): Promise<Outcome<EarnResponse>> {
  const repeated = outcome.ok ? outcome.value.replayed : outcome.code === "receipt_already_used";
  if (!repeated) return outcome;
  const [earlier] = await queryRows<{ at: Date | string; points: string | number; staff_name: string | null }>(
    db,
    sql`select e.occurred_at as at, e.points, u.display_name as staff_name
        from ledger_entries e left join users u on u.id = e.actor_id
        where e.brand_id = ${brandId} and e.store_id = ${req.storeId} and e.receipt_key = ${receiptKey(req.receiptNo)} and e.kind = 'earn'`,
  );
  if (!earlier) return outcome;
  const at = new Date(earlier.at).toISOString();
  if (outcome.ok) return { ok: true, value: { ...outcome.value, earlier: { at, staffName: earlier.staff_name } } };
  const params = { at, points: Number(earlier.points), ...(earlier.staff_name && { staff: earlier.staff_name }) };
  return { ...outcome, params };
}

const RETRY = Symbol("retry");

/** A concurrent earn of the same receipt committed first: the next attempt reads its result. */
const isIdempotencyKeyConflict = (error: unknown) => isUniqueViolation(error, "idempotency_keys_brand_id_scope_key_pk");

async function earnAttempt(
  q: Db | Tx,
  deps: { secret: string; now: number },
  actor: Actor,
  req: EarnInput,
  locked: boolean,
): Promise<EarnResponse | typeof RETRY> {
  const now = deps.now;
  const { memberId, method, burn } = await resolveEarnMember(q as Tx, deps.secret, actor, req.member, now);
  // The contract accepts only receipts that have a key.
  const receipt = receiptKey(req.receiptNo)!;
  const key = `${req.storeId}:${receipt}`;
  const requestHash = requestFingerprint({ memberId, billVnd: req.billVnd });
  const row = await readForEarn(q, { memberId, storeId: req.storeId, staffId: actor.userId, key, now, locked });
  if (!row || row.erased) throw new Refusal("member_not_found", "No such member.");
  if (row.brand_id !== actor.brandId) throw new Refusal("wrong_brand", "This member belongs to another brand.");
  if (row.store_brand !== actor.brandId) throw new Refusal("store_not_allowed", "This store does not belong to your brand.");
  if (actor.role === "staff" && !row.bound) throw new Refusal("store_not_allowed", "You are not assigned to this store.");
  // A store the brand switched off (closed, moved) takes no more earns; its history stays.
  if (row.store_active === false) throw new Refusal("store_not_allowed", "This store is switched off.");
  // Whoever scans, a cashier's own purchases are credited by a colleague (the ledger records who).
  if (row.user_id === actor.userId) throw new Refusal("self_credit", "You cannot credit your own membership; ask a colleague.");
  if (row.prior_hash) return priorEarn(row.prior_hash, row.prior_body!, requestHash);

  const settings = row.settings
    ? toSettingsRow(row.settings)
    : { earnRule: DEFAULT_EARN_RULE, tierRules: DEFAULT_TIER_RULES, lotValidityMonths: DEFAULT_LOT_VALIDITY_MONTHS };
  const result = earnPoints({
    billVnd: req.billVnd,
    rule: settings.earnRule,
    tierBps: tierDef(settings.tierRules, row.tier).earnBps,
    promotions: (row.promos ?? []).map((p) => ({ ...p, startsAt: Number(p.startsAt), endsAt: Number(p.endsAt) })),
    storeId: req.storeId,
    at: now,
  });
  // The limits travel as params, so the counter says them in its own language.
  const limits = { min: settings.earnRule.vndPerPoint, max: settings.earnRule.maxBillVnd };
  if (!result.ok) {
    if (result.reason === "amount_too_large") throw new Refusal("bill_too_large", `Bills above ${limits.max} VND need a manager.`, limits);
    throw new Refusal("bill_invalid", `The bill must be a whole number of VND from 1 to ${limits.max}.`, limits);
  }
  if (result.points === 0) throw new Refusal("bill_too_small", `Bills under ${limits.min} VND earn no points.`, limits);
  if (burn) await burnScan(q as Tx, burn, actor.userId, key, now);

  const pendingSince = row.tier_pending_since ? new Date(row.tier_pending_since).getTime() : null;
  const tierState = { tier: row.tier, downgradePendingSince: pendingSince };
  const spend =
    row.spend !== null
      ? Number(row.spend)
      : earnNeedsSpend(tierState, settings.tierRules)
        ? await qualifyingSpend(q as Tx, memberId, now - settings.tierRules.windowDays * DAY_MS)
        : 0;
  const tier = evaluateTier({
    state: tierState,
    spendVnd: spend + req.billVnd,
    now,
    rules: settings.tierRules,
    trigger: "earn",
  });
  const entryId = randomUUID();
  const balance = Number(row.points_balance) + result.points;
  const response: EarnResponse = {
    entryId,
    memberId,
    displayName: row.display_name,
    points: result.points,
    basePoints: result.basePoints,
    tierBps: result.tierBps,
    promotionBps: result.promotionBps,
    balance,
    tier: tier.state.tier,
    tierChanged: tier.change !== null,
    replayed: false,
    earlier: null,
  };
  const written = await receiptGuard(() =>
    writeEarn(q, {
      version: row.version,
      brandId: actor.brandId,
      memberId,
      storeId: req.storeId,
      actorId: actorUserId(actor),
      actorKind: actor.pos ? "pos" : "staff",
      actorDevice: actorDevice(actor),
      receiptNo: req.receiptNo,
      receiptKey: receipt,
      method,
      billVnd: req.billVnd,
      key,
      requestHash,
      response,
      entryId,
      points: result.points,
      balance,
      tier: tier.state,
      at: now,
      lotExpiresAt: lotExpiresAt(now, settings.lotValidityMonths),
    }),
  );
  if (written) return response;
  if (locked) throw new Error("earn: the locked member row changed under its lock");
  return RETRY;
}

function priorEarn(priorHash: string, body: EarnResponse, requestHash: string): EarnResponse {
  if (priorHash !== requestHash)
    throw new Refusal("receipt_already_used", "This receipt has already earned points for another member or amount.");
  return { ...body, replayed: true, earlier: body.earlier ?? null };
}

/**
 * Burns the QR step of an offline-captured code for this one earn (`earnKey`). A step already
 * burned by this same staff member is their own earlier live scan of that member (the counter
 * verified the member, then lost the network before sending the bill): that is the same
 * presence, not a replay, and it pays for one receipt. A captured code credits one receipt:
 * once a step has paid for an earn, any other receipt with it is refused.
 */
async function burnScan(tx: Tx, burn: { memberId: string; step: number }, staffId: string, earnKey: string, now: number) {
  const burned = await tx
    .insert(qrScans)
    .values({ memberId: burn.memberId, step: burn.step, scannedBy: staffId, scannedAt: new Date(now), earnKey })
    .onConflictDoNothing()
    .returning({ step: qrScans.step });
  if (burned.length) return;
  const claimed = await tx
    .update(qrScans)
    .set({ earnKey })
    .where(and(eq(qrScans.memberId, burn.memberId), eq(qrScans.step, burn.step), eq(qrScans.scannedBy, staffId), isNull(qrScans.earnKey)))
    .returning({ step: qrScans.step });
  if (!claimed.length) throw new Refusal("qr_already_used", "This code was already used.");
}

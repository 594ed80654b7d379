/** Earning points at the counter: a live scan or an offline-captured code, and a bill. */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { EarnRequest, EarnResponse } from "../../../contract/loyalty";
import { parseMemberQr, verifyMemberQr } from "../../../domain/member-qr/member-qr";
import { offlineScanInWindow } from "../../../domain/loyalty/offline-scan";
import { DEFAULT_EARN_RULE, earnPoints } from "../../../domain/loyalty/earn";
import { lotExpiresAt } from "../../../domain/loyalty/lots";
import { DEFAULT_TIER_RULES, earnNeedsSpend, evaluateTier, tierDef } from "../../../domain/loyalty/tiers";
import { DAY_MS } from "../../../domain/loyalty/vietnam-time";
import { isUniqueViolation, type Db, type Tx } from "../../db/client";
import { members, qrScans } from "../../db/schema";
import { inTransaction, Refusal, refusalsAsOutcome, type Outcome } from "../../db/transaction";
import { readForEarn, writeEarn } from "./earn-statements";
import { qualifyingSpend, requestFingerprint, type Actor } from "./posting";
import { verifyScanToken } from "./scan-token";
import { DEFAULT_LOT_VALIDITY_MONTHS, toSettingsRow } from "./settings";

/** Who the points go to: a live scan's token, or an offline-captured code verified at its capture time. */
async function resolveEarnMember(tx: Tx, secret: string, actor: Actor, who: EarnRequest["member"], now: number) {
  if ("scanToken" in who) {
    const verified = verifyScanToken(secret, who.scanToken, { staffId: actor.userId, brandId: actor.brandId }, now);
    if (!verified) throw new Refusal("scan_token_invalid", "The scan has expired; scan the member's card again.");
    return { memberId: verified.memberId, burn: null };
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
  return { memberId: parsed.memberId, burn: { memberId: parsed.memberId, step: parsed.step } };
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
const MAX_EARN_ATTEMPTS = 8;

export async function earn(db: Db, deps: { secret: string; now: number }, actor: Actor, req: EarnRequest): Promise<Outcome<EarnResponse>> {
  for (let attempt = 0; attempt < MAX_EARN_ATTEMPTS; attempt++) {
    const optimistic = attempt < OPTIMISTIC_EARN_ATTEMPTS && "scanToken" in req.member;
    try {
      const outcome = optimistic
        ? await refusalsAsOutcome(() => earnAttempt(db, deps, actor, req, false))
        : await inTransaction(db, (tx) => earnAttempt(tx, deps, actor, req, true));
      if (!outcome.ok || outcome.value !== RETRY) return outcome as Outcome<EarnResponse>;
    } catch (error) {
      if (!isIdempotencyKeyConflict(error)) throw error;
    }
  }
  throw new Error("earn: the member kept changing; gave up after retries");
}

const RETRY = Symbol("retry");

/** A concurrent earn of the same receipt committed first: the next attempt reads its result. */
const isIdempotencyKeyConflict = (error: unknown) => isUniqueViolation(error, "idempotency_keys_brand_id_scope_key_pk");

async function earnAttempt(
  q: Db | Tx,
  deps: { secret: string; now: number },
  actor: Actor,
  req: EarnRequest,
  locked: boolean,
): Promise<EarnResponse | typeof RETRY> {
  const now = deps.now;
  const { memberId, burn } = await resolveEarnMember(q as Tx, deps.secret, actor, req.member, now);
  const key = `${req.storeId}:${req.receiptNo}`;
  const requestHash = requestFingerprint({ memberId, billVnd: req.billVnd });
  const row = await readForEarn(q, { memberId, storeId: req.storeId, staffId: actor.userId, key, now, locked });
  if (!row || row.erased) throw new Refusal("member_not_found", "No such member.");
  if (row.brand_id !== actor.brandId) throw new Refusal("wrong_brand", "This member belongs to another brand.");
  if (row.store_brand !== actor.brandId) throw new Refusal("store_not_allowed", "This store does not belong to your brand.");
  if (actor.role === "staff" && !row.bound) throw new Refusal("store_not_allowed", "You are not assigned to this store.");
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
  if (!result.ok) {
    if (result.reason === "amount_too_large")
      throw new Refusal("bill_too_large", `Bills above ${settings.earnRule.maxBillVnd} VND need a manager.`);
    throw new Refusal("bill_invalid", "The bill must be a positive whole number of VND.");
  }
  if (result.points === 0) throw new Refusal("bill_too_small", `Bills under ${settings.earnRule.vndPerPoint} VND earn no points.`);
  if (burn) await burnScan(q as Tx, burn, actor.userId, now);

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
  };
  const written = await receiptGuard(() =>
    writeEarn(q, {
      version: row.version,
      brandId: actor.brandId,
      memberId,
      storeId: req.storeId,
      actorId: actor.userId,
      receiptNo: req.receiptNo,
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
  (globalThis as any).__retries = ((globalThis as any).__retries ?? 0) + 1;
  return RETRY;
}

function priorEarn(priorHash: string, body: EarnResponse, requestHash: string): EarnResponse {
  if (priorHash !== requestHash)
    throw new Refusal("receipt_already_used", "This receipt has already earned points for another member or amount.");
  return { ...body, replayed: true };
}

/**
 * Burns the QR step of an offline-captured code. A step already burned by this same staff
 * member is their own earlier live scan of that member (the counter verified the member, then
 * lost the network before sending the bill): that is the same presence, not a replay.
 */
async function burnScan(tx: Tx, burn: { memberId: string; step: number }, staffId: string, now: number) {
  const burned = await tx
    .insert(qrScans)
    .values({ memberId: burn.memberId, step: burn.step, scannedBy: staffId, scannedAt: new Date(now) })
    .onConflictDoNothing()
    .returning({ step: qrScans.step });
  if (burned.length) return;
  const [earlier] = await tx
    .select({ scannedBy: qrScans.scannedBy })
    .from(qrScans)
    .where(and(eq(qrScans.memberId, burn.memberId), eq(qrScans.step, burn.step)));
  if (earlier?.scannedBy !== staffId) throw new Refusal("qr_already_used", "This code was already used.");
}

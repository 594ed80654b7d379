/**
 * The loyalty operations behind the HTTP routes and jobs. Each runs in one transaction and
 * either commits everything or, on an expected failure (a Refusal), nothing.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { ErrorCode } from "../../../contract/errors";
import type { EarnRequest, EarnResponse, RedeemResponse, UseVoucherResponse } from "../../../contract/loyalty";
import { parseMemberQr, verifyMemberQr, QR_STEP_SECONDS } from "../../../domain/member-qr/member-qr";
import { DEFAULT_EARN_RULE, earnPoints } from "../../../domain/loyalty/earn";
import { availablePoints, dueExpiries, lotExpiresAt } from "../../../domain/loyalty/lots";
import { checkRedeemable, voucherExpiresAt } from "../../../domain/loyalty/rewards";
import { DEFAULT_TIER_RULES, earnNeedsSpend, evaluateTier, tierDef } from "../../../domain/loyalty/tiers";
import { DAY_MS } from "../../../domain/loyalty/vietnam-time";
import { checkVoucherUse, normalizeVoucherCode, voucherCode } from "../../../domain/loyalty/vouchers";
import { isUniqueViolation, type Db, type Tx } from "../../db/client";
import { readForEarn, writeEarn } from "./earn-statements";
import { enqueueForTrigger } from "../messaging/enqueue";
import { ledgerEntries, members, pointLots, qrScans, rewards, staffStores, stores, users, vouchers } from "../../db/schema";
import { credit, debit, expireLots, idempotent, lockMember, openLots, qualifyingSpend, Refusal, requestFingerprint } from "./posting";
import { verifyScanToken } from "./scan-token";
import { DEFAULT_LOT_VALIDITY_MONTHS, loyaltySettingsOf, toSettingsRow } from "./settings";
import { rewardRules } from "./rewards-view";
import { toVoucherView } from "./summary";

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

/** Runs `fn` in a transaction; a Refusal rolls it back and becomes a failed Outcome. */
export function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<Outcome<T>> {
  return refusalsAsOutcome(() => db.transaction(fn));
}

/** A Refusal thrown by `fn` becomes a failed Outcome; anything else is a bug and propagates. */
async function refusalsAsOutcome<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

/** How long an offline counter may hold a scanned code before sending it. */
export const OFFLINE_SCAN_MAX_AGE_MS = 72 * 3_600_000;

type Actor = { userId: string; brandId: string; role: string };

/** Staff counters may only act for their stores; managers and admins for any store of the brand. */
export async function assertStoreAllowed(tx: Tx, actor: Actor, storeId: string) {
  const [store] = await tx
    .select({ brandId: stores.brandId, bound: staffStores.userId })
    .from(stores)
    .leftJoin(staffStores, and(eq(staffStores.storeId, stores.id), eq(staffStores.userId, actor.userId)))
    .where(eq(stores.id, storeId));
  if (!store || store.brandId !== actor.brandId) throw new Refusal("store_not_allowed", "This store does not belong to your brand.");
  if (actor.role === "staff" && !store.bound) throw new Refusal("store_not_allowed", "You are not assigned to this store.");
}

/** Who the points go to: a live scan's token, or an offline-captured code verified at its capture time. */
async function resolveEarnMember(tx: Tx, secret: string, actor: Actor, who: EarnRequest["member"], now: number) {
  if ("scanToken" in who) {
    const verified = verifyScanToken(secret, who.scanToken, { staffId: actor.userId, brandId: actor.brandId }, now);
    if (!verified) throw new Refusal("scan_token_invalid", "The scan has expired; scan the member's card again.");
    return { memberId: verified.memberId, burn: null };
  }
  const capturedAt = Date.parse(who.capturedAt);
  if (capturedAt > now + QR_STEP_SECONDS * 1000 || capturedAt < now - OFFLINE_SCAN_MAX_AGE_MS) {
    throw new Refusal("qr_expired", "The offline scan is too old (over 72 hours) or from the future.");
  }
  const parsed = parseMemberQr(who.code);
  if (!parsed) throw new Refusal("qr_malformed", "This is not a member code.");
  const [m] = await tx.select({ secret: members.qrSecret, brandId: members.brandId }).from(members).where(eq(members.id, parsed.memberId));
  if (!m) throw new Refusal("qr_invalid", "This code is not valid.");
  const verdict = verifyMemberQr(parsed, m.secret, capturedAt);
  if (!verdict.ok) throw new Refusal(verdict.reason === "bad_signature" ? "qr_invalid" : "qr_expired", "This code is not valid for the time it was scanned.");
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

async function earnAttempt(q: Db | Tx, deps: { secret: string; now: number }, actor: Actor, req: EarnRequest, locked: boolean): Promise<EarnResponse | typeof RETRY> {
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
    if (result.reason === "amount_too_large") throw new Refusal("bill_too_large", `Bills above ${settings.earnRule.maxBillVnd} VND need a manager.`);
    throw new Refusal("bill_invalid", "The bill must be a positive whole number of VND.");
  }
  if (result.points === 0) throw new Refusal("bill_too_small", `Bills under ${settings.earnRule.vndPerPoint} VND earn no points.`);
  if (burn) await burnScan(q as Tx, burn, actor.userId, now);

  const pendingSince = row.tier_pending_since ? new Date(row.tier_pending_since).getTime() : null;
  const tierState = { tier: row.tier, downgradePendingSince: pendingSince };
  const spend =
    row.spend !== null ? Number(row.spend) : earnNeedsSpend(tierState, settings.tierRules) ? await qualifyingSpend(q as Tx, memberId, now - settings.tierRules.windowDays * DAY_MS) : 0;
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
  if (priorHash !== requestHash) throw new Refusal("receipt_already_used", "This receipt has already earned points for another member or amount.");
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

export async function redeem(db: Db, now: number, actor: Actor & { memberId: string }, req: { rewardId: string; idempotencyKey: string }): Promise<Outcome<RedeemResponse>> {
  return inTransaction(db, async (tx) => {
    const { value, replayed } = await idempotent(
      tx,
      { brandId: actor.brandId, scope: `redeem:${actor.memberId}`, key: req.idempotencyKey, request: { rewardId: req.rewardId } },
      async () => {
        const member = await lockMember(tx, actor.memberId);
        if (!member) throw new Refusal("not_a_member", "Join the membership first.");
        const [reward] = await tx.select().from(rewards).where(and(eq(rewards.id, req.rewardId), eq(rewards.brandId, member.brandId))).for("update");
        if (!reward) throw new Refusal("reward_not_found", "No such reward.");
        const lots = await openLots(tx, member.id);
        const check = checkRedeemable(
          rewardRules(reward),
          { tier: member.tier, balance: availablePoints(lots, now) },
          now,
        );
        if (!check.ok) {
          const code: ErrorCode =
            check.reason === "insufficient_points" || check.reason === "out_of_stock" || check.reason === "tier_not_eligible" ? check.reason : "reward_unavailable";
          throw new Refusal(code, `This reward cannot be redeemed now (${check.reason}).`);
        }
        if (reward.stock !== null) {
          // The row is locked, but the conditional update keeps "never oversold" true on its own.
          const taken = await tx
            .update(rewards)
            .set({ stock: sql`${rewards.stock} - 1` })
            .where(and(eq(rewards.id, reward.id), gt(rewards.stock, 0)))
            .returning({ stock: rewards.stock });
          if (!taken.length) throw new Refusal("out_of_stock", "This reward is out of stock.");
        }
        const [voucher] = await tx
          .insert(vouchers)
          .values({
            brandId: member.brandId,
            memberId: member.id,
            rewardId: reward.id,
            code: voucherCode(randomBytes(10)),
            issuedAt: new Date(now),
            expiresAt: new Date(voucherExpiresAt(now, reward.voucherValidityDays, reward.validUntil?.getTime() ?? null)),
          })
          .returning();
        await debit(tx, member, reward.pointsCost, { kind: "redeem", at: now, actorId: actor.userId, voucherId: voucher!.id, reason: reward.name });
        // The voucher message commits with the redemption (only if a template and consent exist).
        await enqueueForTrigger(tx, {
          brandId: member.brandId,
          memberId: member.id,
          trigger: "voucher_issued",
          dedupeKey: `voucher_issued:${voucher!.id}`,
          at: now,
          extras: { voucher_code: voucher!.code, reward_name: reward.name },
        });
        return { voucher: toVoucherView(voucher!, reward.name, now), balance: member.balance, replayed: false } satisfies RedeemResponse;
      },
    );
    return { ...value, replayed };
  });
}

export async function useVoucher(db: Db, now: number, actor: Actor, req: { code: string; storeId: string }): Promise<Outcome<UseVoucherResponse>> {
  return inTransaction(db, async (tx) => {
    await assertStoreAllowed(tx, actor, req.storeId);
    const code = normalizeVoucherCode(req.code);
    if (!code) throw new Refusal("voucher_not_found", "This is not a voucher code.");
    const [row] = await tx
      .select({ v: vouchers, rewardName: rewards.name, memberName: users.displayName })
      .from(vouchers)
      .innerJoin(rewards, eq(rewards.id, vouchers.rewardId))
      .innerJoin(members, eq(members.id, vouchers.memberId))
      .innerJoin(users, eq(users.id, members.userId))
      .where(eq(vouchers.code, code));
    if (!row) throw new Refusal("voucher_not_found", "No voucher has this code.");
    const check = checkVoucherUse({ brandId: row.v.brandId, status: row.v.status, expiresAt: row.v.expiresAt.getTime() }, actor.brandId, now);
    if (!check.ok) {
      const map = { wrong_brand: "wrong_brand", used: "voucher_used", void: "voucher_void", expired: "voucher_expired" } as const;
      throw new Refusal(map[check.reason], `This voucher cannot be used (${check.reason}).`);
    }
    // Single use even under a race: only the update that still sees status 'issued' wins.
    const [used] = await tx
      .update(vouchers)
      .set({ status: "used", usedAt: new Date(now), usedBy: actor.userId, usedStoreId: req.storeId })
      .where(and(eq(vouchers.id, row.v.id), eq(vouchers.status, "issued")))
      .returning();
    if (!used) throw new Refusal("voucher_used", "This voucher was already used.");
    return { voucherId: used.id, code: used.code, rewardName: row.rewardName, memberName: row.memberName, usedAt: new Date(now).toISOString() };
  });
}

export async function adjust(db: Db, now: number, actor: Actor, memberId: string, req: { points: number; reason: string; idempotencyKey: string }) {
  return inTransaction(db, async (tx) => {
    const { value, replayed } = await idempotent(
      tx,
      { brandId: actor.brandId, scope: "adjust", key: req.idempotencyKey, request: { memberId, points: req.points, reason: req.reason } },
      async () => {
        const member = await lockMember(tx, memberId);
        if (!member || member.brandId !== actor.brandId) throw new Refusal("member_not_found", "No such member.");
        const settings = await loyaltySettingsOf(tx, member.brandId);
        const f = { kind: "adjust" as const, at: now, actorId: actor.userId, reason: req.reason };
        const entry =
          req.points > 0 ? await credit(tx, member, req.points, { ...f, validityMonths: settings.lotValidityMonths }) : await debit(tx, member, -req.points, f);
        return { entryId: entry.id, points: req.points, balance: member.balance, replayed: false };
      },
    );
    return { ...value, replayed };
  });
}

/** Reverses a mistaken earn: a new debit row pointing at it, and its bill leaves the tier spend. */
export async function reverse(db: Db, now: number, actor: Actor, entryId: string, reason: string) {
  return inTransaction(db, async (tx) => {
    const [original] = await tx.select().from(ledgerEntries).where(eq(ledgerEntries.id, entryId));
    if (!original || original.brandId !== actor.brandId) throw new Refusal("entry_not_found", "No such ledger entry.");
    if (original.kind !== "earn") throw new Refusal("not_reversible", "Only points earned at a store can be reversed; use an adjustment.");
    const member = await lockMember(tx, original.memberId);
    if (!member) throw new Refusal("member_not_found", "No such member.");
    const [already] = await tx
      .select({ id: ledgerEntries.id })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.refEntryId, entryId), eq(ledgerEntries.kind, "reversal")));
    if (already) throw new Refusal("already_reversed", "This entry was already reversed.");
    const entry = await debit(tx, member, original.points, {
      kind: "reversal",
      at: now,
      actorId: actor.userId,
      reason,
      refEntryId: original.id,
      storeId: original.storeId,
      receiptNo: original.receiptNo,
      billVnd: original.billVnd,
    });
    return { entryId: entry.id, points: -original.points, balance: member.balance, replayed: false };
  });
}

/** Daily job: expires every due lot as a ledger row. Safe to run concurrently or twice. */
export async function expireDuePoints(db: Db, now: number, batch = 200): Promise<{ members: number; points: number }> {
  let totalMembers = 0;
  let totalPoints = 0;
  for (;;) {
    const due = await db
      .selectDistinct({ memberId: pointLots.memberId })
      .from(pointLots)
      .where(and(gt(pointLots.remaining, 0), lte(pointLots.expiresAt, new Date(now))))
      .limit(batch);
    if (!due.length) break;
    for (const { memberId } of due) {
      const outcome = await inTransaction(db, async (tx) => {
        const member = await lockMember(tx, memberId);
        if (!member) return 0;
        const lots = await openLots(tx, memberId, true);
        return expireLots(tx, member, dueExpiries(lots, now).map((t) => t.lotId), now);
      });
      if (outcome.ok) totalPoints += outcome.value;
      totalMembers++;
    }
    if (due.length < batch) break;
  }
  return { members: totalMembers, points: totalPoints };
}

/** Monthly job: tier evaluation on the schedule (downgrades with grace happen only here). */
export async function evaluateTiers(db: Db, now: number, brandId: string): Promise<{ up: number; down: number; pending: number }> {
  const { tierRules } = await loyaltySettingsOf(db, brandId);
  const ids = await db.select({ id: members.id }).from(members).where(eq(members.brandId, brandId));
  const counts = { up: 0, down: 0, pending: 0 };
  for (const { id } of ids) {
    await inTransaction(db, async (tx) => {
      const member = await lockMember(tx, id);
      if (!member) return;
      const spend = await qualifyingSpend(tx, id, now - tierRules.windowDays * DAY_MS);
      const next = evaluateTier({
        state: { tier: member.tier, downgradePendingSince: member.tierPendingSince?.getTime() ?? null },
        spendVnd: spend,
        now,
        rules: tierRules,
        trigger: "schedule",
      });
      if (next.change === "up") counts.up++;
      if (next.change === "down") counts.down++;
      if (next.state.downgradePendingSince !== null) counts.pending++;
      await tx
        .update(members)
        .set({ tier: next.state.tier, tierPendingSince: next.state.downgradePendingSince === null ? null : new Date(next.state.downgradePendingSince) })
        .where(eq(members.id, id));
    });
  }
  return counts;
}


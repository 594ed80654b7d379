/**
 * Referrals (issue 14; docs/decisions/0032-checkin-and-referrals.md): the member's code and
 * invites, a friend accepting a code, the join at enrolment, and the reward at the friend's
 * first purchase.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { and, desc, eq, gte, inArray, or, sql } from "drizzle-orm";
import type { AcceptReferralResponse, MyInvite, MyReferrals } from "../../../contract/referrals";
import {
  DEFAULT_REFERRAL_CONFIG,
  inviteVerdict,
  joinVerdict,
  nextReferralState,
  planClawback,
  planReward,
  purchaseUndone,
  REFERRAL_LINK_PARAM,
  signReferralCode,
  verifyReferralCode,
  type Person,
  type ReferralConfig,
} from "../../../domain/game/referral";
import type { SystemReason } from "../../../domain/loyalty/ledger";
import { availablePoints } from "../../../domain/loyalty/lots";
import { vietnamDate } from "../../../domain/loyalty/vietnam-time";
import type { MacFunction } from "../../../domain/surveys/token";
import { queryRows, type Db, type Tx } from "../../db/client";
import { members, referrals, referralSettings, users } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import type { Auth, MemberRef } from "../../http/context";
import { credit, debit, lockMember, openLots, type LockedMember } from "../loyalty/posting";
import { loyaltySettingsOf } from "../loyalty/settings";
import { miniAppLink } from "../surveys/definitions";

/** The referral codes' MAC: HMAC-SHA256 under a key derived from the server secret (one secret to manage). */
export function referralMac(serverSecret: string): MacFunction {
  const key = hmac(sha256, utf8ToBytes(serverSecret), utf8ToBytes("loyalloop referral codes v1"));
  return (message) => hmac(sha256, key, message);
}

export async function referralConfigOf(db: Db | Tx, brandId: string): Promise<ReferralConfig> {
  const [row] = await db
    .select({
      enabled: referralSettings.enabled,
      referrerPoints: referralSettings.referrerPoints,
      friendPoints: referralSettings.friendPoints,
      monthlyCap: referralSettings.monthlyCap,
    })
    .from(referralSettings)
    .where(eq(referralSettings.brandId, brandId));
  return row ?? DEFAULT_REFERRAL_CONFIG;
}

/** Start of the Vietnam calendar month containing `now` (UTC+7, no DST): the cap's period. */
export function startOfVietnamMonthMs(now: number): number {
  const d = vietnamDate(now);
  return Date.UTC(d.year, d.month - 1, 1) - 7 * 3_600_000;
}

/**
 * Referrals that paid this referrer in the current Vietnam month (capped ones paid them nothing),
 * as domain usesCapSlot counts them: a reversal taken back whole gives its slot back.
 */
async function paidThisMonth(db: Db | Tx, referrerMemberId: string, now: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<string | number>`count(*)` })
    .from(referrals)
    .where(
      and(
        eq(referrals.referrerMemberId, referrerMemberId),
        inArray(referrals.state, ["rewarded", "reversed"]),
        or(eq(referrals.state, "rewarded"), sql`${referrals.referrerShortfall} > 0`),
        eq(referrals.referrerCapped, false),
        gte(referrals.rewardedAt, new Date(startOfVietnamMonthMs(now))),
      ),
    );
  return Number(row?.n ?? 0);
}

type PersonRow = Person & { memberId: string | null; joinedAt: Date | null; erased: boolean; displayName: string };

/** A user as the rules see them, with their membership if any. */
async function personOfUser(db: Db | Tx, userId: string): Promise<PersonRow | null> {
  const [row] = await db
    .select({
      userId: users.id,
      zaloId: users.zaloId,
      phone: users.phone,
      displayName: users.displayName,
      memberId: members.id,
      joinedAt: members.joinedAt,
      erasedAt: members.erasedAt,
    })
    .from(users)
    .leftJoin(members, eq(members.userId, users.id))
    .where(eq(users.id, userId));
  return row ? { ...row, erased: row.erasedAt !== null } : null;
}

async function personOfMember(db: Db | Tx, memberId: string): Promise<PersonRow | null> {
  const [row] = await db.select({ userId: members.userId }).from(members).where(eq(members.id, memberId));
  return row ? personOfUser(db, row.userId) : null;
}

// ── The referrer ────────────────────────────────────────────────────────────────────────────

export async function myReferrals(
  db: Db,
  deps: { now: number; mac: MacFunction; publicUrl: string },
  member: MemberRef,
): Promise<MyReferrals> {
  const config = await referralConfigOf(db, member.brandId);
  const code = config.enabled ? signReferralCode(member.brandId, member.id, deps.mac) : null;
  const shareLink = code ? await miniAppLink(db, member.brandId, `?${REFERRAL_LINK_PARAM}=${code}`, deps.publicUrl) : null;
  const rows = await db
    .select({
      id: referrals.id,
      friendName: users.displayName,
      state: referrals.state,
      rejectReason: referrals.rejectReason,
      capped: referrals.referrerCapped,
      invitedAt: referrals.invitedAt,
      joinedAt: referrals.joinedAt,
      purchasedAt: referrals.purchasedAt,
      rewardedAt: referrals.rewardedAt,
      points: sql<number>`${referrals.referrerPoints} - case when ${referrals.state} = 'reversed' then ${referrals.referrerPoints} - ${referrals.referrerShortfall} else 0 end`,
    })
    .from(referrals)
    .innerJoin(users, eq(users.id, referrals.friendUserId))
    .where(eq(referrals.referrerMemberId, member.id))
    .orderBy(desc(referrals.invitedAt))
    .limit(100);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const invites: MyInvite[] = rows.map((r) => ({
    id: r.id,
    friendName: r.friendName,
    state: r.state,
    note: r.rejectReason ?? (r.state === "reversed" ? "referral_reversed" : r.capped ? "referral_cap_reached" : null),
    invitedAt: r.invitedAt.toISOString(),
    joinedAt: iso(r.joinedAt),
    purchasedAt: iso(r.purchasedAt),
    rewardedAt: iso(r.rewardedAt),
    points: Number(r.points),
  }));
  return {
    enabled: config.enabled,
    code,
    shareLink,
    referrerPoints: config.referrerPoints,
    friendPoints: config.friendPoints,
    monthlyCap: config.monthlyCap,
    rewardedThisMonth: await paidThisMonth(db, member.id, deps.now),
    invites,
  };
}

// ── The friend opens the link ───────────────────────────────────────────────────────────────

/**
 * Records the invite for the signed-in user (member or not yet). The first invite a friend
 * accepts stands: the same code again answers what was recorded, another member's code is
 * referral_already_invited.
 */
export async function acceptReferral(
  db: Db,
  deps: { now: number; mac: MacFunction },
  auth: Auth,
  code: string,
): Promise<Outcome<AcceptReferralResponse & { created: boolean }>> {
  return inTransaction(db, async (tx) => {
    const config = await referralConfigOf(tx, auth.brandId);
    if (!config.enabled) throw new Refusal("referral_disabled", "The brand does not run referrals now.");
    const referrerId = verifyReferralCode(code, auth.brandId, deps.mac);
    if (!referrerId) throw new Refusal("referral_code_invalid", "This referral code is not valid.");
    const referrer = await personOfMember(tx, referrerId);
    // A code of a member who left (or of another brand: the MAC binds the brand) is no code.
    if (!referrer || referrer.erased || referrer.memberId === null)
      throw new Refusal("referral_code_invalid", "This referral code is not valid.");
    const friend = await personOfUser(tx, auth.userId);
    if (!friend) throw new Refusal("referral_code_invalid", "This referral code is not valid.");
    const answer = (id: string, state: AcceptReferralResponse["state"], already: boolean) => ({
      referralId: id,
      state,
      referrerName: referrer.displayName,
      friendPoints: config.friendPoints,
      alreadyAccepted: already,
      created: !already,
    });
    const existing = async () => {
      const [row] = await tx
        .select({ id: referrals.id, state: referrals.state, referrer: referrals.referrerMemberId })
        .from(referrals)
        .where(eq(referrals.friendUserId, auth.userId));
      if (!row) return null;
      if (row.referrer !== referrerId) throw new Refusal("referral_already_invited", "This account already accepted another invite.");
      return answer(row.id, row.state, true);
    };
    const prior = await existing();
    if (prior) return prior;
    const refusal = inviteVerdict(referrer, { ...friend, joinedAt: friend.joinedAt?.getTime() ?? null });
    if (refusal === "referral_self") throw new Refusal("referral_self", "You cannot accept your own invite.");
    if (refusal === "referral_already_member")
      throw new Refusal("referral_already_member", "Invites are for people who are not members yet.");
    const [inserted] = await tx
      .insert(referrals)
      .values({
        brandId: auth.brandId,
        referrerMemberId: referrerId,
        friendUserId: auth.userId,
        code,
        state: "invited",
        invitedAt: new Date(deps.now),
      })
      .onConflictDoNothing({ target: referrals.friendUserId })
      .returning({ id: referrals.id });
    if (!inserted) {
      // A parallel accept of the same user won the unique index: answer as it did.
      const again = await existing();
      if (again) return again;
      throw new Error("referral: the friend's row vanished");
    }
    return answer(inserted.id, "invited", false);
  });
}

// ── The friend joins ────────────────────────────────────────────────────────────────────────

/**
 * Called in the enrolment's transaction once the membership row exists: the friend's invite (if
 * any) becomes joined, or rejected when the rules say so now (the phone may match the
 * referrer's by now).
 */
export async function joinReferral(tx: Tx, now: number, friend: { userId: string; memberId: string }): Promise<void> {
  const [row] = await tx
    .select()
    .from(referrals)
    .where(and(eq(referrals.friendUserId, friend.userId), eq(referrals.state, "invited")))
    .for("update");
  if (!row) return;
  const referrer = await personOfMember(tx, row.referrerMemberId);
  const person = await personOfUser(tx, friend.userId);
  if (!referrer || !person) return;
  const refusal = joinVerdict(referrer, { ...person, joinedAt: person.joinedAt?.getTime() ?? now }, row.invitedAt.getTime());
  const at = new Date(now);
  if (refusal) {
    await tx
      .update(referrals)
      .set({ state: nextReferralState(row.state, "reject")!, rejectReason: refusal, rejectedAt: at, friendMemberId: friend.memberId })
      .where(eq(referrals.id, row.id));
    return;
  }
  await tx
    .update(referrals)
    .set({ state: nextReferralState(row.state, "join")!, joinedAt: at, friendMemberId: friend.memberId })
    .where(eq(referrals.id, row.id));
}

// ── The friend's first purchase ─────────────────────────────────────────────────────────────

export type PurchaseOutcome = "none" | "rewarded" | "rejected" | "purchased";

/**
 * Called after each new earn at the counter (not a replay): one indexed look-up, and only for
 * a joined friend a transaction that moves the referral to purchased and rewarded, paying both
 * once. Under the referral row's lock, then both members' locks in id order (parallel
 * completions for one referrer queue on the referrer, so the monthly cap holds).
 */
export async function completeReferralOnPurchase(
  db: Db,
  now: number,
  friendMemberId: string,
  purchaseEntryId: string,
): Promise<PurchaseOutcome> {
  const [waiting] = await db
    .select({ id: referrals.id })
    .from(referrals)
    .where(and(eq(referrals.friendMemberId, friendMemberId), eq(referrals.state, "joined")));
  if (!waiting) return "none";
  const out = await inTransaction(db, async (tx): Promise<PurchaseOutcome> => {
    const [row] = await tx.select().from(referrals).where(eq(referrals.id, waiting.id)).for("update");
    if (!row || row.state !== "joined" || !row.friendMemberId) return "none";
    const at = new Date(now);
    const config = await referralConfigOf(tx, row.brandId);
    const [first, second] = [row.friendMemberId, row.referrerMemberId].sort();
    const lockedA = await lockMember(tx, first!);
    const lockedB = await lockMember(tx, second!);
    const friendLocked = lockedA?.id === row.friendMemberId ? lockedA : lockedB;
    const referrerLocked = lockedA?.id === row.referrerMemberId ? lockedA : lockedB;
    const friend = await personOfMember(tx, row.friendMemberId);
    const referrer = await personOfMember(tx, row.referrerMemberId);
    if (!friendLocked || !referrerLocked || !friend || !referrer) return "none";
    // Undone before this hook ran (a reversal queues on the friend's lock): not a purchase; the
    // friend's next one completes the referral.
    if (await isPurchaseUndone(tx, purchaseEntryId)) return "none";
    const refusal = joinVerdict(referrer, { ...friend, joinedAt: friend.joinedAt?.getTime() ?? now }, row.invitedAt.getTime());
    if (refusal || friend.erased) {
      await tx
        .update(referrals)
        .set({ state: "rejected", rejectReason: refusal ?? "referral_already_member", rejectedAt: at })
        .where(eq(referrals.id, row.id));
      return "rejected";
    }
    if (!config.enabled) {
      // Off at the time of the purchase: the purchase is recorded, nothing is paid.
      await tx
        .update(referrals)
        .set({ state: nextReferralState(row.state, "purchase")!, purchasedAt: at, purchaseEntryId })
        .where(eq(referrals.id, row.id));
      return "purchased";
    }
    const plan = planReward(config, await paidThisMonth(tx, row.referrerMemberId, now));
    const settings = await loyaltySettingsOf(tx, row.brandId);
    const pay = async (locked: NonNullable<typeof friendLocked>, points: number, who: "friend" | "referrer") => {
      if (points <= 0) return null;
      const entry = await credit(tx, locked, points, {
        kind: "bonus",
        actorKind: "system",
        at: now,
        reason: (who === "friend" ? "referral_friend" : "referral_referrer") satisfies SystemReason,
        idempotencyKey: `referral:${row.id}:${who}`,
        validityMonths: settings.lotValidityMonths,
      });
      return entry.id;
    };
    const friendEntryId = await pay(friendLocked, plan.friendPoints, "friend");
    // A referrer who deleted their account is not paid; the friend still is.
    const referrerPoints = referrer.erased ? 0 : plan.referrerPoints;
    const referrerEntryId = await pay(referrerLocked, referrerPoints, "referrer");
    await tx
      .update(referrals)
      .set({
        state: nextReferralState(nextReferralState(row.state, "purchase")!, "reward")!,
        purchasedAt: at,
        rewardedAt: at,
        purchaseEntryId,
        friendEntryId,
        referrerEntryId,
        friendPoints: plan.friendPoints,
        referrerPoints,
        referrerCapped: plan.referrerCapped,
      })
      .where(eq(referrals.id, row.id));
    return "rewarded";
  });
  if (!out.ok) throw new Error(`referral completion refused: ${out.code}`);
  return out.value;
}

// ── The purchase undone ─────────────────────────────────────────────────────────────────────

/** Whether an earn was reversed by a manager or refunded whole by a POS (domain purchaseUndone). */
async function isPurchaseUndone(tx: Tx, earnEntryId: string): Promise<boolean> {
  const [row] = await queryRows<{ bill: string | number | null; manager: boolean; refunded: string | number }>(
    tx,
    sql`select e.bill_vnd as bill,
          exists (select 1 from ledger_entries r where r.ref_entry_id = e.id and r.kind = 'reversal' and r.idempotency_key is null) as manager,
          coalesce((select sum(p.amount_vnd) from pos_refunds p where p.earn_entry_id = e.id), 0) as refunded
        from ledger_entries e where e.id = ${earnEntryId}`,
  );
  if (!row) return false;
  return purchaseUndone({ managerReversed: Boolean(row.manager), billVnd: Number(row.bill ?? 0), refundedVnd: Number(row.refunded) });
}

/**
 * Called in the transaction that undoes an earn whole (a manager's reversal, or the POS refund
 * that completes the bill: domain purchaseUndone), after its reversal entry, with the friend's
 * row locked by it: when that earn completed a referral, the referral becomes reversed and what
 * it paid is taken back in the same transaction, each side no further than the points they can
 * spend (the rest is the shortfall, recorded). Exactly once:
 * the state moves only from purchased/rewarded under the referral row's lock, and the ledger keys
 * `referral:<id>:<side>:clawback` are unique. Lock order: friend (the caller's), referral row,
 * referrer — a completion never waits on a friend whose referral is already completed.
 */
export async function clawBackReferral(tx: Tx, now: number, earnEntryId: string, friendLocked: LockedMember): Promise<void> {
  const [row] = await tx
    .select()
    .from(referrals)
    .where(and(eq(referrals.purchaseEntryId, earnEntryId), inArray(referrals.state, ["purchased", "rewarded"])))
    .for("update");
  if (!row || row.friendMemberId !== friendLocked.id) return;
  const next = nextReferralState(row.state, "reverse");
  if (!next) return;
  const referrerLocked = row.referrerPoints > 0 ? await lockMember(tx, row.referrerMemberId) : null;
  const spendable = async (m: LockedMember | null) => (m ? availablePoints(await openLots(tx, m.id, true), now) : 0);
  const plan = planClawback(
    { friend: row.friendPoints, referrer: referrerLocked ? row.referrerPoints : 0 },
    { friend: await spendable(friendLocked), referrer: await spendable(referrerLocked) },
  );
  const take = async (m: LockedMember | null, points: number, side: "friend" | "referrer", paidEntryId: string | null) => {
    if (!m || points <= 0) return;
    await debit(tx, m, points, {
      kind: "adjust",
      actorKind: "system",
      at: now,
      reason: "referral_clawback" satisfies SystemReason,
      refEntryId: paidEntryId,
      idempotencyKey: `referral:${row.id}:${side}:clawback`,
    });
  };
  await take(friendLocked, plan.friend.take, "friend", row.friendEntryId);
  await take(referrerLocked, plan.referrer.take, "referrer", row.referrerEntryId);
  await tx
    .update(referrals)
    .set({
      state: next,
      reversedAt: new Date(now),
      friendShortfall: plan.friend.shortfall,
      referrerShortfall: plan.referrer.shortfall,
    })
    .where(eq(referrals.id, row.id));
}

/**
 * The member's privacy rights (Personal Data Protection Law 2025, Decree 13/2023 Art. 9):
 * a copy of everything held about them, and erasure. Both complete at once and are logged in
 * privacy_requests. docs/decisions/0007-consent-and-privacy-rights.md says what erasure keeps and why.
 */
import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { MemberExport } from "../../../contract/preferences";
import { CONSENT_PURPOSES, PURPOSES } from "../../../domain/consent/purposes";
import { MEMBER_READABLE_REASON_KINDS, MEMBER_REASON_TEXT } from "../../../domain/loyalty/actors";
import { availablePoints } from "../../../domain/loyalty/lots";
import type { SystemReason } from "../../../domain/loyalty/ledger";
import { answerText, type Question } from "../../../domain/preferences/form";
import type { Db } from "../../db/client";
import {
  brands,
  consents,
  idempotencyKeys,
  ledgerEntries,
  members,
  messages,
  pointLots,
  preferenceAnswers,
  privacyRequests,
  rewards,
  sandboxInbox,
  sessions,
  stores,
  users,
  vouchers,
  znsTemplates,
} from "../../db/schema";
import { previewText } from "../../../domain/messaging/zns-template";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import { debit, expireLots, lockMember, openLots } from "../loyalty/posting";
import { allForms } from "../preferences/forms";
import { answersOf } from "../preferences/answers";
import { consentHistory, eventView, zaloAnswersOf } from "../preferences/consents";
import { eraseCaseNotes, feedbackCasesForExport } from "../cases/privacy";
import { checkinsForExport } from "../checkin/privacy";
import { referralsForExport } from "../referrals/privacy";
import { gameForExport } from "../game/privacy";
import { anonymiseSurveyAnswers, surveyAnswersForExport } from "../surveys/privacy";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const memberReadable = (kind: string) => (MEMBER_READABLE_REASON_KINDS as readonly string[]).includes(kind);

export async function exportMember(db: Db, now: number, member: { id: string; brandId: string; userId: string }): Promise<MemberExport> {
  const [[user], [m], [brand], storeRows, forms, answers, history, zalo, ledger, lots, voucherRows, requests] = await Promise.all([
    db.select().from(users).where(eq(users.id, member.userId)),
    db.select().from(members).where(eq(members.id, member.id)),
    db.select({ name: brands.name }).from(brands).where(eq(brands.id, member.brandId)),
    db.select({ id: stores.id, name: stores.name }).from(stores).where(eq(stores.brandId, member.brandId)),
    allForms(db, member.brandId),
    answersOf(db, member.id),
    consentHistory(db, member.userId),
    zaloAnswersOf(db, member.userId),
    db.select().from(ledgerEntries).where(eq(ledgerEntries.memberId, member.id)).orderBy(asc(ledgerEntries.seq)),
    db.select().from(pointLots).where(eq(pointLots.memberId, member.id)).orderBy(asc(pointLots.earnedAt)),
    db
      .select({ v: vouchers, reward: rewards.name })
      .from(vouchers)
      .innerJoin(rewards, eq(rewards.id, vouchers.rewardId))
      .where(eq(vouchers.memberId, member.id))
      .orderBy(asc(vouchers.issuedAt)),
    db.select().from(privacyRequests).where(eq(privacyRequests.userId, member.userId)).orderBy(asc(privacyRequests.createdAt)),
  ]);
  const sent = await db
    .select({ m: messages, t: znsTemplates })
    .from(messages)
    .innerJoin(znsTemplates, eq(znsTemplates.id, messages.templateId))
    .where(eq(messages.memberId, member.id))
    // Messages dispatched in one worker pass share a creation time: the id breaks the tie so
    // the same data always exports in the same order.
    .orderBy(asc(messages.createdAt), asc(messages.id));
  const storeName = (id: string | null) => storeRows.find((s) => s.id === id)?.name ?? null;
  const question = (id: string, version: number): Question | undefined =>
    forms.find((f) => f.version === version)?.questions.find((q) => q.id === id);
  const out: MemberExport = {
    format: "loyalloop.member-export/1",
    exportedAt: new Date(now).toISOString(),
    brand: { name: brand?.name ?? "" },
    profile: {
      zaloUserId: user!.zaloId,
      displayName: user!.displayName,
      avatarUrl: user!.avatarUrl,
      phone: user!.phone,
      createdAt: iso(user!.createdAt),
    },
    membership: {
      memberNo: String(m!.memberSeq).padStart(8, "0"),
      tier: m!.tier,
      pointsBalance: m!.pointsBalance,
      joinedAt: iso(m!.joinedAt),
      profileCompletedAt: iso(m!.profileCompletedAt),
    },
    preferences: [...answers].map(([questionId, a]) => {
      const q = question(questionId, a.formVersion);
      return {
        questionId,
        question: q?.label.vi ?? questionId,
        answer: answerText(q, a.value, "vi", (id) => storeName(id) ?? undefined),
        value: a.value,
        formVersion: a.formVersion,
        updatedAt: a.updatedAt.toISOString(),
      };
    }),
    consents: history.map((e) => ({ ...eventView(e), purposeTitle: PURPOSES[e.purpose]?.vi.title ?? e.purpose })),
    zaloPermissionAnswers: zalo,
    ledger: ledger.map((e) => ({
      kind: e.kind,
      points: e.points,
      balanceAfter: e.balanceAfter,
      occurredAt: iso(e.occurredAt),
      store: storeName(e.storeId),
      receiptNo: e.receiptNo,
      billVnd: e.billVnd,
      // Who caused it, as a kind (staff, manager, system…): staff names are their own data.
      by: e.actorKind,
      // What the member was told; a manager's internal note is the brand's, not the member's.
      reason: memberReadable(e.kind) ? e.reason : e.memberReason ? MEMBER_REASON_TEXT[e.memberReason].vi : null,
    })),
    pointLots: lots.map((l) => ({ original: l.original, remaining: l.remaining, earnedAt: iso(l.earnedAt), expiresAt: iso(l.expiresAt) })),
    vouchers: voucherRows.map(({ v, reward }) => ({
      reward,
      code: v.code,
      status: v.status,
      issuedAt: iso(v.issuedAt),
      expiresAt: iso(v.expiresAt),
      usedAt: iso(v.usedAt),
      usedAtStore: storeName(v.usedStoreId),
      cancelledAt: iso(v.cancelledAt),
    })),
    surveyAnswers: await surveyAnswersForExport(db, member.id),
    feedbackCases: await feedbackCasesForExport(db, member.id),
    /** Daily check-ins (issue 14): day, streak, points. */
    checkins: await checkinsForExport(db, member.id),
    /** Invites made and the one received, without the other person's data. */
    referrals: await referralsForExport(db, member),
    // Spins of the lucky wheel and the extra plays granted (kept on deletion, like the ledger).
    ...(await gameForExport(db, member.id)),
    messages: sent.map(({ m, t }) => ({
      template: t.name,
      kind: t.tag,
      channel: m.channel,
      status: m.status,
      text: previewText({ znsTemplateId: t.znsTemplateId, tag: t.tag, params: t.params, preview: t.preview }, m.templateData),
      queuedAt: iso(m.createdAt),
      sentAt: iso(m.sentAt),
      deliveredAt: iso(m.deliveredAt),
    })),
    privacyRequests: requests.map((r) => ({ kind: r.kind, at: iso(r.createdAt) })),
  };
  await db.insert(privacyRequests).values({
    brandId: member.brandId,
    userId: member.userId,
    kind: "export",
    createdAt: new Date(now),
    detail: { sections: sectionCounts(out) },
  });
  return out;
}

function sectionCounts(e: MemberExport) {
  return { preferences: e.preferences.length, consents: e.consents.length, ledger: e.ledger.length, vouchers: e.vouchers.length };
}

export const ERASED_NAME = "Thành viên đã xoá";

/**
 * Erases the member's personal data in one transaction:
 * - the Zalo id, name, avatar and phone on the user row; sessions revoked;
 * - preference answers deleted; survey comments and the notes on their cases erased (scores,
 *   cases and their times stay, anonymised); every optional consent recorded as withdrawn (channel
 *   "erasure") and membership too, so mayUse refuses every purpose from now on;
 * - spendable points written off with one ledger entry (the ledger keeps amounts, dates and
 *   stores for accounting, with no one to tie them to); open vouchers voided;
 * - names in stored idempotent responses blanked; the QR secret replaced, so old codes fail.
 */
export async function eraseMember(
  db: Db,
  now: number,
  member: { id: string; brandId: string; userId: string },
): Promise<Outcome<{ erasedAt: string; pointsForfeited: number }>> {
  return inTransaction(db, async (tx) => {
    const locked = await lockMember(tx, member.id);
    if (!locked) throw new Refusal("not_a_member", "Join the membership first.");
    const [row] = await tx.select({ erasedAt: members.erasedAt }).from(members).where(eq(members.id, member.id));
    if (row?.erasedAt) throw new Refusal("not_a_member", "This account was already deleted.");
    const at = new Date(now);

    // Expired lots the nightly job has not reached yet expire now, as they would have; what is
    // still spendable is written off with one entry. Both leave the balance at zero.
    const lots = await openLots(tx, member.id, true);
    await expireLots(
      tx,
      locked,
      lots.filter((l) => l.expiresAt <= now).map((l) => l.id),
      now,
    );
    const forfeited = availablePoints(lots, now);
    if (forfeited > 0)
      await debit(tx, locked, forfeited, { kind: "adjust", actorKind: "system", at: now, reason: "account_erased" satisfies SystemReason });
    await tx
      .update(vouchers)
      .set({ status: "void" })
      .where(and(eq(vouchers.memberId, member.id), eq(vouchers.status, "issued")));
    await tx.delete(preferenceAnswers).where(eq(preferenceAnswers.memberId, member.id));
    await anonymiseSurveyAnswers(tx, member.id);
    await eraseCaseNotes(tx, member.id);

    const states = await consentHistory(tx, member.userId);
    const grantedNow = CONSENT_PURPOSES.filter((p) => {
      const last = [...states].reverse().find((e) => e.purpose === p);
      return last?.granted;
    });
    if (grantedNow.length) {
      await tx.insert(consents).values(
        grantedNow.map((p) => ({
          userId: member.userId,
          purpose: p,
          granted: false,
          wordingVersion: PURPOSES[p].version,
          channel: "erasure",
          createdAt: at,
        })),
      );
    }

    await tx
      .update(users)
      .set({ zaloId: null, displayName: ERASED_NAME, avatarUrl: null, phone: null, updatedAt: at })
      .where(eq(users.id, member.userId));
    await tx
      .update(sessions)
      .set({ revokedAt: at })
      .where(and(eq(sessions.userId, member.userId), isNull(sessions.revokedAt)));
    await tx
      .update(members)
      .set({ erasedAt: at, qrSecret: randomBytes(32).toString("hex") })
      .where(eq(members.id, member.id));
    // Messages keep their status for the brand's statistics, not their personalised content;
    // unsent ones will not go (the queue would refuse them anyway: mayUse says "erased").
    const mine = await tx.select({ trackingId: messages.trackingId }).from(messages).where(eq(messages.memberId, member.id));
    await tx
      .update(messages)
      .set({
        templateData: {},
        status: sql`case when ${messages.status} in ('queued', 'sending', 'in_doubt') then 'cancelled' else ${messages.status} end`,
        lastError: sql`case when ${messages.status} in ('queued', 'sending', 'in_doubt') then 'consent_erased' else ${messages.lastError} end`,
        errorDetail: sql`case when ${messages.status} in ('queued', 'sending', 'in_doubt') then null else ${messages.errorDetail} end`,
      })
      .where(eq(messages.memberId, member.id));
    if (mine.length)
      await tx.delete(sandboxInbox).where(
        inArray(
          sandboxInbox.trackingId,
          mine.map((r) => r.trackingId),
        ),
      );
    // Earn responses stored for replays carry the member's name.
    await tx
      .update(idempotencyKeys)
      .set({ body: sql`jsonb_set(${idempotencyKeys.body}, '{displayName}', to_jsonb(${ERASED_NAME}::text))` })
      .where(
        and(
          eq(idempotencyKeys.brandId, member.brandId),
          eq(idempotencyKeys.scope, "earn"),
          sql`${idempotencyKeys.body}->>'memberId' = ${member.id}`,
        ),
      );
    await tx
      .insert(privacyRequests)
      .values({ brandId: member.brandId, userId: member.userId, kind: "erase", createdAt: at, detail: { pointsForfeited: forfeited } });
    return { erasedAt: at.toISOString(), pointsForfeited: forfeited };
  });
}

/** A member's preference answers: read with their form, saved one question at a time. */
import { and, eq } from "drizzle-orm";
import type { MyPreferences, SaveAnswerResponse } from "../../../contract/preferences";
import { formProgress, profileBonusDue, profileBonusKey, validateAnswer, type AnswerValue } from "../../../domain/preferences/form";
import type { SystemReason } from "../../../domain/loyalty/ledger";
import type { Db, Tx } from "../../db/client";
import { loyaltySettings, members, preferenceAnswers, stores } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import { credit, lockMember } from "../loyalty/posting";
import { loyaltySettingsOf } from "../loyalty/settings";
import { currentForm, formVersion } from "./forms";

export type StoredAnswers = Map<string, { value: AnswerValue; formVersion: number; updatedAt: Date }>;

export async function answersOf(db: Db | Tx, memberId: string): Promise<StoredAnswers> {
  const rows = await db.select().from(preferenceAnswers).where(eq(preferenceAnswers.memberId, memberId));
  return new Map(rows.map((r) => [r.questionId, { value: r.value, formVersion: r.formVersion, updatedAt: r.updatedAt }]));
}

async function bonusPoints(db: Db | Tx, brandId: string) {
  const [row] = await db
    .select({ points: loyaltySettings.profileBonusPoints })
    .from(loyaltySettings)
    .where(eq(loyaltySettings.brandId, brandId));
  return row?.points ?? 0;
}

export async function myPreferences(db: Db | Tx, member: { id: string; brandId: string }): Promise<MyPreferences> {
  // Sequential: saveAnswer calls this inside its transaction, on one connection.
  const form = await currentForm(db, member.brandId);
  const answers = await answersOf(db, member.id);
  const storeRows = await db
    .select({ id: stores.id, name: stores.name })
    .from(stores)
    .where(eq(stores.brandId, member.brandId))
    .orderBy(stores.name);
  const points = await bonusPoints(db, member.brandId);
  const [m] = await db.select({ completedAt: members.profileCompletedAt }).from(members).where(eq(members.id, member.id));
  return {
    form,
    answers: Object.fromEntries(
      [...answers].map(([id, a]) => [id, { value: a.value, formVersion: a.formVersion, updatedAt: a.updatedAt.toISOString() }]),
    ),
    progress: formProgress(form, new Set(answers.keys())),
    bonus: { points, paid: Boolean(m?.completedAt) },
    stores: storeRows,
  };
}

/**
 * Saves (or clears) one answer, validated against the form version the member was shown.
 * The member row is locked so two saves that both complete the profile pay the bonus once; the
 * ledger's unique idempotency key (`profile-bonus:<member>`) is the second guard.
 */
export async function saveAnswer(
  db: Db,
  now: number,
  member: { id: string; brandId: string },
  questionId: string,
  req: { formVersion: number; value: AnswerValue | null },
): Promise<Outcome<SaveAnswerResponse>> {
  return inTransaction(db, async (tx) => {
    const locked = await lockMember(tx, member.id);
    if (!locked) throw new Refusal("not_a_member", "Join the membership first.");
    const form = await formVersion(tx, member.brandId, req.formVersion);
    if (!form) throw new Refusal("form_version_unknown", `This brand has no form version ${req.formVersion}.`);
    const storeIds = (await tx.select({ id: stores.id }).from(stores).where(eq(stores.brandId, member.brandId))).map((s) => s.id);
    const check = validateAnswer(form, questionId, req.value, { storeIds });
    if (!check.ok) {
      const message =
        check.code === "question_not_found"
          ? `Version ${form.version} of the form has no question "${questionId}".`
          : `"${questionId}" cannot take this answer (${check.problem.code}).`;
      throw new Refusal(check.code, message);
    }

    if (check.value === null) {
      await tx
        .delete(preferenceAnswers)
        .where(and(eq(preferenceAnswers.memberId, member.id), eq(preferenceAnswers.questionId, questionId)));
    } else {
      const row = { memberId: member.id, questionId, formVersion: form.version, value: check.value, updatedAt: new Date(now) };
      await tx
        .insert(preferenceAnswers)
        .values(row)
        .onConflictDoUpdate({
          target: [preferenceAnswers.memberId, preferenceAnswers.questionId],
          set: { formVersion: row.formVersion, value: row.value, updatedAt: row.updatedAt },
        });
    }

    // Completeness is always against the current form, whatever version this answer was for.
    const current = await currentForm(tx, member.brandId);
    const answered = new Set((await answersOf(tx, member.id)).keys());
    const progress = formProgress(current, answered);
    const [m] = await tx.select({ completedAt: members.profileCompletedAt }).from(members).where(eq(members.id, member.id));
    const due = profileBonusDue({
      complete: progress.complete,
      alreadyPaid: Boolean(m?.completedAt),
      bonusPoints: await bonusPoints(tx, member.brandId),
    });
    if (progress.complete && !m?.completedAt) {
      await tx
        .update(members)
        .set({ profileCompletedAt: new Date(now) })
        .where(eq(members.id, member.id));
    }
    if (due > 0) {
      const settings = await loyaltySettingsOf(tx, member.brandId);
      await credit(tx, locked, due, {
        kind: "bonus",
        // The preference form is the brand's survey; the member's answers caused this bonus.
        actorKind: "survey",
        actorId: locked.userId,
        at: now,
        reason: "profile_completed" satisfies SystemReason,
        idempotencyKey: profileBonusKey(member.id),
        validityMonths: settings.lotValidityMonths,
      });
    }
    return { ...(await myPreferences(tx, member)), bonusCredited: due };
  });
}

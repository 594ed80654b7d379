/**
 * What a manager does with a case: a note or "I called", a care ZNS through the queue, an
 * apology voucher, the outcome and the close, a reopen. Each action is one transaction under
 * the case's row lock, recorded as a case event with the console's idempotency key (a retry
 * answers what the first did), and moves the case's derived state (domain/cases/lifecycle).
 */
import { and, eq } from "drizzle-orm";
import type { CaseActionResponse } from "../../../contract/cases";
import { applyAction, statusOf, type CaseAction, type CaseOutcome } from "../../../domain/cases/lifecycle";
import { checkRedeemable } from "../../../domain/loyalty/rewards";
import type { Db, Tx } from "../../db/client";
import { caseEvents, feedbackCases, members, rewards, users } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import { issueVoucher } from "../loyalty/issue-voucher";
import { rewardRules } from "../loyalty/rewards-view";
import { enqueueMessage } from "../messaging/enqueue";
import { careTemplatesOf, caseSummary, toEventView } from "./queries";

export type CaseActor = { userId: string; brandId: string };
type CaseRow = typeof feedbackCases.$inferSelect;
type EventFields = Partial<Pick<typeof caseEvents.$inferInsert, "note" | "outcome" | "messageId" | "voucherId">>;

async function act(
  db: Db,
  now: number,
  actor: CaseActor,
  caseId: string,
  key: string,
  action: CaseAction,
  perform: (tx: Tx, c: CaseRow) => Promise<EventFields>,
): Promise<Outcome<CaseActionResponse>> {
  return inTransaction(db, async (tx) => {
    const [c] = await tx
      .select()
      .from(feedbackCases)
      .where(and(eq(feedbackCases.id, caseId), eq(feedbackCases.brandId, actor.brandId)))
      .for("update");
    if (!c) throw new Refusal("case_not_found", "No such case.");

    const [prior] = await tx
      .select({ e: caseEvents, actorName: users.displayName })
      .from(caseEvents)
      .leftJoin(users, eq(users.id, caseEvents.actorId))
      .where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.idempotencyKey, key)));
    if (prior) {
      const same = prior.e.kind === action.kind && (action.kind !== "closed" || prior.e.outcome === action.outcome);
      if (!same) throw new Refusal("idempotency_conflict", "This idempotency key was used for another action on this case.");
      return { case: (await caseSummary(tx, actor.brandId, c.id, now))!, event: toEventView(prior.e, prior.actorName), replayed: true };
    }

    const times = {
      openedAt: c.openedAt.getTime(),
      firstResponseAt: c.firstResponseAt?.getTime() ?? null,
      closedAt: c.closedAt?.getTime() ?? null,
      outcome: c.outcome,
    };
    const applied = applyAction(times, action, now);
    if (!applied.ok)
      throw new Refusal(applied.code, applied.code === "case_closed" ? "The case is closed; reopen it first." : "The case is not closed.");
    const fields = await perform(tx, c);
    const at = new Date(now);
    const [event] = await tx
      .insert(caseEvents)
      .values({ caseId: c.id, brandId: actor.brandId, kind: action.kind, at, actorId: actor.userId, idempotencyKey: key, ...fields })
      .returning();
    const next = applied.next;
    await tx
      .update(feedbackCases)
      .set({
        status: statusOf(next),
        firstResponseAt: next.firstResponseAt === null ? null : new Date(next.firstResponseAt),
        closedAt: next.closedAt === null ? null : new Date(next.closedAt),
        outcome: next.outcome,
        // The first manager to act takes the case.
        assignedTo: c.assignedTo ?? actor.userId,
        updatedAt: at,
      })
      .where(eq(feedbackCases.id, c.id));
    const [me] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, actor.userId));
    return { case: (await caseSummary(tx, actor.brandId, c.id, now))!, event: toEventView(event!, me?.name ?? null), replayed: false };
  });
}

const noteOrNull = (note: string | null | undefined) => (note?.trim() ? note.trim() : null);

export function addNote(
  db: Db,
  now: number,
  actor: CaseActor,
  caseId: string,
  req: { kind: "note" | "called"; note?: string | null | undefined; idempotencyKey: string },
) {
  return act(db, now, actor, caseId, req.idempotencyKey, { kind: req.kind }, async () => ({ note: noteOrNull(req.note) }));
}

export function closeCase(
  db: Db,
  now: number,
  actor: CaseActor,
  caseId: string,
  req: { outcome: CaseOutcome; note?: string | null | undefined; idempotencyKey: string },
) {
  return act(db, now, actor, caseId, req.idempotencyKey, { kind: "closed", outcome: req.outcome }, async () => ({
    outcome: req.outcome,
    note: noteOrNull(req.note),
  }));
}

export function reopenCase(db: Db, now: number, actor: CaseActor, caseId: string, req: { idempotencyKey: string }) {
  return act(db, now, actor, caseId, req.idempotencyKey, { kind: "reopened" }, async () => ({}));
}

/**
 * A customer-care ZNS through the queue, with one of the brand's care templates. The queue
 * checks consent here and again at send time (quiet hours, caps, the OA's quota are the
 * worker's); its dedupe key carries the idempotency key, so a retry never sends twice.
 */
export function sendCareMessage(
  db: Db,
  now: number,
  actor: CaseActor,
  caseId: string,
  req: { templateId?: string | undefined; idempotencyKey: string },
) {
  return act(db, now, actor, caseId, req.idempotencyKey, { kind: "care_message_queued" }, async (tx, c) => {
    const templates = await careTemplatesOf(tx, actor.brandId);
    if (!templates.length) throw new Refusal("case_no_care_template", "The brand has no active customer-care template to send.");
    const template = req.templateId ? templates.find((t) => t.id === req.templateId) : templates[0];
    if (!template) throw new Refusal("template_not_found", "This is not one of the brand's active customer-care templates.");
    const queued = await enqueueMessage(tx, {
      brandId: actor.brandId,
      memberId: c.memberId,
      template,
      source: `case:${c.id}`,
      dedupeKey: `case-care:${c.id}:${req.idempotencyKey}`,
      at: now,
    });
    if (queued.queued) return { messageId: queued.messageId };
    if (queued.reason === "no_consent") throw new Refusal("case_care_not_allowed", "The member has not agreed to customer-care messages.");
    if (queued.reason === "invalid") throw new Refusal("case_care_template_unfit", "The template needs values this member has none for.");
    throw new Refusal("idempotency_conflict", `The message could not be queued (${queued.reason}).`);
  });
}

/**
 * An apology voucher: a gift of one of the brand's rewards, through the same voucher issue as a
 * redemption (stock respected, never oversold), without points and whatever the member's tier.
 * One per case.
 */
export function grantApologyVoucher(
  db: Db,
  now: number,
  actor: CaseActor,
  caseId: string,
  req: { rewardId: string; idempotencyKey: string },
) {
  return act(db, now, actor, caseId, req.idempotencyKey, { kind: "voucher_granted" }, async (tx, c) => {
    const [already] = await tx
      .select({ id: caseEvents.id })
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.kind, "voucher_granted")));
    if (already) throw new Refusal("case_voucher_already_granted", "This case already has an apology voucher.");
    const [member] = await tx
      .select({ id: members.id, brandId: members.brandId, tier: members.tier })
      .from(members)
      .where(eq(members.id, c.memberId));
    const [reward] = await tx
      .select()
      .from(rewards)
      .where(and(eq(rewards.id, req.rewardId), eq(rewards.brandId, actor.brandId)))
      .for("update");
    if (!reward) throw new Refusal("reward_not_found", "No such reward.");
    const check = checkRedeemable({ ...rewardRules(reward), eligibleTiers: null }, { tier: member!.tier, balance: reward.pointsCost }, now);
    if (!check.ok)
      throw new Refusal(
        check.reason === "out_of_stock" ? "out_of_stock" : "reward_unavailable",
        `This reward cannot be given now (${check.reason}).`,
      );
    const voucher = await issueVoucher(tx, member!, reward, now);
    return { voucherId: voucher.id };
  });
}

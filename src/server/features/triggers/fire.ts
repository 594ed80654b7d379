/**
 * The scheduler's trigger pass (jobs/scheduler.ts): for every brand's enabled trigger, the
 * occurrences due now (due.ts) each fire once. Per occurrence, in one transaction: the firing row
 * is inserted first — unique per (brand, kind, member, period), so a second pass, a restart or a
 * concurrent process inserts nothing and does nothing more (on PostgreSQL a concurrent insert of
 * the same key waits for the first to commit, then finds it) — then the voucher is issued
 * (birthday, win-back) and the message queued with the occurrence key as its dedupe key. The
 * queue then applies consent again at send time, quiet hours, caps and quota as for any message.
 * The welcome stays with its dispatcher (messaging/enqueue.ts), which this trigger's switch gates.
 */
import { and, eq } from "drizzle-orm";
import { withOverrides } from "../../../domain/campaigns/mapping";
import { purposeForZnsTag } from "../../../domain/consent/purposes";
import { occurrenceKey, triggerSource, type TriggerKind } from "../../../domain/triggers/triggers";
import type { FieldValues } from "../../../domain/messaging/zns-template";
import type { Db, Tx } from "../../db/client";
import { brands, brandTriggers, rewards, triggerFirings, triggerTierMarks } from "../../db/schema";
import { Refusal } from "../../db/transaction";
import { clickLink, newClickCode } from "../campaigns/clicks";
import { issueVoucher } from "../loyalty/issue-voucher";
import { enqueueMessage } from "../messaging/enqueue";
import { mayContactMember } from "../preferences/consents";
import { askAfterEarn, type AskDeliveries } from "../surveys/asks";
import { dueCandidates, settleTierMarks, type Candidate } from "./due";
import { loadTrigger, templateOf, type EffectiveTrigger, type TemplateRow } from "./store";

export type FireOptions = {
  brandId?: string;
  kinds?: readonly TriggerKind[];
  surveyDeliveries?: AskDeliveries;
  /** The https base of click links (MessagingConfig.clickLinkBase); without it messages carry the plain Mini App link. */
  clickLinkBase?: string;
};

export type FireResult = Partial<Record<TriggerKind, Record<string, number>>>;

/** Occurrences per transaction: short transactions, and a crash loses at most one chunk's work (it is redone next pass). */
const CHUNK = 50;

export async function fireTriggers(db: Db, now: number, opts: FireOptions = {}): Promise<FireResult> {
  const out: FireResult = {};
  const rows = await db
    .select({ brandId: brandTriggers.brandId, kind: brandTriggers.kind })
    .from(brandTriggers)
    .innerJoin(brands, eq(brands.id, brandTriggers.brandId))
    .where(and(eq(brandTriggers.enabled, true), opts.brandId ? eq(brandTriggers.brandId, opts.brandId) : undefined));
  for (const { brandId, kind } of rows) {
    if (kind === "welcome" || (opts.kinds && !opts.kinds.includes(kind))) continue;
    const counts = await fireTrigger(db, now, brandId, await loadTrigger(db, brandId, kind), opts);
    const into = (out[kind] ??= {});
    for (const [k, n] of Object.entries(counts)) into[k] = (into[k] ?? 0) + n;
  }
  return out;
}

async function fireTrigger(db: Db, now: number, brandId: string, t: EffectiveTrigger, opts: FireOptions): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const template = t.kind === "post_purchase_survey" ? null : await templateOf(db, brandId, t);
  // Without its template (removed, paused by Zalo) nothing is due: the occurrences wait, unfired.
  if (t.kind !== "post_purchase_survey" && !template) return { no_template: 1 };
  if (t.kind === "tier_upgrade") await settleTierMarks(db, brandId, now);
  const due = await dueCandidates(db, brandId, t, now);
  for (let i = 0; i < due.length; i += CHUNK) {
    await db.transaction(async (tx) => {
      for (const c of due.slice(i, i + CHUNK)) {
        const outcome = await fireOne(tx, now, brandId, t, template, c, opts);
        if (outcome) counts[outcome] = (counts[outcome] ?? 0) + 1;
      }
    });
  }
  return counts;
}

/** One occurrence, in the caller's transaction; null when another pass fired it already. */
async function fireOne(
  tx: Tx,
  now: number,
  brandId: string,
  t: EffectiveTrigger,
  template: TemplateRow | null,
  c: Candidate,
  opts: FireOptions,
): Promise<string | null> {
  const [firing] = await tx
    .insert(triggerFirings)
    .values({ brandId, kind: t.kind, memberId: c.memberId, period: c.period, outcome: "pending", firedAt: new Date(now) })
    .onConflictDoNothing()
    .returning({ id: triggerFirings.id });
  if (!firing) return null;
  const record = async (
    outcome: string,
    messageId: string | null = null,
    voucherId: string | null = null,
    clickCode: string | null = null,
  ) => {
    await tx.update(triggerFirings).set({ outcome, messageId, voucherId, clickCode }).where(eq(triggerFirings.id, firing.id));
    return outcome;
  };
  if (c.tier)
    await tx
      .insert(triggerTierMarks)
      .values({ memberId: c.memberId, tier: c.tier, seenAt: new Date(now) })
      .onConflictDoUpdate({ target: triggerTierMarks.memberId, set: { tier: c.tier, seenAt: new Date(now) } });

  if (t.kind === "post_purchase_survey") {
    // The survey core decides (an active survey, fatigue) and its delivery queues the message;
    // the ask's source key is the earn's, so the survey's own dispatcher never asks it again.
    const asked = await askAfterEarn(
      tx,
      { brandId, memberId: c.memberId, storeId: c.earn!.storeId, entryId: c.earn!.entryId, at: now },
      opts.surveyDeliveries,
    );
    return record(asked.asked ? "queued" : asked.reason, asked.asked ? asked.messageId : null);
  }

  const tpl = template!;
  // Checked before a voucher is issued: the voucher travels with the message.
  const allowed = await mayContactMember(tx, c.memberId, purposeForZnsTag(tpl.tag), now);
  if (!allowed.ok) return record("no_consent");
  const extras: FieldValues = { ...c.extras };
  let voucherId: string | null = null;
  if (t.settings.rewardId) {
    const [reward] = await tx
      .select()
      .from(rewards)
      .where(and(eq(rewards.id, t.settings.rewardId), eq(rewards.brandId, brandId), eq(rewards.active, true)))
      .for("update");
    if (!reward) return record("reward_unavailable");
    try {
      const voucher = await issueVoucher(tx, { id: c.memberId, brandId }, reward, now);
      voucherId = voucher.id;
      extras.voucher_code = voucher.code;
      extras.reward_name = reward.name;
    } catch (error) {
      // issueVoucher's stock update changed nothing: the transaction is still good.
      if (error instanceof Refusal && error.code === "out_of_stock") return record("out_of_stock");
      throw error;
    }
  }
  const mapped = withOverrides(tpl, t.params);
  // A button mapped to deep_link carries our short link, so its opens are counted (as a campaign's; decision 0038).
  const clickCode =
    opts.clickLinkBase && mapped.params.some((p) => "field" in p.source && p.source.field === "deep_link") ? newClickCode() : null;
  if (clickCode) extras.deep_link = clickLink(opts.clickLinkBase!, clickCode);
  const queued = await enqueueMessage(tx, {
    brandId,
    memberId: c.memberId,
    template: mapped,
    source: triggerSource(t.kind),
    dedupeKey: occurrenceKey(t.kind, c.memberId, c.period),
    at: now,
    extras,
  });
  return record(
    queued.queued ? "queued" : queued.reason,
    queued.queued ? queued.messageId : null,
    voucherId,
    queued.queued ? clickCode : null,
  );
}

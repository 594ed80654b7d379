/**
 * A person's action on a campaign (submit, approve, reject, pause, resume, cancel) and the
 * scheduler's (start, finish): the domain's state machine decides, one conditional update on
 * (id, version, status) applies it with its effect on the campaign's queued messages and the
 * audit row, in one transaction. Scheduling materialises the audience into the queue after the
 * commit; a crash in between is picked up by the scheduler (materialised_at is null).
 */
import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Campaign, CampaignTransitionRequest } from "../../../contract/campaigns";
import { transition, type CampaignAction, type CampaignActor, type CampaignStatus } from "../../../domain/campaigns/lifecycle";
import type { Role } from "../../../domain/identity/roles";
import type { Db, Tx } from "../../db/client";
import { messages, znsCampaigns } from "../../db/schema";
import { Refusal, type Outcome } from "../../db/transaction";
import type { MessagingConfig } from "../messaging/types";
import { audienceSize, campaignSource, materialise, replanHeld } from "./audience";
import { approvalThreshold } from "./settings";
import { audit, campaignView, loadCampaign, type Actor } from "./store";

/** A paused campaign's queued messages wait until this instant (resume makes them due again). */
export const PAUSED_UNTIL = new Date("9999-12-31T00:00:00Z");

/** What a status means for the campaign's messages still queued: cancelled, held, or due. */
async function applyToMessages(tx: Db | Tx, brandId: string, campaignId: string, status: CampaignStatus, now: number) {
  const mine = and(eq(messages.brandId, brandId), eq(messages.source, campaignSource(campaignId)), eq(messages.status, "queued"));
  if (status === "cancelled") await tx.update(messages).set({ status: "cancelled" }).where(mine);
  else if (status === "paused") await tx.update(messages).set({ notBefore: PAUSED_UNTIL }).where(mine);
  else if (status === "sending" || status === "scheduled")
    await tx
      .update(messages)
      .set({ notBefore: new Date(now) })
      .where(and(mine, eq(messages.notBefore, PAUSED_UNTIL)));
}

async function apply(
  db: Db,
  cfg: MessagingConfig,
  now: number,
  actor: Actor & { role: CampaignActor },
  id: string,
  action: CampaignAction,
  opts: { basedOnVersion?: number; note?: string; audience?: number },
): Promise<CampaignStatus> {
  const found = await loadCampaign(db, actor.brandId, id);
  if (!found) throw new Refusal("campaign_not_found", "No such campaign.");
  const { row } = found;
  const out = transition({
    status: row.status,
    action,
    actor: actor.role,
    audience: opts.audience ?? row.audience ?? 0,
    approvalThreshold: await approvalThreshold(db, actor.brandId),
    pausedFrom: row.pausedFrom,
    note: opts.note ?? null,
  });
  if (!out.ok) {
    if (out.code === "forbidden") throw new Refusal("forbidden", `A ${actor.role} cannot ${action} a campaign.`);
    if (out.code === "campaign_note_required") throw new Refusal("campaign_note_required", "Say why the campaign is rejected.");
    throw new Refusal("campaign_status_conflict", `A ${row.status} campaign cannot ${action}.`, { status: row.status });
  }
  const version = opts.basedOnVersion ?? row.version;
  const at = new Date(now);
  const set: Partial<typeof znsCampaigns.$inferInsert> = { status: out.status, version: row.version + 1, updatedAt: at };
  if (action === "submit") set.audience = opts.audience ?? 0;
  if (out.approved === "by_manager") Object.assign(set, { approvedBy: actor.userId, approvedAt: at });
  if (action === "reject") set.rejectionNote = opts.note ?? null;
  if (action === "pause") set.pausedFrom = row.status as "scheduled" | "sending";
  if (action === "resume") set.pausedFrom = null;
  if (action === "start") set.startedAt = at;
  if (action === "finish") set.finishedAt = at;
  if (action === "cancel") set.finishedAt = at;
  await db.transaction(async (tx) => {
    const moved = await tx
      .update(znsCampaigns)
      .set(set)
      .where(and(eq(znsCampaigns.id, id), eq(znsCampaigns.version, version), eq(znsCampaigns.status, row.status)))
      .returning({ id: znsCampaigns.id });
    if (!moved.length)
      throw new Refusal("campaign_version_conflict", "The campaign changed in between.", { version: row.version, status: row.status });
    // A resume plans what the pause held again, at today's quota; everything else moves the messages by status.
    if (action === "resume") await replanHeld(tx, cfg, found, now, PAUSED_UNTIL);
    else await applyToMessages(tx, actor.brandId, id, out.status, now);
    if (actor.role !== "system")
      await audit(tx, now, actor, id, { change: action, version: row.version + 1, status: out.status, note: opts.note ?? null });
  });
  return out.status;
}

export async function transitionCampaign(
  db: Db,
  cfg: MessagingConfig,
  now: number,
  actor: Actor & { role: Role },
  id: string,
  req: CampaignTransitionRequest,
): Promise<Outcome<Campaign>> {
  return inTransactionless(async () => {
    const found = await loadCampaign(db, actor.brandId, id);
    if (!found) throw new Refusal("campaign_not_found", "No such campaign.");
    // The audience the approval rule is about: counted when it is submitted.
    const audience = req.action === "submit" && found.row.status === "draft" ? await audienceSize(db, found, now) : undefined;
    const status = await apply(db, cfg, now, actor, id, req.action, { basedOnVersion: req.basedOnVersion, note: req.note, audience });
    if (status === "scheduled" && !found.row.materialisedAt) await materialiseNow(db, cfg, actor.brandId, id, now);
    await advanceCampaign(db, cfg, actor.brandId, id, now);
    return (await campaignView(db, actor.brandId, id))!;
  });
}

/** Refusals thrown outside a transaction become failed outcomes too. */
async function inTransactionless<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error instanceof Refusal)
      return { ok: false, code: error.code, message: error.message, ...(error.params ? { params: error.params } : {}) };
    throw error;
  }
}

/**
 * Materialises, then re-applies the campaign's status to its messages: a cancel or a pause that
 * committed while the messages were being queued must still reach the ones queued after it.
 */
async function materialiseNow(db: Db, cfg: MessagingConfig, brandId: string, id: string, now: number) {
  const found = await loadCampaign(db, brandId, id);
  if (!found || !["scheduled", "sending"].includes(found.row.status)) return;
  await materialise(db, cfg, found, now);
  const after = await loadCampaign(db, brandId, id);
  if (after && (after.row.status === "cancelled" || after.row.status === "paused"))
    await applyToMessages(db, brandId, id, after.row.status, now);
}

const SYSTEM = (brandId: string) => ({ brandId, userId: "", role: "system" as const });

/** The scheduler's step for one campaign: materialise if not yet, start when due, finish when nothing is left in the queue. */
async function advanceCampaign(db: Db, cfg: MessagingConfig, brandId: string, id: string, now: number) {
  const found = await loadCampaign(db, brandId, id);
  if (!found) return;
  const { row } = found;
  if ((row.status === "scheduled" || row.status === "sending") && !row.materialisedAt) await materialiseNow(db, cfg, brandId, id, now);
  const again = (await loadCampaign(db, brandId, id))!.row;
  const step = (action: CampaignAction) => inTransactionless(() => apply(db, cfg, now, SYSTEM(brandId), id, action, {}));
  if (again.status === "scheduled" && again.materialisedAt && (again.sendAt === null || again.sendAt.getTime() <= now)) await step("start");
  const current = (await loadCampaign(db, brandId, id))!.row;
  if (current.status === "sending") {
    const [left] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(messages)
      .where(
        and(
          eq(messages.brandId, brandId),
          eq(messages.source, campaignSource(id)),
          inArray(messages.status, ["queued", "sending", "in_doubt"]),
        ),
      );
    if (Number(left?.n ?? 0) === 0) await step("finish");
  }
}

/** Every campaign the scheduler has something to do for (the worker's chores call this each pass). */
export async function advanceCampaigns(db: Db, cfg: MessagingConfig, now: number): Promise<void> {
  const due = await db
    .select({ id: znsCampaigns.id, brandId: znsCampaigns.brandId })
    .from(znsCampaigns)
    .where(
      or(
        and(
          eq(znsCampaigns.status, "scheduled"),
          or(isNull(znsCampaigns.materialisedAt), isNull(znsCampaigns.sendAt), lte(znsCampaigns.sendAt, new Date(now))),
        ),
        eq(znsCampaigns.status, "sending"),
      ),
    )
    .limit(100);
  for (const c of due) await advanceCampaign(db, cfg, c.brandId, c.id, now);
}

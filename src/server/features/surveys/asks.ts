/**
 * Asking members: after staff award points, the brand's active post-purchase survey for that
 * store asks the member — if the fatigue policy allows; a throttled ask is recorded and dropped.
 *
 * Like the "points updated" ZNS message (messaging/enqueue.ts), asks come from the ledger
 * itself: a dispatcher reads earn entries past a cursor (message_cursors `survey_ask:<brand>`)
 * and asks in the cursor's transaction, so the earn path stays untouched, a crash loses
 * nothing and a replay asks nothing new (one ask per earn entry: source key `earn:<entry id>`).
 *
 * Channels: in_app asks become a pending prompt (GET /members/me/surveys). zns_rating and
 * zns_link asks are handed to a delivery the messaging side registers (AskDeliveries); without
 * one the ask is recorded as failed and does not count against the member's fatigue.
 */
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, gte, inArray, isNull, notExists, notInArray, sql } from "drizzle-orm";
import type { MyOpenSurveys } from "../../../contract/surveys";
import { DAY_MS } from "../../../domain/loyalty/vietnam-time";
import { preferenceFields } from "../../../domain/preferences/fields";
import type { OfferFrequency } from "../../../domain/preferences/form";
import {
  DEFAULT_GLOBAL_THROTTLE_DAYS,
  effectiveGlobalDays,
  fatigueVerdict,
  type FatigueRule,
  type SurveyContact,
} from "../../../domain/surveys/fatigue";
import { ASK_TOKEN_VALIDITY_MS, coversStore, isSurveyOpen, type SurveyChannel, type Touchpoint } from "../../../domain/surveys/survey";
import { signSurveyToken, type MacFunction } from "../../../domain/surveys/token";
import type { Db, Tx } from "../../db/client";
import {
  brandTriggers,
  ledgerEntries,
  loyaltySettings,
  members,
  messageCursors,
  preferenceAnswers,
  stores,
  surveyAnswers,
  surveyAsks,
  surveys,
  surveyVersions,
} from "../../db/schema";
import { lockMember } from "../loyalty/posting";
import { askCursorName, startAskCursor } from "./definitions";

export type AskRow = typeof surveyAsks.$inferSelect;

/**
 * How a ZNS ask reaches the member, registered by the messaging side: enqueue the care message
 * (consent re-checked at send time, quiet hours, caps) in this transaction and say which
 * message carries it. `link` is the survey's deep link with the ask's signed token (zns_link's
 * button); a zns_rating message rates inside the message and its user_feedback event comes
 * back through recordRating with the message id.
 */
export type AskDelivery = (tx: Tx, ask: AskRow) => Promise<{ messageId: string } | { failed: string }>;
export type AskDeliveries = Partial<Record<Exclude<SurveyChannel, "in_app">, AskDelivery>>;

export type AskResult =
  | { asked: true; askId: string; surveyId: string; channel: SurveyChannel; messageId: string | null }
  | { asked: false; reason: "no_survey" | "not_a_member" | "duplicate" }
  | { asked: false; reason: "throttled"; askId: string; surveyId: string; rule: FatigueRule; until: number }
  | { asked: false; reason: "not_delivered"; askId: string; surveyId: string; detail: string };

/** Earns older than this when the dispatcher reaches them are not asked about: the visit is no longer fresh. */
export const ASK_MAX_DELAY_MS = 24 * 3_600_000;

export type AskEvent = {
  brandId: string;
  memberId: string;
  storeId: string | null;
  touchpoint: Touchpoint;
  /** The transaction the ask is about: the earn's ledger entry id. */
  transactionRef: string | null;
  at: number;
  /** One ask per causing event (e.g. `earn:<entry id>`). */
  sourceKey: string;
};

/** The active survey for a touchpoint at a store: one scoped to the store wins over a brand-wide one, then the latest activated. */
export async function surveyFor(q: Db | Tx, brandId: string, touchpoint: Touchpoint, storeId: string | null, at: number) {
  const rows = await q
    .select({ row: surveys, def: surveyVersions.definition })
    .from(surveys)
    .innerJoin(surveyVersions, and(eq(surveyVersions.surveyId, surveys.id), eq(surveyVersions.version, surveys.version)))
    .where(and(eq(surveys.brandId, brandId), eq(surveys.status, "active"), eq(surveys.touchpoint, touchpoint)))
    .orderBy(desc(surveys.activatedAt), desc(surveys.id));
  const open = rows.filter((r) => isSurveyOpen(r.row.status, r.def, at) && coversStore(r.def, storeId));
  return open.find((r) => r.def.storeIds !== null) ?? open[0] ?? null;
}

async function offerFrequencyOf(q: Db | Tx, memberId: string): Promise<OfferFrequency | null> {
  const [row] = await q
    .select({ value: preferenceAnswers.value })
    .from(preferenceAnswers)
    .where(and(eq(preferenceAnswers.memberId, memberId), eq(preferenceAnswers.questionId, "offer_frequency")));
  return row ? preferenceFields(new Map([["offer_frequency", row.value]])).offer_frequency : null;
}

export async function globalThrottleDays(q: Db | Tx, brandId: string): Promise<number> {
  const [row] = await q
    .select({ days: loyaltySettings.surveyGlobalThrottleDays })
    .from(loyaltySettings)
    .where(eq(loyaltySettings.brandId, brandId));
  return row?.days ?? DEFAULT_GLOBAL_THROTTLE_DAYS;
}

/** Every time the member was surveyed since `since`: asks made (not dropped, not failed) and answers, any channel. */
export async function contactsOf(q: Db | Tx, memberId: string, since: number): Promise<SurveyContact[]> {
  const asks = await q
    .select({ surveyId: surveyAsks.surveyId, at: surveyAsks.askedAt })
    .from(surveyAsks)
    .where(
      and(
        eq(surveyAsks.memberId, memberId),
        gte(surveyAsks.askedAt, new Date(since)),
        notInArray(surveyAsks.outcome, ["throttled", "failed"]),
      ),
    );
  const answers = await q
    .select({ surveyId: surveyAnswers.surveyId, at: surveyAnswers.firstAnsweredAt })
    .from(surveyAnswers)
    .where(
      and(eq(surveyAnswers.memberId, memberId), gte(surveyAnswers.firstAnsweredAt, new Date(since)), isNull(surveyAnswers.supersededAt)),
    );
  return [...asks, ...answers].map((c) => ({ surveyId: c.surveyId, at: c.at.getTime() }));
}

/**
 * Asks the member about an event if a survey applies and the fatigue policy allows, in the
 * caller's transaction. The member row is locked, so an ask and an answer of the same member
 * see each other.
 */
export async function askMember(tx: Tx, e: AskEvent, deliveries: AskDeliveries = {}): Promise<AskResult> {
  const [existing] = await tx
    .select({ id: surveyAsks.id })
    .from(surveyAsks)
    .where(and(eq(surveyAsks.brandId, e.brandId), eq(surveyAsks.sourceKey, e.sourceKey)));
  if (existing) return { asked: false, reason: "duplicate" };
  const found = await surveyFor(tx, e.brandId, e.touchpoint, e.storeId, e.at);
  if (!found) return { asked: false, reason: "no_survey" };
  const member = await lockMember(tx, e.memberId);
  const [state] = await tx.select({ erasedAt: members.erasedAt, brandId: members.brandId }).from(members).where(eq(members.id, e.memberId));
  if (!member || !state || state.erasedAt || state.brandId !== e.brandId) return { asked: false, reason: "not_a_member" };

  const { row: survey, def } = found;
  const preference = await offerFrequencyOf(tx, e.memberId);
  const globalDays = await globalThrottleDays(tx, e.brandId);
  const lookback = Math.max(def.throttleDays, effectiveGlobalDays(globalDays, preference)) + 1;
  const contacts = await contactsOf(tx, e.memberId, e.at - lookback * DAY_MS);
  const verdict = fatigueVerdict({ at: e.at, surveyId: survey.id, contacts, surveyDays: def.throttleDays, globalDays, preference });

  const ask: AskRow = {
    id: randomUUID(),
    brandId: e.brandId,
    surveyId: survey.id,
    surveyVersion: survey.version,
    memberId: e.memberId,
    channel: def.channel,
    touchpoint: e.touchpoint,
    storeId: e.storeId,
    transactionRef: e.transactionRef,
    askedAt: new Date(e.at),
    expiresAt: new Date(e.at + ASK_TOKEN_VALIDITY_MS),
    outcome: verdict.ok ? "pending" : "throttled",
    throttleRule: verdict.ok ? null : verdict.rule,
    messageId: null,
    answerId: null,
    sourceKey: e.sourceKey,
  };
  const inserted = await tx.insert(surveyAsks).values(ask).onConflictDoNothing().returning({ id: surveyAsks.id });
  if (!inserted.length) return { asked: false, reason: "duplicate" };
  if (!verdict.ok)
    return { asked: false, reason: "throttled", askId: ask.id, surveyId: survey.id, rule: verdict.rule, until: verdict.until };
  if (ask.channel === "in_app") return { asked: true, askId: ask.id, surveyId: survey.id, channel: ask.channel, messageId: null };

  const deliver = deliveries[ask.channel];
  const delivered = deliver ? await deliver(tx, ask) : { failed: "no_delivery" };
  if ("failed" in delivered) {
    await tx.update(surveyAsks).set({ outcome: "failed" }).where(eq(surveyAsks.id, ask.id));
    return { asked: false, reason: "not_delivered", askId: ask.id, surveyId: survey.id, detail: delivered.failed };
  }
  await tx.update(surveyAsks).set({ messageId: delivered.messageId }).where(eq(surveyAsks.id, ask.id));
  return { asked: true, askId: ask.id, surveyId: survey.id, channel: ask.channel, messageId: delivered.messageId };
}

/** After staff award points (an earn entry): ask the member about that visit. */
export function askAfterEarn(
  tx: Tx,
  earn: { brandId: string; memberId: string; storeId: string | null; entryId: string; at: number },
  deliveries: AskDeliveries = {},
): Promise<AskResult> {
  return askMember(
    tx,
    {
      brandId: earn.brandId,
      memberId: earn.memberId,
      storeId: earn.storeId,
      touchpoint: "post_purchase",
      transactionRef: earn.entryId,
      at: earn.at,
      sourceKey: `earn:${earn.entryId}`,
    },
    deliveries,
  );
}

/**
 * The brand's post-purchase survey trigger is on (features/triggers): it asks N hours after the
 * earn, through askAfterEarn with the same source key, so the dispatcher and the member's own
 * read leave that brand's earns to it.
 */
const delayedBySurveyTrigger = (brandId: string | typeof surveys.brandId) =>
  and(eq(brandTriggers.brandId, brandId), eq(brandTriggers.kind, "post_purchase_survey"), eq(brandTriggers.enabled, true));

/**
 * Reads earn entries past each brand's cursor and asks about them (askAfterEarn), moving the
 * cursor in the same transaction. Only brands with an active post-purchase survey have work;
 * the cursor starts when such a survey is activated (definitions.ts setSurveyStatus), or at the
 * present when first seen here. Runs on every message-worker pass; the member's own read asks
 * about their own earns only (askAboutOwnEarns), never the brand's.
 */
export async function dispatchSurveyAsks(
  db: Db,
  now: number,
  opts: { brandId?: string; limit?: number; deliveries?: AskDeliveries } = {},
): Promise<number> {
  const limit = opts.limit ?? 500;
  const brands = await db
    .selectDistinct({ brandId: surveys.brandId })
    .from(surveys)
    .where(
      and(
        eq(surveys.status, "active"),
        eq(surveys.touchpoint, "post_purchase"),
        opts.brandId ? eq(surveys.brandId, opts.brandId) : undefined,
        notExists(
          db
            .select({ one: sql`1` })
            .from(brandTriggers)
            .where(delayedBySurveyTrigger(surveys.brandId)),
        ),
      ),
    );
  let total = 0;
  for (const { brandId } of brands) {
    const cursor = askCursorName(brandId);
    total += await db.transaction(async (tx) => {
      const lockCursor = () =>
        tx.select({ position: messageCursors.position }).from(messageCursors).where(eq(messageCursors.name, cursor)).for("update");
      // The brand's max(seq) only when the cursor is missing, not on every pass.
      let [row] = await lockCursor();
      if (!row) {
        await startAskCursor(tx, brandId);
        [row] = await lockCursor();
      }
      const position = row?.position ?? 0;
      const earns = await tx
        .select({
          id: ledgerEntries.id,
          seq: ledgerEntries.seq,
          memberId: ledgerEntries.memberId,
          storeId: ledgerEntries.storeId,
          at: ledgerEntries.occurredAt,
        })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.brandId, brandId), eq(ledgerEntries.kind, "earn"), gt(ledgerEntries.seq, position)))
        .orderBy(asc(ledgerEntries.seq))
        .limit(limit);
      for (const e of earns) {
        if (now - e.at.getTime() > ASK_MAX_DELAY_MS) continue;
        await askAfterEarn(tx, { brandId, memberId: e.memberId, storeId: e.storeId, entryId: e.id, at: now }, opts.deliveries);
      }
      if (earns.length)
        await tx
          .update(messageCursors)
          .set({ position: earns[earns.length - 1]!.seq })
          .where(eq(messageCursors.name, cursor));
      return earns.length;
    });
  }
  return total;
}

/**
 * The member's own earns the dispatcher has not reached yet, asked about now so the prompt is
 * there when they look right after paying. Only their rows (ledger_member_idx), no lock on the
 * brand's cursor: askMember is idempotent per earn (source key) and locks the member, so the
 * worker reaching the same earns later finds them asked.
 */
async function askAboutOwnEarns(db: Db, now: number, member: { id: string; brandId: string }, deliveries?: AskDeliveries) {
  const [cursor] = await db
    .select({ position: messageCursors.position })
    .from(messageCursors)
    .where(eq(messageCursors.name, askCursorName(member.brandId)));
  // No cursor: no post-purchase survey was ever active for the brand.
  if (!cursor) return;
  // The brand asks N hours after the purchase (the post-purchase survey trigger), not now.
  if (
    (
      await db
        .select({ one: sql`1` })
        .from(brandTriggers)
        .where(delayedBySurveyTrigger(member.brandId))
        .limit(1)
    ).length
  )
    return;
  const earns = await db
    .select({ id: ledgerEntries.id, storeId: ledgerEntries.storeId })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.memberId, member.id),
        eq(ledgerEntries.kind, "earn"),
        gt(ledgerEntries.seq, cursor.position),
        gte(ledgerEntries.occurredAt, new Date(now - ASK_MAX_DELAY_MS)),
      ),
    )
    .orderBy(asc(ledgerEntries.seq));
  for (const e of earns)
    await db.transaction((tx) =>
      askAfterEarn(tx, { brandId: member.brandId, memberId: member.id, storeId: e.storeId, entryId: e.id, at: now }, deliveries),
    );
}

/** The token an ask's link carries: binds the member, survey, store and transaction until the ask expires. */
export function askToken(
  mac: MacFunction,
  ask: Pick<AskRow, "id" | "brandId" | "memberId" | "surveyId" | "touchpoint" | "storeId" | "transactionRef" | "expiresAt">,
) {
  return signSurveyToken(
    {
      id: ask.id,
      brandId: ask.brandId,
      memberId: ask.memberId,
      surveyId: ask.surveyId,
      touchpoint: ask.touchpoint,
      storeId: ask.storeId,
      transactionRef: ask.transactionRef,
      expiresAt: ask.expiresAt.getTime(),
    },
    mac,
  );
}

/** In-app prompts waiting for the member: pending, not expired, survey still open, not answered yet. */
export async function myOpenSurveys(
  db: Db,
  now: number,
  mac: MacFunction,
  member: { id: string; brandId: string },
  /** The ZNS deliveries (MessagingDeps.surveyDeliveries): without them a ZNS ask reached here first would fail. */
  deliveries?: AskDeliveries,
): Promise<MyOpenSurveys> {
  await askAboutOwnEarns(db, now, member, deliveries);
  const rows = await db
    .select({ ask: surveyAsks, row: surveys, def: surveyVersions.definition, storeName: stores.name })
    .from(surveyAsks)
    .innerJoin(surveys, eq(surveys.id, surveyAsks.surveyId))
    .innerJoin(surveyVersions, and(eq(surveyVersions.surveyId, surveys.id), eq(surveyVersions.version, surveys.version)))
    .leftJoin(stores, eq(stores.id, surveyAsks.storeId))
    .where(
      and(
        eq(surveyAsks.memberId, member.id),
        eq(surveyAsks.brandId, member.brandId),
        eq(surveyAsks.outcome, "pending"),
        eq(surveyAsks.channel, "in_app"),
        gt(surveyAsks.expiresAt, new Date(now)),
      ),
    )
    .orderBy(desc(surveyAsks.askedAt))
    .limit(20);
  const refs = rows.map((r) => r.ask.transactionRef).filter((t): t is string => t !== null);
  const answered = refs.length
    ? await db
        .select({ surveyId: surveyAnswers.surveyId, ref: surveyAnswers.transactionRef })
        .from(surveyAnswers)
        .where(and(eq(surveyAnswers.memberId, member.id), inArray(surveyAnswers.transactionRef, refs), isNull(surveyAnswers.supersededAt)))
    : [];
  const done = new Set(answered.map((a) => `${a.surveyId}:${a.ref}`));
  return {
    surveys: rows
      .filter((r) => isSurveyOpen(r.row.status, r.def, now) && !done.has(`${r.ask.surveyId}:${r.ask.transactionRef}`))
      .map((r) => ({
        surveyId: r.ask.surveyId,
        askId: r.ask.id,
        kind: r.def.kind,
        question: r.def.question,
        touchpoint: r.ask.touchpoint,
        store: r.ask.storeId && r.storeName ? { id: r.ask.storeId, name: r.storeName } : null,
        rewardPoints: r.def.rewardPoints,
        askedAt: r.ask.askedAt.toISOString(),
        expiresAt: r.ask.expiresAt.toISOString(),
        token: askToken(mac, r.ask),
      })),
  };
}

/**
 * Putting a message on the durable queue, inside the transaction of the business event that
 * caused it (enrolment, an earn, a redemption): the event and its message commit together or
 * not at all. One message per (brand, dedupe key): a replayed event enqueues nothing.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, inArray, isNull, notExists, sql } from "drizzle-orm";
import { CONSENT_BITS, mayUse, purposeForZnsTag, type ConsentEvent, type ConsentPurpose } from "../../../domain/consent/purposes";
import { RENDER_INVALID } from "../../../domain/messaging/message-errors";
import type { TriggerName } from "../../../domain/messaging/messages";
import { recentlyActive } from "../../../domain/messaging/miniapp-notification";
import {
  renderTemplate,
  type FieldValues,
  type MemberField,
  type RenderNote,
  type RenderProblem,
} from "../../../domain/messaging/zns-template";
import { anyUuid, boolArray, intArray, rowsJson, textArray, uuidArray } from "../../db/bulk";
import { queryRows, type Db, type Tx } from "../../db/client";
import { consumePastCursor } from "./cursor";
import {
  brandTriggers,
  consents,
  currentConsents,
  ledgerEntries,
  members,
  messageCursors,
  messages,
  users,
  vouchers,
  znsTemplates,
} from "../../db/schema";
import { mayContactMember } from "../preferences/consents";
import { fieldValuesFor, memberFieldValues } from "./member-fields";
import { notificationsAllowed } from "./notifications";

export const TRIGGERS = ["welcome", "points_updated", "voucher_issued"] as const;
export type Trigger = (typeof TRIGGERS)[number];

export type EnqueueResult =
  | { queued: true; messageId: string }
  | { queued: false; reason: "no_template" | "no_consent" | "duplicate" | "invalid"; detail?: string; problems?: RenderProblem[] };

/** ZNS wants ≤ 48 characters and no special characters (docs/zalo.md#zns-send). */
export const newTrackingId = () => randomUUID().replaceAll("-", "");

export async function enqueueForTrigger(
  tx: Tx,
  e: { brandId: string; memberId: string; trigger: TriggerName; dedupeKey: string; at: number; extras?: FieldValues; surveyAskId?: string },
): Promise<EnqueueResult> {
  const [template] = await tx
    .select()
    .from(znsTemplates)
    .where(and(eq(znsTemplates.brandId, e.brandId), eq(znsTemplates.trigger, e.trigger), eq(znsTemplates.active, true)));
  if (!template) return { queued: false, reason: "no_template" };
  return enqueueMessage(tx, { ...e, template, source: `trigger:${e.trigger}` });
}

export async function enqueueMessage(
  tx: Tx,
  e: {
    brandId: string;
    memberId: string;
    template: typeof znsTemplates.$inferSelect;
    source: string;
    dedupeKey: string;
    at: number;
    extras?: FieldValues;
    important?: boolean;
    /** A console test send: values for the parameters the member has none for, by parameter name. */
    samples?: Readonly<Record<string, string>>;
    /** A console test send: Zalo's development mode, no quota, no promotion caps (messages.dev_mode). */
    devMode?: boolean;
    /** The survey ask the message carries (a rating comes back for it: webhook user_feedback). */
    surveyAskId?: string;
  },
): Promise<EnqueueResult> {
  const tag = e.template.tag;
  const purpose = purposeForZnsTag(tag);
  // Checked here to keep the queue free of messages that cannot go, and again at send time.
  const allowed = await mayContactMember(tx, e.memberId, purpose, e.at);
  if (!allowed.ok) return { queued: false, reason: "no_consent", detail: allowed.reason };
  const values = await memberFieldValues(tx, e.memberId, e.at, e.extras);
  const rendered = renderTemplate(
    { znsTemplateId: e.template.znsTemplateId, tag, params: e.template.params, preview: e.template.preview },
    values,
    e.samples,
  );
  const base = {
    brandId: e.brandId,
    memberId: e.memberId,
    templateId: e.template.id,
    purpose,
    tag,
    source: e.source,
    dedupeKey: e.dedupeKey,
    trackingId: newTrackingId(),
    important: e.important ?? false,
    devMode: e.devMode ?? false,
    surveyAskId: e.surveyAskId ?? null,
    notBefore: new Date(e.at),
    createdAt: new Date(e.at),
  };
  // An invalid message is kept as failed with the reasons, so the console reports it; it is never sent.
  const row = rendered.ok
    ? { ...base, templateData: rendered.data, renderNotes: notesColumn(rendered.notes), status: "queued" as const }
    : { ...base, ...renderFailure(rendered.problems) };
  const [inserted] = await tx.insert(messages).values(row).onConflictDoNothing().returning({ id: messages.id });
  if (!inserted) return { queued: false, reason: "duplicate" };
  return rendered.ok ? { queued: true, messageId: inserted.id } : { queued: false, reason: "invalid", problems: rendered.problems };
}

/** Null when rendering changed nothing: most messages. */
const notesColumn = (notes: RenderNote[]) => (notes.length ? notes : null);

/** The columns of a message that cannot be rendered: failed, with each parameter's problem. */
function renderFailure(problems: RenderProblem[]) {
  return { templateData: {}, renderNotes: null, status: "failed" as const, lastError: RENDER_INVALID, errorDetail: { problems } };
}

/**
 * Messages caused by a ledger row come from the ledger itself: the earn path stays two
 * statements, loyalty and consent know nothing of messages, and a dispatcher (every worker pass)
 * reads the rows past a cursor and enqueues their messages, moving the cursor in the same
 * transaction. The ledger row is the durable event, so a crash loses nothing; the dedupe key makes
 * a second read harmless. A new cursor starts at the present: turning a template on does not
 * message old receipts or members who consented long ago. (Known gap: docs/messaging.md.)
 */
type EventSource = {
  trigger: Trigger;
  /** The position of the brand's newest event now, where a new cursor starts. */
  latest(tx: Tx, brandId: string): Promise<number>;
  /** Up to `limit` events past `position`, in position order, each with what to enqueue. */
  past(
    tx: Tx,
    brandId: string,
    position: number,
    limit: number,
  ): Promise<{ position: number; event?: { memberId: string; dedupeKey: string; extras?: FieldValues } }[]>;
};

async function dispatchFrom(db: Db, now: number, source: EventSource, limit: number): Promise<number> {
  const brandsWithTemplate = await db
    .select({ brandId: znsTemplates.brandId })
    .from(znsTemplates)
    .where(
      and(
        eq(znsTemplates.trigger, source.trigger),
        eq(znsTemplates.active, true),
        // The welcome is an always-on trigger (features/triggers): on unless the brand switched it off.
        source.trigger === "welcome"
          ? notExists(
              db
                .select({ one: sql`1` })
                .from(brandTriggers)
                .where(
                  and(eq(brandTriggers.brandId, znsTemplates.brandId), eq(brandTriggers.kind, "welcome"), eq(brandTriggers.enabled, false)),
                ),
            )
          : undefined,
      ),
    );
  let total = 0;
  for (const { brandId } of brandsWithTemplate) {
    const cursor = `${source.trigger}:${brandId}`;
    total += await db.transaction((tx) =>
      consumePastCursor(
        tx,
        cursor,
        () => source.latest(tx, brandId),
        (position) => source.past(tx, brandId, position, limit),
        async (rows) => {
          for (const { event } of rows) {
            if (event) await enqueueForTrigger(tx, { brandId, trigger: source.trigger, at: now, ...event });
          }
          return rows.length;
        },
      ),
    );
  }
  return total;
}

/** "Points updated" from earn entries, "voucher issued" from redeem entries of the points ledger. */
function ledgerSource(trigger: "points_updated" | "voucher_issued"): EventSource {
  const kind = trigger === "points_updated" ? "earn" : "redeem";
  return {
    trigger,
    async latest(tx, brandId) {
      const [row] = await tx
        .select({ seq: sql<number>`coalesce(max(${ledgerEntries.seq}), 0)` })
        .from(ledgerEntries)
        .where(eq(ledgerEntries.brandId, brandId));
      return Number(row?.seq ?? 0);
    },
    async past(tx, brandId, position, limit) {
      const entries = await tx
        .select({
          id: ledgerEntries.id,
          seq: ledgerEntries.seq,
          memberId: ledgerEntries.memberId,
          points: ledgerEntries.points,
          balanceAfter: ledgerEntries.balanceAfter,
          reason: ledgerEntries.reason,
          voucherId: vouchers.id,
          code: vouchers.code,
        })
        .from(ledgerEntries)
        .leftJoin(vouchers, eq(vouchers.id, ledgerEntries.voucherId))
        .where(and(eq(ledgerEntries.brandId, brandId), eq(ledgerEntries.kind, kind), gt(ledgerEntries.seq, position)))
        .orderBy(asc(ledgerEntries.seq))
        .limit(limit);
      // The balance quoted is the one right after this entry, not the member's balance when the
      // pass runs: two earns read in one pass would otherwise both quote the later total.
      return entries.map((e) => ({
        position: e.seq,
        event:
          trigger === "points_updated"
            ? {
                memberId: e.memberId,
                dedupeKey: `points_updated:${e.id}`,
                extras: { points_earned: e.points, points_balance: e.balanceAfter },
              }
            : e.voucherId
              ? // The redeem entry's reason is the reward's name at redemption.
                {
                  memberId: e.memberId,
                  dedupeKey: `voucher_issued:${e.voucherId}`,
                  extras: { voucher_code: e.code, reward_name: e.reason, points_balance: e.balanceAfter },
                }
              : undefined,
      }));
    },
  };
}

/**
 * Welcome from the consent ledger's zns_care grants: the welcome needs care consent, so it goes
 * once a member has given it (the dedupe key makes it once per member, even after a withdrawal
 * and a new grant).
 */
const welcomeSource: EventSource = {
  trigger: "welcome",
  async latest(tx, brandId) {
    const [row] = await tx
      .select({ id: sql<number>`coalesce(max(${consents.id}), 0)` })
      .from(consents)
      .innerJoin(users, eq(users.id, consents.userId))
      .where(eq(users.brandId, brandId));
    return Number(row?.id ?? 0);
  },
  async past(tx, brandId, position, limit) {
    const grants = await tx
      .select({ id: consents.id, memberId: members.id })
      .from(consents)
      .innerJoin(members, eq(members.userId, consents.userId))
      .where(
        and(
          eq(members.brandId, brandId),
          isNull(members.erasedAt),
          eq(consents.purpose, "zns_care"),
          eq(consents.granted, true),
          gt(consents.id, position),
        ),
      )
      .orderBy(asc(consents.id))
      .limit(limit);
    return grants.map((g) => ({ position: g.id, event: { memberId: g.memberId, dedupeKey: `welcome:${g.memberId}` } }));
  },
};

/**
 * The welcome switched back on (features/triggers/store.ts, in the save's transaction): its cursor
 * moves to the brand's newest consent, so the grants made while it was off are not welcomed all
 * at once — the switch-on is where the welcome starts, as a new cursor starts at the present.
 */
export async function restartWelcomeCursor(tx: Tx, brandId: string): Promise<void> {
  const latest = await welcomeSource.latest(tx, brandId);
  await tx
    .insert(messageCursors)
    .values({ name: `welcome:${brandId}`, position: latest })
    .onConflictDoUpdate({ target: messageCursors.name, set: { position: sql`greatest(${messageCursors.position}, ${latest})` } });
}

export const dispatchEarnMessages = (db: Db, now: number, limit = 500) => dispatchFrom(db, now, ledgerSource("points_updated"), limit);
export const dispatchVoucherMessages = (db: Db, now: number, limit = 500) => dispatchFrom(db, now, ledgerSource("voucher_issued"), limit);
export const dispatchWelcomeMessages = (db: Db, now: number, limit = 500) => dispatchFrom(db, now, welcomeSource, limit);

/**
 * Which of these members may be contacted for `purpose` at `at` (mayUse; erased members never):
 * one query whatever their number (three when someone decided after `at`). A member whose user's
 * current decisions all precede `at` is answered from the member row (consent_bits, decision
 * 0051). For the others, each user's decisions are read from current_consents (decision 0048:
 * the latest decision per purpose, one row each) rather than their whole history, joined to the members in the same statement; a user whose
 * current decision was made after `at` is asked of the ledger instead, since their state at `at`
 * is an earlier row: the answer is mayUse over the history in every case.
 */
export async function membersWithConsent(
  q: Db | Tx,
  memberIds: readonly string[],
  purpose: ConsentPurpose,
  at: number,
): Promise<Set<string>> {
  const out = new Set<string>();
  if (!memberIds.length) return out;
  // At a moment after every current decision of the member's user, the member row's bits are the
  // state (decision 0051): one primary-key read per member. The others (a decision later than
  // `at`, as in a test's clock or a scheduled check of the past) are asked below as before.
  const fast = await q
    .select({ id: members.id, bits: members.consentBits, erased: sql<boolean>`${members.erasedAt} is not null` })
    .from(members)
    .where(
      and(
        anyUuid(members.id, [...new Set(memberIds)]),
        sql`(${members.consentChangedAt} is null or ${members.consentChangedAt} <= ${new Date(at).toISOString()}::timestamptz)`,
      ),
    );
  const need = CONSENT_BITS.membership | CONSENT_BITS[purpose];
  const decided = new Set<string>();
  for (const r of fast) {
    decided.add(r.id);
    if (!r.erased && (Number(r.bits) & need) === need) out.add(r.id);
  }
  const rest = memberIds.filter((id) => !decided.has(id));
  if (!rest.length) return out;
  const purposes = [...new Set<ConsentPurpose>(["membership", purpose])];
  const rows = await q
    .select({
      id: members.id,
      userId: members.userId,
      erased: sql<boolean>`${members.erasedAt} is not null`,
      purpose: currentConsents.purpose,
      granted: currentConsents.granted,
      at: currentConsents.at,
    })
    .from(members)
    .leftJoin(currentConsents, and(eq(currentConsents.userId, members.userId), inArray(currentConsents.purpose, purposes)))
    .where(anyUuid(members.id, [...new Set(rest)]));
  const people = new Map<string, { userId: string; erased: boolean }>();
  const byUser = new Map<string, ConsentEvent[]>();
  const later = new Set<string>();
  for (const r of rows) {
    if (!people.has(r.id)) people.set(r.id, { userId: r.userId, erased: r.erased });
    if (!byUser.has(r.userId)) byUser.set(r.userId, []);
    if (r.purpose === null || r.granted === null || r.at === null) continue;
    if (r.at.getTime() > at) later.add(r.userId);
    // The latest decision per purpose is all consentAt reads of a history decided by `at`
    // (mayUse needs no wording or channel).
    byUser.get(r.userId)!.push({ purpose: r.purpose, granted: r.granted, at: r.at.getTime(), wordingVersion: "", channel: "" });
  }
  if (later.size) {
    const history = await q
      .select()
      .from(consents)
      .where(and(anyUuid(consents.userId, [...later]), inArray(consents.purpose, purposes)))
      .orderBy(asc(consents.id));
    for (const userId of later) byUser.set(userId, []);
    for (const c of history) {
      byUser.get(c.userId)!.push({
        purpose: c.purpose,
        granted: c.granted,
        at: c.createdAt.getTime(),
        wordingVersion: c.wordingVersion,
        channel: c.channel,
      });
    }
  }
  for (const [id, p] of people) if (mayUse({ history: byUser.get(p.userId) ?? [], purpose, at, erased: p.erased }).ok) out.add(id);
  return out;
}

/**
 * Of these members, those a Mini App notification may reach at `at`: the app_notifications
 * purpose granted (mayUse, as for every purpose), Zalo's prompt allowed and the Mini App used
 * within the platform's window (recentlyActive, §5.4). Three statements
 * whatever their number (the bulk enqueue's chunk).
 */
export async function membersAllowingNotifications(q: Db | Tx, memberIds: readonly string[], at: number): Promise<Set<string>> {
  if (!memberIds.length) return new Set();
  const consenting = await membersWithConsent(q, memberIds, "app_notifications", at);
  if (!consenting.size) return consenting;
  const people = await q
    .select({ id: members.id, userId: members.userId, lastUse: members.lastAppUseAt })
    .from(members)
    .where(anyUuid(members.id, [...consenting]));
  const allowed = await notificationsAllowed(
    q,
    people.map((p) => p.userId),
  );
  return new Set(people.filter((p) => allowed.has(p.userId) && recentlyActive(p.lastUse?.getTime() ?? null, at)).map((p) => p.id));
}

/**
 * Milliseconds per step added to `timings` (bench:segments prints a materialisation's profile):
 * each call of the answer adds the time since the previous one (or since this call) to its step.
 */
export function stepTimer(timings: Record<string, number> | undefined, prefix = ""): (step: string) => void {
  let t0 = performance.now();
  return (step) => {
    const t = performance.now();
    if (timings) timings[prefix + step] = (timings[prefix + step] ?? 0) + t - t0;
    t0 = t;
  };
}

/** Members whose consent and field values readForEnqueue reads at once (one `uuid[]` of a few megabytes). */
const READ_WINDOW = 100_000;

/** What enqueueForMembers reads before it writes: who may be messaged, who by notification, their field values. */
export type EnqueueReads = { reachable: Set<string>; notify: Set<string>; values: Map<string, FieldValues> };

/** The member fields a template's parameters read: only these change a render, and only these are read. */
export const templateFields = (params: (typeof znsTemplates.$inferSelect)["params"]): MemberField[] => [
  ...new Set(params.flatMap((p) => ("field" in p.source ? [p.source.field] : []))),
];

/**
 * The reads of enqueueForMembers, for many members at once: consent for the tag's purpose (or,
 * for members `channel` sends a notification, the notification's; membersWithConsent,
 * membersAllowingNotifications), then `fields` of the members with it (fieldValuesFor) — per
 * window of READ_WINDOW members, since each read scans or hashes whole tables (members, users,
 * current_consents, preference_answers) whatever the number of ids: per 20,000-member chunk they
 * cost five times one read of 100,000. Outside any transaction: under read committed a chunk's
 * own transaction saw consent only as of its statement too, and the worker checks it again at
 * send time. A campaign reads once for all its arms (they share the tag), while its recipients
 * are being recorded (materialise).
 */
export async function readForEnqueue(
  db: Db,
  e: {
    brandId: string;
    tag: (typeof znsTemplates.$inferSelect)["tag"];
    memberIds: readonly string[];
    at: number;
    fields: readonly MemberField[];
    channel?: (memberId: string) => "zns" | "miniapp";
    timings?: Record<string, number>;
  },
): Promise<EnqueueReads> {
  const purpose = purposeForZnsTag(e.tag);
  const out: EnqueueReads = { reachable: new Set(), notify: new Set(), values: new Map() };
  const lap = stepTimer(e.timings, "enqueue.");
  for (let from = 0; from < e.memberIds.length; from += READ_WINDOW) {
    const inWindow = e.memberIds.slice(from, from + READ_WINDOW);
    const viaNotify = e.channel ? inWindow.filter((id) => e.channel!(id) === "miniapp") : [];
    for (const id of viaNotify) out.notify.add(id);
    const reachable = await membersWithConsent(
      db,
      viaNotify.length ? inWindow.filter((id) => !out.notify.has(id)) : inWindow,
      purpose,
      e.at,
    );
    for (const id of await membersAllowingNotifications(db, viaNotify, e.at)) reachable.add(id);
    for (const id of reachable) out.reachable.add(id);
    lap("consent");
    const values = await fieldValuesFor(
      db,
      e.brandId,
      inWindow.filter((id) => reachable.has(id)),
      e.at,
      e.fields,
    );
    for (const [id, v] of values) out.values.set(id, v);
    lap("values");
  }
  return out;
}

export type BulkResult = { queued: number; noConsent: number; invalid: number; duplicate: number };

/**
 * Enqueues one template for many members (campaigns, bench:messaging): the same rules as
 * enqueueMessage — no consent (mayUse over each member's history) → not queued; a message that
 * cannot be rendered → stored as failed with its problems; one message per dedupe key, so a
 * second run, concurrent or later, adds nothing — set-based: consent and the field values the
 * template reads (and only those) read first (readForEnqueue, or `reads` a caller made, covering
 * `memberIds`); per chunk of `chunkSize`, each distinct set of those values rendered once (a
 * campaign's members share tiers, categories, stores, often names); and the chunk's messages
 * written by one INSERT … SELECT FROM unnest(<one array per column>) joined by index to the
 * chunk's distinct renders (one jsonb parameter), the tracking ids drawn by the database
 * (gen_random_uuid, 32 hex digits like newTrackingId) and each row's not_before an index into the
 * chunk's few distinct times. One transaction per chunk; chunks follow the order of `memberIds`,
 * so two concurrent runs take the dedupe keys in the same order and wait for each other instead
 * of deadlocking.
 */
export async function enqueueForMembers(
  db: Db,
  e: {
    brandId: string;
    template: typeof znsTemplates.$inferSelect;
    memberIds: readonly string[];
    source: string;
    dedupeKey: (memberId: string, index: number) => string;
    at: number;
    important?: boolean;
    /** When each message may go (a campaign's send plan); default `at`. The queue's rules still apply then. */
    notBefore?: (memberId: string) => number;
    /** Values for one member over their own (a campaign's click link as deep_link). */
    extras?: (memberId: string) => FieldValues;
    /**
     * The channel of each member's message (default ZNS). A Mini App notification needs the
     * app_notifications purpose and Zalo's permission allowed instead of the template's purpose;
     * it carries the same render (the worker makes the notification's text from it).
     */
    channel?: (memberId: string) => "zns" | "miniapp";
    /** Milliseconds per step, added to (bench:segments' profile). */
    timings?: Record<string, number>;
    /** readForEnqueue's answer for these members with this tag and at least this template's fields, read by the caller. */
    reads?: EnqueueReads;
  },
  chunkSize = 20_000,
): Promise<BulkResult> {
  const result: BulkResult = { queued: 0, noConsent: 0, invalid: 0, duplicate: 0 };
  const tag = e.template.tag;
  const purpose = purposeForZnsTag(tag);
  const template = { znsTemplateId: e.template.znsTemplateId, tag, params: e.template.params, preview: e.template.preview };
  // Only these values change a render: members alike in them share it, and only these are read.
  const reads = templateFields(template.params);
  const createdAt = new Date(e.at);
  const { reachable, notify, values } =
    e.reads ??
    (await readForEnqueue(db, {
      brandId: e.brandId,
      tag,
      memberIds: e.memberIds,
      at: e.at,
      fields: reads,
      channel: e.channel,
      timings: e.timings,
    }));
  const lap = stepTimer(e.timings, "enqueue.");
  for (let start = 0; start < e.memberIds.length; start += chunkSize) {
    const chunk = e.memberIds.slice(start, start + chunkSize);
    result.noConsent += chunk.filter((id) => !reachable.has(id)).length;
    await insertChunk(chunk, start);
  }
  return result;

  async function insertChunk(chunk: readonly string[], start: number): Promise<void> {
    const ids = chunk.filter((id) => reachable.has(id));
    await db.transaction(async (tx) => {
      const renders: { data: Record<string, string | number>; notes: RenderNote[] | null; problems: RenderProblem[] | null }[] = [];
      const renderIndex = new Map<string, number>();
      const times: string[] = [];
      const timeIndex = new Map<number, number>();
      const cols = { member: [] as string[], key: [] as string[], render: [] as number[], time: [] as number[], notify: [] as boolean[] };
      for (const [i, memberId] of chunk.entries()) {
        if (!reachable.has(memberId)) continue;
        const mine = { ...values.get(memberId), ...e.extras?.(memberId) };
        const key = JSON.stringify(reads.map((f) => mine[f] ?? null));
        let render = renderIndex.get(key);
        if (render === undefined) {
          const rendered = renderTemplate(template, mine);
          render = renders.length;
          renders.push(
            rendered.ok
              ? { data: rendered.data, notes: notesColumn(rendered.notes), problems: null }
              : { data: {}, notes: null, problems: rendered.problems },
          );
          renderIndex.set(key, render);
        }
        if (renders[render]!.problems) result.invalid++;
        const notBefore = e.notBefore?.(memberId) ?? e.at;
        let time = timeIndex.get(notBefore);
        if (time === undefined) {
          time = times.length;
          times.push(new Date(notBefore).toISOString());
          timeIndex.set(notBefore, time);
        }
        cols.member.push(memberId);
        cols.key.push(e.dedupeKey(memberId, start + i));
        cols.render.push(render + 1);
        cols.time.push(time + 1);
        cols.notify.push(notify.has(memberId));
      }
      lap("render");
      if (!ids.length) return;
      // An invalid render is stored failed with its problems (renderFailure's columns), never sent.
      const [counts] = await queryRows<{ inserted: number; queued: number }>(
        tx,
        sql`with ins as (
            insert into messages (brand_id, member_id, template_id, channel, purpose, tag, source, dedupe_key, tracking_id, template_data,
              render_notes, status, last_error, error_detail, important, not_before, created_at)
            select ${e.brandId}, r.member_id, ${e.template.id},
              case when r.notify then 'miniapp' else 'zns' end, case when r.notify then 'app_notifications' else ${purpose} end,
              ${tag}, ${e.source}, r.dedupe_key, replace(gen_random_uuid()::text, '-', ''),
              x.value->'data', nullif(x.value->'notes', 'null'::jsonb),
              case when x.value->'problems' = 'null'::jsonb then 'queued' else 'failed' end,
              case when x.value->'problems' = 'null'::jsonb then null else ${RENDER_INVALID} end,
              case when x.value->'problems' = 'null'::jsonb then null else jsonb_build_object('problems', x.value->'problems') end,
              ${e.important ?? false}, (${textArray(times)}::timestamptz[])[r.time], ${createdAt.toISOString()}::timestamptz
            from unnest(${uuidArray(cols.member)}, ${textArray(cols.key)}, ${intArray(cols.render)}, ${intArray(cols.time)}, ${boolArray(cols.notify)})
                as r(member_id, dedupe_key, render, time, notify)
              join jsonb_array_elements(${rowsJson(renders)}) with ordinality as x(value, n) on x.n = r.render
            on conflict do nothing
            returning status)
          select count(*)::int as inserted, (count(*) filter (where status = 'queued'))::int as queued from ins`,
      );
      result.queued += Number(counts?.queued ?? 0);
      result.duplicate += ids.length - Number(counts?.inserted ?? 0);
      lap("insert");
    });
  }
}

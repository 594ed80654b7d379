/**
 * A campaign's audience: the members its segment version matches now, the funnel (consent for
 * the template's purpose, a phone, the promotion caps, the control group, the quota over the
 * plan), the plan, a preview for sample members, and the materialisation into the queue.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { CampaignFunnel, CampaignPlan, CampaignPreview } from "../../../contract/campaigns";
import { assignArm, CONTROL, previewPick, type ArmKey, type Assignment } from "../../../domain/campaigns/assignment";
import { audienceFunnel, expectedControl } from "../../../domain/campaigns/funnel";
import { withOverrides } from "../../../domain/campaigns/mapping";
import { sendPlan, slotOf, type SendPlan } from "../../../domain/campaigns/plan";
import { purposeForZnsTag } from "../../../domain/consent/purposes";
import { DAY_MS, vietnamDayNumber, startOfVietnamDayNumber } from "../../../domain/loyalty/vietnam-time";
import { activeSince, channelFor } from "../../../domain/messaging/miniapp-notification";
import { DEFAULT_PROMO_CAPS } from "../../../domain/messaging/sending-rules";
import { previewText, renderTemplate } from "../../../domain/messaging/zns-template";
import { znsPrices as pricesOf } from "../../../domain/messaging/zns-prices";
import type { Rule } from "../../../domain/segments/rule";
import { intArray, textArray, uuidArray } from "../../db/bulk";
import { queryRows, type Db, type Tx } from "../../db/client";
import { members, messageQuota, messages, segmentVersions, znsCampaignRecipients, znsCampaigns, znsPrices } from "../../db/schema";
import { loyaltySettingsOf } from "../loyalty/settings";
import { formatMemberNo } from "../members/cards";
import { enqueueForMembers, readForEnqueue, stepTimer, templateFields } from "../messaging/enqueue";
import { fieldValuesFor } from "../messaging/member-fields";
import { dailyQuotaOf } from "../messaging/quota-store";
import type { MessagingConfig } from "../messaging/types";
import { compileCondition, compileRule, Relations } from "../segments/compile";
import { clickLink, newClickCode } from "./clicks";
import type { ArmRow, CampaignRow } from "./store";

type Loaded = { row: CampaignRow; arms: ArmRow[] };

const sharesOf = (c: Loaded) => ({
  arms: c.arms.map((a) => ({ key: a.key, sharePercent: a.sharePercent })),
  controlPercent: c.row.controlPercent,
});
const tagOf = (c: Loaded) => c.arms[0]!.template.tag;
/** When it starts sending: its schedule, or now. */
export const startOf = (c: Loaded, now: number) => Math.max(now, c.row.sendAt?.getTime() ?? now);

async function ruleOf(db: Db | Tx, c: Loaded): Promise<Rule> {
  const [v] = await db
    .select({ rule: segmentVersions.rule })
    .from(segmentVersions)
    .where(and(eq(segmentVersions.segmentId, c.row.segmentId), eq(segmentVersions.version, c.row.segmentVersion)));
  return v!.rule;
}

async function relations(db: Db | Tx, brandId: string, now: number) {
  const { tierRules } = await loyaltySettingsOf(db, brandId);
  return new Relations({ now, spendWindowDays: tierRules.windowDays, brandId });
}

/** Promotions a member was sent since `since` (test sends never count, like the queue's caps). */
const promosSince = (since: number) =>
  sql`(select count(*) from messages x where x.member_id = m.id and x.tag = 'promotion' and x.dev_mode = false
    and x.status in ('sent', 'delivered') and x.sent_at > ${new Date(since)})`;

type Counts = { matched: number; consent: number; phone: number; caps: number; capsMiniapp: number; cappedToday: number };

/**
 * The campaign's channel as SQL over a member row (m, u): `notify` (the app_notifications purpose,
 * Zalo's requestSendNotification allowed and the Mini App used within NOTIFICATION_ACTIVE_DAYS),
 * `zns` (the template's purpose and a phone), and `viaNotify`, whether a reachable member gets
 * the notification (channelFor in SQL, so the funnel and the materialisation choose alike).
 */
function channelSql(c: Loaded, r: Relations) {
  const cond = (field: "consent" | "zalo_permission", key: string) =>
    compileCondition({ type: "condition", field, op: "is", key, value: true }, r).test;
  const znsConsent = cond("consent", purposeForZnsTag(tagOf(c)));
  // And a recent use of the Mini App (§5.4: members outside the window are treated as not allowing
  // it: "notification first" sends them ZNS, a notification-only campaign leaves them out).
  // coalesce: a member who never opened the app has no time, and a NULL here would make `notify`
  // NULL and `not notify` NULL too, leaving them out of counts that ask "not by notification".
  const recent = sql`coalesce(m.last_app_use_at >= ${new Date(activeSince(r.ctx.now))}, false)`;
  const notify = sql`(${cond("consent", "app_notifications")} and ${cond("zalo_permission", "requestSendNotification")} and ${recent})`;
  const mode = c.row.channel;
  if (mode === "zns") return { consent: znsConsent, reachable: sql`(${znsConsent} and u.phone is not null)`, viaNotify: sql`false` };
  if (mode === "miniapp") return { consent: notify, reachable: notify, viaNotify: notify };
  return {
    consent: sql`(${notify} or ${znsConsent})`,
    reachable: sql`(${notify} or (${znsConsent} and u.phone is not null))`,
    viaNotify: notify,
  };
}

async function stageCounts(db: Db | Tx, c: Loaded, now: number): Promise<Counts> {
  const r = await relations(db, c.row.brandId, now);
  const rule = compileRule(await ruleOf(db, c), r);
  const channel = channelSql(c, r);
  const promo = tagOf(c) === "promotion";
  const dayStart = startOfVietnamDayNumber(vietnamDayNumber(now));
  const monthOk = promo ? sql`${promosSince(now - 30 * DAY_MS)} < ${DEFAULT_PROMO_CAPS.perMonth}` : sql`true`;
  const todayCapped = promo ? sql`${promosSince(dayStart - 1)} >= ${DEFAULT_PROMO_CAPS.perDay}` : sql`false`;
  const reachable = sql`${rule} and ${channel.reachable}`;
  const [row] = await queryRows<Record<keyof Counts, number | string>>(
    db,
    sql`select (count(*) filter (where ${rule}))::int as matched,
        (count(*) filter (where ${rule} and ${channel.consent}))::int as consent,
        (count(*) filter (where ${reachable}))::int as phone,
        (count(*) filter (where ${reachable} and ${monthOk}))::int as caps,
        (count(*) filter (where ${reachable} and ${monthOk} and ${channel.viaNotify}))::int as "capsMiniapp",
        (count(*) filter (where ${reachable} and ${monthOk} and ${todayCapped} and not ${channel.viaNotify}))::int as "cappedToday"
      from members m join users u on u.id = m.user_id${r.joins()}
      where m.brand_id = ${c.row.brandId} and m.erased_at is null`,
  );
  return {
    matched: Number(row?.matched ?? 0),
    consent: Number(row?.consent ?? 0),
    phone: Number(row?.phone ?? 0),
    caps: Number(row?.caps ?? 0),
    capsMiniapp: Number(row?.capsMiniapp ?? 0),
    cappedToday: Number(row?.cappedToday ?? 0),
  };
}

/**
 * Recipients after the control group, split by channel: only the ZNS ones are planned over the
 * OA's daily quota (notifications do not use it; their platform caps are unconfirmed, §5.4).
 */
function splitByChannel(counts: Counts, controlPercent: number) {
  const notControl = counts.caps - expectedControl(counts.caps, controlPercent);
  const miniapp = counts.capsMiniapp - expectedControl(counts.capsMiniapp, controlPercent);
  return { notControl, miniapp, zns: Math.max(0, notControl - miniapp) };
}

async function planFor(db: Db | Tx, cfg: MessagingConfig, c: Loaded, now: number, recipients: number, cappedToday: number) {
  const start = startOf(c, now);
  const dailyQuota = await dailyQuotaOf(db, c.row.brandId, cfg.dailyQuota);
  const [used] = await db
    .select()
    .from(messageQuota)
    .where(and(eq(messageQuota.brandId, c.row.brandId), eq(messageQuota.day, vietnamDayNumber(start))));
  const plan = sendPlan({
    recipients,
    tag: tagOf(c),
    start,
    dailyQuota,
    promoSharePercent: cfg.promoSharePercent,
    usedOnFirstDay: { sent: Math.max(used?.sent ?? 0, used?.zaloUsed ?? 0), promo: used?.promo ?? 0 },
    cappedOnFirstDay: vietnamDayNumber(start) === vietnamDayNumber(now) ? cappedToday : 0,
  });
  return { plan, dailyQuota };
}

const planView = (plan: SendPlan, dailyQuota: number, promoSharePercent: number): CampaignPlan => ({
  ...plan,
  days: plan.days.map((d) => ({ ...d, opensAt: new Date(d.opensAt).toISOString() })),
  dailyQuota,
  promoSharePercent,
});

export async function campaignFunnel(db: Db, cfg: MessagingConfig, c: Loaded, now: number): Promise<CampaignFunnel> {
  const counts = await stageCounts(db, c, now);
  const split = splitByChannel(counts, c.row.controlPercent);
  const { plan } = await planFor(db, cfg, c, now, split.zns, counts.cappedToday);
  const prices = pricesOf(
    await db.select({ tag: znsPrices.tag, vnd: znsPrices.vndPerMessage }).from(znsPrices).where(eq(znsPrices.brandId, c.row.brandId)),
  );
  const price = prices[tagOf(c)];
  const funnel = audienceFunnel({ ...counts, not_control: split.notControl, quota: split.miniapp + plan.placed }, price);
  // Only ZNS messages are priced: Zalo does not charge the Mini App notification per message (as far as documented).
  const byChannel = { zns: counts.caps - counts.capsMiniapp, miniapp: counts.capsMiniapp };
  return { tag: tagOf(c), ...funnel, estimatedCostVnd: plan.placed * price, byChannel, pricePerMessageVnd: price };
}

export async function campaignPlan(db: Db, cfg: MessagingConfig, c: Loaded, now: number): Promise<CampaignPlan> {
  const counts = await stageCounts(db, c, now);
  const { plan, dailyQuota } = await planFor(db, cfg, c, now, splitByChannel(counts, c.row.controlPercent).zns, counts.cappedToday);
  return planView(plan, dailyQuota, cfg.promoSharePercent);
}

/** The recipients counted at submission: matched, with consent, a phone and within caps. */
export async function audienceSize(db: Db | Tx, c: Loaded, now: number): Promise<number> {
  return (await stageCounts(db, c, now)).caps;
}

type Matched = { id: string; seq: number; name: string; channel: "zns" | "miniapp" | null };

/**
 * The matching members' ids by card number (limit: a sample), each with the channel they would
 * get: the notification where the campaign uses it and the member allows it; otherwise ZNS (its
 * consent checked by the bulk enqueue and its phone at send time, as before channels), or none
 * for a notification-only campaign.
 */
async function matchedMembers(db: Db | Tx, c: Loaded, now: number, limit?: number): Promise<Matched[]> {
  const r = await relations(db, c.row.brandId, now);
  const where = compileRule(await ruleOf(db, c), r);
  const channel = channelSql(c, r);
  const rows = await queryRows<{ id: string; seq: number | string; name: string; notify: boolean }>(
    db,
    sql`select m.id, m.member_seq as seq, u.display_name as name, ${channel.viaNotify} as notify
      from members m join users u on u.id = m.user_id${r.joins()}
      where m.brand_id = ${c.row.brandId} and m.erased_at is null and ${where}
      order by m.member_seq ${limit === undefined ? sql`` : sql`limit ${limit}`}`,
  );
  return rows.map((x) => ({
    id: x.id,
    seq: Number(x.seq),
    name: x.name,
    // ZNS reach is left to the bulk enqueue (consent) and the send (phone): "zns: true" here.
    channel: channelFor(c.row.channel, { notify: x.notify, zns: true }),
  }));
}

/** Members a preview picks its samples from (card order): enough that every arm with a share shows. */
const PREVIEW_CANDIDATES = 200;

export async function campaignPreview(db: Db, c: Loaded, now: number, limit: number): Promise<CampaignPreview> {
  const shares = sharesOf(c);
  const candidates = (await matchedMembers(db, c, now, Math.max(limit, PREVIEW_CANDIDATES))).map((m) => ({
    ...m,
    arm: assignArm(c.row.id, m.id, shares),
  }));
  const sample = previewPick(candidates, shares, limit);
  const values = await fieldValuesFor(
    db,
    c.row.brandId,
    sample.map((m) => m.id),
    now,
  );
  return {
    samples: sample.map(({ arm, ...m }) => {
      const base = { memberId: m.id, memberNo: formatMemberNo(m.seq), displayName: m.name, arm };
      const armRow = c.arms.find((a) => a.key === arm);
      if (!armRow) return { ...base, text: null, data: null, notes: [], problems: [] };
      const template = withOverrides(armRow.template, armRow.params);
      const rendered = renderTemplate(template, values.get(m.id) ?? {});
      return rendered.ok
        ? { ...base, text: previewText(template, rendered.data), data: rendered.data, notes: rendered.notes, problems: [] }
        : { ...base, text: null, data: null, notes: [], problems: rendered.problems };
    }),
  };
}

export const campaignSource = (id: string) => `campaign:${id}`;
const CHUNK = 10_000;
/** Recipients per statement: 50,000 ids, codes and arms are a few megabytes of parameters. */
const RECIPIENT_CHUNK = 50_000;

/**
 * Records every matching member with their arm (one row per campaign and member: a second run,
 * concurrent or later, adds nothing) and queues the sending arms' messages through the queue's
 * bulk enqueue (consent, rendering; dedupe key campaign:<id>:<member>, so never twice), each
 * with the opening of its plan day as not_before. The control group is recorded, never queued.
 * The queue's reads (consent, field values) run while the recipients are recorded, on another
 * connection; the messages are rendered once the click codes as stored are known.
 */
export async function materialise(
  db: Db,
  cfg: MessagingConfig,
  c: Loaded,
  now: number,
  timings?: Record<string, number>,
): Promise<{ recorded: number; queued: number }> {
  const lap = stepTimer(timings);
  const matched = await matchedMembers(db, c, now);
  lap("audience");
  const shares = sharesOf(c);
  const channelOf = new Map(matched.map((m) => [m.id, m.channel]));
  const assigned: { id: string; arm: Assignment }[] = matched.map((m) => ({ id: m.id, arm: assignArm(c.row.id, m.id, shares) }));
  const sending = assigned.filter((a) => a.arm !== CONTROL);
  // Only ZNS messages are planned over the OA's daily quota; notifications go from the start.
  const viaZns = sending.filter((a) => channelOf.get(a.id) !== "miniapp");
  const { plan } = await planFor(db, cfg, c, now, viaZns.length, 0);
  const dayOf = new Map<string, { day: number; opensAt: number }>();
  for (const a of sending) if (channelOf.get(a.id) === "miniapp") dayOf.set(a.id, { day: 1, opensAt: startOf(c, now) });
  viaZns.forEach((a, i) => {
    const slot = slotOf(plan, i) ?? plan.days[plan.days.length - 1];
    dayOf.set(a.id, slot ? { day: slot.day, opensAt: slot.opensAt } : { day: 1, opensAt: startOf(c, now) });
  });
  lap("arms+plan");
  // While the recipients are recorded (one connection), the queue's reads for every sending arm
  // (they share the tag, so the purpose) run on another: consent and the arms' fields, once.
  const recording = recordRecipients(db, c, now, assigned, dayOf, timings);
  recording.catch(() => {}); // awaited below; a failure must not go unhandled while the reads run
  const templates = new Map(c.arms.map((arm) => [arm.key, { ...arm.template, params: withOverrides(arm.template, arm.params).params }]));
  // Members no channel reaches are recorded (results count them as not queued), never queued.
  const queueable = sending.filter((a) => channelOf.get(a.id) && a.arm !== CONTROL && templates.has(a.arm));
  const reads = await readForEnqueue(db, {
    brandId: c.row.brandId,
    tag: tagOf(c),
    memberIds: queueable.map((a) => a.id),
    at: now,
    fields: [...new Set([...templates.values()].flatMap((t) => templateFields(t.params)))],
    channel: (memberId) => channelOf.get(memberId) ?? "zns",
    timings,
  });
  const { recorded, codes } = await recording;
  lap("recipients and reads");
  const base = cfg.clickLinkBase;
  const clickExtras = (memberId: string) => {
    const code = codes.get(memberId);
    return base && code ? { deep_link: clickLink(base, code) } : {};
  };
  // The arms' messages are written at once, one connection each: their members (and so their
  // dedupe keys) are disjoint, and each arm takes its keys in card order as before, so two runs
  // at once still wait for each other arm by arm instead of deadlocking.
  const outs = await Promise.all(
    c.arms.map((arm) => {
      const ids = queueable.filter((a) => a.arm === (arm.key as ArmKey)).map((a) => a.id);
      return !ids.length
        ? { queued: 0 }
        : enqueueForMembers(db, {
            brandId: c.row.brandId,
            template: templates.get(arm.key)!,
            memberIds: ids,
            source: campaignSource(c.row.id),
            dedupeKey: (memberId) => `${campaignSource(c.row.id)}:${memberId}`,
            at: now,
            important: c.row.important,
            notBefore: (memberId) => dayOf.get(memberId)?.opensAt ?? now,
            extras: clickExtras,
            channel: (memberId) => channelOf.get(memberId) ?? "zns",
            timings,
            reads,
          });
    }),
  );
  const queued = outs.reduce((n, o) => n + o.queued, 0);
  lap("enqueue");
  await db
    .update(znsCampaigns)
    .set({ materialisedAt: new Date(now) })
    .where(and(eq(znsCampaigns.id, c.row.id), sql`${znsCampaigns.materialisedAt} is null`));
  return { recorded, queued };
}

/**
 * One INSERT … SELECT FROM unnest(<a column array each>) (db/bulk.ts) per chunk, in member order:
 * a second run, concurrent or later, conflicts on (campaign, member) and keeps the first run's
 * rows. Answers the click codes as stored: when another run recorded some of the members first,
 * theirs were kept and the message must carry them (read back then only; a first run's codes are
 * the ones it drew).
 */
async function recordRecipients(
  db: Db,
  c: Loaded,
  now: number,
  assigned: { id: string; arm: Assignment }[],
  dayOf: Map<string, { day: number }>,
  timings?: Record<string, number>,
): Promise<{ recorded: number; codes: Map<string, string> }> {
  const lap = stepTimer(timings);
  let recorded = 0;
  const fresh = new Map<string, string>();
  for (let i = 0; i < assigned.length; i += RECIPIENT_CHUNK) {
    const part = assigned.slice(i, i + RECIPIENT_CHUNK);
    const codes = part.map((a) => (a.arm === CONTROL ? null : newClickCode()));
    part.forEach((a, j) => codes[j] && fresh.set(a.id, codes[j]));
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`with ins as (
          insert into zns_campaign_recipients (campaign_id, member_id, arm, plan_day, click_code, created_at)
          select ${c.row.id}, r.member_id, r.arm, r.plan_day, r.click_code, ${new Date(now).toISOString()}::timestamptz
          from unnest(${uuidArray(part.map((a) => a.id))}, ${textArray(part.map((a) => a.arm))},
            ${intArray(part.map((a) => dayOf.get(a.id)?.day ?? null))}, ${textArray(codes)}) as r(member_id, arm, plan_day, click_code)
          on conflict do nothing
          returning 1)
        select count(*)::int as n from ins`,
    );
    recorded += Number(row?.n ?? 0);
  }
  const codes =
    recorded === assigned.length
      ? fresh
      : new Map(
          (
            await db
              .select({ id: znsCampaignRecipients.memberId, code: znsCampaignRecipients.clickCode })
              .from(znsCampaignRecipients)
              .where(and(eq(znsCampaignRecipients.campaignId, c.row.id), sql`${znsCampaignRecipients.clickCode} is not null`))
          ).map((r) => [r.id, r.code!]),
        );
  lap("recipients");
  return { recorded, codes };
}

/**
 * Resume (decision 0034 addendum): the messages a pause held (not_before = `heldUntil`) are
 * planned again from now — over the recipients left and today's actual quota use, as the
 * materialiser planned them at the start — instead of all becoming due at once. Each gets the
 * opening of its new day, in member order like the first plan, and the recipient rows their new
 * plan day. In the resume's transaction.
 */
export async function replanHeld(tx: Db | Tx, cfg: MessagingConfig, c: Loaded, now: number, heldUntil: Date): Promise<SendPlan> {
  const held = await tx
    .select({ id: messages.id, memberId: messages.memberId })
    .from(messages)
    .innerJoin(members, eq(members.id, messages.memberId))
    .where(
      and(
        eq(messages.brandId, c.row.brandId),
        eq(messages.source, campaignSource(c.row.id)),
        eq(messages.status, "queued"),
        eq(messages.notBefore, heldUntil),
      ),
    )
    .orderBy(asc(members.memberSeq));
  const { plan } = await planFor(tx, cfg, c, now, held.length, 0);
  const byDay = new Map<number, { opensAt: number; ids: string[]; memberIds: string[] }>();
  held.forEach((m, i) => {
    const slot = slotOf(plan, i) ?? plan.days[plan.days.length - 1];
    const day = slot?.day ?? 1;
    const entry = byDay.get(day) ?? { opensAt: slot?.opensAt ?? startOf(c, now), ids: [], memberIds: [] };
    entry.ids.push(m.id);
    entry.memberIds.push(m.memberId);
    byDay.set(day, entry);
  });
  for (const [day, { opensAt, ids, memberIds }] of byDay)
    for (let i = 0; i < ids.length; i += CHUNK) {
      await tx
        .update(messages)
        .set({ notBefore: new Date(opensAt) })
        .where(inArray(messages.id, ids.slice(i, i + CHUNK)));
      await tx
        .update(znsCampaignRecipients)
        .set({ planDay: day })
        .where(and(eq(znsCampaignRecipients.campaignId, c.row.id), inArray(znsCampaignRecipients.memberId, memberIds.slice(i, i + CHUNK))));
    }
  return plan;
}

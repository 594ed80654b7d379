/**
 * How a survey ask goes out by ZNS (issue 13): the survey core decides whom to ask and when
 * (fatigue, one ask per earn) and hands a `zns_rating` or `zns_link` ask to these deliveries, in
 * its transaction. Each puts one customer-care message on the existing queue — consent
 * re-checked at send time, quiet hours and caps as for every message — with the template of the
 * survey trigger (`survey_rating`: a service rating template, the stars are Zalo's;
 * `survey_link`: a button into the survey in the Mini App), one message per ask (dedupe key
 * `survey_ask:<ask id>`), and the ask's id on the message, so a rating that comes back
 * (webhook user_feedback) is recorded against that ask.
 */
import { and, eq } from "drizzle-orm";
import type { TriggerName } from "../../../domain/messaging/messages";
import type { FieldValues } from "../../../domain/messaging/zns-template";
import type { Tx } from "../../db/client";
import { brands, ledgerEntries, messages, surveyAsks } from "../../db/schema";
import { recordRating } from "../surveys/ratings";
import { enqueueForTrigger } from "./enqueue";
import type { RatingSink } from "./types";

type Ask = typeof surveyAsks.$inferSelect;
/** The survey core's AskDelivery (features/surveys/asks.ts), structurally. */
export type ZnsAskDelivery = (tx: Tx, ask: Ask) => Promise<{ messageId: string } | { failed: string }>;

/** ZNS `code` parameters hold at most 30 characters (docs/zalo.md#zns-params); a code is never cut. */
const CODE_MAX = 30;

/**
 * The purchase as the member knows it: the receipt number typed at the till when there is one
 * that fits a ZNS code, else a short form of the ledger entry's id (12 hex digits, upper case).
 */
export async function transactionCode(tx: Tx, transactionRef: string | null): Promise<string | null> {
  if (!transactionRef) return null;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(transactionRef);
  if (uuid) {
    const [entry] = await tx.select({ receiptNo: ledgerEntries.receiptNo }).from(ledgerEntries).where(eq(ledgerEntries.id, transactionRef));
    const receipt = entry?.receiptNo?.trim();
    if (receipt && [...receipt].length <= CODE_MAX) return receipt;
    return transactionRef.replaceAll("-", "").slice(0, 12).toUpperCase();
  }
  return [...transactionRef].length <= CODE_MAX ? transactionRef : null;
}

/** The survey's page in the Mini App, as a ZNS button opens it: `https://zalo.me/s/<app id>/survey/<id>?t=<token>`. */
export function surveyLink(miniAppUrl: string, surveyId: string, token: string): string {
  return `${miniAppUrl.replace(/\/+$/, "")}/survey/${surveyId}?t=${encodeURIComponent(token)}`;
}

/**
 * The deliveries the survey core is given for its ZNS channels. `token` signs the ask's link
 * (the survey core's askToken with the server's key); only zns_link uses it.
 */
export function znsAskDeliveries(opts: { token: (ask: Ask) => string }): { zns_rating: ZnsAskDelivery; zns_link: ZnsAskDelivery } {
  const deliver =
    (trigger: Extract<TriggerName, "survey_rating" | "survey_link">): ZnsAskDelivery =>
    async (tx, ask) => {
      const extras: FieldValues = { transaction_code: await transactionCode(tx, ask.transactionRef) };
      if (trigger === "survey_link") {
        const [brand] = await tx.select({ miniAppUrl: brands.miniAppUrl }).from(brands).where(eq(brands.id, ask.brandId));
        if (!brand?.miniAppUrl) return { failed: "no_mini_app_url" };
        extras.survey_link = surveyLink(brand.miniAppUrl, ask.surveyId, opts.token(ask));
      }
      const dedupeKey = `survey_ask:${ask.id}`;
      const out = await enqueueForTrigger(tx, {
        brandId: ask.brandId,
        memberId: ask.memberId,
        trigger,
        dedupeKey,
        at: ask.askedAt.getTime(),
        extras,
        surveyAskId: ask.id,
      });
      if (out.queued) return { messageId: out.messageId };
      if (out.reason === "duplicate") {
        // The same ask delivered again (a replay): it is carried by the message already queued.
        const [existing] = await tx
          .select({ id: messages.id })
          .from(messages)
          .where(and(eq(messages.brandId, ask.brandId), eq(messages.dedupeKey, dedupeKey)));
        if (existing) return { messageId: existing.id };
      }
      // no_template, no_consent (with why), invalid (stored as a failed message the console shows).
      return { failed: out.reason === "no_consent" && out.detail ? `no_consent:${out.detail}` : out.reason };
    };
  return { zns_rating: deliver("survey_rating"), zns_link: deliver("survey_link") };
}

/**
 * Where the webhook's ratings go (MessagingDeps.ratings): the survey core's recordRating, which
 * stores a CSAT answer for the ask exactly like an in-app tap (one per message, one per survey,
 * member and transaction; the reward once). A resend of the same rating answers `replayed`.
 * Zalo's ticked reasons and the member's note become the answer's comment (ratingComment).
 */
export const surveyRatings: RatingSink = async (tx, r) => {
  const out = await recordRating(tx, {
    brandId: r.brandId,
    memberId: r.memberId,
    askId: r.surveyAskId,
    score: r.score,
    channel: "zns_rating",
    messageId: r.messageId,
    at: r.at,
    note: r.note,
    feedbacks: r.reasons,
  });
  if (!out.ok) return { result: "refused", reason: out.code };
  return { result: out.value.replayed ? "duplicate" : "recorded" };
};

/**
 * The second channel: Mini App notifications (../shared/docs/zalo-platform.md §5.4), sent to
 * members who agreed to the `app_notifications` purpose AND allowed Zalo's
 * `requestSendNotification` prompt (their latest answer), through the same queue as ZNS.
 *
 * How sure the platform notes are: the endpoint, headers and body are "[3P], many consistent
 * usages"; the answer's shape is NOT documented. We read it as the Zalo envelope every other
 * Zalo API uses (`error: 0` success, HTTP 200 with `error != 0` a refusal) and accept a success
 * with or without an id. The preconditions (recent interaction, per-app and per-user daily caps)
 * are third-party and their limits unconfirmed, and their error numbers unknown: any refusal is
 * stored as `miniapp_<error>` and never retried (a cap refused today would only be refused again
 * by a blind retry loop); our own promotion caps and quiet hours apply to both channels.
 * No delivery event is documented for this channel, so a notification ends `sent`.
 */
import { DAY_MS } from "../loyalty/vietnam-time";
import { MINIAPP_NO_ANSWER, MINIAPP_NOT_CONFIGURED } from "./message-errors";
import type { SendAttempt } from "./sending-rules";

/** What a campaign sends: ZNS only, Mini App notifications only, or the notification where allowed and ZNS for the others. */
export const CAMPAIGN_CHANNELS = ["zns", "miniapp", "miniapp_then_zns"] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];

/**
 * Which channel a member gets in a campaign of `mode`, from what they allow; null: none (not
 * queued). "Notification first" falls back to ZNS only for members who did not allow the
 * notification, so nobody gets both (and the queue's dedupe key per campaign and member holds it).
 */
export function channelFor(mode: CampaignChannel, reach: { notify: boolean; zns: boolean }): "zns" | "miniapp" | null {
  if (mode !== "zns" && reach.notify) return "miniapp";
  if (mode !== "miniapp" && reach.zns) return "zns";
  return null;
}

/**
 * Mini App notifications may only go to users who interacted with the Mini App recently: "recent
 * interaction (about 7 days)" in the platform notes (§5.4, third-party, the exact limit
 * unconfirmed). We hold to 7 days from the member's recorded use, which is the first use of its
 * Vietnam day (recorded once a day), so the window is never wider than Zalo's.
 */
export const NOTIFICATION_ACTIVE_DAYS = 7;

/** The earliest recorded app use that still allows a notification at `now`. */
export const activeSince = (now: number) => now - NOTIFICATION_ACTIVE_DAYS * DAY_MS;

/** Whether a member whose last recorded app use is `lastUseAt` (ms, or null: never recorded) may get a notification at `now`. */
export const recentlyActive = (lastUseAt: number | null, now: number) => lastUseAt !== null && lastUseAt >= activeSince(now);

/**
 * A notification found at send time to have no right to go (its member outside the window): a
 * "notification first" campaign's message goes by ZNS instead, any other fails with `code`.
 */
export const fallbackOf = (campaignChannel: CampaignChannel | null): "zns" | "fail" =>
  campaignChannel === "miniapp_then_zns" ? "zns" : "fail";

export type NotificationVerdict =
  | { verdict: "accepted"; msgId: string | null }
  | { verdict: "retry"; code: string }
  | { verdict: "permanent"; code: string }
  /** Written, then no answer: the notification may have gone. Never sent again (no delivery event could settle it). */
  | { verdict: "no_answer"; code: string };

/** Reads one answer of POST /notification/template (see above for what is assumed). */
export function classifyNotification(a: SendAttempt): NotificationVerdict {
  if (a.kind === "not_sent" && a.reason === MINIAPP_NOT_CONFIGURED) return { verdict: "permanent", code: MINIAPP_NOT_CONFIGURED };
  if (a.kind === "not_sent") return { verdict: "retry", code: `network:${a.reason}` };
  if (a.kind === "no_answer") return { verdict: "no_answer", code: MINIAPP_NO_ANSWER };
  if (a.status >= 500 || a.status === 429) return { verdict: "retry", code: `http_${a.status}` };
  if (a.status !== 200) return { verdict: "permanent", code: `http_${a.status}` };
  const body = a.body as { error?: unknown; data?: { msgId?: unknown; msg_id?: unknown } } | null;
  const error = Number(body?.error);
  // Unreadable but a 200: the platform may have sent it. Like no answer: never again.
  if (!body || !Number.isFinite(error)) return { verdict: "no_answer", code: MINIAPP_NO_ANSWER };
  if (error === 0) {
    const id = body.data?.msgId ?? body.data?.msg_id;
    return { verdict: "accepted", msgId: typeof id === "string" && id !== "" ? id : null };
  }
  return { verdict: "permanent", code: `miniapp_${error}` };
}

/** The five fields §5.4's template takes. Lengths are not documented: kept short, cut at a word break. */
export type NotificationData = { title: string; contentTitle: string; contentDescription: string; buttonText: string; buttonUrl: string };

const cut = (s: string, max: number) => {
  const t = s.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const head = t.slice(0, max - 1);
  const space = head.lastIndexOf(" ");
  return `${space > max / 2 ? head.slice(0, space) : head}…`;
};

/**
 * The notification made from the campaign's rendered ZNS message: the same words (the template's
 * text with the member's values), its name as the title, and a button into the Mini App (the
 * campaign's click link when the message carries one, so a tap is counted like a ZNS button's).
 */
export function notificationData(input: {
  title: string;
  text: string;
  data: Record<string, string | number>;
  appLink: string;
}): NotificationData {
  const link = input.data.deep_link;
  return {
    title: cut(input.title, 60),
    contentTitle: cut(input.title, 60),
    contentDescription: cut(input.text, 250),
    buttonText: "Xem ngay",
    buttonUrl: typeof link === "string" && link.startsWith("https://") ? link : input.appLink,
  };
}

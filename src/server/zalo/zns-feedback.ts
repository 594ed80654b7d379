/**
 * Zalo's `user_feedback` webhook event: a member tapped 1–5 stars (and maybe reasons and a note)
 * in a ZNS service rating template (docs/zalo.md#zns-rating). This is the ONE place that reads
 * its payload; nothing else looks inside the event.
 *
 * The payload is not confirmed. What is known: the event's name, that it carries the rating of
 * a sent rating-template message, and the field names of Zalo's rating records as a ZNS reseller
 * passes them on (`msgId`, `trackingId`, `rate`, `note`, `feedbacks` — a list of the reasons the
 * member ticked —, `submitDate` in milliseconds). The envelope is assumed to be the one of every
 * other ZBS event (`event_name`, `app_id`, `timestamp` in milliseconds as a string, the OA as
 * `sender.id` or `oa_id`, the message's fields under `message`). So the reader is tolerant of
 * where a field sits and how it is spelt (snake_case or camelCase; under `message`, `data`,
 * `feedback` or the top level) and of any field it does not know, and strict about what it
 * needs: a message id it can trust, a whole rating from 1 to 5, text it can store, a believable
 * time, and our own app and OA when the event names them.
 */
import { cutGraphemes, isStorableText } from "../../domain/text/text";

export type ZnsRate = 1 | 2 | 3 | 4 | 5;

export type ZnsFeedback = {
  /** Zalo's id of the rated message (the send answer's msg_id); at least one of the two ids is set. */
  msgId: string | null;
  /** Our tracking_id, echoed back. */
  trackingId: string | null;
  rate: ZnsRate;
  /** The member's own words, trimmed and at most NOTE_MAX characters; null when none. */
  note: string | null;
  /** The reasons the member ticked, as Zalo words them (the template's own choices). */
  feedbacks: string[];
  /** When the member submitted the rating (ms); the event's timestamp when the event does not say. */
  submittedAt: number;
  appId: string | null;
  oaId: string | null;
};

export const FEEDBACK_REFUSALS = [
  "no_message_id",
  "bad_message_id",
  "bad_rate",
  "bad_note",
  "bad_feedbacks",
  "bad_time",
  "foreign_app",
  "foreign_oa",
] as const;
export type FeedbackRefusal = (typeof FEEDBACK_REFUSALS)[number];

export type FeedbackParse = { ok: true; feedback: ZnsFeedback } | { ok: false; reason: FeedbackRefusal };

/** A note longer than this is cut (at a grapheme): the rating still counts. */
export const NOTE_MAX = 1000;
/** Each reason is a short label chosen in Zalo's UI; more or longer than this is not one. */
export const FEEDBACK_ITEM_MAX = 200;
export const FEEDBACKS_MAX = 20;
/** Zalo's ids are short hex strings; ours are 32 hex digits. Anything else is not an id we sent. */
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MILLIS = /^\d{13}$/;
/** A rating cannot predate this service (2020-01-01); a time in seconds would land in 1970 and is refused. */
const EARLIEST = Date.UTC(2020, 0, 1);
/** A rating reported from the future is not believed beyond clock skew. */
const AHEAD_MS = 86_400_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The first of `names` present (not undefined) in the first container that has one. */
function pick(containers: Record<string, unknown>[], names: readonly string[]): unknown {
  for (const c of containers) for (const n of names) if (c[n] !== undefined) return c[n];
  return undefined;
}

const absent = (v: unknown) => v === undefined || v === null || v === "";

export function parseUserFeedback(
  body: Record<string, unknown>,
  expected: { appId: string; oaId: string | null; now: number },
): FeedbackParse {
  const containers = [body.message, body.data, body.feedback, body].filter(isObject);
  const refuse = (reason: FeedbackRefusal): FeedbackParse => ({ ok: false, reason });

  const appId = body.app_id ?? body.appId;
  if (!absent(appId) && String(appId) !== expected.appId) return refuse("foreign_app");
  const sender = isObject(body.sender) ? body.sender.id : undefined;
  const oaId = pick(containers, ["oa_id", "oaId"]) ?? sender;
  if (!absent(oaId) && expected.oaId !== null && String(oaId) !== expected.oaId) return refuse("foreign_oa");

  const id = (v: unknown): string | null | false => {
    if (absent(v)) return null;
    const text = typeof v === "string" ? v : typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? String(v) : null;
    return text !== null && MESSAGE_ID.test(text) ? text : false;
  };
  const msgId = id(pick(containers, ["msg_id", "msgId", "message_id"]));
  const trackingId = id(pick(containers, ["tracking_id", "trackingId"]));
  if (msgId === false || trackingId === false) return refuse("bad_message_id");
  if (msgId === null && trackingId === null) return refuse("no_message_id");

  const rawRate = pick(containers, ["rate", "rating", "score", "star", "stars"]);
  const rate =
    typeof rawRate === "number" ? rawRate : typeof rawRate === "string" && /^[1-5]$/.test(rawRate.trim()) ? Number(rawRate) : NaN;
  if (!Number.isInteger(rate) || rate < 1 || rate > 5) return refuse("bad_rate");

  const rawNote = pick(containers, ["note", "comment"]);
  let note: string | null = null;
  if (!absent(rawNote)) {
    if (typeof rawNote !== "string" || !isStorableText(rawNote)) return refuse("bad_note");
    const clean = rawNote.normalize("NFC").trim();
    note = clean === "" ? null : cutGraphemes(clean, NOTE_MAX);
  }

  const rawFeedbacks = pick(containers, ["feedbacks", "feedback_list", "reasons"]);
  const list = absent(rawFeedbacks) ? [] : typeof rawFeedbacks === "string" ? [rawFeedbacks] : rawFeedbacks;
  if (!Array.isArray(list) || list.length > FEEDBACKS_MAX) return refuse("bad_feedbacks");
  const feedbacks: string[] = [];
  for (const item of list) {
    if (typeof item !== "string" || !isStorableText(item)) return refuse("bad_feedbacks");
    const clean = item.normalize("NFC").replace(/\s+/g, " ").trim();
    if ([...clean].length > FEEDBACK_ITEM_MAX) return refuse("bad_feedbacks");
    if (clean !== "" && !feedbacks.includes(clean)) feedbacks.push(clean);
  }

  const rawTime = pick(containers, ["submit_time", "submitTime", "submit_date", "submitDate", "feedback_time"]) ?? body.timestamp;
  const timeText =
    typeof rawTime === "number" && Number.isSafeInteger(rawTime) ? String(rawTime) : typeof rawTime === "string" ? rawTime : "";
  if (!MILLIS.test(timeText)) return refuse("bad_time");
  const submittedAt = Number(timeText);
  if (submittedAt < EARLIEST || submittedAt > expected.now + AHEAD_MS) return refuse("bad_time");

  return {
    ok: true,
    feedback: {
      msgId,
      trackingId,
      rate: rate as ZnsRate,
      note,
      feedbacks,
      submittedAt,
      appId: absent(appId) ? null : String(appId),
      oaId: absent(oaId) ? null : String(oaId),
    },
  };
}

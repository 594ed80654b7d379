/** The message queue's types, shared by the worker, its transports and the app's Deps (http/context). */
import type { OA_DISCONNECTED } from "../../../domain/messaging/message-errors";
import type { NotificationData } from "../../../domain/messaging/miniapp-notification";
import type { SendAttempt } from "../../../domain/messaging/sending-rules";
import type { Db, Tx } from "../../db/client";
import type { AskDeliveries } from "../surveys/asks";

export type OutgoingZns = {
  brandId: string;
  phone: string;
  znsTemplateId: string;
  data: Record<string, string | number>;
  trackingId: string;
  /** A console test send: Zalo's development mode (`mode: "development"`, delivered only to the OA's and app's admins). */
  devMode: boolean;
  text: string;
};

/** A Mini App notification (docs/messaging.md#mini-app-notifications): to the member's Zalo user id, no phone. */
export type OutgoingNotification = {
  brandId: string;
  zaloUserId: string;
  trackingId: string;
  data: NotificationData;
};

export interface Transport {
  readonly name: "zalo" | "sandbox";
  /**
   * Sends one message. `callStarting` must be awaited right before the request goes out (after
   * anything slow, such as getting the OA token): it records that the call may happen, and when
   * it answers false the message is no longer this worker's and nothing may be sent (return
   * `not_sent`). docs/messaging.md: only a message whose call started can be in doubt.
   */
  send(m: OutgoingZns, callStarting: () => Promise<boolean>): Promise<SendAttempt>;
  /** Sends one Mini App notification; `callStarting` as for send. Absent (a test's ZNS-only transport): not configured. */
  notify?(n: OutgoingNotification, callStarting: () => Promise<boolean>): Promise<SendAttempt>;
  /**
   * After -124: get a new OA token (one process at a time). False when it could not now;
   * OA_DISCONNECTED when Zalo refused the refresh token for good (domain/messaging/oa-connection.ts).
   */
  refreshToken(brandId: string): Promise<boolean | typeof OA_DISCONNECTED>;
}

export type MessagingConfig = {
  transport: Transport;
  dailyQuota: number;
  /** Share of the daily quota promotions may use, in percent. */
  promoSharePercent: number;
  /** Sends per second per worker process. */
  ratePerSecond: number;
  batchSize: number;
  /** How long a claimed message is this worker's before it counts as crashed, until its call starts. */
  leaseMs: number;
  /**
   * The lease from the start of a message's call: longer than the call can take (the HTTP
   * timeout) plus a margin. A crash during the call leaves the message in doubt this long.
   */
  callLeaseMs: number;
  /** ZNS calls in flight at once per worker process (8 unless set). */
  sendConcurrency?: number;
  /** How long an in-doubt message waits for its delivery event before it is sent again. */
  reconcileMs: number;
  maxAttempts: number;
  random: () => number;
  /**
   * Our public https origin, where campaign click links (/c/<code>) point; absent (no https
   * PUBLIC_URL, as in development): campaign messages carry the plain Mini App link, untracked,
   * since ZNS URL parameters must be https.
   */
  clickLinkBase?: string;
};

export type MessagingDeps = {
  db: Db;
  now: () => number;
  config: MessagingConfig;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Where ZNS star ratings (webhook user_feedback) are recorded: the survey core. Absent: logged, not recorded. */
  ratings?: RatingSink;
  /** How the survey core's ZNS asks (zns_rating, zns_link) are sent: survey-delivery.ts. Absent: such asks fail. */
  surveyDeliveries?: AskDeliveries;
  /** Told what the worker did with each message it finished or held (the metrics: ops/metrics.ts). */
  onOutcome?: (channel: string, status: string, code: string | null) => void;
};

/**
 * A star rating a member gave in a ZNS service rating message, tied to the survey ask the
 * message carried (messages.survey_ask_id). Handed to the survey core inside the webhook's
 * transaction, with the event's dedupe mark: a redelivered event records nothing twice.
 */
export type ZnsRating = {
  brandId: string;
  memberId: string;
  surveyAskId: string;
  /** Our message row, and Zalo's id of it. */
  messageId: string;
  msgId: string | null;
  score: 1 | 2 | 3 | 4 | 5;
  note: string | null;
  /** The reasons the member ticked in Zalo's rating view. */
  reasons: string[];
  /** When the member rated (ms). */
  at: number;
};
/** What the survey core made of a rating: stored, already stored, or refused (closed survey, throttled, past the change window…). */
export type RatingOutcome = { result: "recorded" | "duplicate" } | { result: "refused"; reason: string };
export type RatingSink = (tx: Tx, rating: ZnsRating) => Promise<RatingOutcome>;

/** Verifies Zalo's webhook events; the sandbox signs its simulated events with the same. */
export type WebhookSecrets = { appId: string; oaSecret: string };

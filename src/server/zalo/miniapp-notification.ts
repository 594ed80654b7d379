/**
 * Mini App notification (../shared/docs/zalo-platform.md §5.4): POST {base}/notification/template
 * with `X-Api-Key: Bearer <Mini App API key>`, `X-User-Id: <the member's Zalo user id>` and
 * `X-MiniApp-Id`, JSON body `{ templateId, templateData: { title, contentTitle,
 * contentDescription, buttonText, buttonUrl } }`. The notes rate this "[3P], many consistent
 * usages": the path, headers and body are how others call it, not an official reference, and the
 * answer's shape is not documented (domain/messaging/miniapp-notification.ts reads it). The base
 * URL is configuration (ZALO_MINIAPP_NOTIFY_URL), so tests point it at test/fakes.
 */
import type { NotificationData } from "../../domain/messaging/miniapp-notification";
import type { SendAttempt } from "../../domain/messaging/sending-rules";
import { assertNotInTransaction } from "../db/tx-context";
import { postTracked } from "./zns-client";

export type MiniAppNotifyConfig = { url: string; apiKey: string; miniAppId: string; templateId: string; timeoutMs: number };

export function sendMiniAppNotification(config: MiniAppNotifyConfig, zaloUserId: string, data: NotificationData): Promise<SendAttempt> {
  assertNotInTransaction("a Mini App notification");
  const url = new URL(`${config.url.replace(/\/+$/, "")}/notification/template`);
  const body = JSON.stringify({ templateId: config.templateId, templateData: data });
  return postTracked(
    url,
    { "x-api-key": `Bearer ${config.apiKey}`, "x-user-id": zaloUserId, "x-miniapp-id": config.miniAppId },
    body,
    config.timeoutMs,
  );
}

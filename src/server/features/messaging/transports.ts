/**
 * Where the worker's final call goes. `zalo`: the real ZNS API with the brand's OA token.
 * `sandbox` (the default): the same pipeline up to the call, which lands in an in-process
 * inbox that answers like ZNS and then delivers a signed `user_received_message` event through
 * the real webhook handler, so statuses move exactly as they would in production.
 */
import { randomUUID } from "node:crypto";
import { MINIAPP_NOT_CONFIGURED, OA_DISCONNECTED } from "../../../domain/messaging/message-errors";
import { LEASE_LOST, NO_OA_TOKEN, type SendAttempt } from "../../../domain/messaging/sending-rules";
import type { Db } from "../../db/client";
import { sandboxInbox } from "../../db/schema";

import { sendMiniAppNotification, type MiniAppNotifyConfig } from "../../zalo/miniapp-notification";
import { sendZnsTemplate } from "../../zalo/zns-client";
import type { OaTokenStore } from "./oa-token-store";
import type { OutgoingNotification, OutgoingZns, Transport, WebhookSecrets } from "./types";
import { receiveWebhook, webhookSignature } from "./webhook";

export function sandboxTransport(db: Db, now: () => number, secrets: WebhookSecrets, opts: { deliveryDelayMs?: number } = {}): Transport {
  return {
    name: "sandbox",
    async send(m: OutgoingZns, callStarting): Promise<SendAttempt> {
      if (!(await callStarting())) return { kind: "not_sent", reason: LEASE_LOST };
      const msgId = randomUUID().replaceAll("-", "");
      const at = now();
      await db.insert(sandboxInbox).values({
        msgId,
        brandId: m.brandId,
        trackingId: m.trackingId,
        phone: m.phone,
        znsTemplateId: m.znsTemplateId,
        text: m.text,
        data: m.data,
        receivedAt: new Date(at),
      });
      const deliver = async () => {
        const raw = JSON.stringify({
          event_name: "user_received_message",
          app_id: secrets.appId,
          timestamp: String(now()),
          sender: { id: "sandbox-oa" },
          recipient: { id: m.phone },
          message: { msg_id: msgId, tracking_id: m.trackingId, delivery_time: String(now()) },
        });
        const timestamp = (JSON.parse(raw) as { timestamp: string }).timestamp;
        await receiveWebhook(db, now(), secrets, raw, webhookSignature(secrets, raw, timestamp)).catch(() => {});
      };
      setTimeout(() => void deliver(), opts.deliveryDelayMs ?? 50).unref?.();
      // No `quota` in the answer: the sandbox has no quota of its own, and made-up figures would
      // replace the OA's daily quota and our count (quota-store.ts recordAccepted).
      return { kind: "response", status: 200, body: { error: 0, message: "Success", data: { msg_id: msgId, sent_time: String(at) } } };
    },
    // A notification lands in the same inbox, addressed to the member's Zalo id; §5.4 documents
    // no delivery event, so none is simulated and the message stays `sent`.
    async notify(n: OutgoingNotification, callStarting): Promise<SendAttempt> {
      if (!(await callStarting())) return { kind: "not_sent", reason: LEASE_LOST };
      const msgId = randomUUID().replaceAll("-", "");
      await db.insert(sandboxInbox).values({
        msgId,
        brandId: n.brandId,
        trackingId: n.trackingId,
        phone: `zalo:${n.zaloUserId}`,
        znsTemplateId: "miniapp",
        text: `${n.data.contentTitle}: ${n.data.contentDescription}`,
        data: n.data,
        receivedAt: new Date(now()),
      });
      return { kind: "response", status: 200, body: { error: 0, message: "Success", data: { msgId } } };
    },
    async refreshToken() {
      return true;
    },
  };
}

export function zaloTransport(
  config: { znsUrl: string; timeoutMs: number; miniApp?: MiniAppNotifyConfig | null },
  tokens: OaTokenStore,
): Transport {
  // The token each brand's last -124 was for: a refresh then replaces exactly that token, and a
  // process that finds another one already stored uses it instead of spending a refresh token.
  const rejected = new Map<string, string>();
  return {
    name: "zalo",
    async send(m: OutgoingZns, callStarting): Promise<SendAttempt> {
      const token = await tokens.accessToken(m.brandId);
      // A disconnected OA is not asked again: only new tokens (a reconnection) can help.
      if (!token) return { kind: "not_sent", reason: (await tokens.disconnected(m.brandId)) ? OA_DISCONNECTED : NO_OA_TOKEN };
      // After the token (which may wait for another process's refresh): the call starts now.
      if (!(await callStarting())) return { kind: "not_sent", reason: LEASE_LOST };
      const attempt = await sendZnsTemplate(
        config.znsUrl,
        token,
        {
          phone: m.phone,
          templateId: m.znsTemplateId,
          data: m.data,
          trackingId: m.trackingId,
          ...(m.devMode ? { mode: "development" } : {}),
        },
        config.timeoutMs,
      );
      if (attempt.kind === "response" && Number((attempt.body as { error?: unknown } | null)?.error) === -124)
        rejected.set(m.brandId, token);
      return attempt;
    },
    // The Mini App's API key, not the OA token: no token to wait for or refresh.
    async notify(n: OutgoingNotification, callStarting): Promise<SendAttempt> {
      if (!config.miniApp) return { kind: "not_sent", reason: MINIAPP_NOT_CONFIGURED };
      if (!(await callStarting())) return { kind: "not_sent", reason: LEASE_LOST };
      return sendMiniAppNotification(config.miniApp, n.zaloUserId, n.data);
    },
    refreshToken: (brandId) => tokens.refresh(brandId, rejected.get(brandId) ?? ""),
  };
}

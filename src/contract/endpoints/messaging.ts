import { z } from "zod";
import { Uuid } from "../common";
import { defineEndpoints } from "../endpoint";
import {
  MessagePage,
  OaCallbackQuery,
  OaConnectStart,
  OaStatus,
  MessageQuery,
  QuotaView,
  SandboxInbox,
  TemplateInput,
  TemplateList,
  TemplateView,
  TestSendPreview,
  TestSendPreviewQuery,
  TestSendRequest,
  TestSendResponse,
} from "../messaging";
import { ConnectionCheckView, SiteVerificationInput, TemplateSyncView, ZaloLinkView } from "../zalo-link";

export const messagingEndpoints = defineEndpoints({
  listTemplates: { method: "get", path: "/console/messaging/templates", response: TemplateList },
  createTemplate: { method: "post", path: "/console/messaging/templates", body: TemplateInput, response: TemplateView, status: [201] },
  updateTemplate: {
    method: "put",
    path: "/console/messaging/templates/{id}",
    params: z.object({ id: Uuid }),
    body: TemplateInput,
    response: TemplateView,
  },
  listMessages: { method: "get", path: "/console/messaging/messages", query: MessageQuery, response: MessagePage },
  quota: { method: "get", path: "/console/messaging/quota", response: QuotaView },
  testSendPreview: { method: "get", path: "/console/messaging/test-send/preview", query: TestSendPreviewQuery, response: TestSendPreview },
  testSend: { method: "post", path: "/console/messaging/test-send", body: TestSendRequest, response: TestSendResponse },
  sandbox: { method: "get", path: "/console/messaging/sandbox", response: SandboxInbox },
  /** Admin only: starts OAuth v4 with PKCE; the browser then goes to `consentUrl`. */
  oaConnect: { method: "post", path: "/console/messaging/oa/connect", response: OaConnectStart },
  /** Zalo's redirect after consent: no console session header, the state is the proof; answers 302 to the console. */
  oaCallback: { method: "get", path: "/console/messaging/oa/callback", query: OaCallbackQuery, response: null, status: [204] },
  oaStatus: { method: "get", path: "/console/messaging/oa/status", response: OaStatus },
  /** Admin only: the "Kết nối Zalo" page (docs/zalo-setup.md). */
  zaloLink: { method: "get", path: "/console/messaging/zalo", response: ZaloLinkView },
  siteVerification: {
    method: "put",
    path: "/console/messaging/zalo/site-verification",
    body: SiteVerificationInput,
    response: ZaloLinkView,
  },
  checkConnection: { method: "post", path: "/console/messaging/zalo/check", response: ConnectionCheckView },
  /** Managers and admins: the OA's approved templates at Zalo against the registry. */
  syncTemplates: { method: "post", path: "/console/messaging/templates/sync", response: TemplateSyncView },
  /** Zalo's events: the body is read raw, its signature checked before it is parsed. */
  webhook: { method: "post", path: "/webhooks/zalo", response: z.object({ result: z.string() }) },
});

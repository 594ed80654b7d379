import { z } from "zod";
import { Uuid } from "../common";
import { defineEndpoints } from "../endpoint";
import {
  MessagePage,
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
  /** Zalo's events: the body is read raw, its signature checked before it is parsed. */
  webhook: { method: "post", path: "/webhooks/zalo", response: z.object({ result: z.string() }) },
});

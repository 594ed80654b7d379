/**
 * The console's "Kết nối Zalo" page (issue 16; docs/zalo-setup.md): what the server knows of the
 * OA, the webhook and the domain verification, "check connection", and the template sync.
 */
import { z } from "zod";
import { ZNS_PARAM_TYPES } from "../domain/messaging/zns-template";
import {
  CHECK_RESULTS,
  CONNECTION_CHECKS,
  SITE_VERIFICATION_PATTERN,
  TEMPLATE_DIFFERENCES,
  WEBHOOK_HEALTH,
} from "../domain/messaging/zalo-link";
import { Instant } from "./common";
import { OaStatus } from "./messaging";

const ParamType = z.enum(Object.keys(ZNS_PARAM_TYPES) as [keyof typeof ZNS_PARAM_TYPES, ...(keyof typeof ZNS_PARAM_TYPES)[]]);

export const ConnectionCheckView = z
  .object({
    checks: z.array(z.object({ check: z.enum(CONNECTION_CHECKS), result: z.enum(CHECK_RESULTS), zaloError: z.number().int().nullable() })),
    /** Read during the check: the OA's name as Zalo gives it, and the ZNS quota it reports. */
    oaName: z.string().nullable(),
    dailyQuota: z.number().int().nullable(),
    remainingQuota: z.number().int().nullable(),
    at: Instant,
  })
  .meta({ id: "ConnectionCheck" });

export const ZaloLinkView = z
  .object({
    transport: z.enum(["sandbox", "zalo"]),
    oa: OaStatus,
    /** From the last successful check (Zalo does not give it with the tokens). */
    oaName: z.string().nullable(),
    /** The OA's daily ZNS quota as Zalo last reported it (change_oa_daily_quota or a check), and when. */
    dailyQuota: z.number().int().nullable(),
    dailyQuotaAt: Instant.nullable(),
    webhook: z.object({
      /** To paste into Zalo's developer console as the webhook URL. */
      url: z.string(),
      health: z.enum(WEBHOOK_HEALTH),
      lastEventAt: Instant.nullable(),
      lastEventName: z.string().nullable(),
      /** The last event refused for its signature: events arrive but the OA secret differs. */
      lastRejectedAt: Instant.nullable(),
    }),
    siteVerification: z.object({
      code: z.string().nullable(),
      /** The file Zalo fetches, served by this server once the code is saved. */
      fileUrl: z.string().nullable(),
      metaTag: z.string().nullable(),
    }),
    miniApp: z.object({ appId: z.string().nullable(), deepLinkBase: z.string() }),
    lastCheck: ConnectionCheckView.nullable(),
  })
  .meta({ id: "ZaloLink" });

export const SiteVerificationInput = z
  .object({
    /** The code from Zalo's "Xác thực tên miền", or null to remove it. */
    code: z.string().regex(SITE_VERIFICATION_PATTERN).nullable(),
  })
  .meta({ id: "SiteVerificationInput" });

const SyncTemplate = z.object({
  templateId: z.string(),
  name: z.string(),
  status: z.string(),
  quality: z.string().nullable(),
  params: z.array(z.object({ name: z.string(), maxLength: z.number().int().nullable(), required: z.boolean() })),
});
const Registered = { registeredId: z.string(), registeredName: z.string() };

export const TemplateSyncView = z
  .object({
    items: z.array(
      z.discriminatedUnion("state", [
        z.object({ state: z.literal("matches"), template: SyncTemplate, ...Registered }),
        z.object({
          state: z.literal("differs"),
          template: SyncTemplate,
          ...Registered,
          differences: z.array(
            z.object({
              code: z.enum(TEMPLATE_DIFFERENCES),
              param: z.string().optional(),
              ours: z.number().int().optional(),
              zalo: z.number().int().optional(),
            }),
          ),
        }),
        z.object({
          state: z.literal("new"),
          template: SyncTemplate,
          suggested: z.array(z.object({ name: z.string(), type: ParamType })),
        }),
        z.object({ state: z.literal("missing_at_zalo"), znsTemplateId: z.string(), ...Registered }),
      ]),
    ),
    at: Instant,
  })
  .meta({ id: "TemplateSync" });

/** Builds the messaging pipeline from the environment: transport, quotas, worker settings. */
import { devIdentityEnabled, type Env } from "../../env";
import type { Db } from "../../db/client";
import type { MiniAppNotifyConfig } from "../../zalo/miniapp-notification";
import { refreshOaToken, type OauthConfig } from "../../zalo/oa-token";
import { signAskToken } from "../../../domain/surveys/ask-token";
import { surveyMac } from "../surveys/definitions";
import { oaTokenStore } from "./oa-token-store";
import { surveyRatings, znsAskDeliveries } from "./survey-delivery";
import { sandboxTransport, zaloTransport } from "./transports";
import type { MessagingConfig, MessagingDeps, WebhookSecrets } from "./types";

/** Used to sign the sandbox's simulated events when no real OA secret is configured. */
export const SANDBOX_WEBHOOK: WebhookSecrets = { appId: "sandbox", oaSecret: "sandbox-webhook-secret" };

/**
 * The key the webhook verifies Zalo's events with. The sandbox's key is in this repository, so
 * anyone could sign with it: it is accepted only in dev identity mode (no ZALO_APP_SECRET). A
 * real app without ZALO_OA_SECRET gets null — every event refused — and start-up says so.
 */
export function webhookSecrets(env: Pick<Env, "ZALO_APP_ID" | "ZALO_APP_SECRET" | "ZALO_OA_SECRET">): WebhookSecrets | null {
  if (env.ZALO_APP_ID && env.ZALO_OA_SECRET) return { appId: env.ZALO_APP_ID, oaSecret: env.ZALO_OA_SECRET };
  return devIdentityEnabled(env) ? SANDBOX_WEBHOOK : null;
}

const oauthOf = (env: Env): OauthConfig => ({
  oauthUrl: env.ZALO_OAUTH_URL,
  appId: env.ZALO_APP_ID!,
  appSecret: env.ZALO_APP_SECRET!,
  timeoutMs: env.ZALO_TIMEOUT_MS,
});

/** The OA token store (encrypted with TOKEN_ENCRYPTION_KEY); the transport and the console's connect share its rows. */
function oaStore(env: Env, db: Db, now: () => number, log: MessagingDeps["log"]) {
  const oauth = oauthOf(env);
  return oaTokenStore(db, Buffer.from(env.TOKEN_ENCRYPTION_KEY!, "hex"), now, (refreshToken) => refreshOaToken(oauth, refreshToken), {
    log,
  });
}

/** Connecting the OA from the console: with the Zalo transport only (it alone needs the app's secret and the key). */
export function oaConnectFromEnv(env: Env, db: Db, now: () => number, log: MessagingDeps["log"]) {
  if (env.ZNS_TRANSPORT !== "zalo") return null;
  return {
    oauth: oauthOf(env),
    store: oaStore(env, db, now, log),
    api: { znsUrl: env.ZALO_ZNS_URL, openapiUrl: env.ZALO_OPENAPI_URL, timeoutMs: env.ZALO_TIMEOUT_MS },
  };
}

/** The Mini App notification client's settings, or null when any is missing (the channel's messages then fail as not configured). */
export function miniAppNotifyOf(env: Env): MiniAppNotifyConfig | null {
  const { ZALO_MINIAPP_ID: miniAppId, ZALO_MINIAPP_API_KEY: apiKey, ZALO_MINIAPP_NOTIFY_TEMPLATE_ID: templateId } = env;
  if (!miniAppId || !apiKey || !templateId) return null;
  return { url: env.ZALO_MINIAPP_NOTIFY_URL, miniAppId, apiKey, templateId, timeoutMs: env.ZALO_TIMEOUT_MS };
}

/** `sessionSecret`: the server's key, which also signs survey tokens (the links of zns_link asks). */
export function messagingFromEnv(env: Env, db: Db, now: () => number, log: MessagingDeps["log"], sessionSecret: string): MessagingDeps {
  // The sandbox hands its simulated events straight to the handler, signed with its own key:
  // they never come over HTTP, so that key opens nothing when the route refuses it.
  const secrets = webhookSecrets(env) ?? SANDBOX_WEBHOOK;
  const transport =
    env.ZNS_TRANSPORT === "zalo"
      ? zaloTransport(
          { znsUrl: env.ZALO_ZNS_URL, timeoutMs: env.ZALO_TIMEOUT_MS, miniApp: miniAppNotifyOf(env) },
          oaStore(env, db, now, log),
        )
      : sandboxTransport(db, now, secrets);
  const config: MessagingConfig = {
    transport,
    dailyQuota: env.ZNS_DAILY_QUOTA,
    promoSharePercent: env.ZNS_PROMO_SHARE_PERCENT,
    ratePerSecond: env.ZNS_RATE_PER_SECOND,
    batchSize: env.MESSAGE_BATCH_SIZE,
    // Until its call starts, a claimed message waits for a send slot and the rate limit: long
    // enough for the whole batch at that rate, each call at most ZALO_TIMEOUT_MS, one after the
    // other. The worker claims its next batch while at most sendConcurrency calls of the last are
    // in flight (docs/messaging.md#send-slots): on 8 slots a batch is through long before. A claim whose
    // lease ran out is taken over, never sent twice (its call start is conditional on the lease),
    // and after a crash its unsent messages go again when it ends.
    leaseMs: env.MESSAGE_BATCH_SIZE * (env.ZALO_TIMEOUT_MS + (env.ZNS_RATE_PER_SECOND > 0 ? 1000 / env.ZNS_RATE_PER_SECOND : 0)) + 2_000,
    // From the call's start: the HTTP timeout plus a margin for a busy process to record the answer.
    callLeaseMs: env.ZALO_TIMEOUT_MS + 5_000,
    reconcileMs: env.ZNS_RECONCILE_SECONDS * 1000,
    maxAttempts: 8,
    random: Math.random,
    ...(env.PUBLIC_URL?.startsWith("https://") && { clickLinkBase: env.PUBLIC_URL }),
  };
  const mac = surveyMac(sessionSecret);
  return {
    db,
    now,
    config,
    log,
    // ZNS service ratings become CSAT answers; ZNS survey asks go out through this queue (survey-delivery.ts).
    ratings: surveyRatings,
    // The short token: a ZNS URL parameter holds 200 characters, a full signed token over 500.
    surveyDeliveries: znsAskDeliveries({ token: (ask) => signAskToken(ask.id, mac) }),
  };
}

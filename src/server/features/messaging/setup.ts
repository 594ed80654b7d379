/** Builds the messaging pipeline from the environment: transport, quotas, worker settings. */
import type { Env } from "../../env";
import type { Db } from "../../db/client";
import { refreshOaToken } from "../../zalo/oa-token";
import { oaTokenStore } from "./oa-token-store";
import { sandboxTransport, zaloTransport } from "./transports";
import type { MessagingConfig, MessagingDeps, WebhookSecrets } from "./types";

/** Used to sign the sandbox's simulated events when no real OA secret is configured. */
export const SANDBOX_WEBHOOK: WebhookSecrets = { appId: "sandbox", oaSecret: "sandbox-webhook-secret" };

export function webhookSecrets(env: Pick<Env, "ZALO_APP_ID" | "ZALO_OA_SECRET">): WebhookSecrets {
  return env.ZALO_APP_ID && env.ZALO_OA_SECRET ? { appId: env.ZALO_APP_ID, oaSecret: env.ZALO_OA_SECRET } : SANDBOX_WEBHOOK;
}

export function messagingFromEnv(env: Env, db: Db, now: () => number, log: MessagingDeps["log"]): MessagingDeps {
  const secrets = webhookSecrets(env);
  const transport =
    env.ZNS_TRANSPORT === "zalo"
      ? zaloTransport(
          { znsUrl: env.ZALO_ZNS_URL, timeoutMs: env.ZALO_TIMEOUT_MS },
          oaTokenStore(db, Buffer.from(env.TOKEN_ENCRYPTION_KEY!, "hex"), now, (refreshToken) =>
            refreshOaToken(
              { oauthUrl: env.ZALO_OAUTH_URL, appId: env.ZALO_APP_ID!, appSecret: env.ZALO_APP_SECRET!, timeoutMs: env.ZALO_TIMEOUT_MS },
              refreshToken,
            ),
          ),
        )
      : sandboxTransport(db, now, secrets);
  const config: MessagingConfig = {
    transport,
    dailyQuota: env.ZNS_DAILY_QUOTA,
    promoSharePercent: env.ZNS_PROMO_SHARE_PERCENT,
    ratePerSecond: env.ZNS_RATE_PER_SECOND,
    batchSize: env.MESSAGE_BATCH_SIZE,
    // Long enough to send the whole claimed batch at the configured rate, each call at most
    // ZALO_TIMEOUT_MS; a lease that ran out would make a live claim look crashed.
    leaseMs: env.MESSAGE_BATCH_SIZE * (env.ZALO_TIMEOUT_MS + (env.ZNS_RATE_PER_SECOND > 0 ? 1000 / env.ZNS_RATE_PER_SECOND : 0)) + 2_000,
    reconcileMs: env.ZNS_RECONCILE_SECONDS * 1000,
    maxAttempts: 8,
    random: Math.random,
  };
  return { db, now, config, log };
}

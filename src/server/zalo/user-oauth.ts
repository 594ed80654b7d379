import { callZalo, type ZaloOutcome } from "./http";
import type { OauthConfig } from "./oa-token";

/**
 * Zalo social login for a person (docs/zalo.md#oa-token: "user (social) tokens use /v4/access_token
 * instead" of the OA's /v4/oa/…): the same OAuth v4 with PKCE as the OA connect, at the user
 * paths. The token it gives is used once, for Graph /me (zalo/identity.ts), and then dropped.
 */
export function userConsentUrl(config: Pick<OauthConfig, "oauthUrl" | "appId">, redirectUri: string, challenge: string, state: string) {
  const query = new URLSearchParams({ app_id: config.appId, redirect_uri: redirectUri, code_challenge: challenge, state });
  return `${config.oauthUrl.replace(/\/+$/, "")}/v4/permission?${query}`;
}

/** The code Zalo sent to our callback, with the PKCE verifier, for the person's access token. */
export async function exchangeUserCode(config: OauthConfig, code: string, codeVerifier: string): Promise<ZaloOutcome<string>> {
  const out = await callZalo(
    config.fetch ?? fetch,
    `${config.oauthUrl.replace(/\/+$/, "")}/v4/access_token`,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", secret_key: config.appSecret },
      body: new URLSearchParams({ code, app_id: config.appId, grant_type: "authorization_code", code_verifier: codeVerifier }),
    },
    config.timeoutMs,
  );
  if (!out.ok) return out;
  const token = out.value.access_token;
  return typeof token === "string" && token ? { ok: true, value: token } : { ok: false, kind: "unavailable", message: "no access_token" };
}

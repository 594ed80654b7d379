import { createHash } from "node:crypto";
import { callZalo, type FetchFn, type ZaloOutcome } from "./http";

export type OaTokens = { accessToken: string; refreshToken: string; expiresInSeconds: number };

export type OauthConfig = { oauthUrl: string; appId: string; appSecret: string; timeoutMs: number; fetch?: FetchFn };

/**
 * Refreshes the OA access token (docs/zalo.md#oa-token, from Zalo's PHP SDK OAuth2Client):
 * POST {oauth}/v4/oa/access_token, form-encoded, header `secret_key`. Refresh tokens are
 * single-use: the caller must persist the new one at once (oa-token-store.ts does, under a
 * lease on the token row, never inside a transaction). `expires_in` arrives as a string.
 */
export async function refreshOaToken(config: OauthConfig, refreshToken: string): Promise<ZaloOutcome<OaTokens>> {
  const out = await callZalo(
    config.fetch ?? fetch,
    `${config.oauthUrl.replace(/\/+$/, "")}/v4/oa/access_token`,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", secret_key: config.appSecret },
      body: new URLSearchParams({ refresh_token: refreshToken, app_id: config.appId, grant_type: "refresh_token" }),
    },
    config.timeoutMs,
  );
  return out.ok ? tokensOf(out.value) : out;
}

/** PKCE S256 (RFC 7636): base64url(SHA-256(verifier)), no padding — what Zalo's consent URL takes. */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/**
 * Where the admin's browser goes to grant the app access to the OA (docs/zalo.md#oa-token):
 * {oauth}/v4/oa/permission with app_id, redirect_uri, code_challenge and state.
 */
export function oaConsentUrl(
  config: Pick<OauthConfig, "oauthUrl" | "appId">,
  redirectUri: string,
  challenge: string,
  state: string,
): string {
  const query = new URLSearchParams({ app_id: config.appId, redirect_uri: redirectUri, code_challenge: challenge, state });
  return `${config.oauthUrl.replace(/\/+$/, "")}/v4/oa/permission?${query}`;
}

/** The first grant: the code Zalo sent to our callback, with the PKCE verifier, for the first pair. */
export async function exchangeOaCode(config: OauthConfig, code: string, codeVerifier: string): Promise<ZaloOutcome<OaTokens>> {
  const out = await callZalo(
    config.fetch ?? fetch,
    `${config.oauthUrl.replace(/\/+$/, "")}/v4/oa/access_token`,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", secret_key: config.appSecret },
      body: new URLSearchParams({ code, app_id: config.appId, grant_type: "authorization_code", code_verifier: codeVerifier }),
    },
    config.timeoutMs,
  );
  return out.ok ? tokensOf(out.value) : out;
}

function tokensOf(value: Record<string, unknown>): ZaloOutcome<OaTokens> {
  const { access_token, refresh_token, expires_in } = value;
  const expires = Number(expires_in);
  if (typeof access_token !== "string" || typeof refresh_token !== "string" || !Number.isFinite(expires) || expires <= 0) {
    return { ok: false, kind: "unavailable", message: "token response missing fields" };
  }
  return { ok: true, value: { accessToken: access_token, refreshToken: refresh_token, expiresInSeconds: expires } };
}

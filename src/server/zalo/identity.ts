import { createHmac } from "node:crypto";
import { cleanName } from "../../domain/text/text";
import { callZalo, type FetchFn, type ZaloOutcome } from "./http";

/** `name: null` means "unknown, keep what we have" (dev tokens without a name). */
export type ZaloProfile = { zaloId: string; name: string | null; avatarUrl: string | null };

/** How the server learns who a Mini App user is. Real: the Graph API. Dev: trusted tokens. */
export interface ZaloIdentity {
  readonly mode: "graph" | "dev";
  verifyUser(accessToken: string): Promise<ZaloOutcome<ZaloProfile>>;
  /** Exchanges a getPhoneNumber() token for the number as Zalo returns it (84…). */
  exchangePhone(accessToken: string, phoneToken: string): Promise<ZaloOutcome<string>>;
}

/** Longest display name kept from a Zalo profile. */
const NAME_MAX_CHARS = 100;

export type GraphConfig = { graphUrl: string; appSecret: string; timeoutMs: number; fetch?: FetchFn };

/** appsecret_proof = hex(HMAC-SHA256(key = app secret, msg = access token)), docs/zalo.md#graph-me. */
export function appSecretProof(appSecret: string, accessToken: string): string {
  return createHmac("sha256", appSecret).update(accessToken).digest("hex");
}

export function graphIdentity(config: GraphConfig): ZaloIdentity {
  const fetchFn = config.fetch ?? fetch;
  const base = config.graphUrl.replace(/\/+$/, "");
  return {
    mode: "graph",
    async verifyUser(accessToken) {
      const out = await callZalo(
        fetchFn,
        `${base}/v2.0/me?fields=id,name,picture`,
        {
          method: "GET",
          headers: { access_token: accessToken, appsecret_proof: appSecretProof(config.appSecret, accessToken) },
        },
        config.timeoutMs,
      );
      if (!out.ok) return out;
      const { id, name, picture } = out.value as { id?: unknown; name?: unknown; picture?: { data?: { url?: unknown } } };
      if ((typeof id !== "string" && typeof id !== "number") || String(id).length === 0) {
        return { ok: false, kind: "unavailable", message: "profile without id" };
      }
      const url = picture?.data?.url;
      // The name is shown to cashiers and managers and sent in ZNS messages: no bidi tricks,
      // invisible or control characters (domain/text/text.ts).
      const clean = typeof name === "string" ? cleanName(name, NAME_MAX_CHARS) : "";
      return {
        ok: true,
        value: {
          zaloId: String(id),
          name: clean || "Thành viên",
          avatarUrl: typeof url === "string" && /^https:\/\//.test(url) ? url : null,
        },
      };
    },
    async exchangePhone(accessToken, phoneToken) {
      const out = await callZalo(
        fetchFn,
        `${base}/v2.0/me/info`,
        {
          method: "GET",
          headers: {
            access_token: accessToken,
            code: phoneToken,
            secret_key: config.appSecret,
            appsecret_proof: appSecretProof(config.appSecret, accessToken),
          },
        },
        config.timeoutMs,
      );
      if (!out.ok) return out;
      const number = (out.value.data as { number?: unknown } | undefined)?.number;
      if (typeof number !== "string" && typeof number !== "number") {
        return { ok: false, kind: "unavailable", message: "response without data.number" };
      }
      return { ok: true, value: String(number) };
    },
  };
}

const DEV_USER = /^dev:([A-Za-z0-9_-]{1,64})(?:\|(.{1,100}))?$/s;
const DEV_PHONE = /^dev-phone:(\+?\d{9,13})$/;

/**
 * Dev identity: only constructed when no Zalo app secret is configured (see env.ts).
 * Tokens are `dev:<id>` (optionally `dev:<id>|<name>`) and `dev-phone:<number>`, made by the
 * Mini App's dev fallbacks because zmp-sdk returns empty tokens outside Zalo.
 */
export function devIdentity(): ZaloIdentity {
  return {
    mode: "dev",
    async verifyUser(accessToken) {
      const m = DEV_USER.exec(accessToken);
      if (!m) return { ok: false, kind: "rejected", message: "not a dev token (expected dev:<id>)" };
      const id = m[1]!;
      return { ok: true, value: { zaloId: `dev-${id}`, name: cleanName(m[2] ?? "", NAME_MAX_CHARS) || null, avatarUrl: null } };
    },
    async exchangePhone(_accessToken, phoneToken) {
      const m = DEV_PHONE.exec(phoneToken);
      if (!m) return { ok: false, kind: "rejected", message: "not a dev phone token (expected dev-phone:<number>)" };
      return { ok: true, value: m[1]! };
    },
  };
}

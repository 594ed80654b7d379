import type { Logger } from "pino";
import type { Role } from "../../domain/identity/roles";
import type { Database } from "../db/client";
import type { GraphConfig, ZaloIdentity } from "../zalo/identity";
import type { MessagingDeps, WebhookSecrets } from "../features/messaging/types";
import type { OaTokenStore } from "../features/messaging/oa-token-store";
import type { OauthConfig } from "../zalo/oa-token";
import type { SessionCheck } from "./session-check";
import type { Limiters, RateLimitTable } from "./rate-limits";
import type { Metrics } from "../ops/metrics";
import type { Ops } from "../ops/lifecycle";

/** Where the OA's own calls go (ZNS and the OA OpenAPI): "check connection" and the template sync. */
export type ZaloApiConfig = { znsUrl: string; openapiUrl: string; timeoutMs: number };

/** What a request made with a store's POS API key acts as: one store of one brand (http/api-key.ts). */
export type PosKey = { id: string; prefix: string; name: string; brandId: string; storeId: string };

export type Auth = { userId: string; brandId: string; role: Role; sessionId: string };

/** The signed-in user's active membership, set by requireMember on the routes that need one. */
export type MemberRef = { id: string; brandId: string; tier: string; userId: string };

/** Everything a request handler may touch, passed in once so tests can swap any of it. */
export type Deps = {
  database: Database;
  identity: ZaloIdentity;
  log: Logger;
  /** Milliseconds since the epoch. Injected so tests can move time. */
  now: () => number;
  /** The message queue's worker settings and transport (sandbox or zalo). */
  messaging: MessagingDeps;
  /**
   * Connecting the OA from the console (OAuth v4 with PKCE): the app's OAuth settings and the
   * store the tokens go to. Absent: not possible here (sandbox, or no app id/secret/key).
   */
  oaConnect?: { oauth: OauthConfig; store: OaTokenStore; api: ZaloApiConfig } | null;
  /** This process's metrics, role and shutdown state (server.ts); absent: an app made by a test, with metrics of its own. */
  ops?: Ops;
  /**
   * Console users' Zalo login (OAuth v4 with PKCE, then Graph /me; docs/decisions/0040,
   * addendum): the Zalo app's OAuth settings and where Graph is. Absent: not offered (dev
   * identity mode, no Zalo app configured).
   */
  zaloLogin?: { oauth: OauthConfig; graph: GraphConfig } | null;
  config: {
    sessionSecret: string;
    devIdentity: boolean;
    maxBodyBytes: number;
    brandSlug: string;
    publicUrl: string;
    corsOrigins: string[];
    version: string;
    /** Where the built Mini App (www/) and console (dist/console/) are; null: API only. */
    staticRoot: string | null;
    /** Official Account id for interactOA prompts; null when not configured. */
    oaId: string | null;
    /** Verifies Zalo's webhook events; null: none can be (real app, no ZALO_OA_SECRET), all refused. */
    webhook: WebhookSecrets | null;
    /** How long a process trusts a session's state it has read (default SESSION_CHECK_TTL_MS). */
    sessionCheckTtlMs?: number;
    /** Every route's rate limit (default RATE_LIMITS, http/rate-limit.ts). */
    rateLimits?: RateLimitTable;
    /**
     * The ledger export's ceiling (default LEDGER_EXPORT_MAX_ROWS, decision 0021): the file streams
     * in batches (decision 0047), so memory does not set it; bench:export raises it to 1,000,000.
     */
    ledgerExportMaxRows?: number;
    /** Proxies in front of the API whose X-Forwarded-For is trusted for the caller's address (0: none). */
    trustProxyHops?: number;
  };
};

export type AppEnv = {
  Variables: {
    requestId: string;
    auth: Auth;
    member: MemberRef;
    deps: Deps;
    /** This process's view of which sessions are live (http/session-check.ts). */
    sessions: SessionCheck;
    /** This app's rate limiters (shared through the database on PostgreSQL). */
    limiters: Limiters;
    /** This process's metrics (ops/metrics.ts). */
    metrics: Metrics;
    /** A POS request's API key: the store and brand it acts for (http/api-key.ts). */
    posKey: PosKey;
  };
};

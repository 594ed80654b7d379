import pino, { type Logger } from "pino";
import { endpointUrl, successStatuses, type Endpoint, type EndpointInput, type EndpointOutput } from "../../src/contract/endpoint";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { memberEndpoints } from "../../src/contract/endpoints/members";
import { ErrorBody } from "../../src/contract/errors";
import type { Database } from "../../src/server/db/client";
import { createApp } from "../../src/server/app";
import { SANDBOX_WEBHOOK } from "../../src/server/features/messaging/setup";
import { sandboxTransport } from "../../src/server/features/messaging/transports";
import type { WebhookSecrets } from "../../src/server/features/messaging/types";
import type { Deps } from "../../src/server/http/context";
import { scaledLimits, type RateLimitTable } from "../../src/server/http/rate-limits";
import { devIdentity, type ZaloIdentity } from "../../src/server/zalo/identity";
import { freshDatabase } from "./db";

export const TEST_SESSION_SECRET = "test-session-secret-0123456789abcdef";

/** A controllable clock: tests move time instead of sleeping. */
export class TestClock {
  constructor(public ms = Date.parse("2026-11-23T09:00:00.000Z")) {}
  now = () => this.ms;
  advance(ms: number) {
    this.ms += ms;
  }
  set(ms: number) {
    this.ms = ms;
  }
}

export type TestApi = {
  deps: Deps;
  database: Database;
  clock: TestClock;
  /** JSON request through the real HTTP stack (routing, validation, auth, errors). */
  call(
    method: string,
    path: string,
    opts?: { body?: unknown; token?: string; headers?: Record<string, string>; rawBody?: string | Uint8Array },
  ): Promise<{ status: number; body: any; headers: Headers; /** The body's bytes as sent (a BOM included). */ bytes: Uint8Array }>;
  /**
   * A call by endpoint that must succeed: the status is one of the endpoint's success statuses and
   * the body matches its response schema (else the test fails here, saying what came back). The
   * body is the one sent, typed by the contract.
   */
  ok<E extends Endpoint>(endpoint: E, ...args: CallArgs<E>): Promise<{ status: number; body: EndpointOutput<E> }>;
  /** A call by endpoint that must fail with the contract's error body (status 4xx or 5xx). */
  refused<E extends Endpoint>(endpoint: E, ...args: CallArgs<E>): Promise<{ status: number; body: ErrorBody }>;
  /**
   * A second API process on the same database: its own app, so its own per-process caches
   * (session checks) and limiters, sharing only what the database shares.
   */
  anotherProcess(): Pick<TestApi, "call" | "ok" | "refused">;
  close(): Promise<void>;
};

type CallInput<E extends Endpoint> = EndpointInput<E> & { token?: string; headers?: Record<string, string> };
/** The input may be left out when the endpoint needs none (no path parameters, no body). */
type CallArgs<E extends Endpoint> = Record<never, never> extends EndpointInput<E> ? [input?: CallInput<E>] : [input: CallInput<E>];

export type TestApiOptions = {
  identity?: ZaloIdentity;
  devIdentity?: boolean;
  maxBodyBytes?: number;
  sessionCheckTtlMs?: number;
  /** The webhook's key; null: a real app without ZALO_OA_SECRET (default: the sandbox's). */
  webhook?: WebhookSecrets | null;
  /**
   * Limits to change from the test defaults: every limit ×1000 (RATE_LIMITS), so tests making
   * many calls never meet one, while a test of the limits sets a few low ones.
   */
  rateLimits?: Partial<RateLimitTable>;
  trustProxyHops?: number;
  /** The app's logger (silent unless a test captures what is logged). */
  log?: Logger;
  /** The brand the API serves (default the seeded "demo"); a test that needs a brand of its own creates it first. */
  brandSlug?: string;
};

export async function testApi(opts: TestApiOptions = {}): Promise<TestApi> {
  const database = await freshDatabase();
  const clock = new TestClock();
  const deps: Deps = {
    database,
    identity: opts.identity ?? devIdentity(),
    log: opts.log ?? pino({ level: "silent" }),
    now: clock.now,
    messaging: {
      db: database.db,
      now: clock.now,
      config: {
        transport: sandboxTransport(database.db, clock.now, SANDBOX_WEBHOOK, { deliveryDelayMs: 0 }),
        dailyQuota: 5_000,
        promoSharePercent: 50,
        ratePerSecond: 0,
        batchSize: 50,
        leaseMs: 60_000,
        callLeaseMs: 30_000,
        reconcileMs: 600_000,
        maxAttempts: 5,
        random: () => 0.5,
      },
    },
    config: {
      sessionSecret: TEST_SESSION_SECRET,
      devIdentity: opts.devIdentity ?? !opts.identity,
      maxBodyBytes: opts.maxBodyBytes ?? 65_536,
      brandSlug: opts.brandSlug ?? "demo",
      publicUrl: "http://localhost:3000",
      corsOrigins: ["https://h5.zdn.vn"],
      version: "test",
      staticRoot: null,
      oaId: null,
      webhook: opts.webhook === undefined ? SANDBOX_WEBHOOK : opts.webhook,
      sessionCheckTtlMs: opts.sessionCheckTtlMs,
      rateLimits: { ...scaledLimits(1000), ...opts.rateLimits },
      trustProxyHops: opts.trustProxyHops ?? 0,
    },
  };
  const api: TestApi = {
    deps,
    database,
    clock,
    ...clientOf(createApp(deps)),
    anotherProcess: () => clientOf(createApp(deps)),
    close: () => database.close(),
  };
  return api;
}

type Client = Pick<TestApi, "call" | "ok" | "refused">;

/** Calls through one app instance (one API process's routing, caches and limiters). */
function clientOf(app: ReturnType<typeof createApp>): Client {
  async function byEndpoint(endpoint: Endpoint, input: unknown) {
    const { params, query, body, token, headers } = (input ?? {}) as {
      params?: Record<string, string>;
      query?: Record<string, unknown>;
      body?: unknown;
      token?: string;
      headers?: Record<string, string>;
    };
    const where = `${endpoint.method.toUpperCase()} ${endpoint.path}`;
    const res = await client.call(endpoint.method.toUpperCase(), endpointUrl(endpoint, { params, query }), { body, token, headers });
    return { where, res };
  }
  const client: Client = {
    async ok(endpoint, ...[input]) {
      const { where, res } = await byEndpoint(endpoint, input);
      const expected = successStatuses(endpoint);
      if (!(expected as number[]).includes(res.status))
        throw new Error(`${where}: expected ${expected.join(" or ")}, got ${res.status} ${JSON.stringify(res.body)}`);
      const checked = endpoint.response?.safeParse(res.body);
      if (checked && !checked.success) throw new Error(`${where}: the body does not match the contract: ${checked.error.message}`);
      return res;
    },
    async refused(endpoint, ...[input]) {
      const { where, res } = await byEndpoint(endpoint, input);
      if (res.status < 400) throw new Error(`${where}: expected a refusal, got ${res.status} ${JSON.stringify(res.body)}`);
      return { status: res.status, body: ErrorBody.parse(res.body) };
    },
    async call(method, path, { body, token, headers = {}, rawBody } = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (rawBody !== undefined || body !== undefined) {
        (init.headers as Record<string, string>)["content-type"] ??= "application/json";
        init.body = (rawBody ?? JSON.stringify(body)) as BodyInit;
      }
      if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
      const res = await app.request(`/api${path}`, init);
      const bytes = new Uint8Array(await res.arrayBuffer());
      // Decoding keeps a byte order mark as U+FEFF; a JSON body never has one.
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      return { status: res.status, body: parsed, headers: res.headers, bytes };
    },
  };
  return client;
}

/** Signs in a dev user and enrols them; returns their session and card. `name` null: Zalo gave none. */
export async function enrolledMember(api: TestApi, id: string, name: string | null = "Khách Test") {
  const login = await api.ok(authEndpoints.zaloLogin, { body: { accessToken: name === null ? `dev:${id}` : `dev:${id}|${name}` } });
  const terms = await api.ok(memberEndpoints.terms);
  const enrol = await api.ok(memberEndpoints.enrol, {
    token: login.body.session.accessToken,
    body: { termsVersion: terms.body.version, accepted: true },
  });
  if (enrol.status !== 201) throw new Error(`enrol failed: ${JSON.stringify(enrol.body)}`);
  return { session: login.body.session, user: login.body.user, card: enrol.body.card };
}

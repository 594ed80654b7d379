import pino from "pino";
import type { Database } from "../../src/server/db/client";
import { createApp } from "../../src/server/app";
import { SANDBOX_WEBHOOK } from "../../src/server/features/messaging/setup";
import { sandboxTransport } from "../../src/server/features/messaging/transports";
import type { Deps } from "../../src/server/http/context";
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
  call(method: string, path: string, opts?: { body?: unknown; token?: string; headers?: Record<string, string>; rawBody?: string }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
};

export async function testApi(opts: { identity?: ZaloIdentity; devIdentity?: boolean; maxBodyBytes?: number } = {}): Promise<TestApi> {
  const database = await freshDatabase();
  const clock = new TestClock();
  const deps: Deps = {
    database,
    identity: opts.identity ?? devIdentity(),
    log: pino({ level: "silent" }),
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
        reconcileMs: 600_000,
        maxAttempts: 5,
        random: () => 0.5,
      },
    },
    config: {
      sessionSecret: TEST_SESSION_SECRET,
      devIdentity: opts.devIdentity ?? !opts.identity,
      maxBodyBytes: opts.maxBodyBytes ?? 65_536,
      brandSlug: "demo",
      publicUrl: "http://localhost:3000",
      corsOrigins: ["https://h5.zdn.vn"],
      version: "test",
      staticRoot: null,
      oaId: null,
      webhook: SANDBOX_WEBHOOK,
    },
  };
  const app = createApp(deps);
  return {
    deps,
    database,
    clock,
    async call(method, path, { body, token, headers = {}, rawBody } = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (rawBody !== undefined || body !== undefined) {
        (init.headers as Record<string, string>)["content-type"] ??= "application/json";
        init.body = rawBody ?? JSON.stringify(body);
      }
      if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
      const res = await app.request(`/api${path}`, init);
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      return { status: res.status, body: parsed };
    },
    close: () => database.close(),
  };
}

/** Signs in a dev user and enrols them; returns their session and card. */
export async function enrolledMember(api: TestApi, id: string, name = "Khách Test") {
  const login = await api.call("POST", "/auth/zalo", { body: { accessToken: `dev:${id}|${name}` } });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  const terms = await api.call("GET", "/terms");
  const enrol = await api.call("POST", "/members", {
    token: login.body.session.accessToken,
    body: { termsVersion: terms.body.version, accepted: true },
  });
  if (enrol.status !== 201) throw new Error(`enrol failed: ${JSON.stringify(enrol.body)}`);
  return { session: login.body.session, user: login.body.user, card: enrol.body.card };
}

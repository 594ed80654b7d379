import { z } from "zod";
import { ProcessRole } from "../contract/health";

/**
 * The only place that reads process.env. Parsed once at start-up; a bad value stops the
 * process with a message naming the variable.
 */
const optionalUrl = z.url({ protocol: /^https?$/ }).optional();
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    /** Public base URL, used in console sign-in links and deep links. */
    PUBLIC_URL: optionalUrl,
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    DATA_DIR: z.string().min(1).default("./data"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Default: true in dev identity mode, false once a real Zalo app secret is set (see below). */
    SEED_DEMO: bool.optional(),
    BRAND_SLUG: z
      .string()
      .regex(/^[a-z0-9-]{2,40}$/)
      .default("demo"),
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(65_536),
    /** Multiplies every rate limit (src/server/http/rate-limit.ts RATE_LIMITS); benchmarks raise it. */
    RATE_LIMIT_MULTIPLIER: z.coerce.number().positive().max(1_000_000).default(1),
    /** The ledger export's row ceiling (decision 0021; the contract's LEDGER_EXPORT_MAX_ROWS by default). */
    LEDGER_EXPORT_MAX_ROWS: z.coerce.number().int().min(1).max(10_000_000).optional(),
    /** Proxies in front of the API (load balancer): their X-Forwarded-For gives the caller's address. */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
    /** Slow clients are cut after seconds, not Node's minutes (server.ts serveApp). */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    HTTP_KEEPALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
    /**
     * Origins allowed to call the API from a browser. Inside Zalo the Mini App runs on
     * https://h5.zdn.vn/zapps/<id> (docs/zalo.md#mini-app-urls), a different origin from the API.
     */
    CORS_ORIGINS: z
      .string()
      .default("https://h5.zdn.vn")
      .transform((v) =>
        v
          .split(",")
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url())),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    ZALO_APP_ID: z.string().min(1).optional(),
    ZALO_APP_SECRET: z.string().min(1).optional(),
    /** The brand's Official Account id: the Mini App passes it to zmp-sdk interactOA. Not a secret. */
    ZALO_OA_ID: z
      .string()
      .regex(/^[0-9]{1,32}$/)
      .optional(),
    ZALO_GRAPH_URL: z.url().default("https://graph.zalo.me"),
    ZALO_OAUTH_URL: z.url().default("https://oauth.zaloapp.com"),
    /** The OA OpenAPI (the OA's profile for the console's "check connection"). */
    ZALO_OPENAPI_URL: z.url().default("https://openapi.zalo.me"),
    ZALO_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** sandbox: messages land in the console's Sandbox inbox; zalo: the real ZNS API. */
    ZNS_TRANSPORT: z.enum(["sandbox", "zalo"]).default("sandbox"),
    ZALO_ZNS_URL: z.url().default("https://business.openapi.zalo.me"),
    /**
     * Mini App notifications (the second channel, ../shared/docs/zalo-platform.md §5.4), with
     * ZNS_TRANSPORT=zalo: the endpoint's base, the Mini App's id and Open-API key, and the
     * notification template registered for the Mini App. Unset: such messages fail as
     * miniapp_not_configured (the sandbox needs none of them).
     */
    ZALO_MINIAPP_NOTIFY_URL: z.url().default("https://openapi.mini.zalo.me"),
    ZALO_MINIAPP_ID: z.string().min(1).optional(),
    ZALO_MINIAPP_API_KEY: z.string().min(1).optional(),
    ZALO_MINIAPP_NOTIFY_TEMPLATE_ID: z.string().min(1).optional(),
    /** The OA secret key: signs Zalo's webhook events (X-ZEvent-Signature). */
    ZALO_OA_SECRET: z.string().min(1).optional(),
    /** 32 bytes as 64 hex characters: encrypts the OA tokens at rest. */
    TOKEN_ENCRYPTION_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes)")
      .optional(),
    ZNS_DAILY_QUOTA: z.coerce.number().int().min(1).default(5_000),
    ZNS_PROMO_SHARE_PERCENT: z.coerce.number().int().min(0).max(100).default(50),
    ZNS_RATE_PER_SECOND: z.coerce.number().min(0).default(10),
    /** How long a message in doubt waits for its delivery event before it is sent again. */
    ZNS_RECONCILE_SECONDS: z.coerce.number().int().min(1).default(900),
    /** Messages a worker claims at a time; its lease covers sending them all. */
    MESSAGE_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(50),
    /** Whether this process runs the message worker (several may; they share the queue). */
    MESSAGE_WORKER: bool.default(true),
    /**
     * What this process does (docs/deploying.md): all (HTTP, scheduler, worker: `npm start`), api
     * (HTTP only) or worker (scheduler and message worker; HTTP only for health and metrics), so API
     * and worker processes scale separately. `--role <name>` on the command line sets it too.
     */
    PROCESS_ROLE: ProcessRole.default("all"),
    /** The bearer token of GET /api/metrics; unset: metrics are not served. */
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    /** How long a shutdown waits for requests and sends in flight before it closes what is left. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(300_000).default(15_000),
  })
  .superRefine((env, ctx) => {
    // With a real Zalo secret, sessions must survive restarts and be shared by all API
    // processes, so the signing key cannot be a per-process random one.
    if (env.ZALO_APP_SECRET && !env.SESSION_SECRET) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required when ZALO_APP_SECRET is set" });
    }
    if (env.ZNS_TRANSPORT === "zalo") {
      for (const name of ["ZALO_APP_ID", "ZALO_APP_SECRET", "ZALO_OA_SECRET", "TOKEN_ENCRYPTION_KEY"] as const) {
        if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required when ZNS_TRANSPORT=zalo" });
      }
    }
    if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
      ctx.addIssue({ code: "custom", path: ["HTTP_HEADERS_TIMEOUT_MS"], message: "must not exceed HTTP_REQUEST_TIMEOUT_MS" });
    }
    if (env.ZALO_APP_SECRET && !env.ZALO_APP_ID) {
      ctx.addIssue({ code: "custom", path: ["ZALO_APP_ID"], message: "is required when ZALO_APP_SECRET is set" });
    } else if (env.ZALO_OA_SECRET && !env.ZALO_APP_ID) {
      // The webhook signature covers the app id too: without it the OA secret cannot verify anything.
      ctx.addIssue({ code: "custom", path: ["ZALO_APP_ID"], message: "is required when ZALO_OA_SECRET is set" });
    }
  })
  // Demo data (made-up members, phones that may be real people's) must never reach a real
  // deployment by default: with a real app secret, seeding is opt-in.
  .transform((env) => ({ ...env, SEED_DEMO: env.SEED_DEMO ?? !env.ZALO_APP_SECRET }));

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset: `FOO= npm start` should not mean "FOO is the empty string".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

/** `overrides`: what the command line set (main.ts `--role`), over the environment's own values. */
export function loadEnv(overrides: Record<string, string | undefined> = {}): Env {
  return parseEnv({ ...process.env, ...overrides });
}

export function devIdentityEnabled(env: Pick<Env, "ZALO_APP_SECRET">): boolean {
  return !env.ZALO_APP_SECRET;
}

/** What start-up must say about a configuration that runs but leaves something refused. */
export function startupWarnings(env: Env): string[] {
  const warnings: string[] = [];
  if (!devIdentityEnabled(env) && !env.ZALO_OA_SECRET) {
    warnings.push(
      "ZALO_OA_SECRET is not set: the Zalo webhook (/api/webhooks/zalo) cannot verify events and refuses every one " +
        "(delivery reports, template status, quota changes) until it is set.",
    );
  }
  return warnings;
}

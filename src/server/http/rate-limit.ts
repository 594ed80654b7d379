import type { Context, MiddlewareHandler } from "hono";
import type { IncomingMessage } from "node:http";
import type { AppEnv } from "./context";
import { fail } from "./errors";
import { RATE_LIMITS, type LimitName } from "./rate-limits";

/**
 * The caller's address: the socket's peer, or with `trustProxyHops` proxies in front (a load
 * balancer), the address the outermost of them saw, read from the right of X-Forwarded-For
 * (the left part is whatever the client claimed).
 */
export function clientAddress(c: Context<AppEnv>, trustProxyHops: number): string {
  if (trustProxyHops > 0) {
    const hops = (c.req.header("x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const seen = hops[hops.length - trustProxyHops];
    if (seen) return seen;
  }
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "unknown";
}

/** The route middleware: counts the call against `name` and answers 429 with Retry-After past it. */
export function rateLimit(name: LimitName): MiddlewareHandler<AppEnv> {
  const by = RATE_LIMITS[name].by;
  return async (c, next) => {
    // No closure per request: tsx names every function it creates (__name), which showed in profiles.
    const userId = by === "user" ? c.get("auth")?.userId : by === "key" ? c.get("posKey")?.id : undefined;
    const key = userId ?? clientAddress(c, c.get("deps").config.trustProxyHops ?? 0);
    const verdict = await c.get("limiters").consume(name, key);
    if (!verdict.ok) {
      c.header("retry-after", String(verdict.retryAfterSeconds));
      return fail(c, "rate_limited", `Too many requests; try again in ${verdict.retryAfterSeconds} s.`);
    }
    return next();
  };
}

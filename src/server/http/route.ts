import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { z } from "zod";
import { successStatuses, type Endpoint, type SuccessStatus } from "../../contract/endpoint";
import { ErrorBody } from "../../contract/errors";
import { XLSX_MEDIA_TYPE } from "../../contract/exports";
import { requireApiKey } from "./api-key";
import { requireAccess, type Access } from "./auth";
import type { AppEnv } from "./context";
import { rateLimit } from "./rate-limit";
import type { LimitName } from "./rate-limits";

type Responses = RouteConfig["responses"];

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const errorResponse = (description: string) => json(ErrorBody, description);

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

/**
 * createRoute with a mandatory `access` declaration. The access check is attached as the
 * route's first middleware and documented in the OpenAPI document (security + x-access), so
 * no route can exist without saying who may call it. `guards` run after it, when the caller
 * is known (e.g. requireMember); they are not part of the OpenAPI document.
 */
function routeConfig<const R extends Omit<RouteConfig, "middleware" | "security" | "responses"> & { responses: Responses }>(
  config: R & { access: Access | "pos"; limit?: LimitName; guards?: MiddlewareHandler<AppEnv>[] },
) {
  const { access, limit, guards = [], responses, ...rest } = config;
  const isPublic = access === "public";
  const isPos = access === "pos";
  return createRoute({
    ...rest,
    // The limit counts after the access check, so a signed-in route counts per user (a POS route per key).
    middleware: [
      isPos ? requireApiKey() : requireAccess(access),
      rateLimit(limit ?? (isPublic ? "public" : isPos ? "pos" : "signedIn")),
      ...guards,
    ],
    security: isPublic ? [] : isPos ? [{ posApiKey: [] }] : [{ bearerAuth: [] }],
    "x-access": isPublic ? "public" : isPos ? ["pos"] : [...access],
    responses: {
      ...responses,
      400: errorResponse("Invalid input (code invalid_request, malformed_json, …)"),
      ...(isPublic
        ? {}
        : isPos
          ? { 401: errorResponse("Missing, unknown or revoked API key (key_invalid, key_revoked)") }
          : { 401: errorResponse("Missing, invalid or expired access token"), 403: errorResponse("Role not allowed") }),
      429: errorResponse("Too many requests (rate_limited); Retry-After says when to try again"),
    },
  } as unknown as R & { middleware: [ReturnType<typeof requireAccess>] });
}

/** What a route adds to its endpoint: who may call it, its guards, and its documentation. */
export type RouteDoc = {
  /** Roles, `public`, or `pos`: a store's API key (http/api-key.ts). */
  access: Access | "pos";
  /** The rate limit this route counts against (http/rate-limit.ts); default `public` or `signedIn`. */
  limit?: LimitName;
  guards?: MiddlewareHandler<AppEnv>[];
  tags?: string[];
  summary?: string;
  description?: string;
  /** The success answer's description, per status when there are several. */
  ok: string | Partial<Record<SuccessStatus, string>>;
  /** The expected failures worth naming, by status (400, 401 and 403 are documented for every route). */
  errors?: Partial<Record<number, string>>;
};

type JsonContent<S> = { description: string; content: { "application/json": { schema: S } } };
type None = Record<never, never>;
type RequestOf<E extends Endpoint> = (E["params"] extends z.ZodObject ? { params: E["params"] } : None) &
  (E["query"] extends z.ZodObject ? { query: E["query"] } : None) &
  (E["body"] extends z.ZodType ? { body: { content: { "application/json": { schema: E["body"] } }; required: true } } : None);
type StatusOf<E extends Endpoint> = E["status"] extends readonly SuccessStatus[] ? E["status"][number] : 200;
type SuccessOf<E extends Endpoint> = {
  [S in StatusOf<E>]: E["mediaType"] extends string
    ? { description: string }
    : E["response"] extends z.ZodType
      ? JsonContent<E["response"]>
      : { description: string };
};
type RouteOf<E extends Endpoint> = {
  method: E["method"];
  path: string;
  request: RequestOf<E>;
  responses: SuccessOf<E>;
  middleware: [ReturnType<typeof requireAccess>];
};

/**
 * Route declarations for a router mounted at `prefix`: method, path (less the prefix), request
 * and response schemas come from the contract's endpoint table, so the server serves exactly
 * what the client and the tests call; the route adds its access rule, guards and documentation.
 */
export function routesAt(prefix: "" | `/${string}`) {
  return function defineRoute<const E extends Endpoint>(endpoint: E, doc: RouteDoc) {
    if (!endpoint.path.startsWith(`${prefix}/`)) throw new Error(`${endpoint.path} is not under ${prefix}`);
    const describe = (status: SuccessStatus) => (typeof doc.ok === "string" ? doc.ok : (doc.ok[status] ?? ""));
    const responses: Responses = {};
    for (const status of successStatuses(endpoint)) {
      responses[status] = !endpoint.response
        ? { description: describe(status) }
        : endpoint.mediaType
          ? { description: describe(status), content: mediaContent(endpoint.mediaType, endpoint.response) }
          : json(endpoint.response, describe(status));
    }
    for (const [status, description] of Object.entries(doc.errors ?? {})) responses[status] = errorResponse(description!);
    const request = {
      ...(endpoint.params && { params: endpoint.params }),
      ...(endpoint.query && { query: endpoint.query }),
      ...(endpoint.body && jsonBody(endpoint.body)),
    };
    const { ok: _ok, errors: _errors, ...rest } = doc;
    return routeConfig({
      method: endpoint.method,
      path: endpoint.path.slice(prefix.length),
      ...rest,
      ...(Object.keys(request).length > 0 && { request }),
      responses,
    }) as unknown as RouteOf<E> & { getRoutingPath(): string };
  };
}

/** A file answer's content: an export (`spreadsheet`) is CSV or XLSX by its `format` query. */
function mediaContent(mediaType: NonNullable<Endpoint["mediaType"]>, schema: z.ZodType) {
  if (mediaType !== "spreadsheet") return { [mediaType]: { schema } };
  return { "text/csv": { schema }, [XLSX_MEDIA_TYPE]: { schema } };
}

export { errorResponse };

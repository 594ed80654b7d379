import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { z } from "zod";
import { ErrorBody } from "../../contract/errors";
import { requireAccess, type Access } from "./auth";
import type { AppEnv } from "./context";

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
export function defineRoute<
  const R extends Omit<RouteConfig, "middleware" | "security" | "responses"> & { responses: Responses },
>(config: R & { access: Access; guards?: MiddlewareHandler<AppEnv>[] }) {
  const { access, guards = [], responses, ...rest } = config;
  const isPublic = access === "public";
  return createRoute({
    ...rest,
    middleware: [requireAccess(access), ...guards],
    security: isPublic ? [] : [{ bearerAuth: [] }],
    "x-access": isPublic ? "public" : [...access],
    responses: {
      ...responses,
      400: errorResponse("Invalid input (code invalid_request, malformed_json, …)"),
      ...(isPublic ? {} : { 401: errorResponse("Missing, invalid or expired access token"), 403: errorResponse("Role not allowed") }),
    },
  } as unknown as R & { middleware: [ReturnType<typeof requireAccess>] });
}

export { errorResponse };

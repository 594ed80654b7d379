import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { ERRORS, type ErrorCode } from "../../contract/errors";

export type Issue = { path: string; message: string };

export function errorBody(code: ErrorCode, message: string, issues?: Issue[]) {
  return { error: issues ? { code, message, issues } : { code, message } };
}

/**
 * The one way a handler answers an expected failure: stable code, fixed status, no internals.
 * Typed `never` on purpose: @hono/zod-openapi types a handler's return as the union of its
 * declared success bodies; error bodies share one schema (ErrorBody) documented per route by
 * defineRoute, and this keeps the success typing strict without listing every status twice.
 */
export function fail(c: Context, code: ErrorCode, message: string, issues?: Issue[]): never {
  return c.json(errorBody(code, message, issues), ERRORS[code] as ContentfulStatusCode) as never;
}

export function zodIssues(error: ZodError): Issue[] {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.join(".") || "(body)", message: i.message }));
}

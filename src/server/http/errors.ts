import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { ERRORS, type ErrorCode } from "../../contract/errors";
import type { Problem, ProblemParams } from "../../domain/problems";

export type Issue = Problem;

export function errorBody(code: ErrorCode, message: string, issues?: Issue[], params?: ProblemParams) {
  return { error: { code, message, ...(issues && { issues }), ...(params && { params }) } };
}

/**
 * The one way a handler answers an expected failure: stable code, fixed status, no internals.
 * Typed `never` on purpose: @hono/zod-openapi types a handler's return as the union of its
 * declared success bodies; error bodies share one schema (ErrorBody) documented per route by
 * defineRoute, and this keeps the success typing strict without listing every status twice.
 */
export function fail(c: Context, code: ErrorCode, message: string, issues?: Issue[], params?: ProblemParams): never {
  return c.json(errorBody(code, message, issues, params), ERRORS[code] as ContentfulStatusCode) as never;
}

/** A failed Outcome as HTTP, with the values its sentence needs (`params`) when it has them. */
export function failOutcome(c: Context, out: { code: ErrorCode; message: string; params?: ProblemParams }): never {
  return fail(c, out.code, out.message, undefined, out.params);
}

/**
 * A request that does not match the contract, as problems: zod's issue code (too_big,
 * invalid_type…) with its limits as params, so a client can say "at most 120 characters" in its
 * own language. Zod's English message is left out like every other sentence.
 */
export function zodIssues(error: ZodError): Issue[] {
  return error.issues.slice(0, 20).map((i) => {
    const params: ProblemParams = {};
    for (const key of ["maximum", "minimum", "origin", "expected", "format"] as const) {
      const value = (i as Partial<Record<typeof key, unknown>>)[key];
      if (typeof value === "string" || typeof value === "number") params[key] = value;
      else if (typeof value === "bigint") params[key] = Number(value);
    }
    // A refinement of the contract names its own code and limits: .refine(check, { params: { code, max } }).
    const custom = i.code === "custom" && typeof i.params?.code === "string" ? i.params.code : null;
    if (custom && i.code === "custom") {
      for (const [key, value] of Object.entries(i.params ?? {})) {
        if (key !== "code" && (typeof value === "string" || typeof value === "number")) params[key] = value;
      }
    }
    const issue: Issue = { code: custom ?? i.code, field: i.path.join(".") || "(body)" };
    if (Object.keys(params).length > 0) issue.params = params;
    return issue;
  });
}

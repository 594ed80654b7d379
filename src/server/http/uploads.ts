/**
 * The checks a request body gets before a route runs (media type, then size), and the endpoints
 * whose body is a file, not JSON, with their rules. The JSON bodies of every other write use the
 * same check with the app's limit (app.ts). One table, built from the contract's own declarations (Endpoint.upload), so a new upload
 * endpoint is one `upload: {...}` in its contract file plus one line here — never a second
 * path pattern and a second size check somewhere else.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Endpoint, UploadRule } from "../../contract/endpoint";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { memberImportEndpoints } from "../../contract/endpoints/member-import";
import { fail } from "./errors";

type UploadEndpoint = Endpoint & { upload: UploadRule };

/** Every upload endpoint of the API. upload-rules.test checks that no contract upload is missing. */
export const UPLOAD_ENDPOINTS: readonly UploadEndpoint[] = [
  loyaltyEndpoints.uploadRewardImage,
  memberImportEndpoints.dryRun,
  memberImportEndpoints.run,
];

const tooLarge = (c: Parameters<typeof fail>[0], rule: UploadRule) =>
  fail(c, rule.tooLarge, `The body is larger than ${rule.maxBytes} bytes.`, undefined, { max: rule.maxBytes });

/**
 * The media type, then the size: a declared Content-Length over the limit is refused unread; a
 * body without one (chunked) is counted by hono's bodyLimit as the route reads it, and cut there.
 */
export function bodyCheck(rule: UploadRule): MiddlewareHandler {
  const countUnsized = bodyLimit({ maxSize: rule.maxBytes, onError: (c) => tooLarge(c, rule) });
  return async (c, next) => {
    if (rule.types !== "any") {
      const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (!rule.types.includes(type)) return fail(c, "unsupported_media_type", `Send the body as ${rule.types.join(", ")}.`);
    }
    const length = c.req.header("content-length");
    if (length === undefined) return countUnsized(c, next);
    return Number(length) > rule.maxBytes ? tooLarge(c, rule) : next();
  };
}

/** "POST /api/console/rewards/images" → its check. Upload paths have no parameters. */
const checks = new Map(UPLOAD_ENDPOINTS.map((e) => [`${e.method.toUpperCase()} /api${e.path}`, bodyCheck(e.upload)]));

/** The body check of a request that is one of the uploads; undefined for every other request. */
export const uploadCheckOf = (method: string, path: string): MiddlewareHandler | undefined => checks.get(`${method} ${path}`);

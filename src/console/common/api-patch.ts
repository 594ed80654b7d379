import type { z } from "zod";
import { ApiError, type ApiClient } from "../../client/api-client";
import { MeResponse } from "../../contract/auth";
import { ErrorBody } from "../../contract/errors";

/**
 * PATCH for the console. The shared client (src/client/api-client.ts) only has get and post and
 * is outside the console's area, so this does the same job for the one PATCH the console needs
 * (PATCH /console/rewards/{id}): bearer token, contract-parsed success and error bodies, and one
 * retry after an expired access token. The refresh itself is left to the client (a GET /me on
 * an expired token makes it refresh and store the new session), so there is still only one
 * refresh implementation. Replace with `api.patch` once the client grows one.
 */
export async function apiPatch<S extends z.ZodType>(api: ApiClient, path: string, body: unknown, schema: S): Promise<z.infer<S>> {
  let res = await send(api, path, body);
  if (res.status === 401 && api.tokens.get() && (await codeOf(res.clone())) === "token_expired") {
    await api.get("/me", MeResponse);
    res = await send(api, path, body);
  }
  if (!res.ok) {
    const parsed = ErrorBody.safeParse(await res.json().catch(() => null));
    if (parsed.success) throw new ApiError(res.status, parsed.data.error.code, parsed.data.error.message);
    throw new ApiError(res.status, "internal", `HTTP ${res.status}`);
  }
  return schema.parse(await res.json());
}

async function send(api: ApiClient, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json", "content-type": "application/json" };
  const session = api.tokens.get();
  if (session) headers.authorization = `Bearer ${session.accessToken}`;
  try {
    return await fetch(`/api${path}`, { method: "PATCH", headers, body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, "network", "Không kết nối được máy chủ.");
  }
}

async function codeOf(res: Response): Promise<string | null> {
  const parsed = ErrorBody.safeParse(await res.json().catch(() => null));
  return parsed.success ? parsed.data.error.code : null;
}

import { assertNotInTransaction } from "../db/tx-context";

/** Outcome of a call to Zalo: expected failures are data, not exceptions. */
export type ZaloFailure = {
  ok: false;
  /** rejected: Zalo answered and said no; unavailable: network, timeout, 5xx or garbage. */
  kind: "rejected" | "unavailable";
  /** Zalo's own `error` number when it sent one. */
  zaloError?: number;
  message: string;
};
export type ZaloOutcome<T> = { ok: true; value: T } | ZaloFailure;

export type FetchFn = typeof fetch;

/**
 * GET/POST to Zalo and parse the JSON envelope. Zalo reports errors as HTTP 200 with a
 * non-zero `error` field (docs/zalo.md#zns-send, #graph-me), so the status alone proves nothing.
 */
export async function callZalo(
  fetchFn: FetchFn,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<ZaloOutcome<Record<string, unknown>>> {
  assertNotInTransaction("a call to Zalo");
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const name = (err as { name?: string }).name;
    return { ok: false, kind: "unavailable", message: name === "TimeoutError" ? "timeout" : "network error" };
  }
  if (response.status >= 500) return { ok: false, kind: "unavailable", message: `HTTP ${response.status}` };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, kind: "unavailable", message: `HTTP ${response.status}, body is not JSON` };
  }
  if (typeof body !== "object" || body === null) {
    return { ok: false, kind: "unavailable", message: "body is not an object" };
  }
  const record = body as Record<string, unknown>;
  const error = Number(record.error ?? 0);
  if (!Number.isFinite(error)) return { ok: false, kind: "unavailable", message: "error field is not a number" };
  if (error !== 0 || response.status >= 400) {
    // The Graph/ZNS APIs say `message`; the OAuth server says `error_description`/`error_name`.
    const text = [record.message, record.error_description, record.error_name].find((v) => typeof v === "string");
    const message = typeof text === "string" ? text : `HTTP ${response.status}`;
    return { ok: false, kind: "rejected", zaloError: error || undefined, message };
  }
  return { ok: true, value: record };
}

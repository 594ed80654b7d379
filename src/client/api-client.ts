import type { z } from "zod";
import { Session } from "../contract/auth";
import { CONSOLE_CSRF_HEADER, CONSOLE_CSRF_VALUE, ConsoleAccess } from "../contract/console-auth";
import { endpointUrl, type Endpoint, type EndpointInput, type EndpointOutput, type UploadRule } from "../contract/endpoint";
import { authEndpoints } from "../contract/endpoints/auth";
import { ErrorBody, type ErrorCode } from "../contract/errors";
import { EXPORT_ROW_COUNT_HEADER } from "../contract/exports";
import { ApiError } from "./api-error";
import { DEVICE_ID_HEADER } from "../domain/loyalty/actors";

/**
 * The HTTP client shared by the Mini App and the console. Responses are parsed with the same
 * zod contract the server validates against, so a drift between the two fails loudly here.
 * ApiError lives in its own module (no zod): the Mini App's first route tells failures apart
 * before the contract's chunk has arrived (docs/decisions/0028).
 */
export { ApiError };

export type TokenStore<T extends { accessToken: string } = Session> = {
  get(): T | null;
  set(session: T | null): void;
};

/**
 * How an expired access token is renewed: the Mini App sends its refresh token in the body;
 * the console's refresh token is an httpOnly cookie the browser sends to /api/console, with
 * the CSRF header the server requires (docs/decisions/0040).
 */
type Renewal = { kind: "body"; tokens: TokenStore<Session> } | { kind: "cookie"; tokens: TokenStore<ConsoleAccess> };

type Options<T extends { accessToken: string }> = {
  baseUrl?: string;
  /** The Mini App's session (its refresh token sent in the body), or the console's access token. */
  tokens: TokenStore<T>;
  /** "cookie": the console, whose refresh token is the httpOnly cookie (default "body"). */
  renew?: "body" | "cookie";
  fetchFn?: typeof fetch;
  onSignedOut?: () => void;
  /** The Mini App's per-install id, sent as x-device-id so the ledger records the counter's device. */
  deviceId?: () => string | null;
};

// The session's shape differs between the Mini App and the console; code taking a client
// either way only reads `tokens` to know whether one is held.
export type ApiClient = ReturnType<typeof createApiClient<any>>;

/**
 * A refused refresh's body, read and dropped: left unread, Chrome never finishes loading the
 * response, and the page never goes network-idle (a refused console refresh is every new tab's
 * first request when signed out).
 */
async function drained(res: Response): Promise<false> {
  await res.text().catch(() => "");
  return false;
}

/** Serialises the console's cookie refresh across the browser's tabs, where the Web Locks API exists. */
function acrossTabs<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === "undefined" ? undefined : (navigator as { locks?: LockManager }).locks;
  return locks ? (locks.request("loyalloop.console.refresh", task) as Promise<T>) : task();
}

export function createApiClient<T extends { accessToken: string } = Session>({
  baseUrl = "/api",
  tokens,
  renew = "body",
  fetchFn,
  onSignedOut,
  deviceId,
}: Options<T>) {
  const doFetch = fetchFn ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  let refreshing: Promise<boolean> | null = null;
  // The caller pairs the store with its renewal (the Mini App's Session, the console's access).
  const renewal = { kind: renew, tokens } as unknown as Renewal;

  async function send(method: string, path: string, body: unknown, withAuth: boolean, extra?: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json", ...extra };
    // A file (an upload endpoint) goes as its own bytes with its own type; anything else as JSON.
    const isFile = typeof Blob !== "undefined" && body instanceof Blob;
    if (body !== undefined) headers["content-type"] = isFile ? body.type || "application/octet-stream" : "application/json";
    const session = tokens.get();
    if (withAuth && session) headers.authorization = `Bearer ${session.accessToken}`;
    const device = deviceId?.();
    if (device) headers[DEVICE_ID_HEADER] = device;
    try {
      return await doFetch(`${baseUrl}${path}`, { method, headers, body: body === undefined || isFile ? body : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, "network", "Không kết nối được máy chủ.");
    }
  }

  async function renewByBody(store: TokenStore<Session>): Promise<boolean> {
    const session = store.get();
    if (!session) return false;
    const res = await send("POST", authEndpoints.refresh.path, { refreshToken: session.refreshToken }, false);
    if (!res.ok) return drained(res);
    store.set(Session.parse(await res.json()));
    return true;
  }

  async function renewByCookie(store: TokenStore<ConsoleAccess>): Promise<boolean> {
    // Tabs share the cookie: one refreshes at a time, so the next one sends the rotated token
    // rather than the one just retired (which the server would take for a stolen copy).
    const res = await acrossTabs(() =>
      send("POST", authEndpoints.consoleRefresh.path, undefined, false, { [CONSOLE_CSRF_HEADER]: CONSOLE_CSRF_VALUE }),
    );
    if (!res.ok) return drained(res);
    store.set(ConsoleAccess.parse(await res.json()));
    return true;
  }

  /**
   * One refresh at a time, shared by every request that saw an expired token. `quiet`: the
   * console's first look for a session (a new tab), where finding none is not a sign-out.
   */
  function refresh(quiet = false): Promise<boolean> {
    refreshing ??= (async () => {
      // Compared by token: the stores parse a new object on every read.
      const before = tokens.get()?.accessToken ?? null;
      let renewed = false;
      try {
        renewed = renewal.kind === "cookie" ? await renewByCookie(renewal.tokens) : await renewByBody(renewal.tokens);
      } catch (error) {
        if (quiet) throw error;
      }
      // A sign-in that finished meanwhile (a link, an invitation) stored a session this refusal
      // knows nothing of: only the session the refresh started from is dropped.
      if (!renewed && (tokens.get()?.accessToken ?? null) === before) {
        tokens.set(null);
        if (!quiet) onSignedOut?.();
      }
      return renewed;
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  /** A successful response (after one refresh of an expired token), or the server's refusal as an ApiError. */
  async function answered(method: string, path: string, body: unknown, withAuth: boolean): Promise<Response> {
    let res = await send(method, path, body, withAuth);
    if (res.status === 401 && withAuth && tokens.get()) {
      const code = await peekCode(res);
      if (code === "token_expired" && (await refresh())) res = await send(method, path, body, withAuth);
    }
    if (!res.ok) {
      const parsed = ErrorBody.safeParse(await res.json().catch(() => null));
      if (parsed.success)
        throw new ApiError(
          res.status,
          parsed.data.error.code,
          parsed.data.error.message,
          parsed.data.error.issues,
          parsed.data.error.params,
        );
      throw new ApiError(res.status, "internal", `HTTP ${res.status}`);
    }
    return res;
  }

  async function request<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S | null,
    body?: unknown,
    withAuth = true,
  ): Promise<z.infer<S>> {
    const res = await answered(method, path, body, withAuth);
    if (schema === null || res.status === 204) return undefined as z.infer<S>;
    return schema.parse(await res.json());
  }

  /**
   * Calls an endpoint of the contract: the path is built from its parameters, the body typed by
   * its request schema, the answer parsed by its response schema.
   */
  function call<E extends Endpoint>(endpoint: E, ...[input, opts]: CallArgs<E>): Promise<EndpointOutput<E>> {
    const { params, query, body } = (input ?? {}) as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
    const url = endpointUrl(endpoint, { params, query });
    return request(endpoint.method.toUpperCase(), url, endpoint.response, body, opts?.auth ?? true) as Promise<EndpointOutput<E>>;
  }

  /**
   * Fetches a file endpoint (one with a `mediaType`, e.g. a CSV export) with the session's
   * token: a plain link cannot carry the bearer token, so the page saves the blob itself. The
   * body is read as it arrives so `onProgress` can say how far it is: the rows the server said
   * it would send (x-row-count), the CSV rows counted so far (an XLSX is a zip: bytes only).
   */
  async function download<E extends Endpoint & { mediaType: string }>(
    endpoint: E,
    input?: EndpointInput<E>,
    onProgress?: (progress: DownloadProgress) => void,
  ): Promise<{ blob: Blob; filename: string | null }> {
    const { params, query } = (input ?? {}) as { params?: Record<string, string>; query?: Record<string, unknown> };
    const res = await answered(endpoint.method.toUpperCase(), endpointUrl(endpoint, { params, query }), undefined, true);
    const disposition = res.headers.get("content-disposition") ?? "";
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? null;
    const counted = res.headers.get(EXPORT_ROW_COUNT_HEADER);
    if (!onProgress || !res.body) return { blob: await res.blob(), filename };
    const total = counted === null ? null : Number(counted);
    const csv = (res.headers.get("content-type") ?? "").startsWith("text/csv");
    const lines = csvLineCounter();
    const parts: Uint8Array[] = [];
    let bytes = 0;
    const reader = res.body.getReader();
    onProgress({ bytes, rows: csv ? 0 : null, total });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      bytes += value.byteLength;
      // The header line is not a row.
      onProgress({ bytes, rows: csv ? Math.max(0, lines(value) - 1) : null, total });
    }
    return { blob: new Blob(parts as BlobPart[], { type: res.headers.get("content-type") ?? undefined }), filename };
  }

  /** Sends a file to an upload endpoint (its bytes as the body) and parses the answer like any call. */
  async function upload<E extends Endpoint & { upload: UploadRule }>(
    endpoint: E,
    file: Blob,
    ...[input]: CallArgs<E>
  ): Promise<EndpointOutput<E>> {
    const { params, query } = (input ?? {}) as { params?: Record<string, string>; query?: Record<string, unknown> };
    return request(endpoint.method.toUpperCase(), endpointUrl(endpoint, { params, query }), endpoint.response, file) as Promise<
      EndpointOutput<E>
    >;
  }

  return {
    request: call,
    download,
    upload,
    tokens,
    /** The console: gets an access token from the refresh cookie (a new tab, a restarted browser); false when signed out. */
    resume: () => refresh(true),
  };
}

/** How far a download is: bytes so far, data rows so far (CSV only, else null), rows the server announced (null: not said). */
export type DownloadProgress = { bytes: number; rows: number | null; total: number | null };

/**
 * Counts a CSV's records as its bytes arrive: line feeds outside quotes (a quoted cell may hold
 * a line break; a doubled quote toggles twice, so the state stays right). Returns the total so far.
 */
export function csvLineCounter(): (chunk: Uint8Array) => number {
  let quoted = false;
  let lines = 0;
  return (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x22) quoted = !quoted;
      else if (byte === 0x0a && !quoted) lines += 1;
    }
    return lines;
  };
}

type CallOptions = { /** false for the sign-in calls, which must not send a stale token. */ auth?: boolean };
/** The input may be left out when the endpoint needs none (no path parameters, no body). */
type CallArgs<E extends Endpoint> =
  Record<never, never> extends EndpointInput<E>
    ? [input?: EndpointInput<E>, opts?: CallOptions]
    : [input: EndpointInput<E>, opts?: CallOptions];

async function peekCode(res: Response): Promise<ErrorCode> {
  const parsed = ErrorBody.safeParse(
    await res
      .clone()
      .json()
      .catch(() => null),
  );
  return parsed.success ? parsed.data.error.code : "unauthenticated";
}

/** Tokens in Web Storage (sessionStorage for the console, localStorage-backed for the Mini App). */
export function storageTokenStore(storage: Pick<Storage, "getItem" | "setItem" | "removeItem">, key: string): TokenStore<Session>;
export function storageTokenStore<T extends { accessToken: string }>(
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem">,
  key: string,
  schema: z.ZodType<T>,
): TokenStore<T>;
export function storageTokenStore(
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem">,
  key: string,
  schema: z.ZodType<{ accessToken: string }> = Session,
): TokenStore<{ accessToken: string }> {
  return {
    get() {
      const raw = storage.getItem(key);
      if (!raw) return null;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        return null; // a corrupt value means "signed out", not an error on every request
      }
      const parsed = schema.safeParse(value);
      return parsed.success ? parsed.data : null;
    },
    set(session) {
      if (session) storage.setItem(key, JSON.stringify(session));
      else storage.removeItem(key);
    },
  };
}

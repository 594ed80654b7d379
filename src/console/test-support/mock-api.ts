import { vi } from "vitest";
import { MEMBERS } from "./fixtures";

export type MockRequest = { method: string; url: URL; body: unknown; headers?: Headers };
/** A JSON `body`, or a file (`text`, or a `stream` the test feeds, with its `headers`, e.g. a CSV download). */
export type MockReply =
  | { status?: number; body?: unknown; text?: string; stream?: ReadableStream<Uint8Array>; headers?: Record<string, string> }
  | "network-error";
type Handler = (request: MockRequest) => MockReply | Promise<MockReply>;

/**
 * Replaces global fetch with a tiny fake of the LoyalLoop API. Routes are keyed
 * "METHOD /api/path" (no query); unknown routes answer 404 not_found, like the server.
 * Every request is recorded so tests can assert what the console sent.
 */
export function mockApi(routes: Record<string, Handler | MockReply>) {
  const requests: MockRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, "http://localhost");
    const method = (init?.method ?? "GET").toUpperCase();
    // A JSON body parsed; a file (an upload) kept as the Blob sent.
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : init?.body instanceof Blob ? init.body : undefined;
    const request = { method, url, body, headers: new Headers(init?.headers) };
    requests.push(request);
    const route = routes[`${method} ${url.pathname}`];
    const reply: MockReply = route === undefined ? notFound : typeof route === "function" ? await route(request) : route;
    if (reply === "network-error") throw new TypeError("Failed to fetch");
    const status = reply.status ?? 200;
    if (reply.text !== undefined || reply.stream) return new Response(reply.stream ?? reply.text, { status, headers: reply.headers });
    return new Response(status === 204 ? null : JSON.stringify(reply.body ?? {}), {
      status,
      headers: { "content-type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    requests,
    /** Requests to one path (query ignored), oldest first. */
    to: (method: string, pathname: string) => requests.filter((r) => r.method === method && r.url.pathname === pathname),
  };
}

const notFound: MockReply = { status: 404, body: { error: { code: "not_found", message: "No such route" } } };

export function apiError(status: number, code: string, message = code): MockReply {
  return { status, body: { error: { code, message } } };
}

/** GET /api/console/members as the server does it: name search, newest first, paged. */
export function membersHandler({ url }: MockRequest): MockReply {
  const q = (url.searchParams.get("q") ?? "").toLowerCase();
  const page = Number(url.searchParams.get("page") ?? 1);
  const pageSize = Number(url.searchParams.get("pageSize") ?? 20);
  const matching = MEMBERS.filter((m) => m.displayName.toLowerCase().includes(q));
  return {
    body: { items: matching.slice((page - 1) * pageSize, page * pageSize), total: matching.length, page, pageSize },
  };
}

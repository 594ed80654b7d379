import { vi } from "vitest";

export type Call = { method: string; path: string; query: Record<string, string>; body: unknown; authorization: string | null };
/** "no-answer": the request stays pending, like a server that has not answered yet. */
type Reply = { status: number; body?: unknown } | "network-error" | "no-answer";
type Handler = Reply | ((call: Call, nth: number) => Reply | Promise<Reply>);

/**
 * Replaces global fetch with a tiny API double: routes are "METHOD /path" (without /api).
 * A handler may be a fixed reply, or a function of the call and how many times that route
 * was hit (for "fails once, then works"), or a promise of a reply (a server that answers when
 * the test says so). Unknown routes answer 404 so a test notices. The
 * query string is not part of the route; it is recorded in `call.query`.
 */
export function mockApi(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  const hits = new Map<string, number>();
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const method = (init?.method ?? "GET").toUpperCase();
    const path = url.pathname.replace(/^\/api/, "");
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const call: Call = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body: typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined,
      authorization: headers.authorization ?? null,
    };
    calls.push(call);
    const key = `${method} ${path}`;
    const nth = hits.get(key) ?? 0;
    hits.set(key, nth + 1);
    const handler = routes[key];
    const reply: Reply =
      handler === undefined
        ? { status: 404, body: { error: { code: "not_found", message: key } } }
        : typeof handler === "function"
          ? await handler(call, nth)
          : handler;
    if (reply === "network-error") throw new TypeError("Failed to fetch");
    if (reply === "no-answer") return new Promise<Response>(() => undefined);
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { "content-type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    calls,
    /** The calls to one route, e.g. callsTo("POST /members"). */
    callsTo: (key: string) => calls.filter((c) => `${c.method} ${c.path}` === key),
  };
}

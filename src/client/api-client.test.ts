import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { loyaltyEndpoints } from "../contract/endpoints/loyalty";
import { ApiError, createApiClient, storageTokenStore, type TokenStore } from "./api-client";

const session = (access: string) => ({
  accessToken: access,
  accessTokenExpiresAt: "2026-11-23T09:15:00.000Z",
  refreshToken: `refresh-${access}-0123456789`,
  refreshTokenExpiresAt: "2026-12-23T09:00:00.000Z",
});

function memoryTokens(initial: ReturnType<typeof session> | null): TokenStore {
  let value = initial;
  return { get: () => value, set: (s) => (value = s) };
}

const patchStock = {
  method: "patch",
  path: "/console/rewards/{rewardId}",
  body: z.object({ stock: z.number() }),
  response: z.object({ id: z.string(), stock: z.number() }),
} as const;
const me = { method: "get", path: "/me", response: z.object({ ok: z.boolean() }) } as const;
const missing = { method: "get", path: "/missing", response: z.object({}) } as const;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("api client", () => {
  it("sends PATCH with the bearer token and parses the response with the contract", async () => {
    const fetchFn = vi.fn(async () => json(200, { id: "r1", stock: 5 }));
    const api = createApiClient({ tokens: memoryTokens(session("a")), fetchFn: fetchFn as never });
    const out = await api.request(patchStock, { params: { rewardId: "r1" }, body: { stock: 5 } });
    expect(out).toEqual({ id: "r1", stock: 5 });
    const [url, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/console/rewards/r1");
    expect(init.method).toBe("PATCH");
    expect((init.headers as Record<string, string>).authorization).toBe("Bearer a");
    expect(init.body).toBe(JSON.stringify({ stock: 5 }));
  });

  it("sends the device id it is given as x-device-id, and nothing when there is none", async () => {
    const fetchFn = vi.fn(async () => json(200, { ok: true }));
    await createApiClient({ tokens: memoryTokens(session("a")), fetchFn: fetchFn as never, deviceId: () => "install-0123456789" }).request(
      me,
    );
    await createApiClient({ tokens: memoryTokens(session("a")), fetchFn: fetchFn as never }).request(me);
    const headers = fetchFn.mock.calls.map((call) => (call as unknown as [string, RequestInit])[1].headers as Record<string, string>);
    expect(headers[0]!["x-device-id"]).toBe("install-0123456789");
    expect(headers[1]).not.toHaveProperty("x-device-id");
  });

  it("refreshes once on token_expired and retries with the new token; other errors become ApiError", async () => {
    const tokens = memoryTokens(session("old"));
    const fetchFn = vi.fn(async (url: string, init: RequestInit) => {
      const auth = (init.headers as Record<string, string>).authorization;
      if (url.endsWith("/auth/refresh")) return json(200, session("new"));
      if (auth === "Bearer old") return json(401, { error: { code: "token_expired", message: "expired" } });
      if (url.endsWith("/missing")) return json(404, { error: { code: "not_found", message: "nope" } });
      return json(200, { ok: true });
    });
    const api = createApiClient({ tokens, fetchFn: fetchFn as never });
    const [a, b] = await Promise.all([api.request(me), api.request(me)]);
    expect(a.ok && b.ok).toBe(true);
    expect(fetchFn.mock.calls.filter(([u]) => String(u).endsWith("/auth/refresh"))).toHaveLength(1);
    expect(tokens.get()?.accessToken).toBe("new");
    await expect(api.request(missing)).rejects.toMatchObject({ status: 404, code: "not_found" });
    await expect(api.request(missing)).rejects.toBeInstanceOf(ApiError);
  });

  it("calls an endpoint of the contract: path parameters encoded, query string, typed body, answer parsed by its schema", async () => {
    const entry = { id: "30000000-0000-4000-8000-000000000001", points: 5, balance: 5, replayed: false };
    const fetchFn = vi.fn(async (url: string) =>
      url.includes("/ledger?")
        ? json(200, { items: [], nextCursor: null })
        : json(200, { entryId: entry.id, points: 5, balance: 5, replayed: false, extra: "dropped" }),
    );
    const api = createApiClient({ tokens: memoryTokens(session("a")), fetchFn: fetchFn as never });
    const out = await api.request(loyaltyEndpoints.reverse, { params: { entryId: "a/b" }, body: { reason: "Nhập nhầm" } });
    expect(out).toEqual({ entryId: entry.id, points: 5, balance: 5, replayed: false });
    await api.request(loyaltyEndpoints.memberLedger, { params: { memberId: "m1" }, query: { limit: 10, after: undefined } });
    const calls = fetchFn.mock.calls as unknown as [string, RequestInit][];
    expect(calls.map(([url, init]) => `${init.method} ${url}`)).toEqual([
      "POST /api/console/ledger/a%2Fb/reversal",
      "GET /api/console/members/m1/ledger?limit=10",
    ]);
    expect(calls[0]![1].body).toBe(JSON.stringify({ reason: "Nhập nhầm" }));
    await expect(api.request(loyaltyEndpoints.liability)).rejects.toThrow(); // the answer does not match Liability
  });

  it("treats a corrupt stored session as signed out", () => {
    const storage = { getItem: () => "{not json", setItem: () => {}, removeItem: () => {} };
    expect(storageTokenStore(storage, "k").get()).toBeNull();
  });
});

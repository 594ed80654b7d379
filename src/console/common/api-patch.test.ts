import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, createApiClient, storageTokenStore } from "../../client/api-client";
import { RewardView } from "../../contract/loyalty";
import { meResponse, REWARDS, SESSION } from "../test-support/fixtures";
import { apiError, mockApi } from "../test-support/mock-api";
import { apiPatch } from "./api-patch";

const KEY = "test.session";
const PATH = `/console/rewards/${REWARDS[0]!.id}`;

function client() {
  sessionStorage.setItem(KEY, JSON.stringify(SESSION));
  return createApiClient({ tokens: storageTokenStore(sessionStorage, KEY) });
}

beforeEach(() => {
  sessionStorage.clear();
  vi.unstubAllGlobals();
});

describe("apiPatch", () => {
  it("sends a PATCH with the bearer token and parses the answer", async () => {
    const api = mockApi({ [`PATCH /api${PATH}`]: ({ body }) => ({ body: { ...REWARDS[0]!, ...(body as object) } }) });
    const saved = await apiPatch(client(), PATH, { active: false }, RewardView);
    expect(saved.active).toBe(false);
    expect(api.to("PATCH", `/api${PATH}`).map((r) => r.body)).toEqual([{ active: false }]);
    const init = vi.mocked(fetch).mock.calls[0]![1]!;
    expect((init.headers as Record<string, string>).authorization).toBe(`Bearer ${SESSION.accessToken}`);
  });

  it("refreshes an expired access token once and retries", async () => {
    const fresh = { ...SESSION, accessToken: "fresh-access-token" };
    let patches = 0;
    let mes = 0;
    const api = mockApi({
      [`PATCH /api${PATH}`]: () => (++patches === 1 ? apiError(401, "token_expired") : { body: REWARDS[0] }),
      "GET /api/me": () => (++mes === 1 ? apiError(401, "token_expired") : { body: meResponse() }),
      "POST /api/auth/refresh": { body: fresh },
    });
    await expect(apiPatch(client(), PATH, { pointsCost: 60 }, RewardView)).resolves.toEqual(REWARDS[0]);
    expect(api.to("POST", "/api/auth/refresh")).toHaveLength(1);
    const last = vi.mocked(fetch).mock.calls.at(-1)![1]!;
    expect((last.headers as Record<string, string>).authorization).toBe("Bearer fresh-access-token");
  });

  it("turns error bodies and network failures into ApiError codes", async () => {
    mockApi({ [`PATCH /api${PATH}`]: apiError(404, "reward_not_found") });
    await expect(apiPatch(client(), PATH, {}, RewardView)).rejects.toMatchObject({ status: 404, code: "reward_not_found" });
    mockApi({ [`PATCH /api${PATH}`]: "network-error" });
    const failure = await apiPatch(client(), PATH, {}, RewardView).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: "network" });
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appSecretProof, graphIdentity } from "../../src/server/zalo/identity";
import { refreshOaToken } from "../../src/server/zalo/oa-token";
import { FAKE_ERRORS, ZaloFake } from "../fakes/zalo-fake";

describe("Zalo clients against the fake", () => {
  // A call expected to succeed gets a timeout no busy CI machine reaches (it only guards against
  // a hang); a short one only where the fake hangs on purpose and the timeout is what is tested.
  const PATIENT_MS = 15_000;
  const HANG_MS = 300;
  let fake: ZaloFake;
  beforeAll(async () => {
    fake = await new ZaloFake("app-9", "secret-9").start();
  });
  afterAll(() => fake.stop());

  it("computes appsecret_proof as hex HMAC-SHA256(app secret, access token)", () => {
    // Reference value computed independently: echo -n token | openssl dgst -sha256 -hmac secret
    expect(appSecretProof("secret", "token")).toBe("e941110e3d2bfe82621f0e3e1434730d7305d106c5f68c87165d0b27a4611a4a");
  });

  it("maps a wrong app secret to a rejection carrying Zalo's error number", async () => {
    fake.addUser("t1", { id: "1", name: "A" });
    const wrong = graphIdentity({ graphUrl: fake.url, appSecret: "not-the-secret", timeoutMs: PATIENT_MS });
    const out = await wrong.verifyUser("t1");
    expect(out).toMatchObject({ ok: false, kind: "rejected", zaloError: FAKE_ERRORS.invalidAppSecretProof });
  });

  it("cleans the profile name Zalo returns: no bidi overrides, zero-width or control characters", async () => {
    fake.addUser("t-name", { id: "2", name: "\u202Egnal\u202C\u200B Nguye\u0302\u0303n\u0007\n" });
    const identity = graphIdentity({ graphUrl: fake.url, appSecret: "secret-9", timeoutMs: PATIENT_MS });
    const out = await identity.verifyUser("t-name");
    expect(out).toMatchObject({ ok: true, value: { zaloId: "2", name: "gnal Nguyễn" } });
  });

  it("refreshes the OA token with a form body and secret_key header; the old refresh token is then dead", async () => {
    const config = { oauthUrl: fake.url, appId: "app-9", appSecret: "secret-9", timeoutMs: PATIENT_MS };
    const refreshToken = fake.issueRefreshToken();
    const out = await refreshOaToken(config, refreshToken);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value.expiresInSeconds).toBe(90_000);
    expect(out.value.refreshToken).not.toBe(refreshToken);
    const call = fake.requests.find((r) => r.path === "/v4/oa/access_token");
    expect(call?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(call?.headers.secret_key).toBe("secret-9");
    expect(new URLSearchParams(call!.body).get("grant_type")).toBe("refresh_token");

    const reused = await refreshOaToken(config, refreshToken);
    expect(reused).toMatchObject({
      ok: false,
      kind: "rejected",
      zaloError: FAKE_ERRORS.refreshTokenReused,
      message: "refresh_token was used",
    });
    const next = await refreshOaToken(config, out.value.refreshToken);
    expect(next.ok).toBe(true);
  });

  it("a refresh whose answer is lost after Zalo processed it leaves only a spent refresh token (-14020 on its next use)", async () => {
    const patient = { oauthUrl: fake.url, appId: "app-9", appSecret: "secret-9", timeoutMs: PATIENT_MS };
    for (const fault of ["processThenDrop", "processThenHang"] as const) {
      const config = fault === "processThenHang" ? { ...patient, timeoutMs: HANG_MS } : patient;
      const token = fake.issueRefreshToken();
      const before = fake.refreshTokensSent().length;
      fake.failNextOauth(fault);
      expect(await refreshOaToken(config, token)).toMatchObject({ ok: false, kind: "unavailable" });
      // Our timeout may fire before a loaded machine hands the request to the fake: wait until Zalo
      // has processed it, which is the case under test.
      await waitFor(() => fake.refreshTokensSent().length > before);
      expect(await refreshOaToken(patient, token)).toMatchObject({
        ok: false,
        kind: "rejected",
        zaloError: FAKE_ERRORS.refreshTokenReused,
      });
    }
  });

  it("treats 5xx and timeouts on token refresh as unavailable (retryable), not rejected", async () => {
    const patient = { oauthUrl: fake.url, appId: "app-9", appSecret: "secret-9", timeoutMs: PATIENT_MS };
    const token = fake.issueRefreshToken();
    fake.failNext("http500", "timeout");
    expect(await refreshOaToken(patient, token)).toMatchObject({ ok: false, kind: "unavailable" });
    const before = fake.requests.length;
    expect(await refreshOaToken({ ...patient, timeoutMs: HANG_MS }, token)).toMatchObject({
      ok: false,
      kind: "unavailable",
      message: "timeout",
    });
    // The "timeout" fault is taken by the request that reaches the fake, however late.
    await waitFor(() => fake.requests.length > before);
    expect((await refreshOaToken(patient, token)).ok).toBe(true);
  });
});

/** Waits for a condition on the fake's own record (vi.waitFor polls; its timeout only guards a hang). */
const waitFor = (condition: () => boolean) =>
  vi.waitFor(
    () => {
      if (!condition()) throw new Error("not yet");
    },
    { timeout: 60_000, interval: 5 },
  );

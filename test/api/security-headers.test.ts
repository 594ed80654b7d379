import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app";
import { testApi, type TestApi } from "../support/api";
import { consoleSession, makeMember } from "../support/factories";

/**
 * Security headers on every response (issue 10 item 18). That the page policy lets the built
 * Mini App and console work is checked in Chromium: test/e2e/security-headers.e2e.test.ts.
 */
describe("security headers", () => {
  let api: TestApi;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    api = await testApi();
    // The app with stand-in builds of both front ends, as `npm start` serves them.
    const root = mkdtempSync(join(tmpdir(), "ll-headers-"));
    mkdirSync(join(root, "www"), { recursive: true });
    mkdirSync(join(root, "dist", "console"), { recursive: true });
    writeFileSync(join(root, "www", "index.html"), "<!doctype html><title>Mini App</title>");
    writeFileSync(join(root, "dist", "console", "console.html"), "<!doctype html><title>Console</title>");
    app = createApp({ ...api.deps, config: { ...api.deps.config, staticRoot: root } });
  });
  afterAll(() => api.close());

  const headersOf = async (path: string, init?: RequestInit) => {
    const res = await app.request(path, init);
    await res.arrayBuffer();
    return { status: res.status, get: (name: string) => res.headers.get(name) };
  };

  const expectCommon = (h: { get(name: string): string | null }) => {
    expect(h.get("x-content-type-options")).toBe("nosniff");
    expect(h.get("referrer-policy")).toBe("no-referrer");
    expect(h.get("x-frame-options")).toBe("DENY");
    expect(h.get("permissions-policy")).toContain("camera=()");
    expect(h.get("permissions-policy")).toContain("geolocation=()");
  };

  it.each([
    ["a success", "/api/health", undefined, 200],
    ["an unknown route", "/api/nope", undefined, 404],
    ["a refused body", "/api/auth/zalo", { method: "POST", headers: { "content-type": "application/json" }, body: "{" }, 400],
    ["a missing token", "/api/members/me/card", undefined, 401],
  ] as const)(
    "puts them on every API answer, %s included, with a CSP that allows nothing and no-store",
    async (_label, path, init, status) => {
      const h = await headersOf(path, init);
      expect(h.status).toBe(status);
      expectCommon(h);
      expect(h.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(h.get("cache-control")).toBe("no-store");
    },
  );

  it("never lets a cache keep tokens or personal data (sign-in, refresh, the card, the export, the console's members)", async () => {
    const member = await makeMember(api);
    const manager = await consoleSession(api, "manager");
    const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    const answers = [
      await app.request("/api/auth/zalo", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ accessToken: `dev:${member.zaloDevId}` }),
      }),
      await app.request("/api/auth/refresh", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ refreshToken: member.session.refreshToken }),
      }),
      await app.request("/api/members/me/card", bearer(member.session.accessToken)),
      await app.request("/api/members/me/export", bearer(member.session.accessToken)),
      await app.request("/api/console/members", bearer(manager)),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((r) => r.headers.get("cache-control"))).toEqual(Array(5).fill("no-store"));
  });

  it.each([
    ["the Mini App", "/"],
    ["a Mini App screen (client-side route)", "/card"],
    ["the console", "/console"],
    ["a console screen (client-side route)", "/console/members/123"],
  ])("serves %s with a CSP without 'unsafe-eval' or inline scripts, never framed", async (_label, path) => {
    const h = await headersOf(path);
    expect(h.status).toBe(200);
    expectCommon(h);
    const csp = h.get("content-security-policy")!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline/);
  });
});

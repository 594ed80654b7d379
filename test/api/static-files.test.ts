import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { precompress } from "../../scripts/build/precompress";
import { createApp } from "../../src/server/app";
import { compressedDirOf } from "../../src/server/http/static-files";
import { testApi, type TestApi } from "../support/api";

/**
 * The built front ends as a phone on 4G should get them (issue 12): compressed copies written at
 * build time chosen by Accept-Encoding, a year's immutable cache on hashed files, revalidation
 * (no-cache + ETag → 304) on the pages and app-config.json, and the security headers throughout.
 */
describe("static files", () => {
  let api: TestApi;
  let app: ReturnType<typeof createApp>;
  let root: string;
  const script = `console.log(${JSON.stringify("xin chào ".repeat(400))});\n`;
  const css = `body{color:#0b6e4f}\n`.repeat(100);
  const page = `<!doctype html><html lang="vi"><title>LoyalLoop</title><div id="app"></div>${" ".repeat(600)}</html>`;
  beforeAll(async () => {
    api = await testApi();
    root = mkdtempSync(join(tmpdir(), "ll-static-"));
    const www = join(root, "www");
    mkdirSync(join(www, "assets"), { recursive: true });
    mkdirSync(join(root, "dist", "console", "assets"), { recursive: true });
    writeFileSync(join(www, "index.html"), page);
    writeFileSync(join(www, "app-config.json"), JSON.stringify({ listSyncJS: ["assets/index.AbC_12-z.module.js"] }));
    writeFileSync(join(www, "assets", "index.AbC_12-z.module.js"), script);
    writeFileSync(join(www, "assets", "index-Xy9_ab-C.css"), css);
    writeFileSync(join(root, "dist", "console", "console.html"), "<!doctype html><title>Console</title>");
    writeFileSync(join(root, "dist", "console", "assets", "console-Qw3rTy_1.js"), script);
    writeFileSync(join(root, "secret.txt"), "not for the web");
    precompress(www, compressedDirOf(root, www));
    precompress(join(root, "dist", "console"), compressedDirOf(root, join(root, "dist", "console")));
    app = createApp({ ...api.deps, config: { ...api.deps.config, staticRoot: root } });
  });
  afterAll(() => api.close());

  const get = async (path: string, headers: Record<string, string> = {}, method = "GET") => {
    const res = await app.request(path, { method, headers });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, body, header: (name: string) => res.headers.get(name) };
  };

  const expectSecurityHeaders = (res: { header(name: string): string | null }) => {
    expect(res.header("x-content-type-options")).toBe("nosniff");
    expect(res.header("x-frame-options")).toBe("DENY");
    expect(res.header("content-security-policy")).toContain("script-src 'self'");
  };

  it("sends a hashed asset in brotli when accepted, cached for a year as immutable", async () => {
    const res = await get("/assets/index.AbC_12-z.module.js", { "accept-encoding": "gzip, deflate, br" });
    expect(res.status).toBe(200);
    expect(res.header("content-encoding")).toBe("br");
    expect(res.header("vary")).toBe("Accept-Encoding");
    expect(res.header("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.header("content-type")).toMatch(/^text\/javascript/);
    expect(Number(res.header("content-length"))).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(Buffer.byteLength(script) / 10);
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
    expectSecurityHeaders(res);
  });

  it("sends gzip when only gzip is accepted, and follows q-values", async () => {
    for (const accept of ["gzip", "br;q=0, gzip", "gzip;q=1, br;q=0.5"]) {
      const res = await get("/assets/index.AbC_12-z.module.js", { "accept-encoding": accept });
      expect(res.header("content-encoding")).toBe("gzip");
      expect(Number(res.header("content-length"))).toBe(res.body.length);
      expect(gunzipSync(res.body).toString()).toBe(script);
    }
  });

  it("sends the file as it is when no encoding we have is accepted, still varying on Accept-Encoding", async () => {
    for (const headers of [
      {} as Record<string, string>,
      { "accept-encoding": "identity" },
      { "accept-encoding": "deflate" },
      { "accept-encoding": "br;q=0, gzip;q=0" },
    ]) {
      const res = await get("/assets/index.AbC_12-z.module.js", headers);
      expect(res.status).toBe(200);
      expect(res.header("content-encoding")).toBeNull();
      expect(res.header("vary")).toBe("Accept-Encoding");
      expect(res.body.toString()).toBe(script);
      expect(Number(res.header("content-length"))).toBe(Buffer.byteLength(script));
    }
  });

  it("makes the browser revalidate the page, client-side routes and app-config.json (no-cache), compressed too", async () => {
    for (const path of ["/", "/index.html", "/card", "/rewards/42"]) {
      const res = await get(path, { "accept-encoding": "br, gzip" });
      expect(res.status).toBe(200);
      expect(res.header("cache-control")).toBe("no-cache");
      expect(res.header("content-type")).toMatch(/^text\/html/);
      expect(res.header("content-encoding")).toBe("br");
      expect(brotliDecompressSync(res.body).toString()).toBe(page);
      expectSecurityHeaders(res);
    }
    const config = await get("/app-config.json");
    expect(config.header("cache-control")).toBe("no-cache");
    expect(config.header("content-type")).toMatch(/^application\/json/);
  });

  it("answers 304 without a body when If-None-Match names the variant's ETag, and 200 when the file changed", async () => {
    const first = await get("/assets/index-Xy9_ab-C.css", { "accept-encoding": "gzip" });
    const etag = first.header("etag");
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await get("/assets/index-Xy9_ab-C.css", { "accept-encoding": "gzip", "if-none-match": etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.header("etag")).toBe(etag);
    expect(again.header("cache-control")).toBe("public, max-age=31536000, immutable");
    expectSecurityHeaders(again);
    // A weak form of the same tag matches too (If-None-Match compares weakly), a list as well.
    expect((await get("/assets/index-Xy9_ab-C.css", { "accept-encoding": "gzip", "if-none-match": `"x", W/${etag}` })).status).toBe(304);
    // Another encoding is another representation with its own tag.
    const plain = await get("/assets/index-Xy9_ab-C.css", { "if-none-match": etag! });
    expect(plain.status).toBe(200);
    expect(plain.header("etag")).not.toBe(etag);
    expect(plain.body.toString()).toBe(css);
  });

  it("gives a rebuilt file a new ETag, and never sends a compressed copy older than its file", async () => {
    const before = await get("/index.html", { "accept-encoding": "gzip" });
    const rebuilt = page.replace("LoyalLoop", "LoyalLoop 2");
    writeFileSync(join(root, "www", "index.html"), rebuilt);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, "www", "index.html"), later, later);
    const after = await get("/index.html", { "accept-encoding": "gzip", "if-none-match": before.header("etag")! });
    expect(after.status).toBe(200);
    expect(after.header("content-encoding")).toBeNull();
    expect(after.body.toString()).toBe(rebuilt);
    expect(after.header("etag")).not.toBe(before.header("etag"));
  });

  it("answers HEAD with the headers and length of GET and no body", async () => {
    const res = await get("/assets/index.AbC_12-z.module.js", { "accept-encoding": "gzip" }, "HEAD");
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(res.header("content-encoding")).toBe("gzip");
    expect(Number(res.header("content-length"))).toBeGreaterThan(0);
  });

  it("serves the console under /console the same way", async () => {
    const res = await get("/console/assets/console-Qw3rTy_1.js", { "accept-encoding": "br" });
    expect(res.header("content-encoding")).toBe("br");
    expect(res.header("cache-control")).toBe("public, max-age=31536000, immutable");
    for (const path of ["/console", "/console/", "/console/members/7"]) {
      const html = await get(path);
      expect(html.status).toBe(200);
      expect(html.body.toString()).toContain("<title>Console</title>");
      expect(html.header("cache-control")).toBe("no-cache");
    }
  });

  it.each([
    "/../secret.txt",
    "/..%2fsecret.txt",
    "/assets/..%2F..%2Fsecret.txt",
    "/%2e%2e/secret.txt",
    "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/..%5csecret.txt",
    "/console/..%2f..%2fsecret.txt",
    "/index.html%00.js",
    "/%E0%A4%A",
  ])("never serves a file outside the built directory (%s)", async (path) => {
    const res = await get(path);
    expect(res.body.toString()).not.toContain("not for the web");
    expect(res.status).toBeLessThan(500);
  });

  it("serves the page at a nested client-side route (a survey link) and the assets it asks for relative to it", async () => {
    const pageRes = await get("/survey/9b2f?t=abc");
    expect(pageRes.status).toBe(200);
    expect(pageRes.body.toString()).toContain(`<div id="app">`);
    const asset = await get("/survey/assets/index.AbC_12-z.module.js");
    expect(asset.status).toBe(200);
    expect(asset.header("content-type")).toMatch(/^text\/javascript/);
    expect(asset.header("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(asset.body.toString()).toBe(script);
    const missing = await get("/survey/assets/index.Gone_000.module.js");
    expect(missing.status).toBe(404);
    expect((await get("/survey/assets/..%2F..%2Fsecret.txt")).status).toBe(404);
  });

  it("answers a missing asset with 404, not the page", async () => {
    const res = await get("/assets/index.Old_1234.module.js");
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain("<title>LoyalLoop</title>");
  });

  it("leaves the API alone: its answers keep no-store and are not the page", async () => {
    const res = await get("/api/health", { "accept-encoding": "br, gzip" });
    expect(res.status).toBe(200);
    expect(res.header("cache-control")).toBe("no-store");
    expect((await get("/api/nope")).status).toBe(404);
  });
});

describe("API JSON compression", () => {
  let api: TestApi;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    api = await testApi();
    app = createApp(api.deps);
  });
  afterAll(() => api.close());

  it("compresses a large JSON answer in brotli or gzip as accepted, with a correct length and Vary", async () => {
    const plain = await app.request("/api/openapi.json");
    const text = await plain.text();
    expect(text.length).toBeGreaterThan(10_000);
    const br = await app.request("/api/openapi.json", { headers: { "accept-encoding": "gzip, br" } });
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(Number(br.headers.get("content-length"))).toBe(brBody.length);
    expect(br.headers.get("vary")).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(brBody).toString()).toBe(text);
    expect(brBody.length).toBeLessThan(text.length / 4);
    expectApiHeaders(br);
    const gz = await app.request("/api/openapi.json", { headers: { "accept-encoding": "gzip" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(text);
  });

  it("leaves tiny answers (health, an error) uncompressed, and everything when nothing is accepted", async () => {
    for (const path of ["/api/health", "/api/members/me/card", "/api/nope"]) {
      const res = await app.request(path, { headers: { "accept-encoding": "br, gzip" } });
      expect(res.headers.get("content-encoding")).toBeNull();
      expect(JSON.parse(await res.text())).toBeTypeOf("object");
      expectApiHeaders(res);
    }
    const identity = await app.request("/api/openapi.json", { headers: { "accept-encoding": "identity" } });
    expect(identity.headers.get("content-encoding")).toBeNull();
    expect(JSON.parse(await identity.text())).toHaveProperty("openapi", "3.1.0");
  });

  const expectApiHeaders = (res: Response) => {
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  };
});

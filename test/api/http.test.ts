import { count, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve, type ServerType } from "@hono/node-server";
import { request } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { createApp } from "../../src/server/app";
import { users } from "../../src/server/db/schema";
import { createLogger } from "../../src/server/log";
import { serveApp } from "../../src/server/server";
import { enrolledMember, testApi, type TestApi } from "../support/api";

describe("HTTP edges: every bad input is a 4xx with a stable code, and nothing changes", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi({ maxBodyBytes: 2048 });
  });
  afterAll(() => api.close());

  const userCount = async () => (await api.database.db.select({ n: count() }).from(users))[0]!.n;

  it("answers unknown API routes with 404 not_found in the error shape", async () => {
    const res = await api.call("GET", "/does-not-exist");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  });

  it.each([
    ["malformed JSON", { rawBody: "{not json" }, 400, "malformed_json"],
    ["wrong types", { body: { accessToken: 42 } }, 400, "invalid_request"],
    ["missing fields", { body: {} }, 400, "invalid_request"],
    [
      "a form body",
      { rawBody: "accessToken=dev:x", headers: { "content-type": "application/x-www-form-urlencoded" } },
      415,
      "unsupported_media_type",
    ],
    ["an oversize body", { body: { accessToken: `dev:${"x".repeat(4000)}` } }, 413, "payload_too_large"],
  ])("refuses %s", async (_label, opts, status, code) => {
    const before = await userCount();
    const res = await api.call("POST", "/auth/zalo", opts as never);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(await userCount()).toBe(before);
  });

  it("names the offending fields without echoing input or leaking internals", async () => {
    const res = await api.call("POST", "/auth/zalo", { body: { accessToken: 42 } });
    expect(res.body.error.issues).toEqual([{ code: "invalid_type", field: "accessToken", params: { expected: "string" } }]);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts|node_modules|stack/i);
  });

  it("validates query strings (page size is capped)", async () => {
    const login = await api.call("POST", "/console/auth/dev", { body: { role: "manager" } });
    const res = await api.call("GET", "/console/members?pageSize=101", { token: login.body.session.accessToken });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].field).toBe("pageSize");
  });

  it("reports health with the database status", async () => {
    const res = await api.call("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", database: { status: "ok" }, devIdentity: true });
  });

  it("lets the Zalo Mini App origin call the API cross-origin, and no other origin", async () => {
    const zalo = await fetchRaw(api, "/health", { origin: "https://h5.zdn.vn" });
    expect(zalo.headers.get("access-control-allow-origin")).toBe("https://h5.zdn.vn");
    const other = await fetchRaw(api, "/health", { origin: "https://evil.example" });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("echoes a request id for tracing", async () => {
    const res = await fetchRaw(api, "/health", { "x-request-id": "trace-123" });
    expect(res.headers.get("x-request-id")).toBe("trace-123");
  });
});

describe("OpenAPI document", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  it("is OpenAPI 3.1 and every operation declares who may call it", async () => {
    const res = await api.call("GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const ops = Object.entries(res.body.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    expect(ops.map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual(
      expect.arrayContaining([
        "POST /auth/zalo",
        "GET /me",
        "POST /members",
        "POST /staff/scan-member",
        "GET /console/members",
        "GET /health",
      ]),
    );
    for (const { op } of ops) {
      expect(op["x-access"]).toBeDefined();
      // The click link (/c/{code}, its own server) answers any malformed code 404, like an unknown one: no 400.
      if (!op.servers) expect(op.responses["400"]).toBeDefined();
      else expect(op.responses["404"]).toBeDefined();
    }
    const scan = res.body.paths["/staff/scan-member"].post;
    expect(scan["x-access"]).toEqual(["staff", "manager", "admin"]);
    expect(scan.security).toEqual([{ bearerAuth: [] }]);
  });

  it("documents every route the server actually answers", async () => {
    const doc = (await api.call("GET", "/openapi.json")).body;
    const documented = new Set(
      Object.entries(doc.paths as Record<string, object>).flatMap(([p, m]) => Object.keys(m).map((k) => `${k.toUpperCase()} ${p}`)),
    );
    const { createApp } = await import("../../src/server/app");
    const app = createApp(api.deps);
    const served = app.routes
      .filter((r) => r.path.startsWith("/api/") && r.method !== "ALL" && r.path !== "/api/openapi.json")
      .map((r) => `${r.method} ${r.path.replace(/^\/api/, "").replace(/:(\w+)/g, "{$1}")}`);
    expect(served.length).toBeGreaterThanOrEqual(10);
    for (const route of served) expect(documented).toContain(route);
  });
});

describe("member lifecycle data is per user", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  it("never shows one member another member's card", async () => {
    const a = await enrolledMember(api, "iso-a");
    const b = await enrolledMember(api, "iso-b");
    const cardA = await api.call("GET", "/members/me/card", { token: a.session.accessToken });
    const cardB = await api.call("GET", "/members/me/card", { token: b.session.accessToken });
    expect(cardA.body.memberId).not.toBe(cardB.body.memberId);
    expect(cardA.body.qrSecret).not.toBe(cardB.body.qrSecret);
  });
});

async function fetchRaw(api: TestApi, path: string, headers: Record<string, string>) {
  const { createApp } = await import("../../src/server/app");
  return createApp(api.deps).request(`/api${path}`, { headers });
}

describe("HTTP edges over a real socket: body checks from Content-Length, or counted when chunked", () => {
  let api: TestApi;
  let server: ServerType;
  let port = 0;
  beforeAll(async () => {
    api = await testApi({ maxBodyBytes: 2048 });
    await new Promise<void>((ready) => {
      server = serve({ fetch: createApp(api.deps).fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
        port = info.port;
        ready();
      });
    });
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    await api.close();
  });

  /** Sends `chunks` as given: one chunk with Content-Length, several as Transfer-Encoding: chunked. */
  function post(headers: Record<string, string>, chunks: string[]) {
    return new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/api/auth/zalo", method: "POST", headers }, (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      });
      req.on("error", reject);
      for (const c of chunks) req.write(c);
      req.end();
    });
  }

  const big = JSON.stringify({ accessToken: `dev:${"x".repeat(4000)}` });

  /** A bodiless request; resolves with the status, the headers and the body's text. */
  function send(method: string, path: string, headers: Record<string, string>) {
    return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("answers the Zalo origin's requests and preflights with CORS headers, varying by Origin, and no other origin", async () => {
    const zalo = await send("GET", "/api/health", { origin: "https://h5.zdn.vn" });
    expect([zalo.status, zalo.headers["access-control-allow-origin"], zalo.headers.vary]).toEqual([200, "https://h5.zdn.vn", "Origin"]);
    expect(JSON.parse(zalo.text)).toMatchObject({ status: "ok" });
    const other = await send("GET", "/api/health", { origin: "https://evil.example" });
    expect([other.status, other.headers["access-control-allow-origin"], other.headers.vary]).toEqual([200, undefined, "Origin"]);
    const refused = await send("GET", "/api/members/me/card", { origin: "https://h5.zdn.vn" });
    expect([refused.status, refused.headers["access-control-allow-origin"]]).toEqual([401, "https://h5.zdn.vn"]);
    const preflight = await send("OPTIONS", "/api/staff/earn", {
      origin: "https://h5.zdn.vn",
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type, x-device-id",
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("https://h5.zdn.vn");
    expect(String(preflight.headers["access-control-allow-headers"]).split(",")).toEqual(
      expect.arrayContaining(["authorization", "content-type", "x-device-id"]),
    );
    expect(preflight.headers["access-control-max-age"]).toBe("600");
  });

  it("refuses an oversize body by its Content-Length with 413", async () => {
    const res = await post({ "content-type": "application/json", "content-length": String(Buffer.byteLength(big)) }, [big]);
    expect([res.status, res.body.error.code]).toEqual([413, "payload_too_large"]);
  });

  it("refuses a sized form body with 415", async () => {
    const form = "accessToken=dev:x";
    const res = await post({ "content-type": "application/x-www-form-urlencoded", "content-length": String(form.length) }, [form]);
    expect([res.status, res.body.error.code]).toEqual([415, "unsupported_media_type"]);
  });

  it("counts a chunked body and refuses it with 413 once it passes the limit", async () => {
    const res = await post({ "content-type": "application/json" }, [big.slice(0, 2000), big.slice(2000)]);
    expect([res.status, res.body.error.code]).toEqual([413, "payload_too_large"]);
  });

  it("lets a small chunked JSON body through to the route", async () => {
    const userRows = async () => (await api.database.db.select({ n: count() }).from(users))[0]!.n;
    const before = await userRows();
    const body = JSON.stringify({ accessToken: "dev:chunked-user" });
    const res = await post({ "content-type": "application/json" }, [body.slice(0, 10), body.slice(10)]);
    expect(res.status).toBe(200);
    expect(await userRows()).toBe(before + 1);
  });
});

describe("slow clients are cut after seconds (issue 10 item 20)", () => {
  let api: TestApi;
  let server: ServerType;
  beforeAll(async () => {
    api = await testApi();
    // Short deadlines so the test does not wait for the production ones (10 s / 30 s).
    server = await serveApp(
      createApp(api.deps).fetch,
      { port: 0, hostname: "127.0.0.1" },
      { headersMs: 300, requestMs: 600, keepAliveMs: 300 },
    );
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    await api.close();
  });

  /** Opens a socket, sends `text` and never finishes the request; resolves with what the server said when it hung up. */
  function sendAndStall(text: string) {
    return new Promise<string>((resolve, reject) => {
      const socket = connect((server.address() as AddressInfo).port, "127.0.0.1", () => socket.write(text));
      let said = "";
      socket.on("data", (d) => (said += d));
      socket.on("error", reject);
      socket.on("close", () => resolve(said));
    });
  }

  it("closes a connection whose headers never end with 408", async () => {
    expect(await sendAndStall("POST /api/auth/zalo HTTP/1.1\r\nHost: x\r\nContent-Type: appl")).toMatch(/^HTTP\/1\.1 408/);
  });

  it("closes a connection whose body never ends with 408", async () => {
    const headers = "POST /api/auth/zalo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
    expect(await sendAndStall(`${headers}{"accessToken":`)).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe("unhandled database errors are logged without their values (issue 10 item 20)", () => {
  let api: TestApi;
  const lines: string[] = [];
  beforeAll(async () => {
    api = await testApi({ log: createLogger("info", { write: (line: string) => void lines.push(line) }) });
  });
  afterAll(() => api.close());

  it("logs the SQL and the SQLSTATE of a failed query, never its parameters or the failing row", async () => {
    const m = await enrolledMember(api, "log-redaction");
    // A fault injected into the database: any phone number now breaks a constraint, as a bug would.
    await api.database.db.execute(sql`alter table users add constraint test_no_phone check (phone is null) not valid`);
    const res = await api.call("POST", "/members/me/phone", {
      token: m.session.accessToken,
      body: { phoneToken: "dev-phone:0987654321", accessToken: "dev:log-redaction" },
    });
    expect([res.status, res.body.error.code]).toEqual([500, "internal"]);
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "unhandled error");
    expect(logged.err).toMatchObject({
      message: expect.stringMatching(/^Failed query: update "users"/),
      cause: { code: "23514" },
    });
    const text = JSON.stringify(logged);
    expect(text).not.toMatch(/987654321/);
    expect(text).not.toMatch(/Failing row|params/i);
  });
});

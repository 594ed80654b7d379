/**
 * A local stand-in for Zalo's servers, following the documented protocol
 * (../shared/docs/zalo-platform.md §4.6, §5.1, §5.2): same paths, headers and JSON envelopes,
 * including errors sent as HTTP 200 with a non-zero `error`. Tests point ZALO_GRAPH_URL and
 * ZALO_OAUTH_URL at it. Later issues extend it with ZNS.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeUser = { id: string; name: string; pictureUrl?: string };
type PhoneCode = { number: string; userId: string; issuedAt: number; used: boolean };
export type Fault = "http500" | "timeout" | "garbage" | { error: number; message: string };
export type RecordedRequest = { method: string; path: string; headers: Record<string, string>; body: string };

/** Error numbers the fake uses where Zalo's own are unconfirmed; tests assert our mapping, not these. */
export const FAKE_ERRORS = {
  invalidAccessToken: -216,
  invalidAppSecretProof: -217,
  invalidSecretKey: -104,
  invalidPhoneCode: -2001,
  expiredPhoneCode: -2002,
  refreshTokenReused: -14020,
  invalidRefreshToken: -14014,
} as const;

export const PHONE_CODE_TTL_MS = 2 * 60_000;

export class ZaloFake {
  readonly requests: RecordedRequest[] = [];
  private readonly users = new Map<string, FakeUser>();
  private readonly phoneCodes = new Map<string, PhoneCode>();
  private readonly refreshTokens = new Map<string, "valid" | "used">();
  private readonly faults: Fault[] = [];
  private server: Server | null = null;
  private issued = 0;
  /** The fake's own clock, so tests can age phone codes. */
  now: () => number = () => Date.now();

  constructor(
    readonly appId: string,
    readonly appSecret: string,
  ) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error("fake not started");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ready) => this.server!.listen(0, "127.0.0.1", ready));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server!.close(() => done()));
    this.server = null;
  }

  /** A Zalo user whose Mini App getAccessToken() returned `accessToken`. */
  addUser(accessToken: string, user: FakeUser): void {
    this.users.set(accessToken, user);
  }

  /** What getPhoneNumber() would hand the Mini App: a single-use code valid for 2 minutes. */
  issuePhoneCode(accessToken: string, number: string): string {
    const user = this.users.get(accessToken);
    if (!user) throw new Error("unknown user");
    const code = `phone-code-${++this.issued}`;
    this.phoneCodes.set(code, { number, userId: user.id, issuedAt: this.now(), used: false });
    return code;
  }

  issueRefreshToken(): string {
    const token = `oa-refresh-${++this.issued}`;
    this.refreshTokens.set(token, "valid");
    return token;
  }

  /** The next requests fail this way, in order (any endpoint). */
  failNext(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://fake");
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    this.requests.push({ method: req.method ?? "GET", path: url.pathname + url.search, headers, body });

    const fault = this.faults.shift();
    if (fault === "timeout") return; // never answers; the client's timeout must fire
    if (fault === "http500") return send(res, 500, { error: -500, message: "Internal Server Error" });
    if (fault === "garbage") {
      res.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>");
      return;
    }
    if (fault) return send(res, 200, fault);

    if (req.method === "GET" && url.pathname === "/v2.0/me") return this.me(headers, res);
    if (req.method === "GET" && url.pathname === "/v2.0/me/info") return this.meInfo(headers, res);
    if (req.method === "POST" && url.pathname === "/v4/oa/access_token") return this.oaToken(headers, body, res);
    send(res, 404, { error: -404, message: "Not found" });
  }

  private checkUser(headers: Record<string, string>, res: ServerResponse): FakeUser | null {
    const token = headers.access_token ?? "";
    const user = this.users.get(token);
    if (!user) {
      send(res, 200, { error: FAKE_ERRORS.invalidAccessToken, message: "Access token is invalid" });
      return null;
    }
    const proof = createHmac("sha256", this.appSecret).update(token).digest("hex");
    if (headers.appsecret_proof !== proof) {
      send(res, 200, { error: FAKE_ERRORS.invalidAppSecretProof, message: "Invalid appsecret_proof" });
      return null;
    }
    return user;
  }

  private me(headers: Record<string, string>, res: ServerResponse) {
    const user = this.checkUser(headers, res);
    if (!user) return;
    send(res, 200, {
      id: user.id,
      name: user.name,
      picture: { data: { url: user.pictureUrl ?? "https://s120-ava-talk.zadn.vn/fake.jpg" } },
      error: 0,
      message: "Success",
    });
  }

  private meInfo(headers: Record<string, string>, res: ServerResponse) {
    if (headers.secret_key !== this.appSecret) {
      return send(res, 200, { error: FAKE_ERRORS.invalidSecretKey, message: "App secret key invalid" });
    }
    const user = this.checkUser(headers, res);
    if (!user) return;
    const entry = this.phoneCodes.get(headers.code ?? "");
    if (!entry || entry.used || entry.userId !== user.id) {
      return send(res, 200, { error: FAKE_ERRORS.invalidPhoneCode, message: "Invalid code" });
    }
    entry.used = true;
    if (this.now() - entry.issuedAt > PHONE_CODE_TTL_MS) {
      return send(res, 200, { error: FAKE_ERRORS.expiredPhoneCode, message: "Code expired" });
    }
    send(res, 200, { data: { number: entry.number }, error: 0, message: "Success" });
  }

  private oaToken(headers: Record<string, string>, body: string, res: ServerResponse) {
    if (headers.secret_key !== this.appSecret) {
      return send(res, 200, { error: FAKE_ERRORS.invalidSecretKey, error_name: "Invalid secret key", error_description: "secret_key is invalid" });
    }
    const form = new URLSearchParams(body);
    const token = form.get("refresh_token") ?? "";
    const state = this.refreshTokens.get(token);
    if (form.get("grant_type") !== "refresh_token" || form.get("app_id") !== this.appId || !state) {
      return send(res, 200, { error: FAKE_ERRORS.invalidRefreshToken, error_name: "Invalid parameter", error_description: "refresh_token is invalid" });
    }
    if (state === "used") {
      return send(res, 200, { error: FAKE_ERRORS.refreshTokenReused, error_name: "Invalid refresh token", error_description: "refresh_token was used" });
    }
    this.refreshTokens.set(token, "used");
    send(res, 200, { access_token: `oa-access-${++this.issued}`, refresh_token: this.issueRefreshToken(), expires_in: "90000" });
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

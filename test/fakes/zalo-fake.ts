/**
 * A local stand-in for Zalo's servers, following the documented protocol
 * (docs/zalo.md#oa-token, #graph-me, #graph-phone): same paths, headers and JSON envelopes,
 * including errors sent as HTTP 200 with a non-zero `error`. Tests point ZALO_GRAPH_URL and
 * ZALO_OAUTH_URL at it, and ZALO_ZNS_URL for ZNS (docs/zalo.md#zns-send to #webhook), whose delivery events it signs and
 * posts back like Zalo does.
 */
import { createHash, createHmac } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, ServerResponse, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeUser = { id: string; name: string; pictureUrl?: string };
type PhoneCode = { number: string; userId: string; issuedAt: number; used: boolean };
export type Fault =
  | "http500"
  | "timeout"
  | "garbage"
  /** ZNS only: the message is accepted (and its delivery event sent), but the answer never comes. */
  | "acceptThenHang"
  /**
   * Any endpoint: the request is processed in full (an OAuth refresh spends the refresh token
   * and issues a new pair; a ZNS message is accepted), then the connection is reset and the
   * answer never arrives, as when a proxy drops it or our process is killed mid-call.
   */
  | "processThenDrop"
  /** Like processThenDrop, but the connection stays open without an answer: the caller's timeout fires. */
  | "processThenHang"
  | { error: number; message: string };
export type RecordedRequest = { method: string; path: string; headers: Record<string, string>; body: string };

/** Error numbers the fake uses where Zalo's own are unconfirmed; tests assert our mapping, not these. */
export const FAKE_ERRORS = {
  invalidAccessToken: -216,
  invalidAppSecretProof: -217,
  invalidSecretKey: -104,
  invalidPhoneCode: -2001,
  expiredPhoneCode: -2002,
  refreshTokenReused: -14020,
  /** Mini App notification refused for the user (not allowed, no recent interaction, daily cap): the real numbers are unknown (§5.4). */
  notificationRefused: -3001,
  invalidRefreshToken: -14014,
  invalidAuthCode: -14019,
} as const;

export const PHONE_CODE_TTL_MS = 2 * 60_000;

export class ZaloFake {
  readonly requests: RecordedRequest[] = [];
  private readonly users = new Map<string, FakeUser>();
  private readonly phoneCodes = new Map<string, PhoneCode>();
  private readonly refreshTokens = new Map<string, "valid" | "used">();
  /** Authorization codes the consent page issued: the PKCE challenge they were asked with, and whether used. */
  private readonly authCodes = new Map<string, { challenge: string; used: boolean; user?: FakeUser }>();
  /**
   * Who is signed in to Zalo in the browser that opens the person's consent page (social login,
   * /v4/permission): the code it issues yields an access token for this user, which /v2.0/me
   * then answers. null: the page cannot grant (a test of the refusal sets consent = "deny").
   */
  zaloSession: FakeUser | null = null;
  /** What the consent page does: grant (redirect with a code) or deny (redirect with an error). */
  consent: "grant" | "deny" = "grant";
  private readonly faults: Fault[] = [];
  /** Faults for ZNS sends only (the OAuth and other calls are answered normally meanwhile). */
  private readonly znsFaults: Fault[] = [];
  /** Faults for OAuth token calls only (ZNS and the rest are answered normally meanwhile). */
  private readonly oauthFaults: Fault[] = [];
  /** How many of the next ZNS sends to hold open; see holdZns(). */
  private znsHolds = 0;
  /** ZNS sends held open (received, not yet processed nor answered), oldest first. */
  private readonly heldZns: { trackingId: string; process: () => void }[] = [];
  private server: Server | null = null;
  private issued = 0;
  /** OA access tokens the fake honours on ZNS calls; expireOaTokens() empties it. */
  private readonly oaAccess = new Set<string>();
  /** ZNS templates the "OA" has approved: id → parameter names. */
  readonly znsTemplates = new Map<string, string[]>();
  /** Every accepted ZNS message by tracking id, with how many times it was accepted. */
  readonly znsAccepted = new Map<
    string,
    { count: number; msgId: string; phone: string; templateId: string; data: Record<string, unknown>; mode: "development" | null }
  >();
  /**
   * Templates the "OA" registered as service rating templates (type 5): Zalo draws 1–5 stars under
   * their text, and only their messages can be rated (rate()).
   */
  readonly znsRatingTemplates = new Set<string>();
  /** The OA's id, as Zalo names it in events (sender.id) and in its profile (getoa). */
  oaId = "fake-oa";
  /** The OA's name in its profile (GET /v2.0/oa/getoa). */
  oaName = "Cà phê Demo";
  /**
   * What template/all and template/info say of a template besides its parameter names (default:
   * enabled, quality HIGH, every parameter 30 characters): a test sets a disabled one or other lengths.
   */
  readonly znsTemplateMeta = new Map<string, { status?: string; quality?: string; maxLength?: Record<string, number> }>();
  /**
   * Mini App notifications (../shared/docs/zalo-platform.md §5.4, POST /notification/template):
   * the API key (`X-Api-Key: Bearer <key>`) and Mini App id the fake honours, and every accepted
   * notification by Zalo user id, in order. The notes give the request, not the answer: the fake
   * answers in the envelope of Zalo's other APIs (`error: 0`, `data.msgId`), which is an assumption.
   */
  miniApp = { apiKey: "fake-miniapp-key", id: "fake-miniapp", templateId: "00126fd75392bacce383" };
  readonly notifications: { userId: string; templateId: string; data: Record<string, unknown> }[] = [];
  /** Zalo user ids the platform refuses notifications to (FAKE_ERRORS.notificationRefused). */
  readonly notificationsRefused = new Set<string>();
  /** Phones with no Zalo account (ZNS -118). */
  readonly phonesWithoutZalo = new Set<string>();
  /**
   * Where delivery events go, and how they are signed; null: no events. With `retryMs`, an event
   * that was not answered 200 is posted again every `retryMs` until it is (or the fake stops),
   * as Zalo redelivers (docs/zalo.md, webhooks): a process killed mid-event gets it after restart.
   * Without it, one try.
   */
  webhook: { url: string; oaSecret: string; delayMs: number; retryMs?: number } | null = null;
  /** Tracking ids whose delivery event the webhook answered with 200. */
  readonly deliveriesAcked = new Set<string>();
  /** Delivery events emitted and not yet answered 200 (nor given up). */
  private pendingDeliveries = 0;
  /** "change" after every accepted message, held send and settled delivery event: tests wait on conditions. */
  private readonly changes = new EventEmitter().setMaxListeners(0);
  /**
   * The OA's daily quota. When set (finite), every accepted answer reports it with what is left,
   * `data.quota.{dailyQuota, remainingQuota}` as strings (docs/zalo.md#zns-send), and a send past
   * it is refused with -115; unset, answers carry no quota figures (the tests and benches that
   * send without a quota are not about it).
   */
  znsDailyQuota = Number.POSITIVE_INFINITY;
  /** Messages accepted so far, from us and from other systems on the same OA (useQuotaElsewhere). */
  znsAcceptedTotal = 0;
  /**
   * Templates Zalo treats as promotional (tag 3), and how many of those it accepts before
   * refusing them with -115 while other messages still go. Zalo documents no separate code for
   * the promotional share (docs/zalo.md#zns-errors: -115 "out of quota" is itself inferred), so
   * the fake answers the same -115 and the worker infers the scope from the refused message.
   */
  readonly znsPromoTemplates = new Set<string>();
  znsPromoQuota = Number.POSITIVE_INFINITY;
  znsPromoAccepted = 0;
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

  /**
   * Resolves when `condition()` holds, checked after each accepted message and each settled
   * delivery event (so no polling interval to tune); rejects after `timeoutMs`, a guard against
   * hanging, not a performance bound.
   */
  until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((done, fail) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.changes.off("change", check);
        done();
      };
      const timer = setTimeout(() => {
        this.changes.off("change", check);
        fail(new Error(`fake Zalo: timed out waiting for ${what}`));
      }, timeoutMs);
      this.changes.on("change", check);
    });
  }

  /** Every delivery event emitted so far has been answered (or, without retries, given up). */
  settled(): Promise<void> {
    return this.until(() => this.pendingDeliveries === 0, "delivery events to settle");
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

  /** An OA token pair as after the OA's first authorisation. */
  issueOaTokens(): { accessToken: string; refreshToken: string } {
    const accessToken = `oa-access-${++this.issued}`;
    this.oaAccess.add(accessToken);
    return { accessToken, refreshToken: this.issueRefreshToken() };
  }

  /** Every OA access token stops working (ZNS answers -124) until refreshed. */
  expireOaTokens(): void {
    this.oaAccess.clear();
  }

  /** Another system sending from the same OA uses `count` of its quota (Zalo counts them, we do not see them). */
  useQuotaElsewhere(count: number): void {
    this.znsAcceptedTotal += count;
  }

  /** Messages accepted more than once: the number the queue must keep at zero. */
  znsDuplicates(): number {
    return [...this.znsAccepted.values()].reduce((sum, m) => sum + m.count - 1, 0);
  }

  /** The next requests fail this way, in order (any endpoint). */
  failNext(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /**
   * The next `count` ZNS sends hang: each is received (and recorded) but neither processed nor
   * answered until releaseZns(), so a test controls exactly when a slow call ends.
   */
  holdZns(count: number): void {
    this.znsHolds += count;
  }

  /** Tracking ids of the ZNS sends held open now, oldest first. */
  heldZnsTrackingIds(): string[] {
    return this.heldZns.map((h) => h.trackingId);
  }

  /** Processes and answers every held ZNS send, as if Zalo had only been slow. */
  releaseZns(): void {
    for (const h of this.heldZns.splice(0)) h.process();
  }

  /** The next ZNS sends fail this way, in order; e.g. -124 for a token Zalo has just issued. */
  failNextZns(...faults: Fault[]): void {
    this.znsFaults.push(...faults);
  }

  /** The next OAuth token calls fail this way, in order; e.g. "processThenDrop" for a refresh whose answer is lost. */
  failNextOauth(...faults: Fault[]): void {
    this.oauthFaults.push(...faults);
  }

  /** The refresh tokens sent to the OAuth endpoint so far, in order (one per call). */
  refreshTokensSent(): string[] {
    return this.requests.filter((r) => r.path === "/v4/oa/access_token").map((r) => new URLSearchParams(r.body).get("refresh_token") ?? "");
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://fake");
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    this.requests.push({ method: req.method ?? "GET", path: url.pathname + url.search, headers, body });

    const isZns = req.method === "POST" && url.pathname === "/message/template";
    if (isZns && this.znsHolds > 0) {
      this.znsHolds--;
      const trackingId = String((JSON.parse(body) as { tracking_id?: unknown }).tracking_id ?? "");
      this.heldZns.push({ trackingId, process: () => this.znsSend(headers, body, res) });
      this.changes.emit("change");
      return;
    }
    const isOauth = req.method === "POST" && url.pathname === "/v4/oa/access_token";
    const fault = this.faults.shift() ?? (isZns ? this.znsFaults.shift() : isOauth ? this.oauthFaults.shift() : undefined);
    if (fault === "timeout") return; // never answers; the client's timeout must fire
    if (fault === "acceptThenHang") {
      if (req.method === "POST" && url.pathname === "/message/template") this.znsSend(headers, body, null);
      return;
    }
    if (fault === "processThenDrop" || fault === "processThenHang") {
      // Answered into a response attached to no socket: the work is done, the answer goes nowhere.
      this.route(req, url, headers, body, new ServerResponse(req));
      if (fault === "processThenDrop") req.socket.destroy();
      return;
    }
    if (fault === "http500") return send(res, 500, { error: -500, message: "Internal Server Error" });
    if (fault === "garbage") {
      res.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>");
      return;
    }
    if (fault) return send(res, 200, fault);
    this.route(req, url, headers, body, res);
  }

  private route(req: IncomingMessage, url: URL, headers: Record<string, string>, body: string, res: ServerResponse): void {
    if (req.method === "GET" && url.pathname === "/v4/oa/permission") return this.permission(url, res);
    if (req.method === "GET" && url.pathname === "/v4/permission") return this.permission(url, res, this.zaloSession ?? undefined);
    if (req.method === "POST" && url.pathname === "/v4/access_token") return this.userToken(headers, body, res);
    if (req.method === "GET" && url.pathname === "/v2.0/me") return this.me(headers, res);
    if (req.method === "GET" && url.pathname === "/v2.0/me/info") return this.meInfo(headers, res);
    if (req.method === "POST" && url.pathname === "/v4/oa/access_token") return this.oaToken(headers, body, res);
    if (req.method === "POST" && url.pathname === "/message/template") return this.znsSend(headers, body, res);
    if (req.method === "POST" && url.pathname === "/notification/template") return this.notify(headers, body, res);
    if (req.method === "GET" && url.pathname === "/template/all") return this.templateList(headers, url, res);
    if (req.method === "GET" && url.pathname === "/template/info") return this.templateInfo(headers, url, res);
    if (req.method === "GET" && url.pathname === "/v2.0/oa/getoa") return this.oaProfile(headers, res);
    if (req.method === "GET" && url.pathname === "/message/quota") return this.znsQuota(headers, res);
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
      return send(res, 200, {
        error: FAKE_ERRORS.invalidSecretKey,
        error_name: "Invalid secret key",
        error_description: "secret_key is invalid",
      });
    }
    const form = new URLSearchParams(body);
    if (form.get("grant_type") === "authorization_code") return this.grantCode(form, res);
    const token = form.get("refresh_token") ?? "";
    const state = this.refreshTokens.get(token);
    if (form.get("grant_type") !== "refresh_token" || form.get("app_id") !== this.appId || !state) {
      return send(res, 200, {
        error: FAKE_ERRORS.invalidRefreshToken,
        error_name: "Invalid parameter",
        error_description: "refresh_token is invalid",
      });
    }
    if (state === "used") {
      return send(res, 200, {
        error: FAKE_ERRORS.refreshTokenReused,
        error_name: "Invalid refresh token",
        error_description: "refresh_token was used",
      });
    }
    this.refreshTokens.set(token, "used");
    const access = `oa-access-${++this.issued}`;
    this.oaAccess.add(access);
    send(res, 200, { access_token: access, refresh_token: this.issueRefreshToken(), expires_in: "90000" });
  }

  /**
   * The OA admin's consent page (docs/zalo.md#oa-token), answered at once as if the admin
   * granted (or, with `consent = "deny"`, refused): a 302 to redirect_uri with code and state.
   * It insists on app_id, redirect_uri, state and an S256 challenge (43 base64url characters).
   */
  private permission(url: URL, res: ServerResponse, user?: FakeUser) {
    const q = url.searchParams;
    const redirect = q.get("redirect_uri") ?? "";
    const challenge = q.get("code_challenge") ?? "";
    const state = q.get("state") ?? "";
    if (q.get("app_id") !== this.appId || !/^https?:\/\//.test(redirect) || !state || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return send(res, 400, { error: -201, message: "Invalid parameters" });
    }
    const back = new URL(redirect);
    back.searchParams.set("state", state);
    if (this.consent === "deny") {
      back.searchParams.set("error", "access_denied");
    } else {
      const code = `fake-code-${++this.issued}-${Math.random().toString(36).slice(2)}`;
      this.authCodes.set(code, { challenge, used: false, user });
      back.searchParams.set("code", code);
      if (!user) back.searchParams.set("oa_id", this.oaId);
    }
    res.writeHead(302, { location: back.toString() }).end();
  }

  /**
   * A person's (social login) token: a code from /v4/permission, once, with the verifier whose
   * S256 is its challenge; the access token it gives is one /v2.0/me knows.
   */
  private userToken(headers: Record<string, string>, body: string, res: ServerResponse) {
    const form = new URLSearchParams(body);
    const entry = this.authCodes.get(form.get("code") ?? "");
    const verifier = form.get("code_verifier") ?? "";
    const challenge = createHash("sha256").update(verifier, "ascii").digest("base64url");
    if (
      headers.secret_key !== this.appSecret ||
      form.get("grant_type") !== "authorization_code" ||
      form.get("app_id") !== this.appId ||
      !entry?.user ||
      entry.used ||
      entry.challenge !== challenge
    ) {
      if (entry) entry.used = true;
      return send(res, 200, { error: FAKE_ERRORS.invalidAuthCode, error_name: "Invalid parameter", error_description: "code is invalid" });
    }
    entry.used = true;
    const access = `user-access-${++this.issued}`;
    this.users.set(access, entry.user);
    send(res, 200, { access_token: access, refresh_token: `user-refresh-${++this.issued}`, expires_in: "3600" });
  }

  /** The first grant: a code from the consent page, once, with the verifier whose S256 is its challenge. */
  private grantCode(form: URLSearchParams, res: ServerResponse) {
    const entry = this.authCodes.get(form.get("code") ?? "");
    const verifier = form.get("code_verifier") ?? "";
    const challenge = createHash("sha256").update(verifier, "ascii").digest("base64url");
    if (form.get("app_id") !== this.appId || !entry || entry.user || entry.used || entry.challenge !== challenge) {
      if (entry) entry.used = true;
      return send(res, 200, { error: FAKE_ERRORS.invalidAuthCode, error_name: "Invalid parameter", error_description: "code is invalid" });
    }
    entry.used = true;
    const access = `oa-access-${++this.issued}`;
    this.oaAccess.add(access);
    send(res, 200, { access_token: access, refresh_token: this.issueRefreshToken(), expires_in: "90000" });
  }

  /** ZNS send (docs/zalo.md#zns-send): token header, known template, complete data, 84… phone. */
  private znsSend(headers: Record<string, string>, raw: string, res: ServerResponse | null) {
    const reply = (body: unknown): void => {
      if (res) send(res, 200, body);
    };
    if (!this.oaAccess.has(headers.access_token ?? "")) return reply({ error: -124, message: "Access token invalid" });
    let body: { phone?: unknown; template_id?: unknown; template_data?: Record<string, unknown>; tracking_id?: unknown; mode?: unknown };
    try {
      body = JSON.parse(raw);
    } catch {
      return reply({ error: -112, message: "Template data invalid" });
    }
    const phone = String(body.phone ?? "");
    if (!/^84\d{9,10}$/.test(phone)) return reply({ error: -108, message: "Phone number invalid" });
    const params = this.znsTemplates.get(String(body.template_id ?? ""));
    if (!params) return reply({ error: -109, message: "Template ID invalid" });
    const data = body.template_data ?? {};
    if (params.some((p) => data[p] === undefined || data[p] === "")) return reply({ error: -1122, message: "Missing param" });
    if (this.phonesWithoutZalo.has(phone)) return reply({ error: -118, message: "Zalo account not existed" });
    if (this.znsAcceptedTotal >= this.znsDailyQuota) return reply({ error: -115, message: "Out of quota" });
    const promo = this.znsPromoTemplates.has(String(body.template_id ?? ""));
    if (promo && this.znsPromoAccepted >= this.znsPromoQuota) return reply({ error: -115, message: "Out of quota" });
    // `mode`: absent (production) or "development", delivered only to the OA's and app's admins
    // (docs/zalo.md#zns-send). Recorded only: which phones are admins, and whether such sends use
    // the quota, are not documented, so the fake enforces neither.
    const mode = body.mode === "development" ? "development" : null;
    const trackingId = String(body.tracking_id ?? "");
    const prior = this.znsAccepted.get(trackingId);
    const msgId = `zns-${++this.issued}`;
    this.znsAccepted.set(trackingId, {
      count: (prior?.count ?? 0) + 1,
      msgId,
      phone,
      templateId: String(body.template_id ?? ""),
      data,
      mode,
    });
    this.znsAcceptedTotal++;
    if (promo) this.znsPromoAccepted++;
    this.changes.emit("change");
    const quota = Number.isFinite(this.znsDailyQuota)
      ? {
          quota: {
            dailyQuota: String(this.znsDailyQuota),
            remainingQuota: String(Math.max(0, this.znsDailyQuota - this.znsAcceptedTotal)),
          },
        }
      : {};
    reply({ error: 0, message: "Success", data: { msg_id: msgId, sent_time: String(this.now()), ...quota } });
    this.emitDelivery(phone, msgId, trackingId);
  }

  /** §5.4: the three headers, then a body with templateId and the five templateData fields. */
  private notify(headers: Record<string, string>, raw: string, res: ServerResponse) {
    if (headers["x-api-key"] !== `Bearer ${this.miniApp.apiKey}`) return send(res, 200, { error: -124, message: "Invalid api key" });
    if (headers["x-miniapp-id"] !== this.miniApp.id) return send(res, 200, { error: -101, message: "Mini App invalid" });
    const userId = headers["x-user-id"] ?? "";
    if (!userId) return send(res, 200, { error: -201, message: "User id missing" });
    let body: { templateId?: unknown; templateData?: Record<string, unknown> };
    try {
      body = JSON.parse(raw);
    } catch {
      return send(res, 200, { error: -112, message: "Template data invalid" });
    }
    if (body.templateId !== this.miniApp.templateId) return send(res, 200, { error: -109, message: "Template ID invalid" });
    const data = body.templateData ?? {};
    const fields = ["title", "contentTitle", "contentDescription", "buttonText", "buttonUrl"];
    if (fields.some((f) => typeof data[f] !== "string" || data[f] === ""))
      return send(res, 200, { error: -112, message: "Template data invalid" });
    if (this.notificationsRefused.has(userId))
      return send(res, 200, { error: FAKE_ERRORS.notificationRefused, message: "User does not accept notifications" });
    this.notifications.push({ userId, templateId: String(body.templateId), data });
    this.changes.emit("change");
    send(res, 200, { error: 0, message: "Success", data: { msgId: `ntf-${++this.issued}` } });
  }

  /** Template list (docs/zalo.md#zns-send; shape seen in others' code): status must be a number, else -132. */
  private templateList(headers: Record<string, string>, url: URL, res: ServerResponse) {
    if (!this.oaAccess.has(headers.access_token ?? "")) return send(res, 200, { error: -124, message: "Access token invalid" });
    const status = url.searchParams.get("status");
    if (status !== null && !/^\d+$/.test(status)) return send(res, 200, { error: -132, message: "Invalid status" });
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? 100);
    const all = [...this.znsTemplates.keys()].map((id) => ({
      templateId: Number(id) || id,
      templateName: `Mẫu ${id}`,
      createdTime: 1700000000000,
      status: this.znsTemplateMeta.get(id)?.status ?? "ENABLE",
      templateQuality: this.znsTemplateMeta.get(id)?.quality ?? "HIGH",
    }));
    send(res, 200, { error: 0, message: "Success", data: all.slice(offset, offset + limit), metadata: { total: all.length } });
  }

  /** The OA's profile (OA OpenAPI v2 getoa): -216 for a token it does not honour. */
  private oaProfile(headers: Record<string, string>, res: ServerResponse) {
    if (!this.oaAccess.has(headers.access_token ?? "")) return send(res, 200, { error: -216, message: "Access token is invalid" });
    send(res, 200, { error: 0, message: "Success", data: { oa_id: this.oaId, name: this.oaName, description: "", is_verified: true } });
  }

  /** The ZNS quota as strings, as the send answers carry it; no quota set: Zalo's default tier, 5,000 a day. */
  private znsQuota(headers: Record<string, string>, res: ServerResponse) {
    if (!this.oaAccess.has(headers.access_token ?? "")) return send(res, 200, { error: -124, message: "Access token invalid" });
    const daily = Number.isFinite(this.znsDailyQuota) ? this.znsDailyQuota : 5_000;
    send(res, 200, {
      error: 0,
      message: "Success",
      data: { dailyQuota: String(daily), remainingQuota: String(Math.max(0, daily - this.znsAcceptedTotal)) },
    });
  }

  private templateInfo(headers: Record<string, string>, url: URL, res: ServerResponse) {
    if (!this.oaAccess.has(headers.access_token ?? "")) return send(res, 200, { error: -124, message: "Access token invalid" });
    const id = url.searchParams.get("template_id") ?? "";
    const params = this.znsTemplates.get(id);
    if (!params) return send(res, 200, { error: -109, message: "Template ID invalid" });
    const meta = this.znsTemplateMeta.get(id);
    send(res, 200, {
      error: 0,
      message: "Success",
      data: {
        templateId: Number(id) || id,
        templateName: `Mẫu ${id}`,
        status: meta?.status ?? "ENABLE",
        templateQuality: meta?.quality ?? "HIGH",
        listParams: params.map((name) => ({
          name,
          require: true,
          type: "STRING",
          maxLength: meta?.maxLength?.[name] ?? 30,
          minLength: 0,
          acceptNull: false,
        })),
        previewUrl: `https://account.zalo.cloud/znspreview/${id}`,
      },
    });
  }

  /**
   * The member rates the message sent with `trackingId` in Zalo: taps `rate` stars, maybe ticks
   * reasons and writes a note. Zalo reports it to the OA's webhook as `user_feedback`
   * (docs/zalo.md#zns-rating), signed like every event. The payload's shape is our best reading of
   * unconfirmed documentation: the ZBS envelope (event_name, app_id, timestamp, sender = the OA,
   * recipient = the phone) and the rating record's fields under `message` (msg_id, tracking_id,
   * rate, note, feedbacks, submit_time in milliseconds). Only a message of a rating template can be
   * rated (throws otherwise: a test mistake, not a Zalo answer). Resolves with our webhook's HTTP
   * status (one try; call again to simulate Zalo's redelivery of the same event: same body, same signature).
   */
  async rate(
    trackingId: string,
    rating: { rate: number; note?: string; feedbacks?: string[]; at?: number },
  ): Promise<{ status: number; body: unknown; raw: string; signature: string }> {
    const hook = this.webhook;
    if (!hook) throw new Error("fake Zalo: no webhook to report the rating to");
    const sent = this.znsAccepted.get(trackingId);
    if (!sent) throw new Error(`fake Zalo: no accepted message ${trackingId}`);
    if (!this.znsRatingTemplates.has(sent.templateId)) throw new Error(`fake Zalo: template ${sent.templateId} is not a rating template`);
    const key = `${trackingId}:${rating.at ?? ""}`;
    // Redelivery sends the very same event: the same body, timestamp and signature.
    let event = this.ratingEvents.get(key);
    if (!event) {
      const submitted = String(rating.at ?? this.now());
      const raw = JSON.stringify({
        event_name: "user_feedback",
        app_id: this.appId,
        timestamp: submitted,
        sender: { id: this.oaId },
        recipient: { id: sent.phone },
        message: {
          msg_id: sent.msgId,
          tracking_id: trackingId,
          rate: rating.rate,
          note: rating.note ?? "",
          feedbacks: rating.feedbacks ?? [],
          submit_time: submitted,
        },
      });
      event = { raw, signature: this.sign(raw, submitted, hook.oaSecret) };
      this.ratingEvents.set(key, event);
    }
    const r = await fetch(hook.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-zevent-signature": event.signature, "x-zevent-server": "ZNS" },
      body: event.raw,
    });
    const text = await r.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the test to see
    }
    return { status: r.status, body, ...event };
  }

  private readonly ratingEvents = new Map<string, { raw: string; signature: string }>();

  /** X-ZEvent-Signature as Zalo computes it (docs/zalo.md#webhook). */
  private sign(raw: string, timestamp: string, oaSecret: string): string {
    return `mac=${createHash("sha256")
      .update(this.appId + raw + timestamp + oaSecret)
      .digest("hex")}`;
  }

  private emitDelivery(phone: string, msgId: string, trackingId: string) {
    const hook = this.webhook;
    if (!hook) return;
    this.pendingDeliveries++;
    const settle = (acked: boolean) => {
      this.pendingDeliveries--;
      if (acked) this.deliveriesAcked.add(trackingId);
      this.changes.emit("change");
    };
    setTimeout(() => {
      const timestamp = String(this.now());
      const raw = JSON.stringify({
        event_name: "user_received_message",
        app_id: this.appId,
        timestamp,
        sender: { id: "fake-oa" },
        recipient: { id: phone },
        message: { msg_id: msgId, tracking_id: trackingId, delivery_time: timestamp },
      });
      const signature = this.sign(raw, timestamp, hook.oaSecret);
      // Zalo redelivers an event that was not answered 200; the fake does too, faster, and
      // without a cap on tries so a server that was down for a while still gets it.
      const post = (): void => {
        fetch(hook.url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-zevent-signature": signature, "x-zevent-server": "ZNS" },
          body: raw,
        })
          .then((r) => {
            if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
            settle(true);
          })
          .catch(() => {
            if (hook.retryMs && this.server) setTimeout(post, hook.retryMs).unref?.();
            else settle(false);
          });
      };
      post();
    }, hook.delayMs).unref?.();
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

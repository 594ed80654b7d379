import { PGlite } from "@electric-sql/pglite";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, seedDemo } from "../../src/server/db/seed";
import { migrateDatabase, openDatabase } from "../../src/server/db/client";
import { parseEnv } from "../../src/server/env";
import { issueLoginLink } from "../../src/server/features/auth/login-links";
import { startServer, type Running } from "../../src/server/server";
import { ZaloFake } from "../fakes/zalo-fake";
import { launchBrowser, shot, type Browser } from "./harness";

/**
 * Issue 16, "a sign-in a person can do alone" (decision 0040, addendum): a server with a Zalo app
 * (the fake Zalo standing in for oauth.zaloapp.com and graph.zalo.me). The manager signs in once
 * with a one-time link, links their Zalo account from the sessions page (the browser really goes
 * to the fake's consent page and back), signs out, and signs in again with "Đăng nhập bằng
 * Zalo" alone. A Zalo account nobody linked is told so on the login page.
 */
describe("console sign-in with Zalo, against the fake Zalo", () => {
  let fake: ZaloFake;
  let product: Running;
  let browser: Browser;
  let stranger: Browser;
  let admin: Browser;
  const WIDE = { width: 1366, height: 900 };
  const NARROW = { width: 768, height: 1000 };

  beforeAll(async () => {
    fake = await new ZaloFake("fake-app", "fake-app-secret").start();
    const env = parseEnv({
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      RATE_LIMIT_MULTIPLIER: "100",
      DATA_DIR: mkdtempSync(join(tmpdir(), "ll-e2e-")),
      ZALO_APP_ID: fake.appId,
      ZALO_APP_SECRET: fake.appSecret,
      SESSION_SECRET: "e2e-session-secret-0123456789abcdef",
      // The server never seeds made-up members where it sends through Zalo: the test seeds them itself.
      SEED_DEMO: "false",
      ZALO_OAUTH_URL: fake.url,
      ZALO_GRAPH_URL: fake.url,
      // The Zalo transport, so the admin can connect the OA against the same fake (issue 16).
      ZNS_TRANSPORT: "zalo",
      ZALO_OA_SECRET: "e2e-oa-secret",
      TOKEN_ENCRYPTION_KEY: "ab".repeat(32),
      ZALO_ZNS_URL: fake.url,
      ZALO_OPENAPI_URL: fake.url,
    });
    const database = await openDatabase({ kind: "pglite-instance", pglite: new PGlite() });
    await migrateDatabase(database);
    await seedDemo(database.db);
    product = await startServer(env, pino({ level: "silent" }), { database, scheduler: false });
    browser = await launchBrowser();
    stranger = await launchBrowser();
    admin = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stranger?.close();
    await admin?.close();
    await product?.close();
    await fake?.stop();
  });

  it("the manager links Zalo once, then signs in with Zalo alone", async () => {
    fake.zaloSession = { id: "zalo-chau-42", name: "Đỗ Minh Châu" };
    const link = await issueLoginLink(product.deps.database.db, {
      brandSlug: "demo",
      email: DEMO.managerEmail,
      publicUrl: product.url,
      nowMillis: Date.now(),
    });
    const page = await browser.newPage(WIDE);
    await page.goto(link!.url);
    await page.getByRole("heading", { level: 1, name: "Thành viên" }).waitFor();

    await page.goto(`${product.url}/console/account/sessions`);
    await page.getByRole("heading", { name: "Đăng nhập bằng Zalo" }).waitFor();
    await shot(page, "92-console-sessions-zalo-unlinked");
    await page.getByRole("button", { name: "Liên kết Zalo" }).click();
    // Zalo's consent page (the fake) grants and sends the browser back to our callback, then here.
    await page.getByText("Đã liên kết Zalo. Lần sau hãy chọn “Đăng nhập bằng Zalo”.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/console/account/sessions");
    await page.getByRole("button", { name: "Bỏ liên kết Zalo" }).waitFor();
    await shot(page, "93-console-sessions-zalo-linked");
    await page.setViewportSize(NARROW);
    await shot(page, "93-console-sessions-zalo-linked-768");
    await page.setViewportSize(WIDE);

    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.getByRole("heading", { level: 1, name: "LoyalLoop Console" }).waitFor();
    const zalo = page.getByRole("button", { name: "Đăng nhập bằng Zalo" });
    await zalo.waitFor();
    // No quick sign-in on a server with a Zalo app; the one-time code stays as the fallback.
    expect(await page.getByRole("heading", { name: "Đăng nhập nhanh (dev)" }).count()).toBe(0);
    await page.getByRole("heading", { name: "Mã đăng nhập một lần" }).waitFor();
    await shot(page, "94-console-login-zalo");
    await page.setViewportSize(NARROW);
    await shot(page, "94-console-login-zalo-768");
    await page.setViewportSize(WIDE);

    await zalo.click();
    await page.getByRole("heading", { level: 1, name: "Thành viên" }).waitFor();
    await page.getByText("Đỗ Minh Châu").first().waitFor();
    // The PKCE exchange happened at the fake, with a verifier matching the challenge (the fake refuses otherwise).
    expect(fake.requests.filter((r) => r.path === "/v4/access_token")).toHaveLength(2);
    // A new tab of the same browser is signed in too (the refresh cookie).
    const second = await browser.context.newPage();
    await second.setViewportSize(WIDE);
    await second.goto(`${product.url}/console/account/sessions`);
    await second.getByRole("button", { name: "Bỏ liên kết Zalo" }).waitFor();
    expect(browser.errors).toEqual([]);
  });

  it("the admin connects the brand's Zalo OA (OAuth v4 with PKCE at the fake) and checks the connection", async () => {
    const link = await issueLoginLink(product.deps.database.db, {
      brandSlug: "demo",
      email: DEMO.adminEmail,
      publicUrl: product.url,
      nowMillis: Date.now(),
    });
    // A browser of the admin's own: in the manager's (the test before), a manager tab or the
    // manager's refresh cookie could still win over the admin's link, and the admin-only Zalo tab
    // never showed — two CI rehearsals under load, even with the manager's tabs closed first.
    const page = await admin.newPage(WIDE);
    await page.goto(link!.url);
    await page.getByRole("heading", { level: 1, name: "Thành viên" }).waitFor();
    await page.goto(`${product.url}/console/messages?tab=zalo`);
    await page.getByText("Chưa kết nối", { exact: true }).waitFor();
    await shot(page, "96-console-oa-not-connected");
    // The browser really leaves for the fake's consent page, which grants and sends it back to our callback.
    await page.getByRole("button", { name: "Kết nối Zalo OA" }).click();
    await page.getByText("Đã kết nối Zalo OA. Tin đang chờ sẽ được gửi ngay.").waitFor();
    await page.getByText("Đã kết nối", { exact: true }).waitFor();
    // Connected: connecting again is offered, no longer as the next step.
    await page.getByRole("button", { name: "Kết nối lại" }).waitFor();
    // The code was exchanged once, with the verifier whose S256 challenge went to the consent page (the fake checks).
    expect(fake.requests.filter((r) => r.path === "/v4/oa/access_token")).toHaveLength(1);
    await page.getByRole("button", { name: "Kiểm tra kết nối" }).click();
    const steps = page.getByRole("list", { name: "Kiểm tra kết nối" });
    await steps.getByText("Token của OA").waitFor();
    expect(await steps.locator(".check-item.check-ok").count()).toBeGreaterThan(0);
    await shot(page, "97-console-oa-connected");
    await page.setViewportSize(NARROW);
    await shot(page, "97-console-oa-connected-768");
    expect(admin.errors).toEqual([]);
  });

  it("a Zalo account nobody linked is told so, in words, on the login page", async () => {
    fake.zaloSession = { id: "zalo-stranger-9", name: "Người Lạ" };
    const page = await stranger.newPage(WIDE);
    await page.goto(`${product.url}/console/login`);
    await page.getByRole("button", { name: "Đăng nhập bằng Zalo" }).click();
    await page.getByText("Tài khoản Zalo này chưa được liên kết với người dùng console nào", { exact: false }).waitFor();
    expect(new URL(page.url()).search).toBe("");
    await shot(page, "95-console-login-zalo-not-linked");
    expect(stranger.errors).toEqual([]);
  });
});

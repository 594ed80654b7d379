import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Running } from "../../src/server/server";
import { launchBrowser, shot, startProduct, type Browser } from "./harness";

type Violation = { page: string; directive: string; blocked: string; source: string; sample: string };

/**
 * The Content-Security-Policy the server sends (src/server/http/security-headers.ts) must let
 * both production builds work: every screen of the Mini App and the console is loaded in
 * Chromium and no CSP or permissions-policy violation may be reported — neither as a
 * `securitypolicyviolation` event nor as a console message.
 */
describe("security headers in a real browser", () => {
  let product: Running;
  let browser: Browser;
  const violations: Violation[] = [];
  const policyMessages: string[] = [];

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    await browser.context.exposeBinding("__reportCspViolation", (source, v: Omit<Violation, "page">) => {
      violations.push({ page: source.page.url(), ...v });
    });
    await browser.context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { __reportCspViolation: (v: object) => void }).__reportCspViolation({
          directive: e.violatedDirective,
          blocked: e.blockedURI,
          source: e.sourceFile,
          sample: e.sample,
        });
      });
    });
    browser.context.on("console", (m) => {
      if (/Content Security Policy|Permissions policy|Permissions-Policy/i.test(m.text())) policyMessages.push(m.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  /** Loads a screen and waits until it stops loading (lazy chunks, API calls, images). */
  async function visit(page: Page, path: string) {
    const res = await page.goto(`${product.url}${path}`, { waitUntil: "networkidle" });
    return res!;
  }

  it("serves the Mini App with a CSP without 'unsafe-eval' that every screen works under", async () => {
    const page = await browser.newPage();
    const first = await visit(page, "/");
    const csp = first.headers()["content-security-policy"]!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-eval");
    expect(first.headers()["x-content-type-options"]).toBe("nosniff");

    // Join, so that the member's screens have something to show.
    await page.getByRole("button", { name: "Trở thành thành viên" }).click();
    await page.getByRole("checkbox", { name: /Tôi đã đọc và đồng ý/ }).check();
    await page.getByRole("button", { name: "Đồng ý và tham gia" }).click();
    await page.getByLabel("Số điện thoại thử nghiệm").fill("0912345678");
    await page.getByRole("button", { name: "Chia sẻ số điện thoại" }).click();
    await page.getByRole("img", { name: "Mã QR thành viên" }).waitFor();
    await shot(page, "csp-mini-app-card");

    for (const path of ["/rewards", "/vouchers", "/history", "/tiers", "/account", "/preferences", "/privacy", "/my-data", "/card"]) {
      await visit(page, path);
    }
    await shot(page, "csp-mini-app-card-reloaded");
    expect(violations).toEqual([]);
    expect(policyMessages).toEqual([]);
  });

  it("serves the console with frame-ancestors 'none', and every page works under its CSP", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    const first = await visit(page, "/console");
    const csp = first.headers()["content-security-policy"]!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(first.headers()["x-frame-options"]).toBe("DENY");

    await page.getByRole("button", { name: "Quản lý" }).click();
    await page.locator('table[aria-busy="false"]').waitFor();
    await page.getByRole("table", { name: "Danh sách thành viên" }).getByRole("row").nth(1).getByRole("link").first().click();
    await page.waitForLoadState("networkidle");
    await shot(page, "csp-console-member-detail");
    for (const path of ["/console/rewards", "/console/preferences", "/console/messages", "/console/surveys", "/console/members"]) {
      await visit(page, path);
    }
    await shot(page, "csp-console-members");
    expect(violations).toEqual([]);
    expect(policyMessages).toEqual([]);
  });

  it("logged no page errors", () => {
    expect(browser.errors).toEqual([]);
  });
});

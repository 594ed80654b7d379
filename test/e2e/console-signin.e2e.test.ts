import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, shot, startProduct, type Browser } from "./harness";

type Running = Awaited<ReturnType<typeof startProduct>>;

/**
 * Issue 16, console users (decision 0040): an admin invites a marketer; the marketer opens the
 * link, is signed in, opens another tab and is still signed in (the refresh cookie, not the tab's
 * storage), and signing out there ends the session for every tab.
 */
describe("console sign-in: invitation, a new tab, sign-out", () => {
  let product: Running;
  let adminBrowser: Browser;
  let marketerBrowser: Browser;
  const WIDE = { width: 1366, height: 900 };

  beforeAll(async () => {
    product = await startProduct();
    adminBrowser = await launchBrowser();
    marketerBrowser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await adminBrowser?.close();
    await marketerBrowser?.close();
    await product?.close();
  });

  it("the invited marketer signs in from the link, stays signed in in a new tab, and signing out ends it everywhere", async () => {
    // The admin's browser signs in through the dev route; the answer sets the refresh cookie in
    // that browser, and the console (a tab with nothing stored) resumes the session from it.
    const login = await adminBrowser.context.request.post(`${product.url}/api/console/auth/dev`, { data: { role: "admin" } });
    expect(login.status()).toBe(200);
    const admin = await adminBrowser.newPage(WIDE);
    await admin.goto(`${product.url}/console/users`);
    await admin.getByRole("heading", { name: "Mời người dùng" }).waitFor();
    await admin.getByLabel("Tên người được mời").fill("Chị Mai");
    await admin.getByLabel("Vai trò", { exact: true }).selectOption({ label: "Marketer" });
    await admin.getByRole("button", { name: "Tạo liên kết mời" }).click();
    const link = admin.getByRole("textbox", { name: "Mời người dùng" });
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(/\/console\/invite\?token=/);
    await shot(admin, "90-console-users-invite");

    const marketer = await marketerBrowser.newPage(WIDE);
    await marketer.goto(url);
    await marketer.getByRole("heading", { level: 1, name: "Thành viên" }).waitFor();
    await marketer.getByText("Chị Mai").first().waitFor();

    // Another tab of the same browser: no token in its storage, signed in through the cookie.
    const second = await marketerBrowser.context.newPage();
    await second.setViewportSize(WIDE);
    await second.goto(`${product.url}/console/messages`);
    await second.getByRole("heading", { level: 1, name: "Tin nhắn" }).waitFor();
    await second.goto(`${product.url}/console/account/sessions`);
    await second.getByRole("heading", { name: "Phiên đăng nhập" }).first().waitFor();
    await shot(second, "91-console-sessions");

    // The invitation worked once: the same link again is refused.
    const again = await adminBrowser.context.newPage();
    await again.goto(url);
    await again.getByRole("alert").filter({ hasText: "Liên kết không hợp lệ" }).waitFor();
    await again.close();

    await second.getByRole("button", { name: "Đăng xuất" }).click();
    await second.getByRole("button", { name: "Quản lý", exact: true }).waitFor();
    // The first tab's session ended on the server: reopened, it finds no session and shows sign-in.
    await marketer.goto(`${product.url}/console/members`);
    await marketer.getByRole("button", { name: "Quản lý", exact: true }).waitFor();
    expect(marketerBrowser.errors.filter((e) => !/401|token_expired|session/i.test(e))).toEqual([]);
  }, 240_000);
});

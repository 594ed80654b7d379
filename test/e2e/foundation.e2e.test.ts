import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Running } from "../../src/server/server";
import { launchBrowser, shot, snackbarsGone, startProduct, type Browser } from "./harness";

/**
 * The foundation as a person uses it: onboard in the Mini App, see the card with its QR,
 * switch to staff (dev mode), paste the code and see the member; then the console's Members page.
 */
describe("foundation in a real browser", () => {
  let product: Running;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  const qrCode = async () => (await page.getByRole("img", { name: "Mã QR thành viên" }).getAttribute("data-code"))!;

  it("onboards a member with explicit consent and an optional phone number", async () => {
    await page.goto(`${product.url}/`);
    await page.getByRole("button", { name: "Trở thành thành viên" }).waitFor();
    await shot(page, "01-mini-app-onboarding");
    await page.getByRole("button", { name: "Trở thành thành viên" }).click();

    const join = page.getByRole("button", { name: "Đồng ý và tham gia" });
    await join.waitFor();
    expect(await join.isDisabled()).toBe(true);
    await shot(page, "02-mini-app-consent");
    await page.getByRole("checkbox", { name: /Tôi đã đọc và đồng ý/ }).check();
    expect(await join.isDisabled()).toBe(false);
    await join.click();

    await page.getByRole("heading", { name: "Thêm số điện thoại" }).waitFor();
    await page.getByLabel("Số điện thoại thử nghiệm").fill("0912345678");
    await shot(page, "03-mini-app-phone");
    await page.getByRole("button", { name: "Chia sẻ số điện thoại" }).click();

    await page.getByRole("img", { name: "Mã QR thành viên" }).waitFor();
    expect(await qrCode()).toMatch(/^LL1\.[0-9a-f-]{36}\.\d+\.[0-9a-f]{20}$/);
    expect(await page.getByTestId("points-balance").textContent()).toMatch(/^0\s*điểm/);
    expect(await page.getByTestId("member-no").textContent()).toMatch(/\d{8}/);
    await snackbarsGone(page); // the screenshot shows the card, not the welcome snackbar
    await shot(page, "04-mini-app-card");
  });

  it("switches to staff in dev mode, pastes the member's code and sees who it is; a replay is refused", async () => {
    await page.getByRole("button", { name: "Tài khoản" }).click();
    await page.getByRole("radiogroup", { name: "Vai trò thử nghiệm" }).getByRole("radio", { name: "Nhân viên" }).click();
    await page.getByTestId("account-role").filter({ hasText: "Nhân viên" }).waitFor();
    await shot(page, "05-mini-app-account-staff");

    await page.getByRole("button", { name: "Thẻ", exact: true }).click();
    const code = await qrCode();
    await page.getByRole("button", { name: "Nhân viên", exact: true }).click();
    await page.getByRole("button", { name: "Quét mã thành viên" }).click();
    await page.getByLabel("Dán mã thành viên").fill(code);
    await page.getByRole("button", { name: "Kiểm tra" }).click();
    const verified = page.getByRole("status", { name: "Thành viên hợp lệ" });
    await verified.waitFor();
    expect(await verified.textContent()).toContain("0912 *** 678");
    await shot(page, "06-mini-app-staff-verified");

    await page.getByRole("button", { name: "Quét mã thành viên" }).click();
    await page.getByLabel("Dán mã thành viên").fill(code);
    await page.getByRole("button", { name: "Kiểm tra" }).click();
    await page.getByRole("alert").filter({ hasText: "Mã này đã được quét" }).waitFor();
    await shot(page, "07-mini-app-staff-replayed");
  });

  it("shows members in the console after a one-click dev sign-in, with search and paging", async () => {
    const consolePage = await browser.context.newPage();
    await consolePage.setViewportSize({ width: 1280, height: 800 });
    await consolePage.goto(`${product.url}/console`);
    await consolePage.getByRole("button", { name: "Quản lý" }).click();
    const table = consolePage.getByRole("table", { name: "Danh sách thành viên" });
    await consolePage.locator('table[aria-busy="false"]').waitFor();
    await expect.poll(() => table.getByRole("row").count()).toBe(21); // header + 20 of 25
    expect(await consolePage.getByText("1–20 / 25").count()).toBe(1);
    await shot(consolePage, "08-console-members");

    await consolePage.getByRole("button", { name: "Sau" }).click();
    await consolePage.getByText("21–25 / 25").waitFor();
    await consolePage.getByRole("searchbox", { name: "Tìm thành viên" }).fill("0912345678");
    await consolePage.waitForURL(/q=0912345678/);
    // The seeded Nguyễn Thị Lan and the member who just joined share the demo number.
    await table.getByRole("row", { name: /Nguyễn Thị Lan/ }).waitFor();
    await expect.poll(() => table.getByRole("row").count()).toBe(3);
    await shot(consolePage, "09-console-search");
    await consolePage.close();
  });

  it("logged no page errors", () => {
    expect(browser.errors).toEqual([]);
  });
});

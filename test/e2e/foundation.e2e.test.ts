import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Running } from "../../src/server/server";
import { joinAsMember, launchBrowser, shot, snackbarsGone, startProduct, type Browser } from "./harness";

/**
 * The foundation as a person uses it: onboard in the Mini App, see the card with its QR,
 * a colleague switched to staff (dev mode) pastes the code and sees the member; then the console's Members page.
 */
describe("foundation in a real browser", () => {
  let product: Running;
  let browser: Browser;
  let staffBrowser: Browser | undefined;
  let page: Page;
  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await staffBrowser?.close();
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

  it("a colleague switched to staff in dev mode pastes the member's code and sees who it is; a replay keeps that member", async () => {
    // A cashier may not scan their own card (self_credit), so the staff member is another person
    // in another browser, as at a real counter.
    const code = await qrCode();
    staffBrowser = await launchBrowser();
    const staff = await joinAsMember(staffBrowser, product.url, "e2e-foundation-staff");
    await staff.getByRole("button", { name: "Tài khoản" }).click();
    await staff.getByRole("radiogroup", { name: "Vai trò thử nghiệm" }).getByRole("radio", { name: "Nhân viên" }).click();
    await staff.getByTestId("account-role").filter({ hasText: "Nhân viên" }).waitFor();
    await shot(staff, "05-mini-app-account-staff");

    await staff.getByRole("button", { name: "Nhân viên", exact: true }).click();
    await staff.getByRole("button", { name: "Quét mã thành viên" }).click();
    await staff.getByLabel("Dán mã thành viên").fill(code);
    await staff.getByRole("button", { name: "Kiểm tra" }).click();
    const verified = staff.getByRole("status", { name: "Thành viên hợp lệ" });
    await verified.waitFor();
    expect(await verified.textContent()).toContain("0912 *** 678");
    await shot(staff, "06-mini-app-staff-verified");

    await staff.getByRole("button", { name: "Quét mã thành viên" }).click();
    await staff.getByLabel("Dán mã thành viên").fill(code);
    await staff.getByRole("button", { name: "Kiểm tra" }).click();
    // The server refuses the replay (qr_already_used); the counter keeps the member it just
    // verified and says so, instead of an error that would make the cashier start over.
    await staff.getByText("Thẻ này vừa được xác nhận. Nhập hoá đơn bên dưới.").waitFor();
    expect(await staff.getByRole("status", { name: "Thành viên hợp lệ" }).count()).toBe(1);
    await shot(staff, "07-mini-app-staff-replayed");
  });

  it("shows members in the console after a one-click dev sign-in, with search and paging", async () => {
    const consolePage = await browser.context.newPage();
    await consolePage.setViewportSize({ width: 1280, height: 800 });
    await consolePage.goto(`${product.url}/console`);
    await consolePage.getByRole("button", { name: "Quản lý" }).click();
    const table = consolePage.getByRole("table", { name: "Danh sách thành viên" });
    await consolePage.locator('table[aria-busy="false"]').waitFor();
    await expect.poll(() => table.getByRole("row").count()).toBe(21); // header + 20 of 26 (the seeded members, the new member and the colleague)
    expect(await consolePage.getByText("1–20 / 26").count()).toBe(1);
    await shot(consolePage, "08-console-members");

    await consolePage.getByRole("button", { name: "Sau" }).click();
    await consolePage.getByText("21–26 / 26").waitFor();
    await consolePage.getByRole("searchbox", { name: "Tìm thành viên" }).fill("0912345678");
    await consolePage.waitForURL(/q=0912345678/);
    // The seeded Nguyễn Thị Lan and the member who just joined share the demo number.
    await table.getByRole("row", { name: /Nguyễn Thị Lan/ }).waitFor();
    await expect.poll(() => table.getByRole("row").count()).toBe(3);
    await shot(consolePage, "09-console-search");
    await consolePage.close();
  });

  it("logged no page errors", () => {
    expect([...browser.errors, ...(staffBrowser?.errors ?? [])]).toEqual([]);
  });
});

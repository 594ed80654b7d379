import { copyFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Running } from "../../src/server/server";
import { joinAsMember, launchBrowser, openAsNewPhone, SCREENSHOT_DIR, shot, startProduct, type Browser } from "./harness";

/** A screenshot kept with the others and copied to /tmp for the report. */
async function keep(page: Page, name: string, tmpName: string) {
  await shot(page, name);
  copyFileSync(join(SCREENSHOT_DIR, `${name}.png`), `/tmp/${tmpName}.png`);
}

/**
 * Issue 16 in a real browser: an admin adds a store and invites a cashier in the console (1366
 * and 768 px); a shopper sees the store in the Mini App's store list (360 × 640); the cashier
 * opens the invite link on their phone, accepts, and awards points at that store; the admin then
 * changes the earn rate in "Chương trình" (preview, save as version 1, 1366 and 768 px) and the
 * cashier's next earn follows the new rate; then the admin makes a POS key for the store in
 * "Tích hợp" (shown once), a POS earns with it over HTTP, and the console shows the key used.
 */
describe("stores and staff in a real browser", () => {
  let product: Running;
  let consoleBrowser: Browser;
  let memberBrowser: Browser;
  let cashierBrowser: Browser;
  let admin: Page;
  let inviteUrl = "";

  beforeAll(async () => {
    product = await startProduct();
    consoleBrowser = await launchBrowser();
    memberBrowser = await launchBrowser();
    cashierBrowser = await launchBrowser();
    admin = await consoleBrowser.newPage({ width: 1366, height: 900 });
    await admin.goto(`${product.url}/console/login`);
    // The login page offers the dev sign-in for managers and marketers; an admin's comes from the same dev endpoint.
    await admin.evaluate(async () => {
      const res = await fetch("/api/console/auth/dev", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ role: "admin" }),
      });
      const body = (await res.json()) as { session: unknown };
      sessionStorage.setItem("loyalloop.console.session", JSON.stringify(body.session));
    });
  });
  afterAll(async () => {
    await consoleBrowser?.close();
    await memberBrowser?.close();
    await cashierBrowser?.close();
    await product?.close();
  });

  it("an admin adds a store and invites a cashier to it", async () => {
    await admin.goto(`${product.url}/console/store-admin`);
    await admin.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Cửa hàng & nhân viên" }).waitFor();
    await admin.getByRole("table", { name: "Cửa hàng của thương hiệu" }).waitFor();
    await admin.getByRole("button", { name: "Thêm cửa hàng" }).click();
    const dialog = admin.getByRole("dialog");
    await dialog.getByLabel("Tên cửa hàng").fill("Cà Phê Mây — Quận 7");
    await dialog.getByLabel("Địa chỉ").fill("23 Nguyễn Thị Thập, Quận 7, TP. Hồ Chí Minh");
    await dialog.getByLabel("Số điện thoại").fill("028 3775 9999");
    await dialog.getByLabel("Liên kết bản đồ").fill("http://maps");
    await dialog.getByText("Cần một liên kết bắt đầu bằng https://").waitFor();
    await dialog.getByLabel("Liên kết bản đồ").fill("https://www.google.com/maps/search/?api=1&query=23+Nguyen+Thi+Thap");
    await dialog.getByLabel("Chủ nhật · Đóng").fill("20:00");
    await keep(admin, "70-console-store-dialog", "stores-console-1366-dialog");
    await dialog.getByRole("button", { name: "Lưu" }).click();
    await admin.getByText("Đã thêm cửa hàng Cà Phê Mây — Quận 7.").waitFor();
    await keep(admin, "71-console-stores", "stores-console-1366");

    await admin.getByRole("tab", { name: "Thu ngân" }).click();
    await admin.getByRole("button", { name: "Mời thu ngân" }).click();
    const invite = admin.getByRole("dialog");
    await invite.getByRole("checkbox", { name: "Cà Phê Mây — Quận 7" }).check();
    await invite.getByLabel("Ghi chú (tuỳ chọn)").fill("Chị Lan, ca sáng");
    await invite.getByRole("button", { name: "Tạo lời mời" }).click();
    const ready = admin.getByRole("dialog", { name: "Gửi lời mời này cho thu ngân" });
    await ready.getByTestId("invite-qr").locator("svg").waitFor();
    inviteUrl = await ready.getByTestId("invite-url").inputValue();
    expect(inviteUrl).toMatch(/staff-invite\?t=[A-Za-z0-9_-]{43}$/);
    await keep(admin, "72-console-invite", "stores-console-1366-invite");
    await ready.getByRole("button", { name: "Xong" }).click();
    await admin.setViewportSize({ width: 768, height: 1024 });
    await admin.getByText("Chị Lan, ca sáng").waitFor();
    await keep(admin, "73-console-staff-768", "stores-console-768");
  });

  it("a shopper sees the stores, open or closed now, with call and directions", async () => {
    const member = await joinAsMember(memberBrowser, product.url, "e2e-stores-member");
    await member.getByRole("button", { name: "Tài khoản" }).click();
    await member.getByRole("button", { name: "Cửa hàng" }).click();
    const card = member.getByRole("listitem").filter({ hasText: "Cà Phê Mây — Quận 7" });
    await card.waitFor();
    expect(await card.getByRole("link", { name: "Gọi" }).getAttribute("href")).toBe("tel:02837759999");
    expect(await card.getByRole("link", { name: "Chỉ đường" }).getAttribute("href")).toContain("https://www.google.com/maps/");
    expect(await card.textContent()).toMatch(/Đang mở cửa|Đã đóng cửa/);
    await keep(member, "74-miniapp-stores", "stores-miniapp");
    await card.getByRole("button", { name: /Đang mở cửa|Đã đóng cửa/ }).click();
    await card.getByRole("table", { name: "Giờ mở cửa" }).waitFor();
    await keep(member, "75-miniapp-stores-hours", "stores-miniapp-hours");
  });

  it("the cashier accepts the invite and awards points at that store", async () => {
    const member = memberBrowser.context.pages().at(-1)!;
    await member.goto(`${product.url}/`);
    const code = (await member.getByRole("img", { name: "Mã QR thành viên" }).getAttribute("data-code"))!;

    const link = new URL(inviteUrl);
    const cashier = await openAsNewPhone(cashierBrowser, product.url, "e2e-stores-cashier", `/staff-invite${link.search}`);
    await cashier.getByText("Cà Phê Mây — Quận 7").waitFor();
    await keep(cashier, "76-miniapp-staff-invite", "stores-miniapp-invite");
    await cashier.getByRole("button", { name: "Nhận lời mời" }).click();
    await cashier.getByRole("button", { name: "Quét mã thành viên" }).click();
    await cashier.getByLabel("Dán mã thành viên").fill(code);
    await cashier.getByRole("button", { name: "Kiểm tra" }).click();
    const form = cashier.getByRole("form", { name: "Tích điểm" });
    await form.waitFor();
    await form.getByLabel("Số tiền hoá đơn (₫)").fill("150000");
    await form.getByLabel("Số hoá đơn").fill("HD-Q7-0001");
    await form.getByRole("button", { name: "Tích điểm" }).click();
    const done = cashier.getByTestId("earn-confirmation");
    await done.waitFor();
    expect(await done.textContent()).toContain("Đã cộng 15 điểm");
    await keep(cashier, "77-miniapp-cashier-earned", "stores-miniapp-cashier-earned");

    // The console says what this cashier did.
    await admin.reload();
    await admin.getByRole("tab", { name: "Thu ngân" }).click();
    const row = admin.getByRole("row").filter({ hasText: "Cà Phê Mây — Quận 7" }).filter({ hasText: "1 lần tích điểm" });
    await row.waitFor();
    await row.getByRole("button", { name: "Xem hoạt động" }).click();
    await admin.getByRole("dialog").getByText("HD-Q7-0001").waitFor();
    await keep(admin, "78-console-staff-activity-768", "stores-console-768-activity");
    expect([...memberBrowser.errors, ...cashierBrowser.errors, ...consoleBrowser.errors]).toEqual([]);
  });

  it("the earn rate changed in the console (with its preview) is what the cashier's next earn follows", async () => {
    await admin.keyboard.press("Escape");
    await admin.setViewportSize({ width: 1366, height: 900 });
    await admin.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Chương trình" }).click();
    const rate = admin.getByLabel("Số tiền cho 1 điểm (₫)");
    await rate.waitFor();
    const preview = admin.getByRole("region", { name: "Xem trước tác động" });
    await preview
      .getByText(/hóa đơn 350\.000\s₫ được 35 điểm/)
      .first()
      .waitFor();
    await keep(admin, "79-console-programme-1366", "programme-console-1366");
    // A rate below the limit is said at the field as it is typed, and the save waits for a fix.
    await rate.fill("50");
    await admin.getByText("Nhập số tiền từ 100 ₫ đến 1.000.000 ₫ cho 1 điểm.").waitFor();
    expect(await admin.getByRole("button", { name: "Lưu phiên bản 1" }).isDisabled()).toBe(true);
    await keep(admin, "80-console-programme-error-1366", "programme-console-1366-error");
    await rate.fill("5000");
    await preview
      .getByText(/hóa đơn 350\.000\s₫ được 70 điểm/)
      .first()
      .waitFor();
    await preview.getByText("(trước: 35)").first().waitFor();
    await keep(admin, "81-console-programme-preview-1366", "programme-console-1366-preview");
    // The browser's Back with unsaved edits asks first; "stay" keeps the page and what was typed.
    const asked = admin.waitForEvent("dialog");
    await admin.evaluate(() => history.back());
    const dialog = await asked;
    expect(dialog.message()).toBe("Bạn có thay đổi chưa lưu. Rời trang và bỏ các thay đổi này?");
    await dialog.dismiss();
    await admin.waitForFunction(() => location.pathname === "/console/programme");
    expect(await rate.inputValue()).toBe("5000");
    // The promotion editor, looked at and then removed again (the next earn is at the plain rate).
    await admin.getByRole("button", { name: "Thêm khuyến mãi" }).click();
    const promo = admin.getByRole("group", { name: "Khuyến mãi mới" });
    await promo.getByLabel("Hệ số (×)").fill("0.5");
    await promo.getByText("Hệ số từ ×1 đến ×10.").waitFor();
    await promo.getByRole("checkbox", { name: "Mọi cửa hàng" }).uncheck();
    await promo.getByRole("checkbox", { name: "Cà Phê Mây — Quận 7" }).waitFor();
    await promo.scrollIntoViewIfNeeded();
    await keep(admin, "81b-console-programme-promotion-1366", "programme-console-1366-promotion");
    await promo.getByRole("button", { name: "Xóa khuyến mãi" }).click();
    await promo.waitFor({ state: "detached" });
    await admin.getByRole("button", { name: "Lưu phiên bản 1" }).click();
    await admin.getByText("Đã lưu phiên bản 1. Giao dịch từ bây giờ theo chương trình mới.").waitFor();
    await admin.setViewportSize({ width: 768, height: 1024 });
    await admin
      .getByText(/^Phiên bản 1 ·/)
      .first()
      .waitFor();
    await admin.getByRole("heading", { name: "Chương trình" }).scrollIntoViewIfNeeded();
    await admin.getByText("Đã lưu phiên bản 1. Giao dịch từ bây giờ theo chương trình mới.").waitFor();
    await keep(admin, "82-console-programme-768", "programme-console-768");
    await admin.getByRole("region", { name: "Lịch sử phiên bản" }).scrollIntoViewIfNeeded();
    await keep(admin, "83-console-programme-768-history", "programme-console-768-history");

    // The member's QR moves to its next step (a step is scanned once); then the same bill again.
    const member = memberBrowser.context.pages().at(-1)!;
    const qr = member.getByRole("img", { name: "Mã QR thành viên" });
    const used = (await qr.getAttribute("data-code"))!;
    await member.waitForFunction(
      (prev) => document.querySelector('[aria-label="Mã QR thành viên"]')?.getAttribute("data-code") !== prev,
      used,
      { timeout: 60_000 },
    );
    const code = (await qr.getAttribute("data-code"))!;
    const cashier = cashierBrowser.context.pages().at(-1)!;
    await cashier.getByRole("button", { name: "Khách tiếp theo" }).click();
    await cashier.getByRole("button", { name: "Quét mã thành viên" }).click();
    await cashier.getByLabel("Dán mã thành viên").fill(code);
    await cashier.getByRole("button", { name: "Kiểm tra" }).click();
    const form = cashier.getByRole("form", { name: "Tích điểm" });
    await form.waitFor();
    await form.getByLabel("Số tiền hoá đơn (₫)").fill("150000");
    await form.getByLabel("Số hoá đơn").fill("HD-Q7-0002");
    await form.getByRole("button", { name: "Tích điểm" }).click();
    const done = cashier.getByTestId("earn-confirmation");
    await done.waitFor();
    // 150,000 ₫ at 5,000 ₫ a point: 30, where the same bill earned 15 before the change.
    expect(await done.textContent()).toContain("Đã cộng 30 điểm");
    await keep(cashier, "84-miniapp-cashier-earned-new-rate", "programme-miniapp-cashier-earned");
    expect([...memberBrowser.errors, ...cashierBrowser.errors, ...consoleBrowser.errors]).toEqual([]);
  });

  it("an admin creates a POS key for the store in “Tích hợp” (shown once); the POS earns with it over HTTP; the key shows as used", async () => {
    await admin.setViewportSize({ width: 1366, height: 900 });
    await admin.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Tích hợp" }).click();
    await admin.getByText("Chưa có khoá API nào.").waitFor();
    await keep(admin, "85-console-integrations-empty-1366", "integrations-console-1366-empty");
    await admin.getByRole("button", { name: "Tạo khoá" }).click();
    const dialog = admin.getByRole("dialog", { name: "Tạo khoá API" });
    await dialog.getByLabel("Tên khoá").fill("POS quầy 1");
    await dialog.getByRole("option", { name: "Cà Phê Mây — Quận 7" }).waitFor({ state: "attached" });
    await dialog.getByLabel("Cửa hàng").selectOption({ label: "Cà Phê Mây — Quận 7" });
    await dialog.getByRole("button", { name: "Tạo khoá" }).click();
    const ready = admin.getByRole("dialog", { name: "Sao chép khoá API ngay" });
    const key = await ready.getByTestId("secret").inputValue();
    expect(key).toMatch(/^llk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    await ready.getByText(/Bạn sẽ không thấy lại khoá này/).waitFor();
    await keep(admin, "86-console-integrations-key-once-1366", "integrations-console-1366-key");
    await ready.getByRole("button", { name: "Tôi đã sao chép" }).click();
    const row = admin.getByRole("row").filter({ hasText: "POS quầy 1" });
    await row.getByText("Chưa dùng").waitFor();

    // The till: the member's card code as its scanner reads it, a receipt, the key as a bearer token.
    const member = memberBrowser.context.pages().at(-1)!;
    const code = (await member.getByRole("img", { name: "Mã QR thành viên" }).getAttribute("data-code"))!;
    const res = await fetch(`${product.url}/api/pos/v1/earn`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ receiptNo: "POS-Q7-0001", amountVnd: 100000, member: { code } }),
    });
    const earned = (await res.json()) as { points?: number };
    expect(res.ok, JSON.stringify(earned)).toBe(true);
    expect(earned.points).toBeGreaterThan(0);

    await admin.reload();
    await row.getByText("Đang dùng").waitFor();
    expect(await row.textContent()).not.toContain("Chưa dùng");
    expect(await row.textContent()).toContain("Cà Phê Mây — Quận 7");
    await keep(admin, "87-console-integrations-used-1366", "integrations-console-1366-used");
    await admin.setViewportSize({ width: 768, height: 1024 });
    await admin.getByRole("tab", { name: "Webhook" }).click();
    await admin.getByText("Chưa có webhook nào.").waitFor();
    await keep(admin, "88-console-integrations-webhooks-768", "integrations-console-768-webhooks");
    await admin.getByRole("tab", { name: "Khoá API" }).click();
    await keep(admin, "89-console-integrations-keys-768", "integrations-console-768-keys");
    expect([...memberBrowser.errors, ...consoleBrowser.errors]).toEqual([]);
  });
});

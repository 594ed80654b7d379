import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Running } from "../../src/server/server";
import { joinAsMember, launchBrowser, shot, startProduct, type Browser } from "./harness";

/**
 * The loyalty loop with two phones: staff award points for a bill, the member sees balance and
 * history, redeems a reward, staff use the voucher, and a second use is refused.
 */
describe("loyalty loop in a real browser", () => {
  let product: Running;
  let memberBrowser: Browser;
  let staffBrowser: Browser;
  let member: Page;
  let staff: Page;

  const phone = (browser: Browser, devUserId: string) => joinAsMember(browser, product.url, devUserId);

  beforeAll(async () => {
    product = await startProduct();
    memberBrowser = await launchBrowser();
    staffBrowser = await launchBrowser();
    member = await phone(memberBrowser, "e2e-loyal-member");
    staff = await phone(staffBrowser, "e2e-loyal-staff");
    await staff.getByRole("button", { name: "Tài khoản" }).click();
    await staff.getByRole("radiogroup", { name: "Vai trò thử nghiệm" }).getByRole("radio", { name: "Nhân viên" }).click();
    await staff.getByTestId("account-role").filter({ hasText: "Nhân viên" }).waitFor();
  });
  afterAll(async () => {
    await memberBrowser?.close();
    await staffBrowser?.close();
    await product?.close();
  });

  it("staff award points for a bill after scanning the member's card", async () => {
    const code = (await member.getByRole("img", { name: "Mã QR thành viên" }).getAttribute("data-code"))!;
    await staff.getByRole("button", { name: "Nhân viên", exact: true }).click();
    await staff.getByRole("button", { name: "Quét mã thành viên" }).click();
    await staff.getByLabel("Dán mã thành viên").fill(code);
    await staff.getByRole("button", { name: "Kiểm tra" }).click();
    const form = staff.getByRole("form", { name: "Tích điểm" });
    await form.waitFor();
    await form.getByLabel("Số tiền hoá đơn (₫)").fill("1259000");
    await form.getByLabel("Số hoá đơn").fill("HD-E2E-0001");
    await shot(staff, "10-staff-earn-form");
    await form.getByRole("button", { name: "Tích điểm" }).click();
    const done = staff.getByTestId("earn-confirmation");
    await done.waitFor();
    expect(await done.textContent()).toContain("Đã cộng 125 điểm");
    await shot(staff, "11-staff-earn-done");
  });

  it("the member sees the new balance, tier progress and the entry in the history", async () => {
    await member.reload();
    await expect.poll(async () => member.getByTestId("points-balance").textContent()).toMatch(/^125\s*điểm/);
    expect(await member.getByTestId("tier-progress").textContent()).toContain("741.000");
    await shot(member, "12-member-card-with-points");
    await member.getByRole("button", { name: "Lịch sử điểm" }).click();
    const history = member.getByRole("list", { name: "Lịch sử điểm" });
    await history.locator('li[data-kind="earn"]').first().waitFor();
    expect(await history.locator("li").first().textContent()).toMatch(/Tích điểm tại Cà Phê Mây[\s\S]*\+125/);
    await shot(member, "13-member-history");
  });

  let voucherCode = "";

  it("the member redeems a reward and gets a voucher with a QR code", async () => {
    await member.getByRole("button", { name: "Quay lại" }).click();
    await member.locator(".bottom-nav").getByRole("button", { name: "Đổi quà" }).click();
    const croissant = member.getByRole("article", { name: "Bánh croissant bơ" });
    await croissant.waitFor();
    await shot(member, "14-member-rewards");
    await croissant.getByRole("button", { name: "Đổi quà" }).click();
    await member
      .getByRole("dialog", { name: /Đổi 40 điểm lấy Bánh croissant bơ/ })
      .getByRole("button", { name: "Xác nhận" })
      .click();
    await member.getByText("Đổi quà thành công!").waitFor();
    const qr = member.getByRole("img", { name: "Mã QR voucher" });
    await qr.waitFor();
    voucherCode = (await qr.getAttribute("data-code"))!;
    expect(voucherCode).toMatch(/^LLV1\.[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await shot(member, "15-member-voucher");
  });

  it("staff use the voucher once; a second use is refused", async () => {
    await staff.getByRole("button", { name: "Khách tiếp theo" }).click();
    await staff.getByRole("button", { name: "Quét voucher" }).click();
    await staff.getByLabel("Mã voucher").fill(voucherCode);
    await staff.getByRole("button", { name: "Dùng voucher" }).click();
    // The counter shows the voucher first (reward, owner) and uses it only on confirmation.
    const look = staff.getByRole("region", { name: "Bánh croissant bơ" });
    await look.getByRole("button", { name: "Xác nhận dùng voucher" }).click();
    const used = staff.getByTestId("voucher-use-result");
    await used.waitFor();
    expect(await used.textContent()).toContain("Bánh croissant bơ");
    await shot(staff, "16-staff-voucher-used");

    await staff.getByRole("button", { name: "Quét voucher" }).click();
    await staff.getByLabel("Mã voucher").fill(voucherCode);
    await staff.getByRole("button", { name: "Dùng voucher" }).click();
    // Refused at the look already, with when and where it was used.
    await staff.getByRole("alert").filter({ hasText: "Voucher đã được dùng lúc" }).waitFor();
    await shot(staff, "17-staff-voucher-refused");

    // The member's phone notices the voucher was used and shows it as used in "Voucher của tôi".
    await member.getByRole("button", { name: "Xem voucher của tôi" }).click();
    await member.getByRole("list", { name: "Voucher của tôi" }).getByText("Đã dùng").first().waitFor();
    await shot(member, "18-member-vouchers");
  });

  it("logged no page errors", () => {
    expect([...memberBrowser.errors, ...staffBrowser.errors]).toEqual([]);
  });
});

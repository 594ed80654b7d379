import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Running } from "../../src/server/server";
import { joinAsMember, launchBrowser, shot, startProduct, type Browser } from "./harness";

/** The shopper's screens on a 360 × 640 phone, as Chromium draws them. */
describe("shopper screens in a real browser", () => {
  let product: Running;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    page = await joinAsMember(browser, product.url, "e2e-shopper");
  });
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  it("uses one font family for zmp-ui buttons and the body text", async () => {
    const addPhone = page.getByRole("button", { name: "Thêm số điện thoại" });
    await addPhone.waitFor();
    const fonts = await addPhone.evaluate((button) => ({
      button: getComputedStyle(button).fontFamily,
      body: getComputedStyle(document.body).fontFamily,
    }));
    expect(fonts.button).toBe(fonts.body);
    await shot(page, "30-shopper-card");
  });

  it("the browser's back button goes back a page, not out of the app", async () => {
    const appUrl = page.url();
    await page.getByRole("button", { name: "Lịch sử điểm" }).click();
    await page.getByRole("heading", { name: "Lịch sử điểm", level: 1 }).waitFor();
    await shot(page, "31-shopper-history");

    await page.goBack();
    await page.getByRole("img", { name: "Mã QR thành viên" }).waitFor();
    // The history page slides out, then is gone.
    await page.getByRole("heading", { name: "Lịch sử điểm", level: 1 }).waitFor({ state: "detached" });
    expect(page.url()).toBe(appUrl);
  });

  it("logged no page errors", () => {
    expect(browser.errors).toEqual([]);
  });
});

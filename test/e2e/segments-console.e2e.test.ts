import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Running } from "../../src/server/server";
import { launchBrowser, shot, startProduct, type Browser } from "./harness";

/**
 * The console's segment builder in a real browser at 1280 × 800 on the demo brand: the count
 * changes as a condition is added and edited, the sample lists matching members, "why" explains one.
 */
describe("the console's segment builder in a real browser", () => {
  let product: Running;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    page = await browser.newPage({ width: 1280, height: 800 });
    await page.goto(`${product.url}/console`);
    await page.getByRole("button", { name: "Quản lý" }).click();
    await page.locator('table[aria-busy="false"]').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  it("builds a segment, watches the count change, explains a member, saves it", async () => {
    await page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Phân khúc" }).click();
    const count = page.getByTestId("segment-count");
    await count.waitFor();
    const everyone = await count.textContent();
    await page.getByRole("button", { name: "Thêm điều kiện" }).click();
    await page.getByRole("checkbox", { name: "Vàng" }).check();
    await page.getByRole("button", { name: "Thêm nhóm" }).click();
    const group = page.locator(".seg-depth-2");
    await group.getByRole("combobox", { name: "Trường" }).selectOption("visits");
    await expect.poll(async () => count.textContent()).not.toBe(everyone);
    await page.getByRole("button", { name: "Vì sao?" }).first().click();
    await page.getByTestId("why-panel").waitFor();
    await page.getByRole("textbox", { name: "Tên phân khúc" }).fill("Khách thân thiết hay ghé");
    await page.getByRole("button", { name: "Lưu", exact: true }).click();
    await page.getByText("Đã lưu phiên bản 1.").waitFor();
    await shot(page, "50-console-segment-builder");
    expect(browser.errors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Running } from "../../src/server/server";
import { launchBrowser, shot, startProduct, type Browser } from "./harness";

/**
 * Issue 17, "Member import": a manager brings the old system's members in from a spreadsheet.
 * A file with mistakes is checked first and each mistake is shown by row and column, nothing
 * imported; the corrected file is imported and the summary says what happened; the same file
 * again imports nothing.
 */
const HEADER = "Số điện thoại,Họ tên,Ngày sinh,Điểm,Hạng";
const BROKEN = [
  HEADER,
  "0912 345 001,Nguyễn Thị Lan,14/02/1990,1200,Bạc",
  "12345,Trần Văn Hùng,01/01/1985,300,Thành viên",
  "0912345001,Lê Minh Tú,03/04/1992,50,Thành viên",
  "0912345003,Phạm Thu Hà,31/02/1991,-5,Bạch kim",
].join("\r\n");
const FIXED = [
  HEADER,
  "0912 345 001,Nguyễn Thị Lan,14/02/1990,1200,Bạc",
  "0912345002,Trần Văn Hùng,01/01/1985,300,Thành viên",
  "0912345004,Lê Minh Tú,03/04/1992,50,Thành viên",
  "0912345003,Phạm Thu Hà,28/02/1991,0,Vàng",
].join("\r\n");

describe("member import in a real browser", () => {
  let product: Running;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${product.url}/console`);
    await page.getByRole("button", { name: "Quản lý" }).click();
    await page.getByRole("table", { name: "Danh sách thành viên" }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  const choose = (name: string, text: string) =>
    page.locator("#import-file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });

  it("shows a broken file's problems by row, then imports the corrected file once", async () => {
    await page.getByRole("link", { name: "Nhập hội viên" }).click();
    await page.getByRole("heading", { level: 1, name: "Nhập hội viên" }).waitFor();
    await choose("hoi-vien-cu.csv", BROKEN);
    await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    const problems = page.getByRole("table", { name: "Lỗi theo dòng" });
    await problems.waitFor();
    // Rows are numbered as the spreadsheet shows them (the header is row 1).
    const rows = await problems.locator("tbody tr td:first-child").allTextContents();
    expect(new Set(rows)).toEqual(new Set(["3", "4", "5"]));
    await shot(page, "import-01-broken-file");
    await page.setViewportSize({ width: 768, height: 1024 });
    await shot(page, "import-01-broken-file-768");
    await page.setViewportSize({ width: 1366, height: 900 });

    await choose("hoi-vien-cu-da-sua.csv", FIXED);
    await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    await page
      .getByText("Không có lỗi nào.")
      .or(page.getByRole("button", { name: "Nhập 4 hội viên" }))
      .first()
      .waitFor();
    expect(await problems.count()).toBe(0);
    await page.getByRole("button", { name: "Nhập 4 hội viên" }).click();
    const done = page.getByRole("status").filter({ hasText: "Đã nhập xong “hoi-vien-cu-da-sua.csv”" });
    await done.waitFor();
    expect(await done.locator("dd").allTextContents()).toEqual(["4", "0", "0"]);
    await shot(page, "import-02-done");

    // The same file again: every phone is already in, nothing to import.
    await page.getByRole("button", { name: "Nhập tệp khác" }).click();
    await choose("hoi-vien-cu-da-sua.csv", FIXED);
    await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    await page.getByText("Không có hội viên mới để nhập.").waitFor();
    expect(browser.errors).toEqual([]);
  });
});

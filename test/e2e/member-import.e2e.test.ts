import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Running } from "../../src/server/server";
import { launchBrowser, shot, startProduct, type Browser } from "./harness";

/**
 * Issue 17, "Member import": a manager brings the old system's members in from a spreadsheet.
 * A file with mistakes is checked first and each mistake is shown by row and column, nothing
 * imported; the corrected file is imported (a phone a joined member shared is merged into them)
 * and the summary says what happened; the same file
 * again imports nothing. Then the members export (decision 0047): its progress while the file
 * streams, and the file the browser saves, with the imported members in it.
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
  // The demo's Trần Văn Minh joined through Zalo and shared this number: merged into him, no new member.
  "0903123456,Minh (POS cũ),,200,Kim cương",
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
      .or(page.getByRole("button", { name: "Nhập 5 hội viên" }))
      .first()
      .waitFor();
    expect(await problems.count()).toBe(0);
    // Rows, new, merged into a joined member, imported before, refused, points, of which for joined members.
    const counts = page.getByRole("region", { name: "Kết quả kiểm tra “hoi-vien-cu-da-sua.csv”" }).locator("dl");
    expect(await counts.locator("dt").allTextContents()).toContain("Gộp vào hội viên đã có");
    expect(await counts.locator("dd").allTextContents()).toEqual(["5", "4", "1", "0", "0", "1.750", "200"]);
    await page.getByRole("button", { name: "Nhập 5 hội viên" }).click();
    const done = page.getByRole("status").filter({ hasText: "Đã nhập xong “hoi-vien-cu-da-sua.csv”" });
    await done.waitFor();
    expect(await done.locator("dd").allTextContents()).toEqual(["4", "1", "0", "0"]);
    await shot(page, "import-02-done");

    // The same file again: every phone is already in, nothing to import.
    await page.getByRole("button", { name: "Nhập tệp khác" }).click();
    await choose("hoi-vien-cu-da-sua.csv", FIXED);
    await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    await page.getByText("Không có hội viên mới để nhập.").waitFor();
    expect(browser.errors).toEqual([]);
  });

  it("exports the members with the progress of the download, then saves the file", async () => {
    await page.getByRole("link", { name: "Thành viên", exact: true }).click();
    await page.getByRole("table", { name: "Danh sách thành viên" }).waitFor();
    // The demo's members' file is a few kilobytes: it would arrive before the progress could be
    // seen. The page's fetch hands the export's headers over at once and holds its body until the
    // test releases it, so the progress is seen on a condition, not on timing.
    await page.evaluate(() => {
      const plain = window.fetch.bind(window);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      Object.assign(window, { releaseExport: release });
      window.fetch = async (input, init) => {
        const res = await plain(input, init);
        if (!String(input instanceof Request ? input.url : input).includes("/api/console/exports/members")) return res;
        const body = res.body!;
        const held = new ReadableStream<Uint8Array>({
          async start(controller) {
            await released;
            const reader = body.getReader();
            for (let part = await reader.read(); !part.done; part = await reader.read()) controller.enqueue(part.value);
            controller.close();
          },
        });
        return new Response(held, { status: res.status, headers: res.headers });
      };
    });
    await page.getByRole("button", { name: "Xuất tệp" }).click();
    // The server's count arrived with the headers; no row yet.
    const progress = page.getByRole("status").filter({ hasText: /^0 \/ \d+ dòng$/ });
    await progress.waitFor();
    const total = Number(/\/ (\d+)/.exec((await progress.textContent())!)![1]);
    expect(total).toBeGreaterThanOrEqual(4);
    expect(await page.getByRole("button", { name: "Đang xuất…" }).isDisabled()).toBe(true);

    const download = page.waitForEvent("download");
    await page.evaluate(() => (window as unknown as { releaseExport: () => void }).releaseExport());
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^hoi-vien_\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile((await file.path())!, "utf8"))
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe("so_the,ho_ten,so_dien_thoai,hang,diem,ngay_tham_gia");
    // Every row the progress announced, the imported members among them with their opening balance.
    expect(lines.length - 1).toBe(total);
    const imported = lines.filter((l) => l.includes("0912 *** 00")).map((l) => l.split(",").slice(1, 5));
    expect(imported.sort((a, b) => a[1]!.localeCompare(b[1]!))).toEqual([
      ["Nguyễn Thị Lan", "0912 *** 001", "silver", "1200"],
      ["Trần Văn Hùng", "0912 *** 002", "member", "300"],
      ["Phạm Thu Hà", "0912 *** 003", "gold", "0"],
      ["Lê Minh Tú", "0912 *** 004", "member", "50"],
    ]);
    await page.getByRole("button", { name: "Xuất tệp" }).waitFor();
    expect(await page.getByRole("status").filter({ hasText: "dòng" }).count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });
});

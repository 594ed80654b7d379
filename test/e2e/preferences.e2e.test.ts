import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import type { Running } from "../../src/server/server";
import { launchBrowser, shot, startProduct, type Browser } from "./harness";

/**
 * Zero-party data in a real browser: a member fills the preference form step by step and gets
 * the bonus, switches a consent, downloads their data; the manager sees it all in the console;
 * the member deletes the account.
 */
describe("preferences, consent and privacy in a real browser", () => {
  let product: Running;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    page = await browser.newPage();
    // Runs in every frame of the context, including ones without storage (the download's).
    await (browser.context as BrowserContext).addInitScript(() => {
      try {
        localStorage.setItem("ll.devUserId", "e2e-prefs-member");
      } catch {
        /* no storage in this frame */
      }
    });
    await page.goto(`${product.url}/`);
    await page.getByRole("button", { name: "Trở thành thành viên" }).click();
    await page.getByRole("checkbox", { name: /Tôi đã đọc và đồng ý/ }).check();
    await page.getByRole("button", { name: "Đồng ý và tham gia" }).click();
    await page.getByRole("button", { name: "Để sau" }).click();
    await page.getByRole("img", { name: "Mã QR thành viên" }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  /** Back to the Account tab from wherever the last test left the member. */
  const account = async () => {
    const nav = page.locator(".bottom-nav").getByRole("button", { name: "Tài khoản" });
    for (let i = 0; i < 4 && !(await nav.isVisible()); i++) {
      const back = await page.getByRole("button", { name: "Quay lại" }).filter({ visible: true }).first().elementHandle();
      await back!.click();
      await back!.waitForElementState("hidden"); // its page has left (hidden or detached)
    }
    await nav.click();
    await page.getByText("Hồ sơ & quyền riêng tư").waitFor();
  };
  const step = (n: number) => page.getByRole("progressbar", { name: `Câu ${n}/6` }).waitFor();

  it("fills the preference form one question at a time and earns the one-time bonus", async () => {
    await account();
    await shot(page, "20-account-profile-links");
    await page.getByRole("button", { name: "Sở thích của tôi" }).click();
    await step(1);
    expect(await page.getByText("Hoàn thành hồ sơ để nhận 50 điểm").count()).toBe(1);
    await page.getByLabel("Ngày", { exact: true }).selectOption("29");
    await page.getByLabel("Tháng", { exact: true }).selectOption("2");
    await shot(page, "21-prefs-birthday");
    await page.getByRole("button", { name: "Tiếp" }).click();

    await step(2);
    const products = page.getByRole("group", { name: "Bạn hay gọi món gì ở Cà Phê Mây?" });
    await products.getByRole("checkbox", { name: "Cà phê" }).check();
    await products.getByRole("checkbox", { name: "Bánh ngọt" }).check();
    await shot(page, "22-prefs-favourites");
    await page.getByRole("button", { name: "Tiếp" }).click();

    await step(3);
    await page.getByRole("radio", { name: "Cà Phê Mây — Quận 1" }).check();
    await page.getByRole("button", { name: "Tiếp" }).click();

    await step(4);
    await page.getByRole("radio", { name: "Hằng tháng" }).check();
    await shot(page, "23-prefs-frequency");
    await page.getByRole("button", { name: "Tiếp" }).click();

    await step(5);
    await page.getByRole("checkbox", { name: "Giảm giá" }).check();
    await page.getByRole("button", { name: "Tiếp" }).click();

    // All five questions that count are answered: the bonus is paid before the optional one.
    const bonus = page.getByRole("dialog").filter({ hasText: "+50 điểm đã được cộng vào thẻ" });
    await bonus.waitFor();
    await shot(page, "24-prefs-bonus");
    await bonus.getByRole("button", { name: "Tuyệt vời" }).click();
    await bonus.waitFor({ state: "hidden" });
    await step(6);
    await page.getByRole("radio", { name: "Sữa yến mạch" }).check();
    await page.getByRole("button", { name: "Hoàn thành" }).click();
    await page
      .getByText(/Hồ sơ đã hoàn thành|Câu trả lời của bạn/)
      .first()
      .waitFor();
    await shot(page, "25-prefs-summary");

    const card = await page.request.get(`${product.url}/api/members/me/summary`, { headers: { authorization: `Bearer ${await token()}` } });
    expect((await card.json()).balance).toBe(50);
  });

  it("switches a consent on in the consent centre and shows it in the history", async () => {
    await account();
    await page.getByRole("button", { name: "Quyền riêng tư & đồng ý" }).click();
    const personal = page.getByRole("switch", { name: "Cá nhân hoá theo sở thích" });
    await personal.waitFor();
    expect(await personal.isChecked()).toBe(false);
    expect(await page.getByRole("switch", { name: "Tư cách thành viên" }).isDisabled()).toBe(true);
    await shot(page, "26-consent-centre");
    await personal.click();
    await expect.poll(() => personal.isChecked()).toBe(true);
    const history = page.getByRole("list", { name: "Lịch sử thay đổi" });
    await expect
      .poll(async () => (await history.locator("li").first().textContent()) ?? "")
      .toMatch(/(?=[\s\S]*Cá nhân hoá theo sở thích)(?=[\s\S]*Đồng ý)/);
    await history.scrollIntoViewIfNeeded();
    await shot(page, "27-consent-history");
  });

  it("downloads the member's data as a JSON file with the answers and consents", async () => {
    await account();
    await page.getByRole("button", { name: "Dữ liệu của tôi" }).click();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Tải dữ liệu của tôi" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^loyalloop-\d{8}-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(readFileSync((await file.path())!, "utf8"));
    expect(data.preferences.map((p: { questionId: string }) => p.questionId)).toEqual(
      expect.arrayContaining(["birthday", "favourite_categories", "preferred_store", "offer_frequency", "topics"]),
    );
    expect(data.consents.map((c: { purpose: string; granted: boolean }) => `${c.purpose}:${c.granted}`)).toEqual([
      "membership:true",
      "personalisation:true",
    ]);
    expect(data.ledger).toEqual([expect.objectContaining({ kind: "bonus", points: 50 })]);
    await page.getByText(/Tệp .* gồm:/).waitFor();
    await shot(page, "28-my-data-exported");
  });

  it("shows the manager the member's answers, consent history and the form's statistics", async () => {
    const consolePage = await browser.context.newPage();
    await consolePage.setViewportSize({ width: 1280, height: 900 });
    await consolePage.goto(`${product.url}/console`);
    await consolePage.getByRole("button", { name: "Quản lý" }).click();
    await consolePage.locator('table[aria-busy="false"]').waitFor();
    // The newest member is first: the one this test enrolled.
    await consolePage.getByRole("table", { name: "Danh sách thành viên" }).getByRole("link").first().click();
    const answers = consolePage.getByRole("table", { name: "Câu trả lời sở thích của thành viên" });
    await answers.waitFor();
    expect(await answers.textContent()).toContain("29/2");
    const history = consolePage.getByRole("table", { name: "Lịch sử đồng ý và rút lại, mới nhất trước" });
    expect(await history.textContent()).toContain("Cá nhân hoá theo sở thích");
    await answers.scrollIntoViewIfNeeded();
    await shot(consolePage, "29-console-member-preferences");
    await consolePage.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Sở thích khách hàng" }).click();
    await consolePage.getByRole("list", { name: "Các câu hỏi, theo thứ tự hiển thị" }).waitFor();
    await shot(consolePage, "30-console-form-editor");
    await consolePage.getByRole("tab", { name: "Thống kê" }).click();
    await consolePage.getByText("Hoàn tất hồ sơ").first().waitFor();
    await shot(consolePage, "31-console-preference-stats");
    await consolePage.close();
  });

  it("deletes the account after confirmation and returns to onboarding", async () => {
    await account();
    await page.getByRole("button", { name: "Dữ liệu của tôi" }).click();
    await page.getByRole("button", { name: "Xoá tài khoản" }).click();
    const dialog = page.getByRole("dialog").filter({ hasText: "Xoá tài khoản của bạn?" });
    const confirm = dialog.getByRole("button", { name: "Xoá vĩnh viễn" });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole("checkbox", { name: "Tôi hiểu tài khoản và điểm của tôi sẽ bị xoá vĩnh viễn." }).check();
    await shot(page, "32-delete-confirm");
    await confirm.click();
    // The welcome at "/" (the start screen, now a non-member's) and at /onboarding can both be in
    // the page stack (seen on a busy CI machine, after one alone had been counted): the shopper is
    // on the welcome either way, which is what this checks.
    await page.getByRole("button", { name: "Trở thành thành viên" }).first().waitFor();
    await shot(page, "33-after-delete-onboarding");
    expect(browser.errors).toEqual([]);
  });

  /** The member's access token, as the Mini App keeps it. */
  async function token(): Promise<string> {
    return page.evaluate(() => {
      for (let i = 0; i < localStorage.length; i++) {
        const value = localStorage.getItem(localStorage.key(i)!) ?? "";
        const match = /"accessToken":"([^"]+)"/.exec(value);
        if (match) return match[1]!;
      }
      return "";
    });
  }
});

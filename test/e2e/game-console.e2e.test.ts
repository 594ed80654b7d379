import { copyFileSync } from "node:fs";
import { join } from "node:path";
import type { Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleGameCampaign, SpinResponse } from "../../src/contract/game";
import type { Running } from "../../src/server/server";
import { joinAsMember, launchBrowser, SCREENSHOT_DIR, shot, type Browser } from "./harness";
import { startProduct } from "./harness";

/**
 * The wheel in the console (issue 14) with the demo brand, at 1366 px and 768 px: a manager
 * creates a wheel in the editor (the wheel and its odds follow the form), saves and publishes
 * it; a shopper on a 360 × 640 phone reads its rules and spins it; the results show that spin;
 * a marketer opens the same editor with nothing they can change. Screenshots go to the test's
 * folder and to /tmp/game-console-*.png (/tmp/game-miniapp-*.png for the phone).
 */
const NAME = "Vòng quay Giáng sinh";
const WIDE = { width: 1366, height: 900 };
const NARROW = { width: 768, height: 1024 };

describe("the wheel's console in a real browser", () => {
  let product: Running;
  let managerBrowser: Browser;
  let marketerBrowser: Browser;
  let phoneBrowser: Browser;
  let manager: Page;
  let campaignId: string;
  let spin: SpinResponse;

  /** Both the harness's folder (kept with the other runs) and /tmp, where the brief wants them. */
  async function capture(page: Page, name: string) {
    await shot(page, name);
    copyFileSync(join(SCREENSHOT_DIR, `${name}.png`), `/tmp/${name}.png`);
  }
  /** `show` brings the part to look at into view after each resize (the layout, and so the scroll, changes). */
  async function atBothWidths(page: Page, name: string, show?: () => Promise<unknown>) {
    for (const [size, label] of [
      [WIDE, "1366"],
      [NARROW, "768"],
    ] as const) {
      await page.setViewportSize(size);
      await show?.();
      await capture(page, `${name}-${label}`);
    }
    await page.setViewportSize(WIDE);
  }
  async function signIn(browser: Browser, role: "Quản lý" | "Marketer") {
    const page = await browser.newPage(WIDE);
    await page.goto(`${product.url}/console`);
    await page.getByRole("button", { name: role, exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Thành viên" }).waitFor();
    return page;
  }
  const nav = (page: Page, name: string) => page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name }).click();

  beforeAll(async () => {
    product = await startProduct();
    // The demo brand runs a wheel already: paused, so the shopper's Games tab shows the new one.
    const login = await fetch(`${product.url}/api/console/auth/dev`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: "manager" }),
    });
    const { session } = (await login.json()) as { session: { accessToken: string } };
    const headers = { authorization: `Bearer ${session.accessToken}` };
    const list = (await (await fetch(`${product.url}/api/console/games`, { headers })).json()) as { campaigns: ConsoleGameCampaign[] };
    for (const c of list.campaigns.filter((x) => x.status === "running")) {
      const res = await fetch(`${product.url}/api/console/games/${c.id}/pause`, { method: "POST", headers });
      expect(res.status).toBe(200);
    }
    managerBrowser = await launchBrowser();
    marketerBrowser = await launchBrowser();
    phoneBrowser = await launchBrowser();
    manager = await signIn(managerBrowser, "Quản lý");
  }, 240_000);
  afterAll(async () => {
    await managerBrowser?.close();
    await marketerBrowser?.close();
    await phoneBrowser?.close();
    await product?.close();
  });

  it("a manager creates a wheel: the preview and the odds follow the form; saved, then published", async () => {
    await nav(manager, "Vòng quay");
    await manager.getByRole("heading", { level: 1, name: "Vòng quay may mắn" }).waitFor();
    await manager.getByRole("button", { name: "Tạo vòng quay" }).click();
    await manager.getByRole("heading", { level: 1, name: "Tạo vòng quay" }).waitFor();

    await manager.getByLabel("Tên (tiếng Việt)").fill(NAME);
    await manager.getByLabel("Tên (tiếng Anh)").fill("Christmas wheel");
    // Open from ten minutes ago (Vietnam time in the field), so the shopper can spin at once.
    const start = new Date(Date.now() - 10 * 60_000 + 7 * 3_600_000).toISOString().slice(0, 16);
    await manager.getByLabel("Bắt đầu", { exact: true }).fill(start);
    await manager.getByLabel("Số đăng ký khuyến mại").fill("1234/SCT-QLTM");

    const odds = manager.getByRole("table", { name: "Tỉ lệ trúng thực tế (sau tồn kho)" });
    const oddsOfFirst = () => odds.getByRole("row").nth(1).textContent();
    // 10 points: 300 of 1,000 → 30 %; at weight 700 of 1,400 → 50 %, as the field is typed.
    expect(await oddsOfFirst()).toContain("30 %");
    await manager.getByLabel("Trọng số ô 1", { exact: true }).fill("700");
    await expect.poll(oddsOfFirst).toContain("50 %");
    // The preview wheel draws the segments in the form (its label names them).
    expect(await manager.getByRole("img", { name: /10 điểm/ }).count()).toBeGreaterThan(0);
    // From the top: the title, the save button, the form and (at 1366 px) the preview beside it.
    await atBothWidths(manager, "game-console-editor-new", () =>
      manager.getByRole("heading", { level: 1, name: "Tạo vòng quay" }).evaluate((el) => el.scrollIntoView({ block: "end" })),
    );
    await atBothWidths(manager, "game-console-editor-preview", () =>
      manager.getByRole("complementary", { name: "Xem trước vòng quay" }).evaluate((el) => el.scrollIntoView({ block: "start" })),
    );

    const saved = manager.waitForResponse((r: Response) => r.request().method() === "POST" && r.url().endsWith("/api/console/games"));
    await manager.getByRole("button", { name: "Lưu bản nháp" }).click();
    const res = await saved;
    expect(res.status()).toBe(201);
    campaignId = ((await res.json()) as ConsoleGameCampaign).id;

    // Back on the list with the new draft selected: publish behind a confirmation.
    const panel = manager.getByRole("region", { name: NAME });
    await panel.waitFor();
    await panel.getByRole("button", { name: "Phát hành" }).click();
    await manager.getByRole("alertdialog").getByRole("button", { name: "Đồng ý" }).click();
    await panel.getByText("Đang chạy · Phiên bản 1").waitFor();
    await atBothWidths(manager, "game-console-published");
  });

  it("a shopper reads the rules and spins the new wheel on a 360 × 640 phone", async () => {
    const phone = await joinAsMember(phoneBrowser, product.url, "e2e-game-console-shopper");
    await phone.locator(".bottom-nav").getByRole("button", { name: "Trò chơi", exact: true }).click();
    await phone.getByRole("heading", { name: NAME }).waitFor();
    await phone.locator(".lucky-wheel").waitFor();
    await capture(phone, "game-miniapp-wheel");

    await phone.getByRole("button", { name: "Thể lệ", exact: true }).click();
    const rules = phone.getByRole("dialog", { name: "Thể lệ vòng quay" });
    await rules.getByRole("table").waitFor();
    expect(await rules.textContent()).toContain("1234/SCT-QLTM");
    await capture(phone, "game-miniapp-rules");
    await rules.evaluate((el) => {
      const scroller = [el, ...el.querySelectorAll("*")].find(
        (e) => e.scrollHeight > e.clientHeight + 4 && getComputedStyle(e).overflowY !== "visible",
      );
      if (scroller) scroller.scrollTop = scroller.scrollHeight;
    });
    await capture(phone, "game-miniapp-rules-end");
    await rules.getByRole("button", { name: "Đóng" }).click();
    await rules.waitFor({ state: "hidden" });

    await phone.getByRole("heading", { name: "Nhận thêm lượt quay" }).evaluate((el) => el.scrollIntoView({ block: "start" }));
    await capture(phone, "game-miniapp-extra-plays");

    const answered = phone.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === `/api/members/me/games/${campaignId}/spins`,
    );
    await phone.getByRole("button", { name: "Quay ngay" }).click();
    const response = await answered;
    expect(response.status()).toBe(201);
    spin = (await response.json()) as SpinResponse;
    await phone.locator('.lucky-wheel[data-phase="landed"]').waitFor();
    await capture(phone, "game-miniapp-landed");
    expect(phoneBrowser.errors).toEqual([]);
  });

  it("the results show the spin", async () => {
    await manager.goto(`${product.url}/console/games?c=${campaignId}`);
    const panel = manager.getByRole("region", { name: NAME });
    const stat = (name: string) => panel.locator(".games-stats > div", { has: manager.getByText(name, { exact: true }) }).locator("dd");
    await stat("Lượt quay").waitFor();
    expect(await stat("Lượt quay").textContent()).toBe("1");
    expect(await stat("Người chơi").textContent()).toBe("1");
    const bySegment = panel.getByRole("table", { name: "Số lần quay trúng từng ô" });
    const drawnRow = bySegment.getByRole("row").nth(spin.segmentIndex + 1);
    expect(await drawnRow.locator("td").nth(1).textContent()).toBe("1");
    await panel.getByRole("figure", { name: "Theo ngày" }).locator(".recharts-surface").first().waitFor();
    const top = (name: string) => () => panel.getByRole("heading", { name }).evaluate((el) => el.scrollIntoView({ block: "start" }));
    await atBothWidths(manager, "game-console-results", top("Kết quả"));
    await atBothWidths(manager, "game-console-results-tables", top("Theo ngày"));
    await atBothWidths(manager, "game-console-results-end", top("Điểm danh hằng ngày"));
    expect(managerBrowser.errors).toEqual([]);
  });

  it("a marketer opens the editor and can change nothing", async () => {
    const marketer = await signIn(marketerBrowser, "Marketer");
    await nav(marketer, "Vòng quay");
    const panel = marketer.getByRole("region", { name: NAME });
    await panel.waitFor();
    expect(await panel.getByRole("button", { name: "Phát hành" }).count()).toBe(0);
    expect(await panel.getByRole("button", { name: "Tạm dừng" }).count()).toBe(0);
    await panel.getByRole("link", { name: "Xem cấu hình" }).click();
    await marketer.getByRole("heading", { level: 1, name: "Cấu hình vòng quay" }).waitFor();
    expect(await marketer.getByLabel("Tên (tiếng Việt)").inputValue()).toBe(NAME);
    expect(await marketer.getByLabel("Tên (tiếng Việt)").isDisabled()).toBe(true);
    expect(await marketer.getByLabel("Trọng số ô 1", { exact: true }).isDisabled()).toBe(true);
    expect(await marketer.getByRole("button", { name: /Lưu/ }).count()).toBe(0);
    await atBothWidths(marketer, "game-console-editor-marketer");
    expect(marketerBrowser.errors).toEqual([]);
  });
});

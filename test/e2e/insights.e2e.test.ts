import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { randomUUID } from "node:crypto";
import { bandOf } from "../../src/domain/surveys/kinds";
import { brands, members, stores, surveyAnswers, surveys, users } from "../../src/server/db/schema";
import { credit, lockMember } from "../../src/server/features/loyalty/posting";
import type { Running } from "../../src/server/server";
import { launchBrowser, shot, startProduct, type Browser } from "./harness";

const DAY = 86_400_000;

/**
 * Eight months of counter visits for the demo members, on top of the seed's few: members join
 * in different months and come back less and less, so the cohort grid has a shape to look at.
 * Deterministic (no random): the same picture every run.
 */
async function addHistory(product: Running) {
  const db = product.deps.database.db;
  const [brand] = await db.select().from(brands).where(eq(brands.slug, "demo"));
  const shops = await db.select().from(stores).where(eq(stores.brandId, brand!.id)).orderBy(stores.name);
  const [cashier] = await db.select().from(users).where(eq(users.role, "staff"));
  const list = await db.select({ id: members.id }).from(members).where(eq(members.brandId, brand!.id)).orderBy(members.memberSeq);
  const now = Date.now();
  // A few NPS answers in the last weeks, so the store table shows scores beside the points.
  const [survey] = await db
    .insert(surveys)
    .values({ brandId: brand!.id, status: "active", version: 1, kind: "nps", touchpoint: "in_store", channel: "in_app" })
    .returning();
  for (const [i, m] of list.entries()) {
    const score = [10, 9, 7, 3, 10, 8, 9, 6, 10, 2][i % 10]!;
    const at = new Date(now - (i + 1) * DAY);
    await db.insert(surveyAnswers).values({
      brandId: brand!.id,
      surveyId: survey!.id,
      surveyVersion: 1,
      memberId: m.id,
      kind: "nps",
      score,
      band: bandOf("nps", score).id,
      touchpoint: "in_store",
      storeId: shops[i % shops.length]!.id,
      source: "store_qr",
      clientAnswerId: randomUUID(),
      answeredAt: at,
      firstAnsweredAt: at,
    });
  }
  for (const [i, m] of list.entries()) {
    const startMonth = 7 - (i % 8);
    for (let k = 0; startMonth - k >= 0; k++) {
      // Every member comes in their first month; later months less and less often.
      if (k > 0 && (i * 7 + k * 3) % 10 >= 8 - k) continue;
      const at = now - (startMonth - k) * 30 * DAY - ((i * 5 + k) % 20) * DAY - 3 * 3_600_000;
      await db.transaction(async (tx) => {
        const locked = (await lockMember(tx, m.id))!;
        await credit(tx, locked, 5 + ((i + k) % 6) * 3, {
          kind: "earn",
          actorKind: k % 3 === 0 ? "system" : "staff",
          actorId: k % 3 === 0 ? null : cashier!.id,
          at,
          storeId: shops[(i + k) % shops.length]!.id,
          receiptNo: `HIST-${i}-${k}`,
          billVnd: (5 + ((i + k) % 6) * 3) * 10_000,
          validityMonths: 12,
        });
      });
    }
  }
}

describe("retention and the store loop view in a real browser", () => {
  let product: Running;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    product = await startProduct();
    await addHistory(product);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${product.url}/console`);
    await page.getByRole("button", { name: "Quản lý" }).click();
    await page.getByRole("table", { name: "Danh sách thành viên" }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  it("shows the repeat rate, churn and the cohort grid", async () => {
    await page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Khách hàng quay lại" }).click();
    const grid = page.getByRole("table", { name: "Giữ chân theo tháng ghé lần đầu" });
    await grid.waitFor();
    expect(await grid.getByRole("row").count()).toBe(13);
    expect(await page.getByTestId("repeat-rate").textContent()).toMatch(/^\d+%$/);
    await shot(page, "insights-01-retention");
    await page.setViewportSize({ width: 1024, height: 768 });
    await shot(page, "insights-02-retention-1024");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("shows the store table with sparklines, sorts it, and switches to scanners", async () => {
    await page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Hiệu quả cửa hàng", exact: true }).click();
    const table = page.getByRole("table", { name: /theo cửa hàng/ });
    await table.waitFor();
    expect(await table.getByRole("row").count()).toBe(3);
    await page.locator(".spark-box svg").first().waitFor();
    await shot(page, "insights-03-store-loop");
    await table.getByRole("button", { name: /Khách ghé/ }).click();
    await page.getByRole("button", { name: "Nhân viên quét" }).click();
    await page.getByRole("table", { name: /theo nhân viên quét/ }).waitFor();
    await page.locator(".spark-box svg").first().waitFor();
    await shot(page, "insights-04-store-loop-scanners");
    await page.setViewportSize({ width: 1024, height: 768 });
    await shot(page, "insights-05-store-loop-1024");
    expect(browser.errors).toEqual([]);
  });

  it("shows the brand overview (members, repeat rate, points, messages, attribution) at 1366 and 768 px", async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Tổng quan" }).click();
    await page.getByTestId("ov-members").waitFor();
    expect(Number((await page.getByTestId("ov-members").textContent())!.replace(/\D/g, ""))).toBeGreaterThan(0);
    expect(await page.getByTestId("ov-repeat").textContent()).toMatch(/^\d+%$/);
    await page.getByTestId("ov-attribution").waitFor();
    await shot(page, "insights-06-overview-1366");
    await page.setViewportSize({ width: 768, height: 1024 });
    await shot(page, "insights-07-overview-768");
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(browser.errors).toEqual([]);
  });
});

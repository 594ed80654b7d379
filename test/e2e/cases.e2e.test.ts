import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bandOf } from "../../src/domain/surveys/kinds";
import { brands, members, stores, surveyAnswers, surveys, surveyVersions } from "../../src/server/db/schema";
import { openCaseForAnswer } from "../../src/server/features/cases/open-case";
import type { Running } from "../../src/server/server";
import { launchBrowser, shot, startProduct, type Browser } from "./harness";
import { SURVEY_DEFAULTS } from "../support/survey-definition";

const H = 3_600_000;

/** Low answers of the demo members at different ages, each opening its case as the answer path does. */
async function addCases(product: Running) {
  const db = product.deps.database.db;
  const [brand] = await db.select().from(brands).where(eq(brands.slug, "demo"));
  const shops = await db.select().from(stores).where(eq(stores.brandId, brand!.id)).orderBy(stores.name);
  const list = await db.select({ id: members.id }).from(members).where(eq(members.brandId, brand!.id)).orderBy(members.memberSeq);
  const [survey] = await db
    .insert(surveys)
    .values({ brandId: brand!.id, status: "active", version: 1, kind: "nps", touchpoint: "post_purchase", channel: "in_app" })
    .returning();
  await db.insert(surveyVersions).values({
    surveyId: survey!.id,
    version: 1,
    definition: {
      kind: "nps",
      name: "Sau mua hàng",
      question: { vi: "Bạn có sẵn lòng giới thiệu Cà Phê Mây cho bạn bè?", en: "How likely are you to recommend us?" },
      followUps: {
        detractor: {
          prompt: { vi: "Điều gì chưa ổn?", en: "What went wrong?" },
          reasons: [
            { id: "slow", label: { vi: "Phục vụ chậm", en: "Slow service" } },
            { id: "cold", label: { vi: "Đồ uống nguội", en: "Cold drink" } },
          ],
        },
      },
      ...SURVEY_DEFAULTS,
    },
  });
  const comments = ["Chờ 20 phút mới có đồ uống", "Cà phê nguội, nhân viên không để ý", null, "Bàn bẩn", "Thanh toán lâu"];
  const ages = [52, 30, 12, 3, 1];
  for (const [i, m] of list.slice(0, 5).entries()) {
    const at = Date.now() - ages[i]! * H;
    const score = [2, 4, 6, 3, 0][i]!;
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(surveyAnswers)
        .values({
          brandId: brand!.id,
          surveyId: survey!.id,
          surveyVersion: 1,
          memberId: m.id,
          kind: "nps",
          score,
          band: bandOf("nps", score).id,
          touchpoint: "post_purchase",
          storeId: shops[i % shops.length]!.id,
          source: "in_app",
          clientAnswerId: randomUUID(),
          answeredAt: new Date(at),
          firstAnsweredAt: new Date(at),
          reasons: i % 2 ? ["cold"] : ["slow"],
          comment: comments[i],
        })
        .returning();
      await openCaseForAnswer(tx, { brandId: brand!.id, answerId: row!.id, now: at });
    });
  }
}

describe("feedback cases in a real browser", () => {
  let product: Running;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    product = await startProduct();
    await addCases(product);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${product.url}/console`);
    await page.getByRole("button", { name: "Quản lý" }).click();
    await page.getByRole("table", { name: "Danh sách thành viên" }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  it("lists the cases with SLA colours, opens one, records a call and closes it", async () => {
    await page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Phản hồi cần xử lý" }).click();
    const table = page.locator(".cases-table");
    await table.waitFor();
    expect(await table.locator("tbody tr").count()).toBe(5);
    await shot(page, "cases-01-list");
    await table.locator("tbody tr").first().getByRole("button").click();
    const panel = page.getByRole("complementary", { name: "Chi tiết phản hồi" });
    await panel.getByText("Phục vụ chậm").waitFor();
    await shot(page, "cases-02-detail");
    await panel.getByRole("button", { name: "Tôi đã gọi cho khách" }).click();
    await panel.getByText("Đã ghi nhận cuộc gọi.").waitFor();
    await panel.getByRole("button", { name: "Ghi kết quả và đóng" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Xác nhận" }).click();
    await panel.getByText("Đã đóng phản hồi.").waitFor();
    await shot(page, "cases-03-closed");
    expect(browser.errors).toEqual([]);
  });
});

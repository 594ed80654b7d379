import { and, eq, isNull } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedbackCases, rewards, surveyAnswers, surveys, users } from "../../src/server/db/schema";
import { addNote, grantApologyVoucher } from "../../src/server/features/cases/actions";
import type { Running } from "../../src/server/server";
import { eventually } from "../support/eventually";
import { joinAsMember, launchBrowser, shot, startProduct, type Browser } from "./harness";

/**
 * A shopper answers the demo brand's seeded surveys on a 360 × 640 phone: the NPS from its link
 * (tap 3 → the detractor's follow-up → thank-you with the reward), and the CSAT with the network
 * gone (the tap is kept on the phone and sent when the network is back).
 */
describe("surveys in a real browser", () => {
  let product: Running;
  let browser: Browser;
  let page: Page;
  const surveyId = async (kind: "nps" | "csat") => {
    const [row] = await product.deps.database.db.select({ id: surveys.id }).from(surveys).where(eq(surveys.kind, kind));
    return row!.id;
  };
  const currentAnswers = (id: string) =>
    product.deps.database.db
      .select({ score: surveyAnswers.score, reasons: surveyAnswers.reasons, comment: surveyAnswers.comment })
      .from(surveyAnswers)
      .where(and(eq(surveyAnswers.surveyId, id), isNull(surveyAnswers.supersededAt)));

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    page = await joinAsMember(browser, product.url, "e2e-survey");
  });
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  it("opens the NPS link with 11 targets on the screen and nothing to scroll sideways", async () => {
    const id = await surveyId("nps");
    await page.goto(`${product.url}/survey/${id}`);
    await page.getByRole("heading", { name: "Bạn có sẵn lòng giới thiệu Cà Phê Mây cho bạn bè không?" }).waitFor();
    await shot(page, "40-survey-nps");

    const steps = page.getByRole("group", { name: "Thang điểm từ 0 đến 10" }).getByRole("button");
    expect(await steps.count()).toBe(11);
    for (const box of await Promise.all((await steps.all()).map((s) => s.boundingBox()))) {
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(360);
      expect(box!.width).toBeGreaterThanOrEqual(44);
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.y + box!.height).toBeLessThanOrEqual(640);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByText("0 · Không có khả năng").waitFor();
    await page.getByText("10 · Rất sẵn lòng").waitFor();
  });

  it("tap 3 → the detractor's follow-up → thank-you with the reward", async () => {
    const id = await surveyId("nps");
    await page.getByRole("button", { name: "Chọn 3" }).click();
    const followUp = page.getByRole("region", { name: "Điều gì chưa tốt?" });
    await followUp.waitFor();
    await followUp.getByRole("button", { name: "Phục vụ chậm" }).click();
    await followUp.getByLabel("Góp ý thêm (không bắt buộc)").fill("Đợi gần 20 phút mới có đồ uống");
    await shot(page, "41-survey-follow-up");

    await followUp.getByRole("button", { name: "Gửi góp ý" }).click();
    await page.getByRole("heading", { name: "Cảm ơn bạn!" }).waitFor();
    await page.getByText("+10 điểm đã được cộng vào tài khoản.").waitFor();
    await shot(page, "42-survey-thanks");

    expect(await currentAnswers(id)).toEqual([{ score: 3, reasons: ["slow_service"], comment: "Đợi gần 20 phút mới có đồ uống" }]);
  });

  it("keeps a tap made offline and sends it when the network is back", async () => {
    const id = await surveyId("csat");
    await page.goto(`${product.url}/survey/${id}`);
    await page.getByRole("heading", { name: "Bạn hài lòng với lần ghé hôm nay chứ?" }).waitFor();

    await browser.context.setOffline(true);
    await page.getByRole("button", { name: "Chọn 4" }).click();
    await page.getByText("Đã lưu, sẽ gửi khi có mạng").first().waitFor();
    await shot(page, "43-survey-offline");
    expect(await currentAnswers(id)).toEqual([]);

    await browser.context.setOffline(false);
    await eventually(async () => expect((await currentAnswers(id)).map((a) => a.score)).toEqual([4]));
    await eventually(async () => expect(await page.evaluate(() => localStorage.getItem("ll.surveyQueue"))).toBeNull());
  });

  it("shows the member that the store responded to their low score: a call and an apology voucher", async () => {
    const db = product.deps.database.db;
    const id = await surveyId("nps");
    const [c] = await db.select().from(feedbackCases).where(eq(feedbackCases.surveyId, id));
    const [manager] = await db
      .select({ id: users.id, brandId: users.brandId })
      .from(users)
      .where(and(eq(users.brandId, c!.brandId), eq(users.role, "manager")));
    const [reward] = await db.select({ id: rewards.id }).from(rewards).where(eq(rewards.brandId, c!.brandId)).limit(1);
    const actor = { userId: manager!.id, brandId: manager!.brandId };
    expect((await addNote(db, Date.now(), actor, c!.id, { kind: "called", idempotencyKey: "e2e-called" })).ok).toBe(true);
    expect((await grantApologyVoucher(db, Date.now(), actor, c!.id, { rewardId: reward!.id, idempotencyKey: "e2e-voucher" })).ok).toBe(
      true,
    );

    // Outside Zalo the router starts at "/" whatever the address says: the way a member goes.
    await page.goto(product.url);
    await page.getByRole("button", { name: "Tài khoản" }).click();
    await page.getByRole("button", { name: "Khảo sát" }).click();
    const section = page.getByRole("region", { name: "Cửa hàng đã phản hồi góp ý của bạn" });
    await section.waitFor();
    await section.getByText("Đã gọi điện cho bạn").waitFor();
    await section.scrollIntoViewIfNeeded();
    await shot(page, "44-survey-store-responded");
    const box = await section.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
  });

  it("logged no page errors", () => {
    expect(browser.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  });
});

import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bandOf } from "../../src/domain/surveys/kinds";
import type { SurveyDefinition } from "../../src/domain/surveys/survey";
import { brands, members, stores, surveyAnswers, surveyAsks, surveys, surveyVersions } from "../../src/server/db/schema";
import type { Running } from "../../src/server/server";
import { launchBrowser, shot, startProduct, type Browser } from "./harness";

/**
 * The console's surveys section in a real browser at 1280 × 800, on an NPS survey with twelve
 * weeks of answers written the way the survey core stores them: the list, the dashboard, the
 * comments, the editor with its phone preview, the links with the QR code and the print card.
 */
const DEFINITION: SurveyDefinition = {
  kind: "nps",
  name: "Sau khi mua hàng",
  question: {
    vi: "Bạn có sẵn lòng giới thiệu Cà Phê Mây cho bạn bè không?",
    en: "How likely are you to recommend Cà Phê Mây to a friend?",
  },
  followUps: {
    detractor: {
      prompt: { vi: "Điều gì chưa tốt?", en: "What went wrong?" },
      reasons: [
        { id: "slow", label: { vi: "Phục vụ chậm", en: "Slow service" } },
        { id: "dirty", label: { vi: "Bàn chưa sạch", en: "Tables not clean" } },
        { id: "taste", label: { vi: "Đồ uống chưa ngon", en: "Drinks not good" } },
      ],
    },
    promoter: {
      prompt: { vi: "Bạn thích điều gì nhất?", en: "What did you love?" },
      reasons: [
        { id: "friendly", label: { vi: "Nhân viên thân thiện", en: "Friendly staff" } },
        { id: "coffee", label: { vi: "Cà phê ngon", en: "Great coffee" } },
      ],
    },
  },
  touchpoint: "post_purchase",
  storeIds: null,
  channel: "in_app",
  rewardPoints: 20,
  throttleDays: 30,
  startsAt: null,
  endsAt: null,
};

const COMMENTS: Record<string, string[]> = {
  detractor: ["Chờ gần 15 phút mới có nước", "Bàn dính, chưa ai lau", "Cà phê hôm nay hơi nhạt"],
  passive: ["Ổn, nhưng quán hơi ồn"],
  promoter: ["Bạn nhân viên rất dễ thương", "Latte ngon nhất khu này", "Sẽ quay lại cùng bạn bè"],
};

/** A deterministic stream of numbers in [0, 1): the same screenshots on every run. */
function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

async function seedSurvey(product: Running) {
  const db = product.deps.database.db;
  const [brand] = await db.select().from(brands).limit(1);
  const brandId = brand!.id;
  const storeRows = await db.select().from(stores).where(eq(stores.brandId, brandId));
  const memberRows = await db.select({ id: members.id }).from(members).where(eq(members.brandId, brandId));
  const [survey] = await db
    .insert(surveys)
    .values({
      brandId,
      status: "active",
      version: 2,
      kind: "nps",
      touchpoint: "post_purchase",
      channel: "in_app",
      storeIds: null,
      activatedAt: new Date(),
    })
    .returning();
  for (const version of [1, 2]) await db.insert(surveyVersions).values({ surveyId: survey!.id, version, definition: DEFINITION });
  const random = lcg(42);
  const now = product.deps.now();
  const rows: (typeof surveyAnswers.$inferInsert)[] = [];
  const asks: (typeof surveyAsks.$inferInsert)[] = [];
  for (let week = 11; week >= 0; week--)
    storeRows.forEach((store, s) => {
      const count = 6 + Math.floor(random() * 10);
      for (let i = 0; i < count; i++) {
        // Stores differ, and the first store gets better week after week.
        const lean = s === 0 ? 0.35 + (11 - week) * 0.04 : s === 1 ? 0.55 : 0.3;
        const score = Math.min(10, Math.max(0, Math.round(random() * 6 + lean * 6)));
        const band = bandOf("nps", score);
        const at = new Date(now - week * 7 * 86_400_000 - Math.floor(random() * 6 * 86_400_000) - 3_600_000);
        const reasons =
          band.id === "detractor"
            ? [["slow", "dirty", "taste"][Math.floor(random() * 3)]!]
            : band.id === "promoter"
              ? [["friendly", "coffee"][Math.floor(random() * 2)]!]
              : [];
        const texts = COMMENTS[band.id]!;
        const id = randomUUID();
        rows.push({
          id,
          brandId,
          surveyId: survey!.id,
          surveyVersion: 2,
          memberId: memberRows[(week * 31 + s * 7 + i) % memberRows.length]!.id,
          kind: "nps",
          score,
          band: band.id,
          touchpoint: i % 4 === 0 ? "in_store" : "post_purchase",
          storeId: store.id,
          source: i % 3 === 0 ? "store_qr" : "in_app",
          transactionRef: `e2e-${id}`,
          clientAnswerId: id,
          answeredAt: at,
          firstAnsweredAt: at,
          reasons,
          comment: random() < 0.4 ? texts[Math.floor(random() * texts.length)]! : null,
        });
        if (i % 3 !== 0)
          asks.push({
            brandId,
            surveyId: survey!.id,
            surveyVersion: 2,
            memberId: rows.at(-1)!.memberId,
            channel: "in_app",
            touchpoint: "post_purchase",
            storeId: store.id,
            askedAt: at,
            expiresAt: new Date(at.getTime() + 7 * 86_400_000),
            outcome: "answered",
          });
      }
      for (let k = 0; k < 4; k++)
        asks.push({
          brandId,
          surveyId: survey!.id,
          surveyVersion: 2,
          memberId: memberRows[k]!.id,
          channel: k === 0 ? "zns_link" : "in_app",
          touchpoint: "post_purchase",
          storeId: store.id,
          askedAt: new Date(now - week * 7 * 86_400_000 - 86_400_000),
          expiresAt: new Date(now),
          outcome: "pending",
        });
    });
  await db.insert(surveyAnswers).values(rows);
  await db.insert(surveyAsks).values(asks);
  return { surveyId: survey!.id, stores: storeRows, answers: rows.length };
}

describe("the console's surveys section in a real browser", () => {
  let product: Running;
  let browser: Browser;
  let page: Page;
  let seeded: Awaited<ReturnType<typeof seedSurvey>>;

  beforeAll(async () => {
    product = await startProduct();
    seeded = await seedSurvey(product);
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

  it("lists the survey with its score, and shows its dashboard with charts", async () => {
    await page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Khảo sát" }).click();
    const row = page.getByRole("row").filter({ hasText: "Sau khi mua hàng" });
    await row.locator("td.num strong").waitFor();
    await shot(page, "40-console-surveys-list");
    await row.getByRole("link", { name: "Sau khi mua hàng" }).click();
    await page.getByTestId("total-score").waitFor();
    await page.locator(".survey-dash-wide .recharts-line").waitFor();
    await page.locator(".survey-comment").first().waitFor();
    await shot(page, "41-console-survey-dashboard");
    await page.getByRole("heading", { name: "Góp ý của khách" }).scrollIntoViewIfNeeded();
    await page.getByRole("combobox", { name: "Nhóm điểm" }).selectOption("detractor");
    await page.locator(".survey-comment .pill-negative").first().waitFor();
    await shot(page, "42-console-survey-comments");
    expect(browser.errors).toEqual([]);
  });

  it("edits the survey beside the phone preview", async () => {
    await page.getByRole("tab", { name: "Nội dung" }).click();
    await page.getByTestId("survey-preview").getByRole("button", { name: "3", exact: true }).click();
    await page.getByTestId("survey-preview").getByText("Phục vụ chậm").waitFor();
    await shot(page, "43-console-survey-editor");
  });

  it("shows the store's signed link as a QR code and prints an A6 card", async () => {
    await page.getByRole("tab", { name: "Liên kết & mã QR" }).click();
    await page.getByRole("combobox", { name: "Cửa hàng cho mã QR" }).selectOption(seeded.stores[0]!.id);
    await page.getByRole("img", { name: "Mã QR" }).locator("svg").waitFor();
    await shot(page, "44-console-survey-links");
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 397, height: 559 }); // A6 at 96 dpi
    await shot(page, "45-console-survey-print-card");
    await page.emulateMedia({ media: "screen" });
    await page.setViewportSize({ width: 1280, height: 800 });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.byteLength).toBeGreaterThan(1000);
  });

  it("creates a survey: the form refuses what the domain refuses, in words", async () => {
    await page.goto(`${product.url}/console/surveys/new`);
    await page.getByRole("textbox", { name: "Câu hỏi (tiếng Việt)" }).fill("");
    await page.getByRole("button", { name: "Tạo khảo sát" }).click();
    await page.getByText("Chưa lưu được").waitFor();
    await shot(page, "46-console-survey-new-problems");
  });
});

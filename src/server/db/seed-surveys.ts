/** The demo brand's surveys: an NPS asked in the app after each purchase, and a CSAT for the in-store QR. */
import type { SurveyDefinition } from "../../domain/surveys/survey";
import { startAskCursor } from "../features/surveys/definitions";
import type { Tx } from "./client";
import { surveys, surveyVersions } from "./schema";

export const DEMO_SURVEYS: SurveyDefinition[] = [
  {
    kind: "nps",
    name: "NPS sau mua hàng",
    question: {
      vi: "Bạn có sẵn lòng giới thiệu Cà Phê Mây cho bạn bè không?",
      en: "How likely are you to recommend Cà Phê Mây to a friend?",
    },
    followUps: {
      detractor: {
        prompt: { vi: "Điều gì chưa tốt?", en: "What went wrong?" },
        reasons: [
          { id: "slow_service", label: { vi: "Phục vụ chậm", en: "Slow service" } },
          { id: "drink_quality", label: { vi: "Đồ uống chưa ngon", en: "Drink quality" } },
          { id: "staff_attitude", label: { vi: "Thái độ nhân viên", en: "Staff attitude" } },
          { id: "cleanliness", label: { vi: "Vệ sinh", en: "Cleanliness" } },
          { id: "price", label: { vi: "Giá cao", en: "Price" } },
        ],
      },
      passive: {
        prompt: { vi: "Chúng tôi có thể làm gì tốt hơn?", en: "What could we do better?" },
        reasons: [
          { id: "more_choice", label: { vi: "Thêm lựa chọn đồ uống", en: "More drink choices" } },
          { id: "seating", label: { vi: "Chỗ ngồi", en: "Seating" } },
          { id: "faster", label: { vi: "Nhanh hơn", en: "Faster" } },
        ],
      },
      promoter: {
        prompt: { vi: "Bạn thích điều gì nhất?", en: "What did you love?" },
        reasons: [
          { id: "taste", label: { vi: "Hương vị", en: "Taste" } },
          { id: "friendly_staff", label: { vi: "Nhân viên thân thiện", en: "Friendly staff" } },
          { id: "atmosphere", label: { vi: "Không gian", en: "Atmosphere" } },
          { id: "fast", label: { vi: "Phục vụ nhanh", en: "Fast service" } },
        ],
      },
    },
    touchpoint: "post_purchase",
    storeIds: null,
    channel: "in_app",
    rewardPoints: 10,
    throttleDays: 30,
    startsAt: null,
    endsAt: null,
  },
  {
    kind: "csat",
    name: "CSAT tại cửa hàng (mã QR trên bàn)",
    question: { vi: "Bạn hài lòng với lần ghé hôm nay chứ?", en: "How satisfied are you with your visit today?" },
    followUps: {
      low: {
        prompt: { vi: "Điều gì làm bạn chưa hài lòng?", en: "What disappointed you?" },
        reasons: [
          { id: "waiting_time", label: { vi: "Chờ lâu", en: "Long wait" } },
          { id: "wrong_order", label: { vi: "Sai món", en: "Wrong order" } },
          { id: "noise", label: { vi: "Ồn ào", en: "Noise" } },
        ],
      },
      high: {
        prompt: { vi: "Điều gì làm bạn hài lòng?", en: "What made you happy?" },
        reasons: [
          { id: "drinks", label: { vi: "Đồ uống", en: "Drinks" } },
          { id: "service", label: { vi: "Phục vụ", en: "Service" } },
          { id: "space", label: { vi: "Không gian", en: "Space" } },
        ],
      },
    },
    touchpoint: "in_store",
    storeIds: null,
    channel: "in_app",
    rewardPoints: 0,
    throttleDays: 7,
    startsAt: null,
    endsAt: null,
  },
];

/** Both surveys active from `at`; post-purchase asks start with the next earn (the cursor at the ledger's end). */
export async function seedDemoSurveys(tx: Tx, brandId: string, at: number): Promise<void> {
  for (const def of DEMO_SURVEYS) {
    const [row] = await tx
      .insert(surveys)
      .values({
        brandId,
        status: "active",
        version: 1,
        kind: def.kind,
        touchpoint: def.touchpoint,
        channel: def.channel,
        storeIds: def.storeIds,
        createdAt: new Date(at),
        updatedAt: new Date(at),
        activatedAt: new Date(at),
      })
      .returning({ id: surveys.id });
    await tx.insert(surveyVersions).values({ surveyId: row!.id, version: 1, definition: def, createdAt: new Date(at) });
  }
  await startAskCursor(tx, brandId);
}

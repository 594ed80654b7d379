/** The demo brand's lucky wheel (issue 14): one running campaign of 8 segments, a voucher among them. */
import { and, eq } from "drizzle-orm";
import { defaultWheelCampaign } from "../../domain/game/defaults";
import { DAY_MS } from "../../domain/loyalty/vietnam-time";
import { createCampaign } from "../features/game/campaigns";
import type { Tx } from "./client";
import { rewards } from "./schema";

/** The demo's voucher prize: a reward the demo brand already has. */
export const DEMO_WHEEL_REWARD = "Cà phê sữa đá miễn phí";

export async function seedDemoGame(tx: Tx, brandId: string, nowMillis: number) {
  const [reward] = await tx
    .select({ id: rewards.id })
    .from(rewards)
    .where(and(eq(rewards.brandId, brandId), eq(rewards.name, DEMO_WHEEL_REWARD)));
  const base = defaultWheelCampaign(nowMillis - 7 * DAY_MS, reward?.id ?? null);
  await createCampaign(tx, {
    brandId,
    status: "running",
    now: nowMillis,
    config: {
      ...base,
      name: { vi: "Vòng quay Cà Phê Mây", en: "Cà Phê Mây lucky wheel" },
      endsAt: nowMillis + 60 * DAY_MS,
      rulesText: {
        vi:
          "1. Mỗi thành viên có 1 lượt quay miễn phí mỗi ngày (theo giờ Việt Nam), thêm lượt khi hoàn thành hồ sơ sở thích, " +
          "trả lời khảo sát, quan tâm Zalo OA hoặc mua hoá đơn từ 200.000 ₫; có thể đổi 20 điểm lấy 1 lượt.\n" +
          "2. Kết quả do máy chủ quyết định; tỉ lệ trúng và số quà còn lại được hiển thị công khai.\n" +
          "3. Điểm thưởng được cộng ngay vào tài khoản; voucher nằm trong mục Voucher của tôi.\n" +
          "4. Tối đa 5 lượt quay mỗi ngày và 30 giải mỗi thành viên trong suốt chương trình.",
        en:
          "1. Each member gets 1 free spin a day (Vietnam time), plus spins for completing the preference profile, answering a " +
          "survey, following the Zalo OA or a bill of 200,000 ₫ or more; 20 points buy 1 spin.\n" +
          "2. The server decides every result; the odds and the prizes left are public.\n" +
          "3. Points are credited at once; vouchers appear in My vouchers.\n" +
          "4. At most 5 spins a day and 30 prizes per member over the campaign.",
      },
      registrationNumber: "Mẫu: 0123/KM-SCT (demo)",
    },
  });
}

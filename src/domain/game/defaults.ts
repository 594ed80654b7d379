/**
 * A campaign to start from: what the console's "new wheel" form opens with and what tests and
 * the demo seed build on. Eight segments, the usual spread of a Vietnamese loyalty wheel: small
 * points often, a voucher rarely, "Chúc may mắn lần sau" a third of the time.
 */
import { DAY_MS } from "../loyalty/vietnam-time";
import type { WheelCampaignConfig, WheelSegment } from "./wheel";

const seg = (id: string, vi: string, en: string, color: string, s: Omit<WheelSegment, "id" | "label" | "color">): WheelSegment => ({
  id,
  label: { vi, en },
  color,
  ...s,
});

export function defaultWheelCampaign(startsAt: number, rewardId: string | null = null): WheelCampaignConfig {
  const nothing = (id: string, color: string) =>
    seg(id, "Chúc may mắn lần sau", "Better luck next time", color, {
      prize: "nothing",
      value: 0,
      rewardId: null,
      weight: 170,
      stock: null,
    });
  return {
    name: { vi: "Vòng quay may mắn", en: "Lucky wheel" },
    segments: [
      seg("p10", "10 điểm", "10 points", "#f59e0b", { prize: "points", value: 10, rewardId: null, weight: 300, stock: null }),
      nothing("none_a", "#64748b"),
      seg("p50", "50 điểm", "50 points", "#10b981", { prize: "points", value: 50, rewardId: null, weight: 120, stock: 1_000 }),
      seg("p20", "20 điểm", "20 points", "#3b82f6", { prize: "points", value: 20, rewardId: null, weight: 160, stock: null }),
      nothing("none_b", "#94a3b8"),
      seg("p100", "100 điểm", "100 points", "#ef4444", { prize: "points", value: 100, rewardId: null, weight: 50, stock: 200 }),
      rewardId
        ? seg("voucher", "Voucher quà tặng", "Gift voucher", "#8b5cf6", { prize: "reward", value: 0, rewardId, weight: 20, stock: 50 })
        : seg("p200", "200 điểm", "200 points", "#8b5cf6", { prize: "points", value: 200, rewardId: null, weight: 20, stock: 50 }),
      seg("p500", "500 điểm", "500 points", "#ec4899", { prize: "points", value: 500, rewardId: null, weight: 10, stock: 10 }),
    ],
    freePlaysPerDay: 1,
    extraPlays: { profile_completed: 1, survey_answered: 1, followed_oa: 1, purchase_over_amount: 1 },
    purchaseMinVnd: 200_000,
    playPricePoints: 20,
    caps: { winsPerDay: 500, winsPerCampaign: 10_000, pointsPerDay: 20_000, playsPerMemberPerDay: 5, winsPerMemberPerCampaign: 30 },
    gates: { minTier: null, minPurchases: 0, consentPurpose: null, storeIds: null },
    startsAt,
    endsAt: startsAt + 30 * DAY_MS,
    rulesText: {
      vi: "Mỗi ngày bạn có 1 lượt quay miễn phí. Giải thưởng do máy chủ quyết định; tỉ lệ trúng hiển thị bên dưới.",
      en: "You get 1 free spin a day. Prizes are decided by the server; the odds are shown below.",
    },
    registrationNumber: null,
  };
}

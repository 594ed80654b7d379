import type { Locale } from "../locale/locale";

/**
 * A message's failure reason (a queue code, or not_queued) in words, for every results view
 * (campaigns, triggers) and the campaign results export (the server writes them into the file);
 * the code itself when it is one we have no words for. The words travel with this module so each
 * results view carries them without the other's strings.
 */
const WORDS = {
  vi: {
    not_queued: "Không đưa vào hàng đợi (khách chưa đồng ý nhận tin khuyến mãi)",
    no_phone: "Khách chưa có số điện thoại",
    consent: "Khách đã rút hoặc chưa đồng ý nhận tin",
    quiet_hours: "Ngoài giờ được gửi",
    caps: "Khách đã nhận đủ tin khuyến mãi trong kỳ",
    quota: "Hết hạn mức gửi ZNS trong ngày",
    render_invalid: "Dữ liệu của khách không khớp mẫu tin",
    member_preference: "Khách chọn chỉ nhận tin quan trọng",
    notification_inactive: "Khách chưa mở Mini App trong 7 ngày qua (Zalo không cho gửi thông báo)",
    zalo: "Zalo từ chối ({code})",
    other: "Lỗi khác ({code})",
  },
  en: {
    not_queued: "Not queued (the member had not agreed to promotional messages)",
    no_phone: "The member has no phone number",
    consent: "The member withdrew or never gave consent",
    quiet_hours: "Outside sending hours",
    caps: "The member already had their promotions for the period",
    quota: "The day's ZNS quota ran out",
    render_invalid: "The member's data does not fit the template",
    member_preference: "The member chose important messages only",
    notification_inactive: "The member has not opened the Mini App in 7 days (Zalo allows no notification)",
    zalo: "Refused by Zalo ({code})",
    other: "Other error ({code})",
  },
} as const satisfies Record<Locale, Record<string, string>>;
type Reason = keyof (typeof WORDS)["vi"];

const OWN: readonly Reason[] = ["not_queued", "no_phone", "quiet_hours", "render_invalid", "member_preference", "notification_inactive"];

export function failureReason(locale: Locale, code: string): string {
  const words = WORDS[locale];
  if ((OWN as readonly string[]).includes(code)) return words[code as Reason];
  if (code.startsWith("consent_")) return words.consent;
  if (code === "daily_cap" || code === "monthly_cap") return words.caps;
  if (code === "promo_quota" || code === "daily_quota") return words.quota;
  const zns = /^zns_(-?\d+)$/.exec(code);
  if (zns) return words.zalo.replace("{code}", zns[1]!);
  return words.other.replace("{code}", code);
}

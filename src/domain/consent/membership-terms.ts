import type { Locale } from "../locale/locale";

/**
 * The membership terms a shopper agrees to when joining. Decree 13/2023/ND-CP Art. 11 asks
 * that consent be explicit, informed, and for a stated purpose; Zalo's review rejects Mini
 * Apps whose permission requests are unclear. Each wording change gets a new version: the
 * consent record keeps the version the member actually saw.
 */
export const MEMBERSHIP_TERMS_VERSION = "2026-11-01";

export type TermsText = { title: string; purpose: string; points: string[]; agree: string };

export const MEMBERSHIP_TERMS: Record<Locale, TermsText> = {
  vi: {
    title: "Điều khoản thành viên",
    purpose:
      "Chúng tôi dùng mã người dùng Zalo, tên và ảnh đại diện của bạn để tạo thẻ thành viên, " +
      "tích điểm khi bạn mua hàng và cho bạn đổi ưu đãi.",
    points: [
      "Mục đích: quản lý tư cách thành viên, điểm thưởng và ưu đãi của bạn.",
      "Dữ liệu: mã người dùng Zalo, tên, ảnh đại diện; số điện thoại chỉ khi bạn chọn chia sẻ.",
      "Bạn có thể xem, tải về hoặc xoá dữ liệu của mình bất cứ lúc nào trong mục Tài khoản.",
      "Chúng tôi không bán dữ liệu của bạn và không gửi quảng cáo khi bạn chưa đồng ý riêng.",
    ],
    agree: "Tôi đã đọc và đồng ý để thương hiệu xử lý dữ liệu trên cho mục đích thành viên.",
  },
  en: {
    title: "Membership terms",
    purpose:
      "We use your Zalo user id, name and avatar to create your member card, add points when " + "you shop and let you redeem rewards.",
    points: [
      "Purpose: managing your membership, points and rewards.",
      "Data: Zalo user id, name, avatar; your phone number only if you choose to share it.",
      "You can view, download or delete your data at any time under Account.",
      "We never sell your data and send no promotions without your separate consent.",
    ],
    agree: "I have read and agree that the brand processes this data for my membership.",
  },
};

/** Why we ask for the phone number, shown before Zalo's own prompt. */
export const PHONE_PURPOSE: Record<Locale, string> = {
  vi: "Số điện thoại giúp nhân viên tìm thẻ của bạn khi quên điện thoại và để gửi thông báo điểm qua Zalo (ZNS) khi bạn cho phép.",
  en: "Your phone number lets staff find your card if you forget your phone, and lets us send point updates via Zalo (ZNS) when you allow it.",
};

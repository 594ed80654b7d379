/**
 * Vietnamese UI strings: the default language. Keys are grouped by screen. Placeholders are
 * written {name} and filled by `t(key, { name })`. en.ts must define every key here (its type
 * is derived from this object), so a missing translation is a compile error.
 */
export const vi = {
  "app.name": "LoyalLoop",
  "common.retry": "Thử lại",
  "common.back": "Quay lại",
  "common.loading": "Đang tải…",

  "nav.card": "Thẻ",
  "nav.staff": "Nhân viên",
  "nav.account": "Tài khoản",

  "start.error": "Không mở được thẻ thành viên. Kiểm tra kết nối mạng rồi thử lại.",
  "start.signedOut": "Bạn đã đăng xuất.",
  "start.signIn": "Đăng nhập lại",

  "onboarding.welcome": "Chào mừng đến với",
  "onboarding.lead": "Tham gia miễn phí để nhận ưu đãi mỗi lần mua sắm.",
  "onboarding.benefit.points": "Tích điểm mỗi lần mua hàng",
  "onboarding.benefit.pointsDetail": "Đưa mã QR cho nhân viên ở quầy thu ngân.",
  "onboarding.benefit.rewards": "Đổi điểm lấy quà và ưu đãi",
  "onboarding.benefit.rewardsDetail": "Quà riêng cho thành viên, càng mua càng nhiều.",
  "onboarding.benefit.tiers": "Lên hạng, thêm quyền lợi",
  "onboarding.benefit.tiersDetail": "Bạc, Vàng, Kim cương với ưu đãi lớn hơn.",
  "onboarding.join": "Trở thành thành viên",

  "consent.heading": "Đồng ý tham gia",
  "consent.submit": "Đồng ý và tham gia",
  "consent.termsOutdated": "Điều khoản vừa được cập nhật. Vui lòng đọc lại và đồng ý.",
  "consent.loadError": "Không tải được điều khoản.",
  "consent.version": "Phiên bản {version}",

  "phone.heading": "Thêm số điện thoại",
  "phone.optional": "Không bắt buộc",
  "phone.share": "Chia sẻ số điện thoại",
  "phone.later": "Để sau",
  "phone.devLabel": "Số điện thoại thử nghiệm",
  "phone.devHint": "Chế độ thử nghiệm: ngoài Zalo không có hộp thoại chia sẻ số, hãy nhập số để thử.",
  "phone.devMissing": "Nhập một số điện thoại thử nghiệm, ví dụ 0912345678.",
  "phone.saved": "Đã lưu số điện thoại {phone}.",
  "phone.denied": "Bạn chưa cho phép chia sẻ số điện thoại. Bạn có thể thêm sau trong mục Tài khoản.",
  "phone.unavailable": "Zalo chưa cung cấp được số điện thoại. Vui lòng thử lại sau.",

  "card.memberNo": "Mã thành viên",
  "card.points": "Điểm tích luỹ",
  "card.pointsUnit": "điểm",
  "card.qrLabel": "Mã QR thành viên",
  "card.qrHint": "Đưa mã này cho nhân viên khi thanh toán",
  "card.refreshIn": "Mã mới sau {seconds} giây",
  "card.offline": "Đang ngoại tuyến — mã QR vẫn dùng được",
  "card.loadError": "Không tải được thẻ thành viên.",
  "card.addPhone": "Thêm số điện thoại",

  "tier.member": "Thành viên",
  "tier.silver": "Bạc",
  "tier.gold": "Vàng",
  "tier.diamond": "Kim cương",

  "staff.heading": "Quầy thu ngân",
  "staff.lead": "Quét mã QR trên thẻ thành viên của khách để xác nhận.",
  "staff.scan": "Quét mã thành viên",
  "staff.noCamera": "Không mở được camera. Hãy dán mã thành viên vào ô bên dưới.",
  "staff.pasteLabel": "Dán mã thành viên",
  "staff.check": "Kiểm tra",
  "staff.verified": "Thành viên hợp lệ",
  "staff.phone": "Số điện thoại",
  "staff.noPhone": "Chưa có",
  "staff.notAllowed": "Tài khoản của bạn không có quyền dùng chế độ nhân viên.",

  "account.heading": "Tài khoản",
  "account.role": "Vai trò",
  "account.phone": "Số điện thoại",
  "account.store": "Cửa hàng",
  "account.language": "Ngôn ngữ",
  "account.logout": "Đăng xuất",
  "account.devPanel": "Chế độ thử nghiệm",
  "account.devHint": "Máy chủ đang chạy không có khoá ứng dụng Zalo. Đổi vai trò để thử chế độ nhân viên.",
  "account.devRole": "Vai trò thử nghiệm",
  "account.roleSwitched": "Đã chuyển sang vai trò {role}.",

  "role.member": "Khách hàng",
  "role.staff": "Nhân viên",
  "role.marketer": "Marketing",
  "role.manager": "Quản lý",
  "role.admin": "Quản trị",

  "locale.vi": "Tiếng Việt",
  "locale.en": "English",

  "error.network": "Không kết nối được máy chủ. Kiểm tra mạng và thử lại.",
  "error.generic": "Đã có lỗi xảy ra. Vui lòng thử lại.",
  "error.zalo": "Không kết nối được Zalo. Vui lòng thử lại sau.",
  "error.qr_expired": "Mã đã hết hạn. Hãy nhờ khách mở lại thẻ thành viên để hiện mã mới.",
  "error.qr_already_used": "Mã này đã được quét. Hãy nhờ khách đưa thẻ đang mở trực tiếp trên điện thoại.",
  "error.qr_invalid": "Mã không hợp lệ. Hãy quét lại mã trên thẻ của khách.",
  "error.qr_malformed": "Đây không phải mã thành viên.",
  "error.qr_not_yet_valid": "Mã chưa có hiệu lực. Hãy nhờ khách kiểm tra giờ trên điện thoại.",
  "error.wrong_brand": "Thẻ này thuộc thương hiệu khác.",
  "error.forbidden": "Tài khoản của bạn chưa được phép thực hiện thao tác này.",
  "error.phone_token_invalid": "Zalo không xác nhận được số điện thoại. Vui lòng thử lại.",
  "error.phone_invalid": "Số điện thoại không phải số Việt Nam hợp lệ.",
  "error.not_a_member": "Bạn chưa là thành viên.",
  "error.rate_limited": "Thao tác quá nhanh. Vui lòng đợi một chút rồi thử lại.",
} as const;

export type MessageKey = keyof typeof vi;

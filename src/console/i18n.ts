import type { Role } from "../domain/identity/roles";
import type { TierCode } from "../domain/loyalty/tiers";

/**
 * Console strings. Vietnamese is the source of truth: `en` is typed against its keys, so a key
 * added to `vi` and forgotten in `en` (or a stray key in `en`) fails the type check.
 * Placeholders are `{name}` and are filled by `interpolate`.
 */
const vi = {
  "app.name": "LoyalLoop Console",
  "app.loading": "Đang tải…",
  "app.loadFailed": "Không tải được thông tin tài khoản.",
  "app.retry": "Thử lại",
  "app.skipToContent": "Bỏ qua đến nội dung",

  "lang.label": "Ngôn ngữ",
  "lang.vi": "Tiếng Việt",
  "lang.en": "English",

  "login.title": "LoyalLoop Console",
  "login.subtitle": "Quản lý chương trình khách hàng thân thiết của thương hiệu.",
  "login.devTitle": "Đăng nhập nhanh (dev)",
  "login.devHint": "Máy chủ đang chạy ở chế độ dev (chưa cấu hình Zalo). Chọn vai trò để đăng nhập bằng tài khoản demo.",
  "login.devManager": "Quản lý",
  "login.devMarketer": "Marketer",
  "login.linkTitle": "Mã đăng nhập một lần",
  "login.linkHint": "Dán mã hoặc cả đường dẫn đăng nhập mà quản trị viên đã gửi cho bạn.",
  "login.linkLabel": "Mã đăng nhập",
  "login.linkPlaceholder": "https://…/console/login?token=…",
  "login.linkSubmit": "Đăng nhập",
  "login.signingIn": "Đang đăng nhập…",
  "login.linkSigningIn": "Đang đăng nhập bằng liên kết…",
  "login.error.login_link_invalid": "Mã đăng nhập không hợp lệ, đã được dùng hoặc đã hết hạn. Hãy xin một liên kết mới.",
  "login.error.dev_identity_disabled": "Đăng nhập nhanh chỉ dùng được khi máy chủ chạy ở chế độ dev. Hãy dùng mã đăng nhập một lần.",
  "login.error.network": "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.",
  "login.error.rate_limited": "Bạn thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại.",
  "login.error.forbidden": "Tài khoản này không có quyền vào console.",
  "login.error.not_found": "Chưa có tài khoản demo cho vai trò này. Hãy nạp dữ liệu demo trên máy chủ.",
  "login.error.generic": "Đăng nhập không thành công. Vui lòng thử lại.",

  "nav.label": "Điều hướng chính",
  "nav.members": "Thành viên",
  "nav.surveys": "Khảo sát",
  "nav.segments": "Phân khúc",
  "nav.campaigns": "Chiến dịch",
  "nav.messages": "Tin nhắn",

  "topbar.signOut": "Đăng xuất",
  "topbar.devBadge": "Chế độ dev",

  "role.manager": "Quản lý",
  "role.marketer": "Marketer",
  "role.admin": "Quản trị viên",
  "role.staff": "Nhân viên",
  "role.member": "Thành viên",

  "tier.member": "Thành viên",
  "tier.silver": "Bạc",
  "tier.gold": "Vàng",
  "tier.diamond": "Kim cương",

  "members.title": "Thành viên",
  "members.subtitle": "Thành viên đã tham gia chương trình, mới nhất trước.",
  "members.searchLabel": "Tìm thành viên",
  "members.searchPlaceholder": "Tên, số thẻ hoặc số điện thoại",
  "members.tableCaption": "Danh sách thành viên",
  "members.col.memberNo": "Số thẻ",
  "members.col.name": "Họ tên",
  "members.col.phone": "Điện thoại",
  "members.col.tier": "Hạng",
  "members.col.points": "Điểm",
  "members.col.joinedAt": "Ngày tham gia",
  "members.noPhone": "Chưa có",
  "members.empty": "Không tìm thấy thành viên",
  "members.emptyHint": "Thử tìm bằng từ khoá khác, số thẻ hoặc số điện thoại.",
  "members.emptyNoMembers": "Chưa có thành viên nào tham gia chương trình.",
  "members.pageEmpty": "Trang này không có thành viên.",
  "members.firstPage": "Về trang đầu",
  "members.clearSearch": "Xoá tìm kiếm",
  "members.error": "Không tải được danh sách thành viên.",
  "members.errorNetwork": "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.",
  "members.errorServer": "Máy chủ gặp sự cố. Vui lòng thử lại sau ít phút.",
  "members.pagingLabel": "Phân trang",
  "members.prev": "Trước",
  "members.next": "Sau",
  "members.pageSize": "Số dòng mỗi trang",
  "members.summary": "{from}–{to} / {total}",
  "members.summaryNone": "0 / {total}",

  "placeholder.badge": "Sắp ra mắt",
  "placeholder.note": "Trang này sẽ có trong một bản phát hành sau.",
  "surveys.title": "Khảo sát",
  "surveys.body":
    "Tạo khảo sát ngắn trong Mini App để hỏi sở thích của thành viên (khi họ đồng ý), rồi xem kết quả tổng hợp tại đây.",
  "segments.title": "Phân khúc",
  "segments.body":
    "Xây dựng phân khúc thành viên từ sở thích và hành vi mua hàng — hạng, điểm, tần suất ghé cửa hàng — để dùng cho chiến dịch và tin nhắn.",
  "campaigns.title": "Chiến dịch",
  "campaigns.body":
    "Lên lịch ưu đãi, nhân điểm và voucher cho từng phân khúc, và theo dõi số lượt dùng tại cửa hàng.",
  "messages.title": "Tin nhắn",
  "messages.body":
    "Gửi tin nhắn Zalo theo mẫu đã duyệt tới những thành viên đã đồng ý nhận, và xem trạng thái gửi của từng đợt.",
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof vi;
export type Messages = Record<MessageKey, string>;

const en: Messages = {
  "app.name": "LoyalLoop Console",
  "app.loading": "Loading…",
  "app.loadFailed": "Could not load your account.",
  "app.retry": "Try again",
  "app.skipToContent": "Skip to content",

  "lang.label": "Language",
  "lang.vi": "Tiếng Việt",
  "lang.en": "English",

  "login.title": "LoyalLoop Console",
  "login.subtitle": "Run your brand's loyalty programme.",
  "login.devTitle": "Quick sign-in (dev)",
  "login.devHint": "The server runs in dev mode (no Zalo configured). Pick a role to sign in with a demo account.",
  "login.devManager": "Manager",
  "login.devMarketer": "Marketer",
  "login.linkTitle": "One-time sign-in code",
  "login.linkHint": "Paste the code, or the whole sign-in link your administrator sent you.",
  "login.linkLabel": "Sign-in code",
  "login.linkPlaceholder": "https://…/console/login?token=…",
  "login.linkSubmit": "Sign in",
  "login.signingIn": "Signing in…",
  "login.linkSigningIn": "Signing in with your link…",
  "login.error.login_link_invalid": "This sign-in code is invalid, already used or expired. Ask for a new link.",
  "login.error.dev_identity_disabled": "Quick sign-in only works when the server runs in dev mode. Use a one-time sign-in code.",
  "login.error.network": "Could not reach the server. Check your connection and try again.",
  "login.error.rate_limited": "Too many attempts. Please wait a moment and try again.",
  "login.error.forbidden": "This account has no access to the console.",
  "login.error.not_found": "No demo account exists for this role. Seed the demo data on the server.",
  "login.error.generic": "Sign-in failed. Please try again.",

  "nav.label": "Main navigation",
  "nav.members": "Members",
  "nav.surveys": "Surveys",
  "nav.segments": "Segments",
  "nav.campaigns": "Campaigns",
  "nav.messages": "Messages",

  "topbar.signOut": "Sign out",
  "topbar.devBadge": "Dev mode",

  "role.manager": "Manager",
  "role.marketer": "Marketer",
  "role.admin": "Admin",
  "role.staff": "Staff",
  "role.member": "Member",

  "tier.member": "Member",
  "tier.silver": "Silver",
  "tier.gold": "Gold",
  "tier.diamond": "Diamond",

  "members.title": "Members",
  "members.subtitle": "Everyone who joined the programme, newest first.",
  "members.searchLabel": "Search members",
  "members.searchPlaceholder": "Name, card number or phone",
  "members.tableCaption": "Member list",
  "members.col.memberNo": "Card no.",
  "members.col.name": "Name",
  "members.col.phone": "Phone",
  "members.col.tier": "Tier",
  "members.col.points": "Points",
  "members.col.joinedAt": "Joined",
  "members.noPhone": "Not given",
  "members.empty": "No members found",
  "members.emptyHint": "Try another name, card number or phone number.",
  "members.emptyNoMembers": "Nobody has joined the programme yet.",
  "members.pageEmpty": "This page has no members.",
  "members.firstPage": "Back to first page",
  "members.clearSearch": "Clear search",
  "members.error": "Could not load the member list.",
  "members.errorNetwork": "Could not reach the server. Check your connection and try again.",
  "members.errorServer": "The server ran into a problem. Please try again in a few minutes.",
  "members.pagingLabel": "Pagination",
  "members.prev": "Previous",
  "members.next": "Next",
  "members.pageSize": "Rows per page",
  "members.summary": "{from}–{to} of {total}",
  "members.summaryNone": "0 of {total}",

  "placeholder.badge": "Coming soon",
  "placeholder.note": "This page arrives in a later release.",
  "surveys.title": "Surveys",
  "surveys.body":
    "Create short surveys in the Mini App to ask members about their preferences (with their consent), and see the combined results here.",
  "segments.title": "Segments",
  "segments.body":
    "Build member segments from preferences and shopping behaviour — tier, points, visit frequency — to target campaigns and messages.",
  "campaigns.title": "Campaigns",
  "campaigns.body": "Schedule offers, bonus points and vouchers for each segment, and track how often they are redeemed in store.",
  "messages.title": "Messages",
  "messages.body":
    "Send approved Zalo message templates to members who agreed to receive them, and follow the delivery of each send.",
};

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export const MESSAGES: Record<Locale, Messages> = { vi, en };

/** BCP 47 tags for Intl; `en` stays generic rather than guessing a region. */
export const INTL_LOCALE: Record<Locale, string> = { vi: "vi-VN", en: "en" };

export type Params = Record<string, string | number>;

export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return interpolate(MESSAGES[locale][key], params);
}

export const roleKey = (role: Role): MessageKey => `role.${role}`;
export const tierKey = (tier: TierCode): MessageKey => `tier.${tier}`;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

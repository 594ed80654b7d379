/**
 * Console strings: the console shell and what every page shares (sign-in, navigation, roles, tiers, errors).
 * Vietnamese is the source of truth: `en.ts` is typed against these keys, so a key added here
 * and forgotten there (or a stray key there) fails the type check. Placeholders are `{name}`.
 * They stay in the main chunk; each lazily loaded page brings its own (<feature>/strings/load.ts).
 */
import { prefixKeys } from "../../domain/locale/locale";
import { LEDGER_WORDS } from "../../domain/loyalty/ledger-words";

export const vi = {
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
  "nav.ledger": "Sổ điểm",
  "nav.members": "Thành viên",
  "nav.rewards": "Phần thưởng",
  "nav.preferences": "Sở thích khách hàng",
  "nav.surveys": "Khảo sát",
  "nav.segments": "Phân khúc",
  "nav.campaigns": "Chiến dịch",
  "nav.messages": "Tin nhắn",
  "nav.retention": "Khách hàng quay lại",
  "nav.stores": "Cửa hàng",

  "topbar.signOut": "Đăng xuất",
  "topbar.devBadge": "Chế độ dev",

  ...prefixKeys("role.", LEDGER_WORDS.vi.roles),

  "tier.member": "Thành viên",
  "tier.silver": "Bạc",
  "tier.gold": "Vàng",
  "tier.diamond": "Kim cương",

  "members.searchPlaceholder": "Tên, số thẻ hoặc số điện thoại đầy đủ",
  "members.noPhone": "Chưa có",
  "members.empty": "Không tìm thấy thành viên",
  "members.errorNetwork": "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.",
  "members.errorServer": "Máy chủ gặp sự cố. Vui lòng thử lại sau ít phút.",

  "common.cancel": "Huỷ",
  "common.close": "Đóng",
  "common.dismiss": "Ẩn thông báo",
  "common.points": "điểm",
  "common.saving": "Đang lưu…",

  "error.network": "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.",
  "error.forbidden": "Tài khoản của bạn không có quyền làm việc này. Chỉ Quản lý hoặc Quản trị viên mới làm được.",
  "error.invalid_request": "Dữ liệu gửi lên chưa hợp lệ. Kiểm tra lại các ô rồi thử lại.",
  "error.member_not_found": "Không tìm thấy thành viên này.",
  "error.voucher_not_found": "Không tìm thấy voucher này. Tải lại trang để xem danh sách mới nhất.",
  "error.entry_not_found": "Không tìm thấy giao dịch này. Có thể nó đã bị xoá hoặc thuộc thương hiệu khác.",
  "error.reward_not_found": "Không tìm thấy phần thưởng này. Tải lại trang để xem danh sách mới nhất.",
  "error.insufficient_points": "Thành viên không đủ điểm để trừ số điểm này.",
  "error.idempotency_conflict": "Yêu cầu này trùng mã với một điều chỉnh khác. Đóng hộp thoại rồi làm lại từ đầu.",
  "error.already_reversed": "Giao dịch này đã được đảo ngược trước đó.",
  "error.not_reversible": "Chỉ đảo ngược được giao dịch tích điểm tại cửa hàng. Với trường hợp khác, hãy dùng Điều chỉnh điểm.",
  "error.voucher_used": "Voucher này đã được dùng tại cửa hàng nên không huỷ được.",
  "error.voucher_expired": "Voucher này đã hết hạn nên không huỷ được.",
  "error.voucher_cancelled": "Voucher này đã được huỷ và hoàn điểm trước đó.",
  "error.voucher_void": "Voucher này đã bị huỷ cùng tài khoản của thành viên.",
  "error.rate_limited": "Bạn thao tác quá nhanh. Vui lòng đợi một lát rồi thử lại.",
  "error.template_not_found": "Không tìm thấy mẫu này. Tải lại trang để xem danh sách mới nhất.",
  "error.survey_not_found": "Không tìm thấy khảo sát này. Tải lại trang để xem danh sách mới nhất.",
  "error.survey_inactive": "Khảo sát này chưa được kích hoạt hoặc đã ngoài thời gian chạy.",
  "error.survey_archived": "Khảo sát này đã được lưu trữ nên không thay đổi được nữa.",
  "error.survey_version_conflict": "Khảo sát vừa được người khác lưu. Tải lại để xem bản mới nhất rồi sửa tiếp.",
  "error.survey_invalid": "Khảo sát còn mục chưa hợp lệ. Kiểm tra các ô được đánh dấu.",
  "error.survey_token_invalid": "Mã khảo sát không hợp lệ.",
  "error.survey_token_expired": "Mã khảo sát đã hết hạn. Hãy tạo liên kết mới.",
  "error.generic": "Máy chủ gặp sự cố. Vui lòng thử lại sau ít phút.",

  "ledger.col.actions": "Thao tác",

  "liability.showTable": "Xem dạng bảng",
} as const satisfies Record<string, string>;

/**
 * Console strings: the points ledger, as the brand-wide page (ledgerPage.*) and the member
 * page's history (ledger.*, actor.*) show it.
 * Vietnamese is the source of truth: `en.ts` is typed against these keys. Placeholders are `{name}`.
 */
import { prefixKeys } from "../../../domain/locale/locale";
import { LEDGER_WORDS } from "../../../domain/loyalty/ledger-words";

export const vi = {
  "ledger.caption": "Lịch sử điểm, mới nhất trước",
  "ledger.col.time": "Thời gian",
  "ledger.col.kind": "Loại",
  "ledger.col.store": "Cửa hàng",
  "ledger.col.receipt": "Số hoá đơn",
  "ledger.col.bill": "Hoá đơn",
  "ledger.col.points": "Điểm",
  "ledger.col.balance": "Số dư",
  "ledger.col.reason": "Lý do",
  ...prefixKeys("ledger.kind.", LEDGER_WORDS.vi.kinds),
  ...prefixKeys("ledger.reason.", LEDGER_WORDS.vi.systemReasons),
  ...prefixKeys("actor.kind.", LEDGER_WORDS.vi.actors),
  "ledger.col.who": "Người thực hiện",
  "ledger.device": "Thiết bị tại quầy",
  "ledger.deviceSession": "phiên {id}…",
  "ledger.memberReads": "Thành viên đọc:",
  "ledger.internalNote": "Ghi chú nội bộ:",
  "ledger.filter": "Ai thực hiện",
  "ledger.filterAll": "Tất cả",
  "ledger.filterPeople": "Người",
  "ledger.filterKinds": "Loại",
  "ledger.filterTruncated": "Đang hiện {count} giao dịch mới nhất của người này.",
  "ledger.reversed": "Đã đảo ngược",
  "ledger.empty": "Chưa có giao dịch điểm nào",
  "ledger.emptyHint": "Điểm tích tại cửa hàng, đổi quà và điều chỉnh sẽ hiện ở đây.",
  "ledger.loadMore": "Xem thêm",
  "ledger.loadMoreFailed": "Không tải thêm được giao dịch. Thử lại.",

  "ledgerPage.title": "Sổ điểm",
  "ledgerPage.subtitle": "Mọi giao dịch điểm của thương hiệu, mới nhất trước: ai làm, ở đâu, lúc nào (giờ Việt Nam).",
  "ledgerPage.filters": "Lọc sổ điểm",
  "ledgerPage.clear": "Bỏ lọc",
  "ledgerPage.col.member": "Thành viên",
  "ledgerPage.loadFailed": "Không tải được sổ điểm.",
  "ledgerPage.empty": "Chưa có giao dịch điểm nào",
  "ledgerPage.emptyHint": "Khi nhân viên quét thẻ thành viên tại quầy và nhập hoá đơn, giao dịch sẽ hiện ở đây.",
  "ledgerPage.emptyFiltered": "Không có giao dịch nào khớp bộ lọc",
  "ledgerPage.emptyFilteredHint": "Thử chọn khoảng ngày rộng hơn hoặc “Tất cả” ở ô Ai thực hiện.",
  "ledgerPage.shown": "Đang hiện {count} giao dịch",
  "ledgerPage.export": "Xuất tệp",
  "ledgerPage.exporting": "Đang xuất…",
  "ledgerPage.exportHint":
    "Tải về đúng các giao dịch đang lọc (tối đa {max} dòng), mở được bằng Excel. Mỗi lần xuất được ghi vào nhật ký kiểm tra.",
  "ledgerPage.exportDone": "Đã tải {file}.",
  "ledgerPage.exportFailed": "Không xuất được tệp.",
  "ledgerPage.exportTooLarge": "Có hơn {max} giao dịch khớp bộ lọc. Hãy chọn khoảng ngày ngắn hơn hoặc một người cụ thể, rồi xuất lại.",
};

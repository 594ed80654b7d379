/**
 * Console strings: the member list.
 * Vietnamese is the source of truth: `en.ts` is typed against these keys, so a key added here
 * and forgotten there (or a stray key there) fails the type check. Placeholders are `{name}`.
 */
export const vi = {
  "members.title": "Thành viên",
  "members.subtitle": "Thành viên đã tham gia chương trình, mới nhất trước.",
  "members.searchLabel": "Tìm thành viên",
  "members.tableCaption": "Danh sách thành viên",
  "members.col.memberNo": "Số thẻ",
  "members.col.name": "Họ tên",
  "members.col.phone": "Điện thoại",
  "members.col.tier": "Hạng",
  "members.col.points": "Điểm",
  "members.col.joinedAt": "Ngày tham gia",
  "members.emptyHint": "Thử tên khác (gõ có dấu hay không dấu đều được), một phần số thẻ, hoặc số điện thoại đầy đủ.",
  "members.emptyNoMembers": "Chưa có thành viên nào tham gia chương trình.",
  "members.pageEmpty": "Trang này không có thành viên.",
  "members.firstPage": "Về trang đầu",
  "members.clearSearch": "Xoá tìm kiếm",
  "members.error": "Không tải được danh sách thành viên.",
  "members.pagingLabel": "Phân trang",
  "members.prev": "Trước",
  "members.next": "Sau",
  "members.pageSize": "Số dòng mỗi trang",
  "members.summary": "{from}–{to} / {total}",
  "members.summaryNone": "0 / {total}",
} as const satisfies Record<string, string>;

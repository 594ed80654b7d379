/**
 * Console strings: the pages still to come.
 * Vietnamese is the source of truth: `en.ts` is typed against these keys, so a key added here
 * and forgotten there (or a stray key there) fails the type check. Placeholders are `{name}`.
 */
export const vi = {
  "placeholder.badge": "Sắp ra mắt",
  "placeholder.note": "Trang này sẽ có trong một bản phát hành sau.",
  "surveys.title": "Khảo sát",
  "surveys.body": "Tạo khảo sát ngắn trong Mini App để hỏi sở thích của thành viên (khi họ đồng ý), rồi xem kết quả tổng hợp tại đây.",
  "campaigns.title": "Chiến dịch",
  "campaigns.body": "Lên lịch ưu đãi, nhân điểm và voucher cho từng phân khúc, và theo dõi số lượt dùng tại cửa hàng.",
} as const satisfies Record<string, string>;

import type { ImportColumn, ImportFileProblemCode, ImportRowProblemCode } from "../../domain/members/member-import";
import type { ProblemTexts } from "../common/problems";

/** The member import's problems (domain/members/member-import.ts), in both console languages. */
export const IMPORT_PROBLEMS: ProblemTexts<ImportRowProblemCode | ImportFileProblemCode | "csv_not_utf8"> = {
  vi: {
    phone_missing: "Thiếu số điện thoại.",
    phone_invalid: "Không phải số điện thoại Việt Nam.",
    phone_duplicate: "Số này đã có ở dòng {firstRow}.",
    phone_ambiguous: "Số này thuộc nhiều hội viên Zalo: điều chỉnh điểm trong trang hội viên.",
    text_characters: "Có ký tự không hợp lệ (ký tự rỗng hoặc lỗi mã hoá).",
    name_too_long: "Tên dài hơn {max} ký tự.",
    birthday_invalid: "Ngày sinh không đúng (dd/mm/yyyy hoặc yyyy-mm-dd).",
    birthday_future: "Ngày sinh ở tương lai.",
    points_invalid: "Điểm phải là số nguyên.",
    points_negative: "Điểm không được âm.",
    points_too_large: "Điểm lớn hơn {max}.",
    tier_unknown: "Không có hạng này trong chương trình.",
    store_unknown: "Không có cửa hàng này.",
    import_file_empty: "Tệp không có dòng hội viên nào.",
    import_column_missing: "Thiếu cột số điện thoại (Số điện thoại, SĐT hoặc Phone).",
    import_column_duplicate: "Cột {column} trùng với một cột khác.",
    import_too_many_rows: "Tệp có hơn {max} dòng: chia thành nhiều tệp.",
    csv_unterminated_quote: "Dấu ngoặc kép mở ở dòng {line} không được đóng.",
    csv_quote_in_field: "Dấu ngoặc kép sai chỗ ở dòng {line}.",
    csv_too_many_records: "Tệp có hơn {max} dòng: chia thành nhiều tệp.",
    csv_not_utf8: "Tệp CSV không phải UTF-8: trong Excel chọn Lưu thành “CSV UTF-8”.",
  },
  en: {
    phone_missing: "The phone number is missing.",
    phone_invalid: "Not a Vietnamese phone number.",
    phone_duplicate: "This number is already on row {firstRow}.",
    phone_ambiguous: "Several Zalo members share this number: adjust points on their page.",
    text_characters: "Holds characters that cannot be stored (a NUL or broken encoding).",
    name_too_long: "The name is longer than {max} characters.",
    birthday_invalid: "Not a date (dd/mm/yyyy or yyyy-mm-dd).",
    birthday_future: "The birthday is in the future.",
    points_invalid: "Points must be a whole number.",
    points_negative: "Points cannot be negative.",
    points_too_large: "More than {max} points.",
    tier_unknown: "The programme has no such tier.",
    store_unknown: "No store of that name.",
    import_file_empty: "The file has no member rows.",
    import_column_missing: "No phone column (Số điện thoại, SĐT or Phone).",
    import_column_duplicate: "Column {column} repeats another column.",
    import_too_many_rows: "The file has more than {max} rows: split it into several files.",
    csv_unterminated_quote: "A quote opened on line {line} is never closed.",
    csv_quote_in_field: "A misplaced quote on line {line}.",
    csv_too_many_records: "The file has more than {max} rows: split it into several files.",
    csv_not_utf8: "The CSV is not UTF-8: in Excel, save as “CSV UTF-8”.",
  },
};

export const IMPORT_COLUMN_NAMES: Record<"vi" | "en", Record<ImportColumn, string>> = {
  vi: { phone: "Số điện thoại", name: "Họ tên", birthday: "Ngày sinh", points: "Điểm", tier: "Hạng", store: "Cửa hàng" },
  en: { phone: "Phone", name: "Name", birthday: "Birthday", points: "Points", tier: "Tier", store: "Store" },
};

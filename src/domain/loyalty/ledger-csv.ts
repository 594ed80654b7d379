/**
 * The console's ledger as a spreadsheet (the "Xuất CSV" button): one header row, then one row per
 * entry, newest first, in the reader's language. The wording of the file lives here, with the
 * codes, because the server writes the file; the console's screens keep their own strings.
 *
 * Points and money stay whole numbers (a column of numbers a spreadsheet can sum); times come
 * twice, as an ISO instant for machines and as a Vietnam wall-clock time for people.
 */
import type { Role } from "../identity/roles";
import type { Locale } from "../locale/locale";
import type { CsvValue } from "../csv/csv";
import { MEMBER_REASON_TEXT, type ActorKind, type MemberReason } from "./actors";
import { isSystemReason, type EntryKind, type SystemReason } from "./ledger";
import { VIETNAM_UTC_OFFSET_MS, vietnamDate } from "./vietnam-time";

/** One entry as the export reads it (the server's query fills it). */
export type LedgerCsvEntry = {
  id: string;
  occurredAt: number;
  memberNo: string;
  memberName: string;
  kind: EntryKind;
  points: number;
  balanceAfter: number;
  storeName: string | null;
  receiptNo: string | null;
  billVnd: number | null;
  actorKind: ActorKind;
  actorName: string | null;
  actorRole: Role | null;
  actorDevice: string | null;
  /** What the member reads: a reward or campaign label (redeem, bonus, game prize) or a system reason code. */
  reason: string | null;
  memberReason: MemberReason | null;
  /** Corrections: the manager's internal note. */
  note: string | null;
  reversed: boolean;
};

type Words = {
  headers: readonly string[];
  kinds: Record<EntryKind, string>;
  actors: Record<ActorKind, string>;
  roles: Record<Role, string>;
  systemReasons: Record<SystemReason, string>;
  yes: string;
};

const WORDS: Record<Locale, Words> = {
  vi: {
    headers: [
      "Thời điểm (UTC, ISO 8601)",
      "Giờ Việt Nam",
      "Số thẻ",
      "Thành viên",
      "Loại",
      "Điểm",
      "Số dư sau",
      "Cửa hàng",
      "Số hoá đơn",
      "Hoá đơn (VND)",
      "Người thực hiện",
      "Vai trò",
      "Loại người thực hiện",
      "Thiết bị",
      "Thành viên đọc",
      "Ghi chú nội bộ",
      "Đã đảo ngược",
      "Mã bút toán",
    ],
    kinds: {
      earn: "Tích điểm",
      redeem: "Đổi quà",
      expire: "Hết hạn",
      adjust: "Điều chỉnh",
      reversal: "Đảo ngược",
      bonus: "Thưởng",
      game_prize: "Quà trò chơi",
      refund: "Hoàn điểm voucher",
    },
    actors: {
      staff: "Nhân viên quầy",
      manager: "Quản lý",
      member: "Thành viên",
      system: "Hệ thống",
      game: "Trò chơi",
      survey: "Khảo sát",
    },
    roles: { member: "Thành viên", staff: "Nhân viên", marketer: "Marketer", manager: "Quản lý", admin: "Quản trị viên" },
    systemReasons: {
      profile_completed: "Thưởng hoàn thành hồ sơ sở thích",
      account_erased: "Khách xoá tài khoản: huỷ điểm còn lại",
    },
    yes: "Có",
  },
  en: {
    headers: [
      "Time (UTC, ISO 8601)",
      "Vietnam time",
      "Card no.",
      "Member",
      "Type",
      "Points",
      "Balance after",
      "Store",
      "Receipt no.",
      "Bill (VND)",
      "Done by",
      "Role",
      "Kind of actor",
      "Device",
      "Member reads",
      "Internal note",
      "Reversed",
      "Entry id",
    ],
    kinds: {
      earn: "Earned",
      redeem: "Redeemed",
      expire: "Expired",
      adjust: "Adjustment",
      reversal: "Reversal",
      bonus: "Bonus",
      game_prize: "Game prize",
      refund: "Voucher refund",
    },
    actors: { staff: "Counter staff", manager: "Manager", member: "Member", system: "System", game: "Game", survey: "Survey" },
    roles: { member: "Member", staff: "Staff", marketer: "Marketer", manager: "Manager", admin: "Admin" },
    systemReasons: {
      profile_completed: "Bonus for completing the preference profile",
      account_erased: "Member deleted their account: remaining points forfeited",
    },
    yes: "Yes",
  },
};

export function ledgerCsvHeader(locale: Locale): readonly string[] {
  return WORDS[locale].headers;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-11-23 16:05:09": the wall-clock time in Vietnam (UTC+7 all year), sortable as text. */
export function vietnamDateTimeText(ms: number): string {
  const d = vietnamDate(ms);
  const secondOfDay = Math.floor(((((ms + VIETNAM_UTC_OFFSET_MS) % 86_400_000) + 86_400_000) % 86_400_000) / 1000);
  const [h, m, s] = [Math.floor(secondOfDay / 3600), Math.floor(secondOfDay / 60) % 60, secondOfDay % 60];
  return `${d.year}-${pad(d.month)}-${pad(d.day)} ${pad(h)}:${pad(m)}:${pad(s)}`;
}

/** One entry's cells, in the header's order. */
export function ledgerCsvRecord(e: LedgerCsvEntry, locale: Locale): CsvValue[] {
  const w = WORDS[locale];
  const memberReads = e.memberReason
    ? MEMBER_REASON_TEXT[e.memberReason][locale]
    : isSystemReason(e.reason)
      ? w.systemReasons[e.reason]
      : e.reason;
  return [
    new Date(e.occurredAt).toISOString(),
    vietnamDateTimeText(e.occurredAt),
    e.memberNo,
    e.memberName,
    w.kinds[e.kind],
    e.points,
    e.balanceAfter,
    e.storeName,
    e.receiptNo,
    e.billVnd,
    e.actorName,
    e.actorRole ? w.roles[e.actorRole] : null,
    w.actors[e.actorKind],
    e.actorDevice,
    memberReads,
    e.note,
    e.reversed ? w.yes : null,
    e.id,
  ];
}

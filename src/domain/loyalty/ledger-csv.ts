/**
 * The console's ledger as a spreadsheet (the "Xuất CSV" button): one header row, then one row per
 * entry, newest first, in the reader's language. The words for the codes (kinds, actors, roles,
 * system reasons) are the console's own (ledger-words.ts): the file says what the screen says.
 *
 * Points and money stay whole numbers (a column of numbers a spreadsheet can sum); times come
 * twice, as an ISO instant for machines and as a Vietnam wall-clock time for people.
 */
import type { Role } from "../identity/roles";
import type { Locale } from "../locale/locale";
import type { CsvValue } from "../csv/csv";
import { MEMBER_REASON_TEXT, type ActorKind, type MemberReason } from "./actors";
import { isSystemReason, type EntryKind } from "./ledger";
import { LEDGER_WORDS } from "./ledger-words";
import { civilDateText, VIETNAM_UTC_OFFSET_MS, vietnamDate } from "./vietnam-time";

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

/** The file's own words; the codes' words are the console's too (ledger-words.ts). */
const WORDS: Record<Locale, { headers: readonly string[]; yes: string }> = {
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
    yes: "Yes",
  },
};

export function ledgerCsvHeader(locale: Locale): readonly string[] {
  return WORDS[locale].headers;
}

/** "2026-11-23 16:05:09": the wall-clock time in Vietnam (UTC+7 all year), sortable as text. */
export function vietnamDateTimeText(ms: number): string {
  // The instant shifted to Vietnam's wall clock, read as if it were UTC.
  return `${civilDateText(vietnamDate(ms))} ${new Date(ms + VIETNAM_UTC_OFFSET_MS).toISOString().slice(11, 19)}`;
}

/** One entry's cells, in the header's order. */
export function ledgerCsvRecord(e: LedgerCsvEntry, locale: Locale): CsvValue[] {
  const w = LEDGER_WORDS[locale];
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
    e.reversed ? WORDS[locale].yes : null,
    e.id,
  ];
}

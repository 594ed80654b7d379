/**
 * The words for a ledger entry's codes, in both languages: one source for the console's screens
 * (its dictionaries take them with `prefixKeys`) and for the CSV export the server writes
 * (ledger-csv.ts), so a spreadsheet and the screen it was exported from never disagree.
 */
import type { Role } from "../identity/roles";
import type { Locale } from "../locale/locale";
import type { ActorKind } from "./actors";
import type { EntryKind, SystemReason } from "./ledger";

export type LedgerWords = {
  kinds: Record<EntryKind, string>;
  actors: Record<ActorKind, string>;
  roles: Record<Role, string>;
  /** What the member reads for an entry the system made (a code stored as its reason). */
  systemReasons: Record<SystemReason, string>;
};

export const LEDGER_WORDS: Record<Locale, LedgerWords> = {
  vi: {
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
      pos: "Máy POS",
    },
    roles: { member: "Thành viên", staff: "Nhân viên", marketer: "Marketer", manager: "Quản lý", admin: "Quản trị viên" },
    systemReasons: {
      profile_completed: "Thưởng hoàn thành hồ sơ sở thích",
      account_erased: "Khách xoá tài khoản: huỷ điểm còn lại",
      survey_answered: "Thưởng trả lời khảo sát",
      daily_checkin: "Điểm danh hằng ngày",
      referral_referrer: "Thưởng giới thiệu bạn bè",
      referral_friend: "Thưởng bạn được giới thiệu",
      referral_clawback: "Thu hồi thưởng giới thiệu (đơn mua đầu tiên đã được trả hoặc huỷ)",
    },
  },
  en: {
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
    actors: { staff: "Counter staff", manager: "Manager", member: "Member", system: "System", game: "Game", survey: "Survey", pos: "POS" },
    roles: { member: "Member", staff: "Staff", marketer: "Marketer", manager: "Manager", admin: "Admin" },
    systemReasons: {
      profile_completed: "Bonus for completing the preference profile",
      account_erased: "Member deleted their account: remaining points forfeited",
      survey_answered: "Reward for answering a survey",
      daily_checkin: "Daily check-in",
      referral_referrer: "Reward for inviting a friend",
      referral_friend: "Reward for joining on a friend's invite",
      referral_clawback: "Referral reward taken back (the first purchase was refunded or reversed)",
    },
  },
};

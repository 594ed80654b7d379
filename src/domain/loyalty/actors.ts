/**
 * Who caused a ledger entry, and what a member is told about a correction
 * (docs/decisions/0017-ledger-actors-and-reasons.md).
 *
 * Every entry records the kind of actor, and for people their user (and for earns the device
 * the counter used): fraud is found by looking at who.
 */
/** `pos`: a store's POS through its API key (issue 17); the entry's actor_device says which key (`pos:<prefix>`). */
export const ACTOR_KINDS = ["staff", "manager", "member", "system", "game", "survey", "pos"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/**
 * A device id the Mini App sends with its requests (`x-device-id`): a random id made once per
 * install. It says which phone a counter used; the staff user (from the session) is the proof.
 */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const DEVICE_ID_HEADER = "x-device-id";

export function isDeviceId(value: unknown): value is string {
  return typeof value === "string" && DEVICE_ID_PATTERN.test(value);
}

/**
 * What the member reads about an adjustment, a reversal or a voucher refund: one of these
 * plain-language presets, or none (the Mini App then says only what happened, e.g. "Điều
 * chỉnh điểm"). The manager's own note is internal and never leaves the console.
 */
export const MEMBER_REASONS = [
  "goodwill",
  "service_apology",
  "missing_points",
  "entry_mistake",
  "purchase_returned",
  "voucher_cancelled",
  "opening_balance",
] as const;
export type MemberReason = (typeof MEMBER_REASONS)[number];

/**
 * The wording the member reads, kept with the codes (like consent purposes' wording): the
 * Mini App shows it, the console previews exactly it ("the member will read …"), and the
 * member's data export quotes it, so the three can never say different things.
 */
export const MEMBER_REASON_TEXT: Record<MemberReason, { vi: string; en: string }> = {
  goodwill: { vi: "Quà tri ân từ cửa hàng", en: "A thank-you gift from the store" },
  service_apology: { vi: "Lời xin lỗi vì trải nghiệm chưa tốt", en: "Our apology for a disappointing visit" },
  missing_points: { vi: "Bổ sung điểm cho giao dịch bị thiếu", en: "Points added for a purchase that was missed" },
  entry_mistake: { vi: "Sửa lỗi nhập điểm", en: "Correction of a points entry mistake" },
  purchase_returned: { vi: "Hoá đơn đã được trả hàng hoặc huỷ", en: "The purchase was returned or cancelled" },
  voucher_cancelled: { vi: "Phiếu quà đã được huỷ, điểm được hoàn lại", en: "Voucher cancelled, points refunded" },
  opening_balance: {
    vi: "Điểm chuyển từ chương trình thành viên trước đây",
    en: "Points carried over from our previous membership programme",
  },
};

/**
 * The entry kinds whose `reason` is a label written for the member (the reward, the campaign).
 * On every other kind it is a manager's internal note, which never reaches the member.
 */
export const MEMBER_READABLE_REASON_KINDS = ["redeem", "bonus", "game_prize"] as const;

export function isMemberReason(value: unknown): value is MemberReason {
  return typeof value === "string" && (MEMBER_REASONS as readonly string[]).includes(value);
}

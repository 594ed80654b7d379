/**
 * Consent per purpose (Decree 13/2023/ND-CP Art. 11; Personal Data Protection Law, in force
 * 2026-01-01): explicit, for one stated purpose, recorded with the wording the member saw,
 * withdrawable at any time. Silence is never consent: a purpose with no record is not granted.
 *
 * Every feature that contacts a member or uses their data asks `mayUse` — campaigns,
 * triggers and the message queue at send time — so a withdrawal takes effect for everything
 * not yet sent.
 */
import { MEMBERSHIP_TERMS_VERSION } from "./membership-terms";

export const CONSENT_PURPOSES = [
  "membership",
  "zns_care",
  "zns_promo",
  "app_notifications",
  "oa_messages",
  "personalisation",
  "analytics",
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/**
 * One bit per purpose in members.consent_bits (decision 0051), the same numbers as the SQL
 * function consent_bit of migration 0058: a new purpose takes the next free bit in both, and an
 * existing one never changes its bit (stored rows carry them).
 */
export const CONSENT_BITS: Readonly<Record<ConsentPurpose, number>> = {
  membership: 1,
  zns_care: 2,
  zns_promo: 4,
  app_notifications: 8,
  oa_messages: 16,
  personalisation: 32,
  analytics: 64,
};

/** The Zalo prompt a purpose needs, asked only after the member agreed on our own screen. */
export const ZALO_PERMISSIONS = ["phone", "requestSendNotification", "interactOA"] as const;
/** What Zalo answered to its permission prompt. */
export const ZALO_OUTCOMES = ["allowed", "refused", "unavailable"] as const;
export type ZaloOutcome = (typeof ZALO_OUTCOMES)[number];
/** A member's requests under the data-protection decree: a copy of their data, or erasure. */
export const PRIVACY_REQUEST_KINDS = ["export", "erase"] as const;
export type ZaloPermission = (typeof ZALO_PERMISSIONS)[number];

/**
 * How many rows a member may add to the append-only evidence ledgers in 24 hours. Each
 * switch and each answer to Zalo's prompt is kept for good (Decree 13/2023 evidence), so a
 * script toggling a switch would otherwise grow them without end. Far above what a person
 * does: 7 purposes, each switched on and off a few times.
 */
export const DAILY_EVIDENCE_BOUNDS = { consentDecisions: 40, zaloAnswers: 40 } as const;
export const DAY_MS = 86_400_000;

export type PurposeText = { title: string; body: string };
export type PurposeDef = {
  purpose: ConsentPurpose;
  /** Required to be a member: withdrawn only by deleting the account. */
  required: boolean;
  zaloPermission: ZaloPermission | null;
  /** Version of the wording below; a consent records the version the member saw. */
  version: string;
  vi: PurposeText;
  en: PurposeText;
};

const V = "2026-11-23";

export const PURPOSES: Record<ConsentPurpose, PurposeDef> = {
  membership: {
    purpose: "membership",
    required: true,
    zaloPermission: null,
    version: MEMBERSHIP_TERMS_VERSION,
    vi: {
      title: "Tư cách thành viên",
      body: "Dùng mã Zalo, tên và ảnh đại diện để giữ thẻ thành viên, điểm và ưu đãi của bạn. Bắt buộc để là thành viên; muốn rút lại, hãy xoá tài khoản.",
    },
    en: {
      title: "Membership",
      body: "Uses your Zalo id, name and avatar to keep your member card, points and rewards. Required to be a member; to withdraw it, delete your account.",
    },
  },
  zns_care: {
    purpose: "zns_care",
    required: false,
    zaloPermission: "phone",
    version: V,
    vi: {
      title: "Tin chăm sóc & giao dịch qua Zalo (ZNS)",
      body: "Báo điểm vừa cộng, ưu đãi sắp hết hạn, voucher bạn vừa đổi. Gửi tới số điện thoại Zalo của bạn.",
    },
    en: {
      title: "Care and transaction messages via Zalo (ZNS)",
      body: "Points just added, rewards about to expire, the voucher you just redeemed. Sent to your Zalo phone number.",
    },
  },
  zns_promo: {
    purpose: "zns_promo",
    required: false,
    zaloPermission: "phone",
    version: V,
    vi: {
      title: "Tin khuyến mãi qua Zalo (ZNS)",
      body: "Ưu đãi và chương trình mới, theo sở thích và tần suất bạn chọn. Không gửi vào ban đêm.",
    },
    en: {
      title: "Promotional messages via Zalo (ZNS)",
      body: "New offers and programmes, matched to the interests and frequency you chose. Never at night.",
    },
  },
  app_notifications: {
    purpose: "app_notifications",
    required: false,
    zaloPermission: "requestSendNotification",
    version: V,
    vi: { title: "Thông báo từ Mini App", body: "Nhắc điểm sắp hết hạn và quà sinh nhật ngay trong Zalo, qua thông báo của Mini App." },
    en: {
      title: "Mini App notifications",
      body: "Reminders about expiring points and birthday treats inside Zalo, as Mini App notifications.",
    },
  },
  oa_messages: {
    purpose: "oa_messages",
    required: false,
    zaloPermission: "interactOA",
    version: V,
    vi: {
      title: "Tin nhắn từ Official Account",
      body: "Cho phép Official Account của thương hiệu nhắn tin trả lời và hỗ trợ bạn trên Zalo.",
    },
    en: { title: "Official Account messages", body: "Lets the brand's Official Account message you on Zalo to answer and help you." },
  },
  personalisation: {
    purpose: "personalisation",
    required: false,
    zaloPermission: null,
    version: V,
    vi: {
      title: "Cá nhân hoá theo sở thích",
      body: "Dùng những gì bạn cho biết trong mục Sở thích để chọn ưu đãi và nội dung hợp với bạn.",
    },
    en: {
      title: "Personalisation from your preferences",
      body: "Uses what you told us under Preferences to choose offers and content that suit you.",
    },
  },
  analytics: {
    purpose: "analytics",
    required: false,
    zaloPermission: null,
    version: V,
    vi: {
      title: "Phân tích để cải thiện dịch vụ",
      body: "Dùng lịch sử mua và đổi điểm ở dạng tổng hợp để hiểu khách hàng và cải thiện cửa hàng.",
    },
    en: {
      title: "Analytics to improve the service",
      body: "Uses your purchase and reward history, in aggregate, to understand customers and improve the stores.",
    },
  },
};

export type ConsentEvent = { purpose: ConsentPurpose; granted: boolean; at: number; wordingVersion: string; channel: string };
export type PurposeState = { granted: boolean; since: number | null; wordingVersion: string | null };

/**
 * A purpose's state at time `at`, from its history in ledger order: the last decision made at
 * or before `at`. Nothing recorded means not granted.
 */
export function consentAt(history: readonly ConsentEvent[], purpose: ConsentPurpose, at: number): PurposeState {
  let state: PurposeState = { granted: false, since: null, wordingVersion: null };
  for (const e of history) {
    if (e.purpose === purpose && e.at <= at) state = { granted: e.granted, since: e.at, wordingVersion: e.wordingVersion };
  }
  return state;
}

export function consentStates(history: readonly ConsentEvent[], at: number): Record<ConsentPurpose, PurposeState> {
  return Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, consentAt(history, p, at)])) as Record<ConsentPurpose, PurposeState>;
}

export type UseRefusal = "erased" | "not_a_member" | "not_granted" | "withdrawn";

/**
 * The one question every later feature asks: may we use this member's data, or contact them,
 * for `purpose` at time `at`? Erased accounts and non-members never; otherwise only with the
 * purpose granted and not withdrawn at that moment.
 */
export function mayUse(input: {
  history: readonly ConsentEvent[];
  purpose: ConsentPurpose;
  at: number;
  erased: boolean;
}): { ok: true } | { ok: false; reason: UseRefusal } {
  if (input.erased) return { ok: false, reason: "erased" };
  if (!consentAt(input.history, "membership", input.at).granted) return { ok: false, reason: "not_a_member" };
  if (input.purpose === "membership") return { ok: true };
  const state = consentAt(input.history, input.purpose, input.at);
  if (state.granted) return { ok: true };
  return { ok: false, reason: state.since === null ? "not_granted" : "withdrawn" };
}

/** ZNS template tags (docs/zalo.md#zns-tags) and the purpose each needs. */
export function purposeForZnsTag(tag: "transaction" | "customer_care" | "promotion"): ConsentPurpose {
  return tag === "promotion" ? "zns_promo" : "zns_care";
}

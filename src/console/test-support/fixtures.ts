import type { MeResponse } from "../../contract/auth";
import type { ConsoleAccess, ConsoleLoginResponse } from "../../contract/console-auth";
import type { MemberRow } from "../../contract/console";
import type { Liability, MemberDetail, RewardView } from "../../contract/loyalty";
import type { z } from "zod";
import type { MessageView, QuotaView, SandboxInbox, TemplateView } from "../../contract/messaging";
import type { ConsoleForm, MemberConsentsView, MemberPreferencesView, PreferenceStats } from "../../contract/preferences";
import { DEFAULT_FORM_QUESTIONS } from "../../domain/preferences/fields";
import type { TierCode } from "../../domain/loyalty/tiers";

/** Test data shaped by the real contract types, so a contract change breaks these at compile time. */
/** The console's access token (its refresh token is an httpOnly cookie the page never sees). */
export const SESSION: ConsoleAccess = {
  accessToken: "access-token-for-tests",
  accessTokenExpiresAt: "2099-01-01T00:00:00.000Z",
};

const BRAND_ID = "5b9c1d2e-3f40-4a51-8b62-7c8d9e0f1a2b";

export function meResponse(role: "manager" | "marketer" | "admin" = "manager"): MeResponse {
  return {
    user: {
      id: "3f1c2a4e-5b6d-4c7e-8f90-1a2b3c4d5e6f",
      brandId: BRAND_ID,
      role,
      displayName: role === "marketer" ? "Nguyễn Hải Yến" : "Đỗ Minh Châu",
      avatarUrl: null,
      stores: [],
      isMember: false,
    },
    brand: { id: BRAND_ID, name: "Cà Phê Mây", slug: "demo" },
    devIdentity: true,
  };
}

export function loginResponse(role: "manager" | "marketer" | "admin" = "manager"): ConsoleLoginResponse {
  return { session: SESSION, user: meResponse(role).user };
}

export const HEALTH_DEV = {
  status: "ok",
  database: { status: "ok", driver: "pglite", latencyMs: 1 },
  devIdentity: true,
  consoleZaloLogin: false,
  version: "0.1.0",
};
/** A real Zalo app: no quick sign-in, Zalo login offered. */
export const HEALTH_PROD = { ...HEALTH_DEV, devIdentity: false, consoleZaloLogin: true };

const NAMES = [
  "Nguyễn Thị Lan",
  "Trần Văn Minh",
  "Lê Hoàng Anh",
  "Phạm Thu Hà",
  "Hoàng Đức Thắng",
  "Vũ Ngọc Mai",
  "Đặng Quốc Bảo",
  "Bùi Thanh Hương",
  "Đỗ Gia Huy",
  "Ngô Mỹ Linh",
  "Dương Khánh Vy",
  "Lý Tuấn Kiệt",
  "Phan Bảo Ngọc",
  "Trịnh Hải Đăng",
  "Mai Phương Thảo",
  "Hồ Nhật Nam",
  "Tạ Minh Châu",
  "Cao Thị Yến",
  "Lâm Chí Thanh",
  "Kiều Anh Thư",
  "Quách Thành Long",
  "Đinh Ngọc Trâm",
  "Tôn Nữ Hạnh",
  "Nguyễn Trung Kiên",
];
const TIERS: TierCode[] = ["gold", "member", "silver", "diamond"];

/**
 * 24 members like the demo seed. The first: gold, 1250 points, joined 2025-03-11 Vietnam time;
 * every third has no phone; the sixth came from a member import and has not joined through Zalo yet.
 */
export const MEMBERS: MemberRow[] = NAMES.map((displayName, i) => ({
  memberId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
  memberNo: String(100_024 - i).padStart(8, "0"),
  displayName,
  phoneMasked: i % 3 === 2 ? null : `0912 *** ${String(100 + i).slice(-3)}`,
  tier: TIERS[i % TIERS.length]!,
  pointsBalance: i === 0 ? 1250 : i * 10,
  // 2025-03-0X at 23:30 UTC is the next day in Vietnam (UTC+7): exercises the brand time zone.
  joinedAt: `2025-03-${String(10 - (i % 9)).padStart(2, "0")}T23:30:00.000Z`,
  imported: i === 5,
}));

// ---- member detail, rewards, liability ----

type TierInfo = MemberDetail["summary"]["tier"];
const TIER_INFO: Record<TierCode, TierInfo> = {
  member: { code: "member", name: "Thành viên", thresholdVnd: 0, earnBps: 10_000, benefits: [] },
  silver: { code: "silver", name: "Bạc", thresholdVnd: 2_000_000, earnBps: 12_000, benefits: [] },
  gold: { code: "gold", name: "Vàng", thresholdVnd: 5_000_000, earnBps: 13_000, benefits: [] },
  diamond: { code: "diamond", name: "Kim cương", thresholdVnd: 10_000_000, earnBps: 15_000, benefits: [] },
};

export const LAN = MEMBERS[0]!;
/** Ledger ids: the earn that can be reversed, and one already reversed. */
export const EARN_ID = "10000000-0000-4000-8000-000000000002";
export const REVERSED_EARN_ID = "10000000-0000-4000-8000-000000000005";
/** Who caused the ledger entries: a cashier (earns) and a manager (corrections). */
export const STAFF_LAN_ID = "50000000-0000-4000-8000-000000000001";
export const MANAGER_ID = "50000000-0000-4000-8000-000000000002";

/**
 * Nguyễn Thị Lan in detail: gold, 1 250 points, 1 500 000 ₫ short of diamond, 120 points
 * expiring 31/03/2026 (Vietnam time). Times are UTC; Vietnam is +7.
 */
export function memberDetail(overrides: Partial<MemberDetail> = {}): MemberDetail {
  return {
    memberId: LAN.memberId,
    memberNo: LAN.memberNo,
    displayName: LAN.displayName,
    avatarUrl: null,
    phoneMasked: LAN.phoneMasked,
    joinedAt: LAN.joinedAt,
    summary: {
      memberId: LAN.memberId,
      balance: 1250,
      available: 1250,
      tier: TIER_INFO.gold,
      nextTier: TIER_INFO.diamond,
      remainingVnd: 1_500_000,
      progress: 0.7,
      spendVnd: 8_500_000,
      nextExpiry: { points: 120, expiresAt: "2026-03-31T16:59:59.000Z" },
      tierRules: [],
    },
    lots: [
      {
        id: "20000000-0000-4000-8000-000000000001",
        original: 150,
        remaining: 120,
        earnedAt: "2025-03-31T03:00:00.000Z",
        expiresAt: "2026-03-31T16:59:59.000Z",
      },
      {
        id: "20000000-0000-4000-8000-000000000002",
        original: 1130,
        remaining: 1130,
        earnedAt: "2025-06-01T07:05:00.000Z",
        expiresAt: "2026-06-01T16:59:59.000Z",
      },
    ],
    ledger: [
      ledgerItem({
        id: "10000000-0000-4000-8000-000000000001",
        kind: "redeem",
        points: -50,
        balanceAfter: 1250,
        occurredAt: "2025-06-02T03:15:00.000Z",
      }),
      ledgerItem({
        id: EARN_ID,
        kind: "earn",
        points: 130,
        balanceAfter: 1300,
        occurredAt: "2025-06-01T07:05:00.000Z",
        storeName: "Cà Phê Mây Quận 1",
        receiptNo: "HD-0042",
        billVnd: 1_000_000,
        actor: { kind: "staff", userId: STAFF_LAN_ID, name: "Trần Thị Lan", role: "staff", device: "till-q1-phone-01" },
      }),
      ledgerItem({
        id: "10000000-0000-4000-8000-000000000003",
        kind: "adjust",
        points: 20,
        balanceAfter: 1170,
        occurredAt: "2025-05-20T02:00:00.000Z",
        note: "Bù điểm hoá đơn lỗi",
        memberReason: "missing_points",
        actor: { kind: "manager", userId: MANAGER_ID, name: "Lê Quản Lý", role: "manager", device: null },
      }),
      ledgerItem({
        id: "10000000-0000-4000-8000-000000000004",
        kind: "reversal",
        points: -100,
        balanceAfter: 1150,
        occurredAt: "2025-05-12T02:00:00.000Z",
        storeName: "Cà Phê Mây Cầu Giấy",
        billVnd: 800_000,
        note: "Quét nhầm thẻ",
        actor: { kind: "manager", userId: MANAGER_ID, name: "Lê Quản Lý", role: "manager", device: null },
      }),
      ledgerItem({
        id: REVERSED_EARN_ID,
        kind: "earn",
        points: 100,
        balanceAfter: 1250,
        occurredAt: "2025-05-10T09:30:00.000Z",
        storeName: "Cà Phê Mây Cầu Giấy",
        receiptNo: "HD-0007",
        billVnd: 800_000,
        reversed: true,
      }),
    ],
    ledgerNextCursor: null,
    vouchers: [
      voucher({
        id: "30000000-0000-4000-8000-000000000001",
        codeMasked: "****-****-****-7K2P",
        rewardName: "Cà phê sữa đá miễn phí",
        status: "issued",
        usedAt: null,
      }),
      voucher({
        id: "30000000-0000-4000-8000-000000000002",
        codeMasked: "****-****-****-9QX4",
        rewardName: "Bánh croissant bơ",
        status: "used",
        usedAt: "2025-05-03T01:00:00.000Z",
      }),
    ],
    ...overrides,
  };
}

export function ledgerItem(
  item: Partial<MemberDetail["ledger"][number]> &
    Pick<MemberDetail["ledger"][number], "id" | "kind" | "points" | "balanceAfter" | "occurredAt">,
) {
  const actor = { kind: "system" as const, userId: null, name: null, role: null, device: null };
  return {
    storeName: null,
    receiptNo: null,
    billVnd: null,
    reason: null,
    memberReason: null,
    note: null,
    reversed: false,
    memberId: LAN.memberId,
    memberName: LAN.displayName,
    actor,
    ...item,
  };
}

function voucher(
  v: Pick<MemberDetail["vouchers"][number], "id" | "codeMasked" | "rewardName" | "status" | "usedAt">,
): MemberDetail["vouchers"][number] {
  return {
    rewardId: "40000000-0000-4000-8000-000000000001",
    issuedAt: "2025-05-01T01:00:00.000Z",
    expiresAt: "2025-05-31T16:59:59.000Z",
    cancelledAt: null,
    ...v,
  };
}

export const REWARDS: RewardView[] = [
  {
    id: "40000000-0000-4000-8000-000000000001",
    name: "Cà phê sữa đá miễn phí",
    description: "Một ly cà phê sữa đá size M tại mọi cửa hàng.",
    imageUrl: null,
    imageId: null,
    nameEn: null,
    descriptionEn: null,
    pointsCost: 50,
    stock: 100,
    validFrom: null,
    validUntil: null,
    voucherValidityDays: 30,
    eligibleTiers: null,
    active: true,
  },
  {
    id: "40000000-0000-4000-8000-000000000002",
    name: "Giảm 20% hoá đơn",
    description: "Giảm 20% cho một hoá đơn, tối đa 100.000 ₫.",
    imageUrl: null,
    imageId: null,
    nameEn: null,
    descriptionEn: null,
    pointsCost: 120,
    stock: null,
    // 01/06/2025 00:00 to 30/06/2025 23:59:59, Vietnam time.
    validFrom: "2025-05-31T17:00:00.000Z",
    validUntil: "2025-06-30T16:59:59.000Z",
    voucherValidityDays: 14,
    eligibleTiers: ["gold", "diamond"],
    active: true,
  },
  {
    id: "40000000-0000-4000-8000-000000000003",
    name: "Ly giữ nhiệt Cà Phê Mây",
    description: "",
    imageUrl: null,
    imageId: null,
    nameEn: null,
    descriptionEn: null,
    pointsCost: 300,
    stock: 0,
    validFrom: null,
    validUntil: null,
    voucherValidityDays: 60,
    eligibleTiers: null,
    active: false,
  },
];

/** 5 430 points: 3 200 + 2 000 earned in stores, 230 from adjustments; 13 months from 06/2025; 1 point = 500 ₫. */
export const LIABILITY: Liability = {
  outstandingPoints: 5430,
  byStore: [
    { storeId: "50000000-0000-4000-8000-000000000001", storeName: "Cà Phê Mây Cầu Giấy", points: 2000 },
    { storeId: "50000000-0000-4000-8000-000000000002", storeName: "Cà Phê Mây Quận 1", points: 3200 },
    { storeId: null, storeName: null, points: 230 },
  ],
  byStoreNextCursor: null,
  expiryProfile: Array.from({ length: 13 }, (_, i) => {
    const month = ((5 + i) % 12) + 1;
    const year = 2025 + Math.floor((5 + i) / 12);
    return { month: `${year}-${String(month).padStart(2, "0")}`, points: [120, 0, 300, 0, 0, 800, 0, 0, 1200, 0, 2100, 910, 0][i]! };
  }),
  pointValueVnd: 500,
};

// ---- preferences and consents ----

/**
 * Version 3 of Cà Phê Mây's form: the five standard questions, then a brand question (single,
 * optional) and a free-text one. Versions 1–2 came before; 1 was the default (no author).
 */
export function consoleForm(): ConsoleForm {
  return {
    current: {
      version: 3,
      questions: [
        ...structuredClone(DEFAULT_FORM_QUESTIONS),
        {
          id: "milk",
          kind: "single",
          label: { vi: "Bạn thích uống cà phê với gì?", en: "How do you take your coffee?" },
          options: [
            { id: "condensed", label: { vi: "Sữa đặc", en: "Condensed milk" } },
            { id: "fresh", label: { vi: "Sữa tươi", en: "Fresh milk" } },
            { id: "black", label: { vi: "Không sữa", en: "Black" } },
          ],
          optional: true,
        },
        {
          id: "wish",
          kind: "text",
          label: { vi: "Bạn muốn quán có thêm món gì?", en: "What should we add to the menu?" },
          maxLength: 200,
          optional: true,
        },
      ],
    },
    versions: [
      { version: 1, createdAt: "2025-01-02T03:00:00.000Z", createdBy: null, questions: 5 },
      { version: 2, createdAt: "2025-04-01T02:30:00.000Z", createdBy: "Đỗ Minh Châu", questions: 6 },
      // 23:15 UTC on 14 May = 15 May 06:15 in Vietnam.
      { version: 3, createdAt: "2025-05-14T23:15:00.000Z", createdBy: "Đỗ Minh Châu", questions: 7 },
    ],
  };
}

/** 24 members, 18 started, 9 complete (37.5% → "38%"). */
export const PREF_STATS: PreferenceStats = {
  formVersion: 3,
  members: 24,
  started: 18,
  completed: 9,
  questions: [
    {
      id: "birthday",
      kind: "birthday",
      label: { vi: "Sinh nhật của bạn là ngày nào?", en: "When is your birthday?" },
      answered: 14,
      options: [],
      months: [1, 0, 3, 2, 0, 1, 0, 4, 1, 0, 2, 0],
    },
    {
      id: "favourite_categories",
      kind: "multi",
      label: { vi: "Bạn thích những loại sản phẩm nào?", en: "Which products do you like?" },
      answered: 12,
      options: [
        { id: "drinks", label: { vi: "Đồ uống", en: "Drinks" }, count: 11 },
        { id: "food", label: { vi: "Đồ ăn", en: "Food" }, count: 6 },
        { id: "merchandise", label: { vi: "Quà tặng & vật phẩm", en: "Gifts & merchandise" }, count: 2 },
      ],
    },
    {
      id: "offer_frequency",
      kind: "single",
      label: { vi: "Bạn muốn nhận ưu đãi bao lâu một lần?", en: "How often would you like offers?" },
      answered: 10,
      options: [
        { id: "weekly", label: { vi: "Hằng tuần", en: "Weekly" }, count: 3 },
        { id: "monthly", label: { vi: "Hằng tháng", en: "Monthly" }, count: 5 },
        { id: "important_only", label: { vi: "Chỉ khi thật quan trọng", en: "Only important ones" }, count: 2 },
      ],
    },
    {
      id: "wish",
      kind: "text",
      label: { vi: "Bạn muốn quán có thêm món gì?", en: "What should we add to the menu?" },
      answered: 4,
      options: [],
    },
  ],
};

/** Lan's answers: three to version 3, the birthday to version 2; not complete yet. */
export function memberPreferences(overrides: Partial<MemberPreferencesView> = {}): MemberPreferencesView {
  return {
    formVersion: 3,
    complete: false,
    completedAt: null,
    answers: [
      {
        questionId: "birthday",
        label: { vi: "Sinh nhật của bạn là ngày nào?", en: "When is your birthday?" },
        text: { vi: "14/2", en: "14 February" },
        formVersion: 2,
        updatedAt: "2025-04-02T01:00:00.000Z",
      },
      {
        questionId: "favourite_categories",
        label: { vi: "Bạn thích những loại sản phẩm nào?", en: "Which products do you like?" },
        text: { vi: "Đồ uống, Đồ ăn", en: "Drinks, Food" },
        formVersion: 3,
        updatedAt: "2025-05-20T12:30:00.000Z",
      },
      {
        questionId: "offer_frequency",
        label: { vi: "Bạn muốn nhận ưu đãi bao lâu một lần?", en: "How often would you like offers?" },
        text: { vi: "Hằng tháng", en: "Monthly" },
        formVersion: 3,
        updatedAt: "2025-05-20T12:31:00.000Z",
      },
    ],
    ...overrides,
  };
}

/**
 * Lan's consents: membership on joining, promotional ZNS granted then withdrawn, analytics
 * granted on the seed's older wording; Zalo's phone prompt allowed; one data export.
 * History comes oldest first on purpose: the page must sort it.
 */
export function memberConsents(overrides: Partial<MemberConsentsView> = {}): MemberConsentsView {
  return {
    purposes: [
      // Joining records the terms version with the language read.
      { purpose: "membership", granted: true, since: "2025-03-10T23:30:00.000Z", wordingVersion: "2026-11-01/vi" },
      { purpose: "zns_care", granted: false, since: null, wordingVersion: null },
      { purpose: "zns_promo", granted: false, since: "2025-05-01T10:00:00.000Z", wordingVersion: "2026-11-23" },
      { purpose: "app_notifications", granted: false, since: null, wordingVersion: null },
      { purpose: "oa_messages", granted: false, since: null, wordingVersion: null },
      { purpose: "personalisation", granted: false, since: null, wordingVersion: null },
      { purpose: "analytics", granted: true, since: "2025-03-12T02:00:00.000Z", wordingVersion: "2025-01-01" },
    ],
    history: [
      { purpose: "membership", granted: true, wordingVersion: "2026-11-01/vi", channel: "mini_app", at: "2025-03-10T23:30:00.000Z" },
      { purpose: "analytics", granted: true, wordingVersion: "2025-01-01", channel: "seed", at: "2025-03-12T02:00:00.000Z" },
      { purpose: "zns_promo", granted: true, wordingVersion: "2026-11-23", channel: "mini_app", at: "2025-04-20T08:00:00.000Z" },
      { purpose: "zns_promo", granted: false, wordingVersion: "2026-11-23", channel: "mini_app", at: "2025-05-01T10:00:00.000Z" },
    ],
    zaloAnswers: [{ purpose: "zns_promo", permission: "phone", outcome: "allowed", at: "2025-04-20T08:00:30.000Z" }],
    privacyRequests: [{ kind: "export", at: "2025-05-02T04:00:00.000Z" }],
    erasedAt: null,
    ...overrides,
  };
}

// ---- messaging ----

type QuotaViewData = z.infer<typeof QuotaView>;
type SandboxInboxData = z.infer<typeof SandboxInbox>;

const counts = (partial: Partial<TemplateView["counts"]> = {}): TemplateView["counts"] => ({
  queued: 0,
  sending: 0,
  in_doubt: 0,
  sent: 0,
  delivered: 0,
  failed: 0,
  cancelled: 0,
  ...partial,
});

export const TEMPLATE_IDS = {
  welcome: "20000000-0000-4000-8000-000000000001",
  points: "20000000-0000-4000-8000-000000000002",
  voucher: "20000000-0000-4000-8000-000000000003",
  promo: "20000000-0000-4000-8000-000000000004",
} as const;

/** The demo seed's four templates (sorted by name as the server lists them), with some messages. */
export function messagingTemplates(): TemplateView[] {
  return [
    {
      id: TEMPLATE_IDS.points,
      name: "Cập nhật điểm",
      znsTemplateId: "301002",
      tag: "customer_care",
      kind: "custom",
      trigger: "points_updated",
      active: true,
      preview: "<ten_khach_hang> ơi, bạn vừa được cộng <diem> điểm. Tổng điểm hiện có: <tong_diem>. Mã thành viên: <ma_khach_hang>.",
      params: [
        { name: "ten_khach_hang", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" },
        { name: "diem", type: "number", source: { field: "points_earned" } },
        { name: "tong_diem", type: "number", source: { field: "points_balance" } },
        { name: "ma_khach_hang", type: "code", source: { field: "member_no" } },
      ],
      createdAt: "2025-05-01T02:00:00.000Z",
      counts: counts({ delivered: 12, sent: 3, failed: 1 }),
    },
    {
      id: TEMPLATE_IDS.welcome,
      name: "Chào mừng thành viên",
      znsTemplateId: "301001",
      tag: "customer_care",
      kind: "custom",
      trigger: "welcome",
      active: true,
      preview: "Chào mừng <ten_khach_hang> đến với Cà Phê Mây! Mã thành viên của bạn: <ma_khach_hang>.",
      params: [
        { name: "ten_khach_hang", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" },
        { name: "ma_khach_hang", type: "code", source: { field: "member_no" } },
      ],
      createdAt: "2025-05-01T02:00:00.000Z",
      counts: counts({ delivered: 20, queued: 2, cancelled: 1 }),
    },
    {
      id: TEMPLATE_IDS.promo,
      name: "Khuyến mãi cuối tuần",
      znsTemplateId: "301004",
      tag: "promotion",
      kind: "custom",
      trigger: null,
      active: false,
      preview: "<ten_khach_hang> ơi, cuối tuần này <mon_yeu_thich> giảm 20% tại <cua_hang>.",
      params: [
        { name: "ten_khach_hang", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" },
        { name: "mon_yeu_thich", type: "product", source: { field: "favourite_category" }, fallback: "Cà phê" },
        { name: "cua_hang", type: "label", source: { fixed: "mọi cửa hàng" } },
      ],
      createdAt: "2025-05-01T02:00:00.000Z",
      counts: counts(),
    },
    {
      id: TEMPLATE_IDS.voucher,
      name: "Voucher vừa đổi",
      znsTemplateId: "301003",
      tag: "customer_care",
      kind: "custom",
      trigger: "voucher_issued",
      active: true,
      preview: "<ten_khach_hang> đã đổi <ten_qua>. Mã voucher: <ma_voucher>.",
      params: [
        { name: "ten_khach_hang", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" },
        { name: "ten_qua", type: "product", source: { field: "reward_name" } },
        { name: "ma_voucher", type: "code", source: { field: "voucher_code" } },
      ],
      createdAt: "2025-05-01T02:00:00.000Z",
      counts: counts({ in_doubt: 1, delivered: 4 }),
    },
  ];
}

/** Times are UTC; 2025-06-10T01:05Z is 08:05 in Vietnam. */
export function messageView(overrides: Partial<MessageView> = {}): MessageView {
  return {
    id: "30000000-0000-4000-8000-000000000001",
    memberId: LAN.memberId,
    memberName: LAN.displayName,
    memberNo: LAN.memberNo,
    templateId: TEMPLATE_IDS.points,
    templateName: "Cập nhật điểm",
    tag: "customer_care",
    source: "trigger:points_updated",
    channel: "zns",
    status: "delivered",
    attempts: 1,
    lastError: null,
    fallbackReason: null,
    errorDetail: null,
    renderNotes: [],
    devMode: false,
    trackingId: "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    text: "Nguyễn Thị Lan ơi, bạn vừa được cộng 45 điểm. Tổng điểm hiện có: 1250. Mã thành viên: 00100024.",
    createdAt: "2025-06-10T01:05:00.000Z",
    notBefore: "2025-06-10T01:05:00.000Z",
    sentAt: "2025-06-10T01:05:02.000Z",
    deliveredAt: "2025-06-10T01:05:09.000Z",
    ...overrides,
  };
}

export function messagePage(): { items: MessageView[]; nextBefore: string | null } {
  const minh = MEMBERS[1]!;
  return {
    items: [
      // Sent by ZNS in place of a Mini App notification (a "notification first" fallback).
      messageView({
        renderNotes: [{ code: "param_shortened", field: "ten_khach_hang", params: { max: 30 } }],
        fallbackReason: "notification_inactive",
      }),
      messageView({
        id: "30000000-0000-4000-8000-000000000002",
        memberId: minh.memberId,
        memberName: minh.displayName,
        memberNo: minh.memberNo,
        templateId: TEMPLATE_IDS.welcome,
        templateName: "Chào mừng thành viên",
        source: "trigger:welcome",
        status: "failed",
        attempts: 1,
        lastError: "zns_-118",
        text: "Chào mừng Trần Văn Minh đến với Cà Phê Mây! Mã thành viên của bạn: 00100023.",
        createdAt: "2025-06-10T00:40:00.000Z",
        notBefore: "2025-06-10T00:40:00.000Z",
        sentAt: null,
        deliveredAt: null,
      }),
      messageView({
        id: "30000000-0000-4000-8000-000000000003",
        templateId: TEMPLATE_IDS.promo,
        templateName: "Khuyến mãi cuối tuần",
        tag: "promotion",
        source: "test",
        devMode: true,
        status: "cancelled",
        attempts: 0,
        lastError: "consent_withdrawn",
        text: "Nguyễn Thị Lan ơi, cuối tuần này Cà phê giảm 20% tại mọi cửa hàng.",
        createdAt: "2025-06-09T15:00:00.000Z",
        notBefore: "2025-06-10T01:00:00.000Z",
        sentAt: null,
        deliveredAt: null,
      }),
    ],
    nextBefore: "2025-06-09T15:00:00.000Z~5b0c2f1e-8d4a-4c1b-9f7e-2a6d3c4b5e6f",
  };
}

export const QUOTA: QuotaViewData = {
  transport: "sandbox",
  day: "2025-06-10",
  dailyQuota: 500,
  sent: 412,
  promoCap: 150,
  promo: 150,
  queued: 3,
  inDoubt: 1,
  zalo: null,
  hold: null,
  oa: null,
};

export const SANDBOX: SandboxInboxData = {
  items: [
    {
      msgId: "sandbox-1",
      phoneMasked: "0912 *** 100",
      memberName: "Nguyễn Thị Lan",
      templateName: "Cập nhật điểm",
      text: "Nguyễn Thị Lan ơi, bạn vừa được cộng 45 điểm. Tổng điểm hiện có: 1250. Mã thành viên: 00100024.",
      receivedAt: "2025-06-10T01:05:02.000Z",
      status: "delivered",
    },
    {
      msgId: "sandbox-2",
      phoneMasked: "0912 *** 101",
      memberName: "Trần Văn Minh",
      templateName: "Chào mừng thành viên",
      text: "Chào mừng Trần Văn Minh đến với Cà Phê Mây! Mã thành viên của bạn: 00100023.",
      receivedAt: "2025-06-10T03:30:00.000Z",
      status: "sent",
    },
  ],
};

/** The sidebar's links in order, in Vietnamese, as the pages' tests read them. */
export const SIDEBAR_VI = [
  "Tổng quan",
  "Thành viên",
  "Sổ điểm",
  "Phần thưởng",
  "Sở thích khách hàng",
  "Khảo sát",
  "Vòng quay",
  "Phản hồi cần xử lý",
  "Khách hàng quay lại",
  // Not "Cửa hàng": that name sat beside "Cửa hàng & nhân viên" and read as the same place.
  "Hiệu quả cửa hàng",
  "Phân khúc",
  "Chiến dịch",
  "Tự động",
  "Tin nhắn",
  "Cửa hàng & nhân viên",
  "Chương trình",
];
/** What an admin sees: the same, then "Tích hợp" (POS keys and webhooks: admins only, issue 17). */
export const SIDEBAR_ADMIN_VI = [...SIDEBAR_VI, "Tích hợp"];

import type { MeResponse, Session } from "../../contract/auth";
import type {
  Catalog,
  EarnResponse,
  LedgerItem,
  MemberSummary,
  UseVoucherResponse,
  VoucherPreview,
  VoucherView,
} from "../../contract/loyalty";
import type { MemberCard, ScannedMember, TermsResponse } from "../../contract/members";
import { MEMBERSHIP_TERMS, PHONE_PURPOSE } from "../../domain/consent/membership-terms";
import type { Role } from "../../domain/identity/roles";

/** Wire-shaped test data. Every object passes the contract schemas the client parses with. */
export const IDS = {
  user: "3f0b1c2e-8d4a-4b6e-9f1a-2c3d4e5f6a7b",
  brand: "8c2d6e1f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
  store: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  member: "5d4c3b2a-1f0e-4d9c-ab8a-7f6e5d4c3b2a",
  otherMember: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
};

export const QR_SECRET = "a1".repeat(32);

export function session(tag = "one"): Session {
  return {
    accessToken: `access-${tag}`,
    accessTokenExpiresAt: "2099-01-01T00:00:00.000Z",
    refreshToken: `refresh-${tag}-0123456789abcdef`,
    refreshTokenExpiresAt: "2099-02-01T00:00:00.000Z",
  };
}

export const STORES = [
  { id: IDS.store, name: "Cà Phê Mây — Cầu Giấy" },
  { id: "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", name: "Cà Phê Mây — Quận 1" },
];

/** A valid v4-shaped UUID from a number, for lists of wire objects. */
export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

export function me(
  opts: { isMember?: boolean; role?: Role; devIdentity?: boolean; name?: string; stores?: MeResponse["user"]["stores"] } = {},
): MeResponse {
  const role = opts.role ?? "member";
  return {
    user: {
      id: IDS.user,
      brandId: IDS.brand,
      role,
      displayName: opts.name ?? "Nguyễn Minh Anh",
      avatarUrl: null,
      stores: opts.stores ?? (role === "staff" ? [STORES[0]!] : []),
      isMember: opts.isMember ?? true,
    },
    brand: { id: IDS.brand, name: "Cà Phê Mây", slug: "demo" },
    devIdentity: opts.devIdentity ?? false,
  };
}

export function card(overrides: Partial<MemberCard> = {}): MemberCard {
  return {
    memberId: IDS.member,
    memberNo: "00000042",
    displayName: "Nguyễn Minh Anh",
    avatarUrl: null,
    tier: "member",
    pointsBalance: 0,
    phoneMasked: null,
    joinedAt: "2026-11-01T08:00:00.000Z",
    qrSecret: QR_SECRET,
    qrStepSeconds: 30,
    serverTime: new Date().toISOString(),
    ...overrides,
  };
}

/** Terms with a version unlike the server constant, to prove the app sends what it was shown. */
export function terms(version = "2030-01-15"): TermsResponse {
  return { version, vi: MEMBERSHIP_TERMS.vi, en: MEMBERSHIP_TERMS.en, phonePurpose: PHONE_PURPOSE };
}

export function scannedMember(overrides: Partial<ScannedMember> = {}): ScannedMember {
  return {
    memberId: IDS.otherMember,
    memberNo: "00000007",
    displayName: "Trần Thu Hà",
    avatarUrl: null,
    tier: "gold",
    pointsBalance: 1250,
    phoneMasked: "0912 *** 678",
    scannedAt: new Date().toISOString(),
    scanToken: "scan-token-0123456789",
    ...overrides,
  };
}

export function apiError(code: string, message = code) {
  return { error: { code, message } };
}

const TIER_INFO = {
  member: { code: "member", name: "Thành viên", thresholdVnd: 0, earnBps: 10_000, benefits: ["Tích 1 điểm cho mỗi 10.000 ₫ chi tiêu"] },
  silver: { code: "silver", name: "Bạc", thresholdVnd: 2_000_000, earnBps: 12_000, benefits: ["Tích điểm ×1,2", "Quà sinh nhật"] },
  gold: {
    code: "gold",
    name: "Vàng",
    thresholdVnd: 5_000_000,
    earnBps: 13_000,
    benefits: ["Tích điểm ×1,3", "Ưu đãi riêng cho hạng Vàng"],
  },
} as const satisfies Record<string, MemberSummary["tier"]>;

export function summary(overrides: Partial<MemberSummary> = {}): MemberSummary {
  return {
    memberId: IDS.member,
    balance: 1250,
    available: 1250,
    tier: { ...TIER_INFO.silver, benefits: [...TIER_INFO.silver.benefits] },
    nextTier: { ...TIER_INFO.gold, benefits: [...TIER_INFO.gold.benefits] },
    remainingVnd: 1_250_000,
    progress: 0.75,
    spendVnd: 3_750_000,
    nextExpiry: { points: 50, expiresAt: "2026-12-31T10:00:00.000Z" },
    tierRules: ["Chi tiêu 2.000.000 ₫ trong 12 tháng gần nhất để lên hạng Bạc", "Hạng được xét lại mỗi ngày"],
    ...overrides,
  };
}

export function ledgerItem(n: number, overrides: Partial<LedgerItem> = {}): LedgerItem {
  return {
    id: uuid(n),
    kind: "earn",
    points: 25,
    balanceAfter: 1250,
    occurredAt: "2026-11-20T07:30:00.000Z",
    storeName: "Cà Phê Mây — Cầu Giấy",
    receiptNo: `HD-${n}`,
    billVnd: 250_000,
    reason: null,
    memberReason: null,
    reversed: false,
    ...overrides,
  };
}

export type CatalogItem = Catalog["items"][number];

export function reward(n: number, overrides: Partial<CatalogItem> = {}): CatalogItem {
  return {
    id: uuid(100 + n),
    name: `Quà ${n}`,
    description: "",
    imageUrl: null,
    imageId: null,
    nameEn: null,
    descriptionEn: null,
    pointsCost: 50,
    stock: null,
    validFrom: null,
    validUntil: null,
    voucherValidityDays: 30,
    eligibleTiers: null,
    active: true,
    redeemable: true,
    blockedBy: null,
    ...overrides,
  };
}

export function voucher(n: number, overrides: Partial<VoucherView> = {}): VoucherView {
  const code = `ABCD-EFGH-JKMN-PQ${String(n).padStart(2, "0")}`;
  return {
    id: uuid(200 + n),
    code,
    qrPayload: `LLV1.${code}`,
    rewardId: uuid(100 + n),
    rewardName: `Quà ${n}`,
    status: "issued",
    issuedAt: "2026-11-20T07:30:00.000Z",
    expiresAt: "2026-12-20T07:30:00.000Z",
    cancelledAt: null,
    usedAt: null,
    ...overrides,
  };
}

export function earnResponse(overrides: Partial<EarnResponse> = {}): EarnResponse {
  return {
    entryId: uuid(300),
    memberId: IDS.otherMember,
    displayName: "Trần Thu Hà",
    points: 125,
    basePoints: 125,
    tierBps: 10_000,
    promotionBps: 0,
    balance: 1375,
    tier: "gold",
    tierChanged: false,
    replayed: false,
    earlier: null,
    ...overrides,
  };
}

export function voucherPreview(overrides: Partial<VoucherPreview> = {}): VoucherPreview {
  return {
    voucherId: uuid(201),
    code: "ABCD-EFGH-JKMN-PQ01",
    rewardName: "Cà phê sữa đá miễn phí",
    rewardDescription: "Một ly cỡ vừa",
    pointsCost: 120,
    expiresAt: "2026-12-20T07:30:00.000Z",
    owner: { displayName: "Trần Thu Hà", memberNo: "00000007", phoneMasked: "0912 *** 678" },
    ...overrides,
  };
}

export function voucherUse(overrides: Partial<UseVoucherResponse> = {}): UseVoucherResponse {
  return {
    voucherId: uuid(201),
    code: "ABCD-EFGH-JKMN-PQ01",
    rewardName: "Cà phê sữa đá miễn phí",
    memberName: "Trần Thu Hà",
    usedAt: "2026-11-23T04:00:00.000Z",
    replayed: false,
    ...overrides,
  };
}

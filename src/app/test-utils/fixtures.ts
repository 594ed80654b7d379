import type { MeResponse, Session } from "../../contract/auth";
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

export function me(opts: { isMember?: boolean; role?: Role; devIdentity?: boolean; name?: string } = {}): MeResponse {
  const role = opts.role ?? "member";
  return {
    user: {
      id: IDS.user,
      brandId: IDS.brand,
      role,
      displayName: opts.name ?? "Nguyễn Minh Anh",
      avatarUrl: null,
      stores: role === "staff" ? [{ id: IDS.store, name: "Cà Phê Mây — Cầu Giấy" }] : [],
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

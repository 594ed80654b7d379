import type { LoginResponse, MeResponse, Session } from "../../contract/auth";
import type { MemberRow } from "../../contract/console";
import type { TierCode } from "../../domain/loyalty/tiers";

/** Test data shaped by the real contract types, so a contract change breaks these at compile time. */
export const SESSION: Session = {
  accessToken: "access-token-for-tests",
  accessTokenExpiresAt: "2099-01-01T00:00:00.000Z",
  refreshToken: "refresh-token-for-tests-0123456789",
  refreshTokenExpiresAt: "2099-01-31T00:00:00.000Z",
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

export function loginResponse(role: "manager" | "marketer" | "admin" = "manager"): LoginResponse {
  return { session: SESSION, user: meResponse(role).user };
}

export const HEALTH_DEV = { status: "ok", database: { status: "ok", driver: "pglite", latencyMs: 1 }, devIdentity: true, version: "0.1.0" };
export const HEALTH_PROD = { ...HEALTH_DEV, devIdentity: false };

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

/** 24 members like the demo seed. The first: gold, 1250 points, joined 2025-03-11 Vietnam time; every third has no phone. */
export const MEMBERS: MemberRow[] = NAMES.map((displayName, i) => ({
  memberId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
  memberNo: String(100_024 - i).padStart(8, "0"),
  displayName,
  phoneMasked: i % 3 === 2 ? null : `0912 *** ${String(100 + i).slice(-3)}`,
  tier: TIERS[i % TIERS.length]!,
  pointsBalance: i === 0 ? 1250 : i * 10,
  // 2025-03-0X at 23:30 UTC is the next day in Vietnam (UTC+7): exercises the brand time zone.
  joinedAt: `2025-03-${String(10 - (i % 9)).padStart(2, "0")}T23:30:00.000Z`,
}));

import type { MeResponse, Session, UserView } from "../../contract/auth";
import type { MemberSummary } from "../../contract/loyalty";
import type { MemberCard } from "../../contract/members";
import { LOCALES, type Locale } from "../../domain/locale/locale";
import { ROLES } from "../../domain/identity/roles";
import { TIER_CODES } from "../../domain/loyalty/tiers";

/**
 * Shape checks for what the Mini App keeps in storage and paints before the contract's chunk
 * (zod and the schemas, loaded on demand: state/contract.ts) has arrived: the stored session,
 * the cached /me and the cached card. A returning member's card is drawn from them at once.
 *
 * They are not a second contract. Each check lists the keys of the contract's own type
 * (`shape<T>` needs exactly the keys of T, so a field added to the contract fails to compile
 * here until it is checked too) and looks at types and enums, not formats (uuid, ISO instant,
 * the QR key's hex). The zod schemas check everything as soon as their chunk is here: cached
 * values are then read through them (readCached), and a painted cache the network could not
 * confirm is read again that way before it stays on screen.
 */
type Check = (value: unknown) => boolean;

const str: Check = (v) => typeof v === "string";
const strOrNull: Check = (v) => v === null || typeof v === "string";
const bool: Check = (v) => typeof v === "boolean";
const finite: Check = (v) => typeof v === "number" && Number.isFinite(v);
const int: Check = (v) => Number.isInteger(v);
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === "string" && values.includes(v);
const arrayOf =
  (item: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(item);

function shape<T>(checks: { [K in keyof T]-?: Check }): (value: unknown) => value is T {
  return (value): value is T =>
    typeof value === "object" &&
    value !== null &&
    Object.entries(checks).every(([key, check]) => (check as Check)((value as Record<string, unknown>)[key]));
}

export const isSession = shape<Session>({ accessToken: str, accessTokenExpiresAt: str, refreshToken: str, refreshTokenExpiresAt: str });

const isUser = shape<UserView>({
  id: str,
  brandId: str,
  role: oneOf(ROLES),
  displayName: str,
  avatarUrl: strOrNull,
  stores: arrayOf(shape<UserView["stores"][number]>({ id: str, name: str })),
  isMember: bool,
});

export const isMeResponse = shape<MeResponse>({
  user: isUser,
  brand: shape<MeResponse["brand"]>({ id: str, name: str, slug: str }),
  devIdentity: bool,
});

export const isMemberCard = shape<MemberCard>({
  memberId: str,
  memberNo: str,
  displayName: str,
  avatarUrl: strOrNull,
  tier: oneOf(TIER_CODES),
  pointsBalance: int,
  phoneMasked: strOrNull,
  joinedAt: str,
  qrSecret: str,
  qrStepSeconds: int,
  serverTime: str,
});

const isTierInfo = shape<MemberSummary["tier"]>({
  code: oneOf(TIER_CODES),
  name: str,
  thresholdVnd: int,
  earnBps: int,
  benefits: arrayOf(str),
});

const isMemberSummary = shape<MemberSummary>({
  memberId: str,
  balance: int,
  available: int,
  tier: isTierInfo,
  nextTier: (v) => v === null || isTierInfo(v),
  remainingVnd: int,
  progress: finite,
  spendVnd: int,
  nextExpiry: (v) => v === null || shape<NonNullable<MemberSummary["nextExpiry"]>>({ points: int, expiresAt: str })(v),
  tierRules: arrayOf(str),
});

/** What the phone keeps of the summary (state/summary.ts): the last one and the language its names and rules are in. */
export type SummarySnapshot = { summary: MemberSummary; locale: Locale };

export const isSummarySnapshot = shape<SummarySnapshot>({ summary: isMemberSummary, locale: oneOf(LOCALES) });

export const isCardSnapshot = shape<{ card: MemberCard; clockOffsetMs: number }>({ card: isMemberCard, clockOffsetMs: finite });

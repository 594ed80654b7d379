import { z } from "zod";
import { Instant, LocaleSchema, TierSchema, Uuid } from "./common";
import { text } from "./text";

export const TermsResponse = z
  .object({
    version: z.string(),
    vi: z.object({ title: z.string(), purpose: z.string(), points: z.array(z.string()), agree: z.string() }),
    en: z.object({ title: z.string(), purpose: z.string(), points: z.array(z.string()), agree: z.string() }),
    phonePurpose: z.object({ vi: z.string(), en: z.string() }),
  })
  .meta({ id: "TermsResponse" });
export type TermsResponse = z.infer<typeof TermsResponse>;

export const EnrolRequest = z
  .object({
    /** The version of the membership terms the shopper was shown. */
    termsVersion: text().min(1).max(32),
    /** Must be literally true: silence or a default is never consent (Decree 13/2023 Art. 11). */
    accepted: z.literal(true),
    locale: LocaleSchema.default("vi"),
  })
  .meta({ id: "EnrolRequest" });

export const MemberCard = z
  .object({
    memberId: Uuid,
    memberNo: z.string(),
    displayName: z.string(),
    avatarUrl: z.string().nullable(),
    tier: TierSchema,
    pointsBalance: z.number().int(),
    phoneMasked: z.string().nullable(),
    joinedAt: Instant,
    /** Hex HMAC key for drawing the rotating QR offline. Only ever sent to the member. */
    qrSecret: z.string().regex(/^[0-9a-f]{64}$/),
    qrStepSeconds: z.number().int(),
    /** Server clock, so the app can correct a phone whose clock is off. */
    serverTime: Instant,
  })
  .meta({ id: "MemberCard" });
export type MemberCard = z.infer<typeof MemberCard>;

export const EnrolResponse = z.object({ card: MemberCard, created: z.boolean() }).meta({ id: "EnrolResponse" });

export const PhoneRequest = z
  .object({
    /** Token from zmp-sdk getPhoneNumber(): single use, valid 2 minutes. */
    phoneToken: text().min(1).max(2048),
    /** The user access token from getAccessToken(); the Graph API needs both. */
    accessToken: text().min(1).max(2048),
  })
  .meta({ id: "PhoneRequest" });

export const PhoneResponse = z.object({ phoneMasked: z.string() }).meta({ id: "PhoneResponse" });

export const ScanMemberRequest = z.object({ code: text().min(1).max(256) }).meta({ id: "ScanMemberRequest" });

/**
 * The counter's fallback when a QR will not scan: the card number printed on the card or the
 * phone number (domain/loyalty/member-lookup.ts), and the last three digits of the phone as the
 * shopper says them. Wrong digits and no such member are one answer (member_not_found).
 */
export const LookupMemberRequest = z
  .object({
    query: text().trim().min(1).max(64),
    phoneLast3: text().regex(/^\d{3}$/),
  })
  .meta({ id: "LookupMemberRequest" });

export const ScannedMember = z
  .object({
    memberId: Uuid,
    memberNo: z.string(),
    displayName: z.string(),
    avatarUrl: z.string().nullable(),
    tier: TierSchema,
    pointsBalance: z.number().int(),
    phoneMasked: z.string().nullable(),
    scannedAt: Instant,
    /** Proof of this scan for POST /staff/earn, valid 10 minutes, for this staff member only. */
    scanToken: z.string(),
  })
  .meta({ id: "ScannedMember" });
export type ScannedMember = z.infer<typeof ScannedMember>;

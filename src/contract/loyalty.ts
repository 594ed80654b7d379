import { z } from "zod";
import { RECEIPT_NO_MAX_LENGTH } from "../domain/loyalty/earn";
import { ROLES } from "../domain/identity/roles";
import { ACTOR_KINDS, MEMBER_REASONS } from "../domain/loyalty/actors";
import { ENTRY_KINDS } from "../domain/loyalty/ledger";
import { receiptKey } from "../domain/loyalty/receipt";
import { REDEEM_BLOCKS } from "../domain/loyalty/rewards";
import { VOUCHER_VIEW_STATUSES } from "../domain/loyalty/vouchers";
import { Instant, TierSchema, Uuid } from "./common";
import { ExportQuery } from "./exports";
import { nameText, text, webUrl } from "./text";

/**
 * Receipt numbers as typed at the till: whatever normalises to a POS receipt number (letters,
 * digits, . _ / -; case, width and surrounding punctuation do not matter: domain/loyalty/receipt.ts).
 */
export const ReceiptNo = text()
  .trim()
  .min(1)
  .max(RECEIPT_NO_MAX_LENGTH)
  .refine((typed) => receiptKey(typed) !== null, { params: { code: "receipt_invalid" } });
export const IdempotencyKey = text()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/);
const Points = z.number().int();

export const EntryKindSchema = z.enum(ENTRY_KINDS);
export const ActorKindSchema = z.enum(ACTOR_KINDS);
/** A preset the member reads about a correction (wording: domain/loyalty/actors MEMBER_REASON_TEXT). */
export const MemberReasonSchema = z.enum(MEMBER_REASONS);

/** Who the points go to: a token from a live scan, or (offline counter) the raw code and when it was read. */
export const EarnMember = z.union([
  z.object({ scanToken: text().min(10).max(1000) }),
  z.object({ code: text().min(1).max(256), capturedAt: Instant }),
]);

export const EarnRequest = z
  .object({
    storeId: Uuid,
    receiptNo: ReceiptNo,
    /** The bill in VND, an integer. */
    billVnd: z.number().int(),
    member: EarnMember,
  })
  .meta({ id: "EarnRequest" });
export type EarnRequest = z.infer<typeof EarnRequest>;

export const EarnResponse = z
  .object({
    entryId: Uuid,
    memberId: Uuid,
    displayName: z.string(),
    points: Points,
    basePoints: Points,
    tierBps: z.number().int(),
    promotionBps: z.number().int(),
    balance: Points,
    tier: TierSchema,
    tierChanged: z.boolean(),
    /** True when this answers a retry of a receipt already credited with the same details. */
    replayed: z.boolean(),
    /**
     * On a replayed answer: when and by whom (staff display name; null for imported history)
     * the receipt was credited, so the counter never shows a repeat as a new success. Null otherwise.
     */
    earlier: z.object({ at: Instant, staffName: z.string().nullable() }).nullable(),
  })
  .meta({ id: "EarnResponse" });
export type EarnResponse = z.infer<typeof EarnResponse>;

export const TierInfo = z.object({
  code: TierSchema,
  name: z.string(),
  thresholdVnd: z.number().int(),
  earnBps: z.number().int(),
  benefits: z.array(z.string()),
});

export const MemberSummary = z
  .object({
    memberId: Uuid,
    balance: Points,
    /** Points that can be spent now (balance minus lots past expiry awaiting the expiry run). */
    available: Points,
    tier: TierInfo,
    nextTier: TierInfo.nullable(),
    /** Spend still needed in the rolling window to reach the next tier. */
    remainingVnd: z.number().int(),
    progress: z.number().min(0).max(1),
    spendVnd: z.number().int(),
    nextExpiry: z.object({ points: Points, expiresAt: Instant }).nullable(),
    tierRules: z.array(z.string()),
  })
  .meta({ id: "MemberSummary" });
export type MemberSummary = z.infer<typeof MemberSummary>;

export const LedgerItem = z
  .object({
    id: Uuid,
    kind: EntryKindSchema,
    points: Points,
    balanceAfter: Points,
    occurredAt: Instant,
    storeName: z.string().nullable(),
    receiptNo: z.string().nullable(),
    billVnd: z.number().int().nullable(),
    /** The reward, campaign or bonus the entry is about; null for corrections (their note is internal). */
    reason: z.string().nullable(),
    /** Adjustments, reversals, refunds: the preset the member reads; null for the neutral default. */
    memberReason: MemberReasonSchema.nullable(),
    reversed: z.boolean(),
  })
  .meta({ id: "LedgerItem" });
export type LedgerItem = z.infer<typeof LedgerItem>;

/** Who caused an entry: the kind, and for people their user, name, role and (earns) device. */
export const LedgerActor = z
  .object({
    kind: ActorKindSchema,
    userId: Uuid.nullable(),
    name: z.string().nullable(),
    role: z.enum(ROLES).nullable(),
    device: z.string().nullable(),
  })
  .meta({ id: "LedgerActor" });
export type LedgerActor = z.infer<typeof LedgerActor>;

/** The console's view of an entry: what the member sees, plus who caused it and the internal note. */
export const ConsoleLedgerItem = LedgerItem.extend({
  /** Corrections: the manager's internal note (managers and marketers only, never the member). */
  note: z.string().nullable(),
  actor: LedgerActor,
  memberId: Uuid,
  memberName: z.string(),
}).meta({ id: "ConsoleLedgerItem" });
export type ConsoleLedgerItem = z.infer<typeof ConsoleLedgerItem>;

export const LedgerQuery = z.object({
  /** Cursor: the id of the last item of the previous page. */
  after: Uuid.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const LedgerPage = z.object({ items: z.array(LedgerItem), nextCursor: Uuid.nullable() }).meta({ id: "LedgerPage" });
export type LedgerPage = z.infer<typeof LedgerPage>;

/** A Vietnam calendar day, "YYYY-MM-DD" (an <input type="date"> value). */
export const VietnamDay = z.iso.date();

/**
 * What the console's ledger can be narrowed to: who (a user, e.g. one cashier, or a kind of
 * actor) and when (Vietnam days, both included). The list and its CSV export take the same.
 */
const LedgerFilters = z.object({
  actorId: Uuid.optional(),
  actorKind: ActorKindSchema.optional(),
  from: VietnamDay.optional(),
  to: VietnamDay.optional(),
});
export type LedgerFilters = z.infer<typeof LedgerFilters>;
const fromNotAfterTo: [(q: LedgerFilters) => boolean, { message: string; params: { code: string }; path: string[] }] = [
  (q) => !q.from || !q.to || q.from <= q.to,
  { message: "to must not be before from", params: { code: "to_before_from" }, path: ["to"] },
];

/** The console's ledger: filterable by who and by Vietnam days. */
export const ConsoleLedgerQuery = LedgerQuery.extend(LedgerFilters.shape).refine(...fromNotAfterTo);

/** An export has a ceiling: past it the caller is told to narrow the filters (export_too_large). */
export const LEDGER_EXPORT_MAX_ROWS = 50_000;
/** The export of the console's ledger (CSV or XLSX): the same filters, every matching entry, headers in `locale`. */
export const LedgerExportQuery = LedgerFilters.extend(ExportQuery.shape).refine(...fromNotAfterTo);
export const ConsoleLedgerPage = z
  .object({
    items: z.array(ConsoleLedgerItem),
    nextCursor: Uuid.nullable(),
    /**
     * The brand's ledger (not a member's) says the export's ceiling this server applies
     * (LEDGER_EXPORT_MAX_ROWS of its environment, this contract's constant by default): the
     * console's hint and its "too large" sentence say the real number.
     */
    exportMaxRows: z.number().int().positive().optional(),
  })
  .meta({ id: "ConsoleLedgerPage" });
export type ConsoleLedgerPage = z.infer<typeof ConsoleLedgerPage>;

export const RewardView = z
  .object({
    id: Uuid,
    /** Vietnamese, always there. */
    name: z.string(),
    description: z.string(),
    /** English, when the brand wrote it: an app in English shows these, else falls back to the Vietnamese. */
    nameEn: z.string().nullable(),
    descriptionEn: z.string().nullable(),
    /**
     * What to show: an uploaded image's path under the API (`/api/reward-images/{id}`, which a
     * client on another origin resolves against its API address), or the address a manager typed.
     */
    imageUrl: z.string().nullable(),
    /** The uploaded image, when there is one (it wins over a typed address). */
    imageId: Uuid.nullable(),
    pointsCost: z.number().int().positive(),
    stock: z.number().int().nullable(),
    validFrom: Instant.nullable(),
    validUntil: Instant.nullable(),
    voucherValidityDays: z.number().int(),
    eligibleTiers: z.array(TierSchema).nullable(),
    active: z.boolean(),
  })
  .meta({ id: "Reward" });
export type RewardView = z.infer<typeof RewardView>;

export const RedeemBlock = z.enum(REDEEM_BLOCKS);
export const CatalogItem = RewardView.extend({ redeemable: z.boolean(), blockedBy: RedeemBlock.nullable() }).meta({ id: "CatalogItem" });
export const Catalog = z.object({ items: z.array(CatalogItem), available: Points }).meta({ id: "Catalog" });
export type Catalog = z.infer<typeof Catalog>;

export const RedeemRequest = z.object({ rewardId: Uuid, idempotencyKey: IdempotencyKey }).meta({ id: "RedeemRequest" });

export const VoucherView = z
  .object({
    id: Uuid,
    code: z.string(),
    /** What to draw as the QR code: `LLV1.<code>`. */
    qrPayload: z.string(),
    rewardId: Uuid,
    rewardName: z.string(),
    status: z.enum(VOUCHER_VIEW_STATUSES),
    issuedAt: Instant,
    expiresAt: Instant,
    usedAt: Instant.nullable(),
    cancelledAt: Instant.nullable(),
  })
  .meta({ id: "Voucher" });
export type VoucherView = z.infer<typeof VoucherView>;
export const VoucherList = z.object({ items: z.array(VoucherView) }).meta({ id: "VoucherList" });

/**
 * A voucher in the console: its code masked like a phone (codeMasked, the last group only), no
 * QR payload. A live code is a bearer token; a manager reveals one at a time (revealVoucherCode),
 * each reveal audited.
 */
export const ConsoleVoucher = VoucherView.omit({ code: true, qrPayload: true })
  .extend({ codeMasked: z.string() })
  .meta({ id: "ConsoleVoucher" });
export type ConsoleVoucher = z.infer<typeof ConsoleVoucher>;

/** One voucher's code, revealed to a manager (and recorded: who, when, which voucher). */
export const VoucherCodeReveal = z.object({ voucherId: Uuid, code: z.string(), revealedAt: Instant }).meta({ id: "VoucherCodeReveal" });
export type VoucherCodeReveal = z.infer<typeof VoucherCodeReveal>;

export const RedeemResponse = z.object({ voucher: VoucherView, balance: Points, replayed: z.boolean() }).meta({ id: "RedeemResponse" });
export type RedeemResponse = z.infer<typeof RedeemResponse>;

/** A voucher as scanned or typed at the counter, and the store it is being used at. */
export const VoucherCheckRequest = z.object({ code: text().min(1).max(64), storeId: Uuid }).meta({ id: "VoucherCheckRequest" });

/**
 * The look before use: what the cashier checks with the shopper before confirming (the reward,
 * what it is worth, whose it is). Nothing changes by reading it.
 */
export const VoucherPreview = z
  .object({
    voucherId: Uuid,
    code: z.string(),
    rewardName: z.string(),
    rewardDescription: z.string(),
    /** What the member paid for it, in points: the voucher's value in the programme. */
    pointsCost: Points,
    expiresAt: Instant,
    owner: z.object({ displayName: z.string(), memberNo: z.string(), phoneMasked: z.string().nullable() }),
  })
  .meta({ id: "VoucherPreview" });
export type VoucherPreview = z.infer<typeof VoucherPreview>;

export const UseVoucherRequest = VoucherCheckRequest.extend({
  /**
   * One per confirmation at the counter, reused when it is retried: a retry after a lost answer
   * gets the first use back (replayed: true) instead of "already used". Without a key (a POS
   * that has none) a repeat is refused as voucher_used.
   */
  idempotencyKey: IdempotencyKey.optional(),
}).meta({ id: "UseVoucherRequest" });
export const UseVoucherResponse = z
  .object({
    voucherId: Uuid,
    code: z.string(),
    rewardName: z.string(),
    memberName: z.string(),
    usedAt: Instant,
    /** True when this answers a retry of a use already made with the same idempotency key. */
    replayed: z.boolean(),
  })
  .meta({ id: "UseVoucherResponse" });
export type UseVoucherResponse = z.infer<typeof UseVoucherResponse>;

// ---- console ----

/** The largest adjustment either way. */
export const ADJUST_MAX_POINTS = 1_000_000;
/** A correction's internal note: managers write it for each other; the member never reads it. */
export const CorrectionNote = text().trim().min(3).max(200);

export const AdjustmentRequest = z
  .object({
    /**
     * A whole number of points, + to add, − to remove, at most ADJUST_MAX_POINTS either way.
     * One check with one code, so 12.5, 1e12 and 0 are all refused with the limits to quote.
     */
    points: z.number().refine((n) => Number.isInteger(n) && n !== 0 && Math.abs(n) <= ADJUST_MAX_POINTS, {
      message: `a whole number of points from -${ADJUST_MAX_POINTS} to ${ADJUST_MAX_POINTS}, not 0`,
      params: { code: "points_invalid", min: 1, max: ADJUST_MAX_POINTS },
    }),
    /** The internal note. */
    reason: CorrectionNote,
    /** What the member reads; absent or null: the neutral default. */
    memberReason: MemberReasonSchema.nullable().default(null),
    idempotencyKey: IdempotencyKey,
  })
  .meta({ id: "AdjustmentRequest" });

export const ReversalRequest = z
  .object({ reason: CorrectionNote, memberReason: MemberReasonSchema.nullable().default(null) })
  .meta({ id: "ReversalRequest" });

/** A manager cancels a member's unused voucher and refunds its points. */
export const VoucherCancelRequest = z
  .object({
    reason: CorrectionNote,
    memberReason: MemberReasonSchema.nullable().default("voucher_cancelled"),
    idempotencyKey: IdempotencyKey,
  })
  .meta({ id: "VoucherCancelRequest" });
export const VoucherCancelResponse = z
  .object({ voucher: ConsoleVoucher, entryId: Uuid, points: Points, balance: Points, replayed: z.boolean() })
  .meta({ id: "VoucherCancelResponse" });
export type VoucherCancelResponse = z.infer<typeof VoucherCancelResponse>;
export const LedgerWriteResponse = z
  .object({ entryId: Uuid, points: Points, balance: Points, replayed: z.boolean() })
  .meta({ id: "LedgerWriteResponse" });

export const LotView = z.object({ id: Uuid, original: Points, remaining: Points, earnedAt: Instant, expiresAt: Instant });

export const MemberDetail = z
  .object({
    memberId: Uuid,
    memberNo: z.string(),
    displayName: z.string(),
    avatarUrl: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    joinedAt: Instant,
    summary: MemberSummary,
    lots: z.array(LotView),
    /** The latest ledger entries (one page); older ones through the member ledger endpoint from `ledgerNextCursor`. */
    ledger: z.array(ConsoleLedgerItem),
    /** Cursor (`after`) for the next, older page of the ledger; null when `ledger` is all of it. */
    ledgerNextCursor: Uuid.nullable(),
    vouchers: z.array(ConsoleVoucher),
  })
  .meta({ id: "MemberDetail" });
export type MemberDetail = z.infer<typeof MemberDetail>;

export const RewardInput = z
  .object({
    name: nameText().min(2).max(80),
    description: text().trim().max(500).default(""),
    /** English (optional; null: the Vietnamese is shown in English too). */
    nameEn: nameText().min(2).max(80).nullable().default(null),
    descriptionEn: text().trim().max(500).nullable().default(null),
    imageUrl: webUrl().max(500).nullable().default(null),
    /** An image uploaded through POST /console/rewards/images; set, it replaces imageUrl. */
    imageId: Uuid.nullable().default(null),
    pointsCost: z.number().int().min(1).max(10_000_000),
    stock: z.number().int().min(0).max(10_000_000).nullable().default(null),
    validFrom: Instant.nullable().default(null),
    validUntil: Instant.nullable().default(null),
    voucherValidityDays: z.number().int().min(1).max(366).default(30),
    eligibleTiers: z.array(TierSchema).min(1).nullable().default(null),
    active: z.boolean().default(true),
  })
  .refine((r) => !r.validFrom || !r.validUntil || Date.parse(r.validFrom) < Date.parse(r.validUntil), {
    message: "validUntil must be after validFrom",
    params: { code: "valid_until_before_from" },
    path: ["validUntil"],
  })
  .meta({ id: "RewardInput" });
export const RewardPatch = z
  .object({
    name: nameText().min(2).max(80),
    description: text().trim().max(500),
    nameEn: nameText().min(2).max(80).nullable(),
    descriptionEn: text().trim().max(500).nullable(),
    imageUrl: webUrl().max(500).nullable(),
    imageId: Uuid.nullable(),
    pointsCost: z.number().int().min(1).max(10_000_000),
    /** Sets the remaining stock. */
    stock: z.number().int().min(0).max(10_000_000).nullable(),
    validFrom: Instant.nullable(),
    validUntil: Instant.nullable(),
    voucherValidityDays: z.number().int().min(1).max(366),
    eligibleTiers: z.array(TierSchema).min(1).nullable(),
    active: z.boolean(),
  })
  .partial()
  .meta({ id: "RewardPatch" });
export const RewardList = z.object({ items: z.array(RewardView) }).meta({ id: "RewardList" });

/** Where uploaded reward images are served (public, cacheable for good: an image never changes). */
export const REWARD_IMAGE_PATH = "/reward-images";
/** An uploaded reward image, resized and stored: its id goes into RewardInput.imageId. */
export const RewardImage = z
  .object({ id: Uuid, url: z.string(), width: z.number().int(), height: z.number().int(), bytes: z.number().int() })
  .meta({ id: "RewardImage" });
export type RewardImage = z.infer<typeof RewardImage>;
/** The path (under the API) an uploaded image is served at. */
export const rewardImagePath = (imageId: string) => `/api${REWARD_IMAGE_PATH}/${imageId}`;

/** Paging of the liability's stores: `storesAfter` is the `byStoreNextCursor` of the previous page, passed back as it came. */
export const LiabilityQuery = z.object({
  storeLimit: z.coerce.number().int().min(1).max(200).default(50),
  storesAfter: z
    .string()
    .regex(/^\d{1,9}$/)
    .optional(),
});

export const Liability = z
  .object({
    /** Over every store, whatever the page. */
    outstandingPoints: Points,
    /** One page of stores by name (points with no store last). */
    byStore: z.array(z.object({ storeId: Uuid.nullable(), storeName: z.string().nullable(), points: Points })),
    /** Cursor (`storesAfter`) for the next page of stores; null on the last page. */
    byStoreNextCursor: z.string().nullable(),
    /**
     * Points expiring per Vietnam calendar month: this month (including anything already due)
     * and the next 12, plus any later month that has points.
     */
    expiryProfile: z.array(z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), points: Points })),
    /** What one point is worth in VND at the brand's redemption rate (loyalty_settings.point_value_vnd); null: the brand set none. */
    pointValueVnd: z.number().int().nonnegative().nullable(),
  })
  .meta({ id: "Liability" });
export type Liability = z.infer<typeof Liability>;

import type { z } from "zod";
import type { RewardInput, RewardPatch, RewardView } from "../../contract/loyalty";
import { TIER_CODES, type TierCode } from "../../domain/loyalty/tiers";
import { vietnamDateInput, vietnamDayEnd, vietnamDayStart } from "../format";
import type { MessageKey } from "../i18n";

/**
 * The reward form as typed (strings, as inputs hold them) and its checks. The limits mirror
 * RewardInput in src/contract/loyalty.ts, so a mistake is explained next to the field instead
 * of coming back as a bare invalid_request.
 */
export const LIMITS = {
  nameMin: 2,
  nameMax: 80,
  descriptionMax: 500,
  imageUrlMax: 500,
  pointsMax: 10_000_000,
  stockMax: 10_000_000,
  daysMax: 366,
} as const;

export type RewardFormValues = {
  name: string;
  description: string;
  /** The English name and description ("" for none: the Mini App in English shows the Vietnamese). */
  nameEn: string;
  descriptionEn: string;
  imageUrl: string;
  /** An uploaded image's id ("" for none); when set it is shown instead of imageUrl. */
  imageId: string;
  /** Where the uploaded image is drawn from (its API path), for the preview. */
  imagePreview: string;
  pointsCost: string;
  unlimitedStock: boolean;
  stock: string;
  /** Vietnam calendar days "YYYY-MM-DD", or "" for no limit. From = start of day, until = end of day. */
  validFrom: string;
  validUntil: string;
  voucherValidityDays: string;
  allTiers: boolean;
  tiers: TierCode[];
  active: boolean;
};

export type RewardFormErrors = Partial<
  Record<
    | "name"
    | "description"
    | "nameEn"
    | "descriptionEn"
    | "imageUrl"
    | "pointsCost"
    | "stock"
    | "validUntil"
    | "voucherValidityDays"
    | "tiers",
    MessageKey
  >
>;

export type RewardInputBody = z.input<typeof RewardInput>;
export type RewardPatchBody = z.input<typeof RewardPatch>;

export const EMPTY_REWARD_FORM: RewardFormValues = {
  name: "",
  description: "",
  nameEn: "",
  descriptionEn: "",
  imageUrl: "",
  imageId: "",
  imagePreview: "",
  pointsCost: "",
  unlimitedStock: true,
  stock: "",
  validFrom: "",
  validUntil: "",
  voucherValidityDays: "30",
  allTiers: true,
  tiers: [],
  active: true,
};

export function formFromReward(reward: RewardView): RewardFormValues {
  return {
    name: reward.name,
    description: reward.description,
    nameEn: reward.nameEn ?? "",
    descriptionEn: reward.descriptionEn ?? "",
    // An upload's path is not an address to edit: the field keeps only a typed address.
    imageUrl: reward.imageId ? "" : (reward.imageUrl ?? ""),
    imageId: reward.imageId ?? "",
    imagePreview: reward.imageId ? (reward.imageUrl ?? "") : "",
    pointsCost: String(reward.pointsCost),
    unlimitedStock: reward.stock === null,
    stock: reward.stock === null ? "" : String(reward.stock),
    validFrom: reward.validFrom ? vietnamDateInput(reward.validFrom) : "",
    validUntil: reward.validUntil ? vietnamDateInput(reward.validUntil) : "",
    voucherValidityDays: String(reward.voucherValidityDays),
    allTiers: reward.eligibleTiers === null,
    tiers: reward.eligibleTiers ?? [],
    active: reward.active,
  };
}

/** A whole number typed with or without thousands separators ("1.000", "1,000", "1 000"). */
function parseWhole(text: string): number | null {
  const compact = text.trim().replace(/[\s.,]/g, "");
  return /^\d{1,9}$/.test(compact) ? Number(compact) : null;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

export function validateReward(values: RewardFormValues): { errors: RewardFormErrors; body: RewardInputBody | null } {
  const errors: RewardFormErrors = {};
  const name = values.name.trim();
  if (name.length < LIMITS.nameMin || name.length > LIMITS.nameMax) errors.name = "rewardForm.error.name";
  const description = values.description.trim();
  if (description.length > LIMITS.descriptionMax) errors.description = "rewardForm.error.description";
  // English is optional; when written it has the Vietnamese fields' limits (RewardInput).
  const nameEn = values.nameEn.trim();
  if (nameEn && (nameEn.length < LIMITS.nameMin || nameEn.length > LIMITS.nameMax)) errors.nameEn = "rewardForm.error.name";
  const descriptionEn = values.descriptionEn.trim();
  if (descriptionEn.length > LIMITS.descriptionMax) errors.descriptionEn = "rewardForm.error.description";
  const imageUrl = values.imageUrl.trim();
  if (!values.imageId && imageUrl && (imageUrl.length > LIMITS.imageUrlMax || !isHttpUrl(imageUrl)))
    errors.imageUrl = "rewardForm.error.imageUrl";
  const pointsCost = parseWhole(values.pointsCost);
  if (pointsCost === null || pointsCost < 1 || pointsCost > LIMITS.pointsMax) errors.pointsCost = "rewardForm.error.pointsCost";
  const stock = values.unlimitedStock ? null : parseWhole(values.stock);
  if (!values.unlimitedStock && (stock === null || stock > LIMITS.stockMax)) errors.stock = "rewardForm.error.stock";
  if (values.validFrom && values.validUntil && values.validUntil < values.validFrom) errors.validUntil = "rewardForm.error.validUntil";
  const days = parseWhole(values.voucherValidityDays);
  if (days === null || days < 1 || days > LIMITS.daysMax) errors.voucherValidityDays = "rewardForm.error.days";
  if (!values.allTiers && values.tiers.length === 0) errors.tiers = "rewardForm.error.tiers";

  if (Object.keys(errors).length > 0) return { errors, body: null };
  return {
    errors,
    body: {
      name,
      description,
      nameEn: nameEn || null,
      descriptionEn: descriptionEn || null,
      imageUrl: values.imageId ? null : imageUrl || null,
      imageId: values.imageId || null,
      pointsCost: pointsCost!,
      stock,
      validFrom: values.validFrom ? vietnamDayStart(values.validFrom) : null,
      validUntil: values.validUntil ? vietnamDayEnd(values.validUntil) : null,
      voucherValidityDays: days!,
      // Tiers in ladder order, whatever order they were ticked in.
      eligibleTiers: values.allTiers ? null : TIER_CODES.filter((code) => values.tiers.includes(code)),
      active: values.active,
    },
  };
}

/**
 * Only what the user changed goes into the PATCH. An untouched date is not re-sent: a reward
 * created elsewhere may end at another time of day than this form's "end of day", and saving a
 * price change must not quietly move its end.
 */
export function rewardPatch(initial: RewardFormValues, values: RewardFormValues, body: RewardInputBody): RewardPatchBody {
  const patch: RewardPatchBody = {};
  if (values.name.trim() !== initial.name.trim()) patch.name = body.name;
  if (values.description.trim() !== initial.description.trim()) patch.description = body.description;
  if (values.nameEn.trim() !== initial.nameEn.trim()) patch.nameEn = body.nameEn ?? null;
  if (values.descriptionEn.trim() !== initial.descriptionEn.trim()) patch.descriptionEn = body.descriptionEn ?? null;
  if (values.imageUrl.trim() !== initial.imageUrl.trim() || values.imageId !== initial.imageId) patch.imageUrl = body.imageUrl ?? null;
  if (values.imageId !== initial.imageId) patch.imageId = body.imageId ?? null;
  if (body.pointsCost !== parseWhole(initial.pointsCost)) patch.pointsCost = body.pointsCost;
  const initialStock = initial.unlimitedStock ? null : parseWhole(initial.stock);
  if ((body.stock ?? null) !== initialStock) patch.stock = body.stock ?? null;
  if (values.validFrom !== initial.validFrom) patch.validFrom = body.validFrom ?? null;
  if (values.validUntil !== initial.validUntil) patch.validUntil = body.validUntil ?? null;
  if (body.voucherValidityDays !== parseWhole(initial.voucherValidityDays)) patch.voucherValidityDays = body.voucherValidityDays;
  const initialTiers = initial.allTiers ? null : TIER_CODES.filter((code) => initial.tiers.includes(code)).join(",");
  const tiers = body.eligibleTiers ? body.eligibleTiers.join(",") : null;
  if (tiers !== initialTiers) patch.eligibleTiers = body.eligibleTiers ?? null;
  if (values.active !== initial.active) patch.active = values.active;
  return patch;
}

import { describe, expect, it } from "vitest";
import { RewardInput } from "../../contract/loyalty";
import { REWARDS } from "../test-support/fixtures";
import { EMPTY_REWARD_FORM, formFromReward, rewardPatch, validateReward, type RewardFormValues } from "./reward-form";

const filled: RewardFormValues = {
  ...EMPTY_REWARD_FORM,
  name: "  Trà đào cam sả  ",
  description: "Một ly trà đào size L.",
  nameEn: "  Peach lemongrass tea ",
  imageUrl: "https://cdn.example.vn/tra-dao.jpg",
  pointsCost: "1.500",
  unlimitedStock: false,
  stock: "20",
  validFrom: "2025-07-01",
  validUntil: "2025-07-31",
  voucherValidityDays: "14",
  allTiers: false,
  tiers: ["diamond", "silver"],
};

describe("reward form", () => {
  it("turns a valid form into a body the contract accepts, dates in Vietnam time", () => {
    const { errors, body } = validateReward(filled);
    expect(errors).toEqual({});
    expect(body).toEqual({
      name: "Trà đào cam sả",
      description: "Một ly trà đào size L.",
      nameEn: "Peach lemongrass tea",
      descriptionEn: null,
      imageUrl: "https://cdn.example.vn/tra-dao.jpg",
      imageId: null,
      pointsCost: 1500,
      stock: 20,
      validFrom: "2025-07-01T00:00:00+07:00",
      validUntil: "2025-07-31T23:59:59+07:00",
      voucherValidityDays: 14,
      eligibleTiers: ["silver", "diamond"],
      active: true,
    });
    expect(RewardInput.safeParse(body).success).toBe(true);
    // The defaults (unlimited, always, all tiers) are valid too.
    const minimal = validateReward({ ...EMPTY_REWARD_FORM, name: "Bánh mì", pointsCost: "30" });
    expect(minimal.body).toMatchObject({
      stock: null,
      validFrom: null,
      validUntil: null,
      eligibleTiers: null,
      imageUrl: null,
      nameEn: null,
      descriptionEn: null,
      voucherValidityDays: 30,
    });
    expect(RewardInput.safeParse(minimal.body).success).toBe(true);
  });

  it.each([
    [{ name: "A" }, "name", "rewardForm.error.name"],
    [{ name: "x".repeat(81) }, "name", "rewardForm.error.name"],
    [{ description: "x".repeat(501) }, "description", "rewardForm.error.description"],
    [{ nameEn: "A" }, "nameEn", "rewardForm.error.name"],
    [{ descriptionEn: "x".repeat(501) }, "descriptionEn", "rewardForm.error.description"],
    [{ imageUrl: "ftp://cdn.example.vn/a.jpg" }, "imageUrl", "rewardForm.error.imageUrl"],
    [{ imageUrl: "không phải link" }, "imageUrl", "rewardForm.error.imageUrl"],
    [{ pointsCost: "0" }, "pointsCost", "rewardForm.error.pointsCost"],
    [{ pointsCost: "10000001" }, "pointsCost", "rewardForm.error.pointsCost"],
    [{ pointsCost: "12,5x" }, "pointsCost", "rewardForm.error.pointsCost"],
    [{ stock: "-1" }, "stock", "rewardForm.error.stock"],
    [{ stock: "" }, "stock", "rewardForm.error.stock"],
    [{ validFrom: "2025-07-31", validUntil: "2025-07-01" }, "validUntil", "rewardForm.error.validUntil"],
    [{ voucherValidityDays: "367" }, "voucherValidityDays", "rewardForm.error.days"],
    [{ voucherValidityDays: "0" }, "voucherValidityDays", "rewardForm.error.days"],
    [{ tiers: [] }, "tiers", "rewardForm.error.tiers"],
  ] as const)("rejects %o with %s", (change, field, key) => {
    const { errors, body } = validateReward({ ...filled, ...change } as RewardFormValues);
    expect(body).toBeNull();
    expect(errors).toEqual({ [field]: key });
  });

  it("accepts a one-day window and a stock of 0", () => {
    const { body } = validateReward({ ...filled, validFrom: "2025-07-01", validUntil: "2025-07-01", stock: "0" });
    expect(body?.stock).toBe(0);
    expect(RewardInput.safeParse(body).success).toBe(true);
  });

  it("patches only what changed, and leaves untouched dates alone", () => {
    const reward = REWARDS[1]!;
    const initial = formFromReward(reward);
    expect(initial).toMatchObject({
      validFrom: "2025-06-01",
      validUntil: "2025-06-30",
      allTiers: false,
      tiers: ["gold", "diamond"],
      unlimitedStock: true,
    });

    const same = validateReward(initial);
    expect(rewardPatch(initial, initial, same.body!)).toEqual({});

    const edited = {
      ...initial,
      pointsCost: "150",
      unlimitedStock: false,
      stock: "40",
      tiers: ["diamond" as const],
      validUntil: "2025-07-15",
      active: false,
    };
    const { body } = validateReward(edited);
    expect(rewardPatch(initial, edited, body!)).toEqual({
      pointsCost: 150,
      stock: 40,
      validUntil: "2025-07-15T23:59:59+07:00",
      eligibleTiers: ["diamond"],
      active: false,
    });

    // English written, then cleared again (null: the Mini App falls back to the Vietnamese).
    const english = { ...initial, nameEn: "Free upsize", descriptionEn: " Any drink, size L. " };
    expect(rewardPatch(initial, english, validateReward(english).body!)).toEqual({
      nameEn: "Free upsize",
      descriptionEn: "Any drink, size L.",
    });
    const unwritten = { ...english, nameEn: "", descriptionEn: "" };
    expect(rewardPatch(english, unwritten, validateReward(unwritten).body!)).toEqual({ nameEn: null, descriptionEn: null });

    const cleared = { ...initial, validFrom: "", validUntil: "", allTiers: true };
    expect(rewardPatch(initial, cleared, validateReward(cleared).body!)).toEqual({
      validFrom: null,
      validUntil: null,
      eligibleTiers: null,
    });
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_ZNS_PRICES_VND, estimatedCostVnd, znsPrices } from "./zns-prices";

describe("ZNS prices", () => {
  it("takes the brand's price over the default, per tag, and multiplies in whole đồng", () => {
    const prices = znsPrices([{ tag: "promotion", vnd: 450 }]);
    expect(prices).toEqual({ ...DEFAULT_ZNS_PRICES_VND, promotion: 450 });
    expect(estimatedCostVnd({ transaction: 3, promotion: 2 }, prices)).toBe(3 * DEFAULT_ZNS_PRICES_VND.transaction + 900);
    expect(estimatedCostVnd({}, prices)).toBe(0);
  });
});

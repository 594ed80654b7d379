/**
 * What a ZNS message costs the brand, to estimate the spend of a store's messages (issue 13's
 * store view) and, later, of a campaign. Zalo bills per delivered message by template kind;
 * the brand's own prices (table zns_prices) override these defaults, which are estimates in
 * whole đồng from Zalo's public price list at the time of writing, not a quote: the console
 * says "estimated". Integers only, like every amount of money here.
 */
import type { ZnsTag } from "./zns-template";

export type ZnsPrices = Record<ZnsTag, number>;

export const DEFAULT_ZNS_PRICES_VND: ZnsPrices = {
  transaction: 200,
  customer_care: 200,
  promotion: 300,
};

/** The brand's prices over the defaults. */
export function znsPrices(overrides: readonly { tag: ZnsTag; vnd: number }[]): ZnsPrices {
  const prices = { ...DEFAULT_ZNS_PRICES_VND };
  for (const o of overrides) prices[o.tag] = o.vnd;
  return prices;
}

/** The estimated cost of sent messages counted per tag. */
export function estimatedCostVnd(counts: Partial<Record<ZnsTag, number>>, prices: ZnsPrices): number {
  let total = 0;
  for (const [tag, n] of Object.entries(counts) as [ZnsTag, number][]) total += n * prices[tag];
  return total;
}

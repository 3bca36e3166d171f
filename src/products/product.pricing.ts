import type { PriceTier } from "./product.model.ts";

/**
 * The unit price for `quantity` under ascending price tiers: the last tier whose `minQty` is at
 * most the quantity. Null when the quantity is below the first tier (or not a positive integer),
 * or there are no tiers. Pure.
 */
export function tierPriceFor(tiers: readonly PriceTier[], quantity: number): number | null {
  if (!Number.isInteger(quantity) || quantity < 1) return null;
  let price: number | null = null;
  for (const tier of tiers) {
    if (tier.minQty > quantity) break;
    price = tier.priceVnd;
  }
  return price;
}

export type TierRange = { from: number; to: number | null; priceVnd: number };

/** The tiers as quantity ranges: each up to the next tier's `minQty` − 1, the last one open-ended. */
export function tierRanges(tiers: readonly PriceTier[]): TierRange[] {
  return tiers.map((tier, index) => {
    const next = tiers[index + 1];
    return { from: tier.minQty, to: next ? next.minQty - 1 : null, priceVnd: tier.priceVnd };
  });
}

import type { EnterpriseSearchEntry, ProductSearchDocument } from "../platform/search/index.ts";
import type { EnterpriseFeedItem } from "../enterprises/index.ts";
import type { SearchFeedItem } from "../products/index.ts";

export type CategoryInfo = { parent: string | null; name: { vi: string; en: string } };

/** The index's record of an enterprise: its name and place, and whether its listings may be found. */
export function enterpriseEntry(enterprise: EnterpriseFeedItem): EnterpriseSearchEntry {
  return {
    id: enterprise.id,
    slug: enterprise.slug,
    name: enterprise.name.vi,
    visible: enterprise.visible,
    commune: enterprise.commune,
    location: enterprise.location,
  };
}

/**
 * The one search document builder both adapters index: the listing's public view (the products
 * area decides what is public: the approved snapshot while an edit awaits review), live prices and
 * stock, its enterprise's name and place. Null when the listing is not public: the sync removes it.
 */
export function buildSearchDocument(
  item: SearchFeedItem,
  enterprise: EnterpriseFeedItem | undefined,
  categories: Map<string, CategoryInfo>,
): ProductSearchDocument | null {
  const shown = item.listing;
  if (!shown || !enterprise || shown.priceTiers.length === 0) return null;
  const entry = enterpriseEntry(enterprise);
  const tiers = [...shown.priceTiers].sort((a, b) => a.minQty - b.minQty);
  const prices = tiers.map((tier) => tier.priceVnd);
  const category = categories.get(shown.category);
  return {
    id: item.id,
    slug: shown.slug,
    name: { vi: shown.name.vi, en: shown.name.en },
    description: { vi: shown.description.vi, en: shown.description.en },
    category: shown.category,
    categoryParent: category?.parent ?? null,
    categoryName: category?.name ?? { vi: shown.category, en: shown.category },
    enterpriseId: entry.id,
    enterpriseName: entry.name,
    enterpriseSlug: entry.slug,
    commune: entry.commune,
    location: entry.location,
    ocopStars: shown.ocop?.stars ?? 0,
    certifications: shown.certifications,
    madeInVietnam: shown.madeInVietnam,
    price: prices[0]!,
    priceMin: Math.min(...prices),
    priceMax: Math.max(...prices),
    unit: shown.unit,
    minOrderQty: shown.minOrderQty,
    inStock: (shown.stock ?? 0) > 0,
    publishedAt: (shown.publishedAt ?? shown.createdAt).getTime(),
    imageUrl: shown.images[0] ? `/anh/${shown.images[0]}/400.webp` : null,
  };
}

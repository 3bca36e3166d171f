import type { Types } from "mongoose";

/**
 * What the enterprises area needs from the products area. Products depends on enterprises, never
 * the reverse: the composition root passes these in (the products area's category service and
 * public catalogue fit them).
 */
export type SectorEntry = { slug: string; parent: string | null; name: { vi: string; en: string }; offered: boolean };

/** The category taxonomy, which is also the list of sectors an enterprise works in. */
export type SectorCatalogue = { list(): Promise<SectorEntry[]> };

export type StorefrontListing = {
  slug: string;
  name: { vi: string; en: string };
  category: string;
  unit: string;
  priceMin: number;
  priceMax: number;
  ocopStars: number | null;
};

/** The enterprise's public listings, as the storefront and the directory's OCOP filter show them. */
export type StorefrontListings = {
  storefront(enterpriseId: string, query: { category?: string; page: number }): Promise<{
    items: StorefrontListing[];
    total: number;
    page: number;
    pages: number;
    categoryCounts: { slug: string; count: number }[];
  }>;
  ocopStarsOf(ids?: Types.ObjectId[]): Promise<Map<string, number>>;
};

import { trusted, Types } from "mongoose";
import type { CategoryService } from "./category.service.ts";
import type { Product, ProductModel } from "./product.model.ts";
import { isPublicListing, publicListingFilter, publicView, type PublicProduct } from "./product.visibility.ts";

export type { PublicProduct } from "./product.visibility.ts";

export type ProductCard = {
  id: string;
  slug: string;
  name: { vi: string; en: string };
  enterpriseId: Types.ObjectId;
  category: string;
  unit: string;
  priceMin: number;
  priceMax: number;
  ocopStars: number | null;
};

export const STOREFRONT_PAGE_SIZE = 12;

type ProductDoc = Product & { _id: Types.ObjectId };

const cardOf = (listing: PublicProduct): ProductCard => {
  const prices = listing.priceTiers.map((tier) => tier.priceVnd);
  return {
    id: listing.id,
    slug: listing.slug,
    name: { vi: listing.name.vi, en: listing.name.en || listing.name.vi },
    enterpriseId: listing.enterpriseId,
    category: listing.category,
    unit: listing.unit,
    priceMin: Math.min(...prices),
    priceMax: Math.max(...prices),
    ocopStars: listing.ocop?.stars ?? null,
  };
};

const newestFirst = (a: PublicProduct, b: PublicProduct) =>
  (b.publishedAt ?? b.createdAt).getTime() - (a.publishedAt ?? a.createdAt).getTime() || a.id.localeCompare(b.id);

/**
 * Read side of listings for public pages — the product page, the storefront, the home page, the
 * directory's OCOP figures — every one through the one public rule (product.visibility.ts). Whether
 * the enterprise may be seen is checked by the caller with the enterprises area's rule.
 */
export function createProductService({ products, categories }: { products: ProductModel; categories: Pick<CategoryService, "withChildren"> }) {
  const publicOf = async (filter: Record<string, unknown>): Promise<PublicProduct[]> =>
    (await products.find(publicListingFilter(filter)).lean<ProductDoc[]>()).flatMap((doc) => publicView(doc) ?? []);

  return {
    async countPublic(): Promise<number> {
      return products.countDocuments(publicListingFilter());
    },

    async countPending(): Promise<number> {
      return products.countDocuments({ status: "pending" });
    },

    /** The newest public listings (a listing under re-review shows its approved version). */
    async latestPublic(limit: number): Promise<ProductCard[]> {
      const docs = await products.find(publicListingFilter()).sort({ publishedAt: -1, _id: 1 }).limit(limit).lean<ProductDoc[]>();
      return docs.flatMap((doc) => publicView(doc) ?? []).map(cardOf);
    },

    /** The public view of a listing, or null when it is not public. */
    async findPublic(slug: string): Promise<PublicProduct | null> {
      if (typeof slug !== "string" || slug.length > 200) return null;
      const doc = await products.findOne({ slug }).lean<ProductDoc>();
      return doc ? publicView(doc) : null;
    },

    /**
     * Public listings per (shown) category of enterprises `visible` accepts: one `$group` with `$sum` by
     * (category, approved category, enterprise), summed here over the visible enterprises.
     */
    async countPublicByCategory(visible: (enterpriseIds: Types.ObjectId[]) => Promise<Set<string>>): Promise<Map<string, number>> {
      const rows = await products.aggregate<{ _id: { category: string; approved?: string | null; enterpriseId: Types.ObjectId }; count: number }>([
        { $match: { $or: [{ status: "published" }, { status: "pending", approved: { $ne: null } }, { status: "rejected", approved: { $ne: null } }] } },
        { $group: { _id: { category: "$category", approved: "$approved.category", enterpriseId: "$enterpriseId" }, count: { $sum: 1 } } },
      ]);
      const ok = await visible([...new Map(rows.map((row) => [row._id.enterpriseId.toString(), row._id.enterpriseId])).values()]);
      const counts = new Map<string, number>();
      for (const row of rows) {
        if (!ok.has(row._id.enterpriseId.toString())) continue;
        const category = row._id.approved || row._id.category;
        counts.set(category, (counts.get(category) ?? 0) + row.count);
      }
      return counts;
    },

    /**
     * One page of an enterprise's public listings, newest first, optionally in one category (or its
     * subcategories), with the count per category. Computed over the enterprise's public listings,
     * a bounded set, because the category shown may be the approved version's.
     */
    async storefront(enterpriseId: string, { category, page }: { category?: string; page: number }) {
      const all = (await publicOf({ enterpriseId: new Types.ObjectId(enterpriseId) })).sort(newestFirst);
      const counts = new Map<string, number>();
      for (const listing of all) counts.set(listing.category, (counts.get(listing.category) ?? 0) + 1);
      const within = category ? new Set(await categories.withChildren(category)) : null;
      const shown = within ? all.filter((listing) => within.has(listing.category)) : all;
      const pages = Math.max(1, Math.ceil(shown.length / STOREFRONT_PAGE_SIZE));
      const current = Math.min(Math.max(1, page), pages);
      const items = shown.slice((current - 1) * STOREFRONT_PAGE_SIZE, current * STOREFRONT_PAGE_SIZE).map(cardOf);
      return { items, total: shown.length, page: current, pages, categoryCounts: [...counts].map(([slug, count]) => ({ slug, count })) };
    },

    /** Enterprise id → the highest OCOP rating among its public listings (all enterprises, or those given). */
    async ocopStarsOf(ids?: Types.ObjectId[]): Promise<Map<string, number>> {
      const filter = publicListingFilter(ids ? { enterpriseId: trusted({ $in: ids }) } : {});
      const rows = await products.find(filter, { enterpriseId: 1, status: 1, ocop: 1, approved: 1 }).lean<ProductDoc[]>();
      const stars = new Map<string, number>();
      for (const row of rows) {
        const rating = (row.approved ?? row).ocop?.stars;
        const key = row.enterpriseId.toString();
        if (rating && isPublicListing(row)) stars.set(key, Math.max(stars.get(key) ?? 0, rating));
      }
      return stars;
    },

    isPublicListing,
  };
}

export type ProductService = ReturnType<typeof createProductService>;

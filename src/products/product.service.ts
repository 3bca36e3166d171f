import type { Types } from "mongoose";
import type { CategoryModel } from "./category.model.ts";
import type { ApprovedVersion, PriceTier, Product, ProductModel } from "./product.model.ts";

/** A listing as the public sees it: the approved version of its reviewed fields, live prices and stock. */
export type PublicProduct = Omit<ApprovedVersion, "approvedAt"> & {
  id: string;
  slug: string;
  sku: string;
  enterpriseId: Types.ObjectId;
  priceTiers: PriceTier[];
  minOrderQty: number;
  stock: number | null;
  leadTimeDays: number | null;
  publishedAt: Date | null;
  updatedAt: Date;
};

/**
 * Public while published, and while an edit of a published listing awaits review or was refused:
 * then the approved version is shown. Seeded listings are published without a snapshot.
 */
function publicView(doc: Product & { _id: Types.ObjectId }): PublicProduct | null {
  const approved = doc.approved ?? null;
  if (doc.status !== "published" && !(approved && (doc.status === "pending" || doc.status === "rejected"))) return null;
  const shown = approved ?? doc;
  return {
    id: doc._id.toString(),
    slug: doc.slug,
    sku: doc.sku,
    enterpriseId: doc.enterpriseId,
    name: { vi: shown.name.vi, en: shown.name.en || "" },
    description: { vi: shown.description?.vi ?? "", en: shown.description?.en ?? "" },
    category: shown.category,
    unit: shown.unit,
    madeInVietnam: shown.madeInVietnam,
    originProvince: shown.originProvince,
    hsCode: shown.hsCode ?? null,
    ocop: shown.ocop ?? null,
    certifications: shown.certifications ?? [],
    seasonMonths: shown.seasonMonths ?? [],
    packagingNotes: shown.packagingNotes ?? "",
    images: shown.images ?? [],
    priceTiers: doc.priceTiers,
    minOrderQty: doc.minOrderQty,
    stock: doc.stock ?? null,
    leadTimeDays: doc.leadTimeDays ?? null,
    publishedAt: doc.publishedAt ?? null,
    updatedAt: doc.updatedAt,
  };
}

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

export type CategoryEntry = { slug: string; parent: string | null; name: { vi: string; en: string } };

/** Read side of listings for public pages: only published products. */
export function createProductService({ products, categories }: { products: ProductModel; categories: CategoryModel }) {
  return {
    async countPublished(): Promise<number> {
      return products.countDocuments({ status: "published" });
    },

    async latestPublished(limit: number): Promise<ProductCard[]> {
      const docs = await products.find({ status: "published" }).sort({ publishedAt: -1, _id: 1 }).limit(limit).lean();
      return docs.map((doc) => {
        const prices = doc.priceTiers.map((tier) => tier.priceVnd);
        return {
          id: doc._id.toString(),
          slug: doc.slug,
          name: { vi: doc.name.vi, en: doc.name.en || doc.name.vi },
          enterpriseId: doc.enterpriseId,
          category: doc.category,
          unit: doc.unit,
          priceMin: Math.min(...prices),
          priceMax: Math.max(...prices),
          ocopStars: doc.ocop?.stars ?? null,
        };
      });
    },

    /** The public view of a listing, or null when it is not public (the route also checks its enterprise is verified). */
    async findPublic(slug: string): Promise<PublicProduct | null> {
      if (typeof slug !== "string" || slug.length > 200) return null;
      const doc = await products.findOne({ slug }).lean<Product & { _id: Types.ObjectId }>();
      return doc ? publicView(doc) : null;
    },

    /**
     * Public listings per category of enterprises `verified` accepts: one `$group` with `$sum` by
     * (category, approved category, enterprise), then summed here over verified enterprises.
     */
    async countPublicByCategory(verified: (enterpriseIds: Types.ObjectId[]) => Promise<Set<string>>): Promise<Map<string, number>> {
      const rows = await products.aggregate<{ _id: { category: string; approved?: string | null; enterpriseId: Types.ObjectId }; count: number }>([
        { $match: { $or: [{ status: "published" }, { status: "pending", approved: { $ne: null } }, { status: "rejected", approved: { $ne: null } }] } },
        { $group: { _id: { category: "$category", approved: "$approved.category", enterpriseId: "$enterpriseId" }, count: { $sum: 1 } } },
      ]);
      const ok = await verified([...new Map(rows.map((row) => [row._id.enterpriseId.toString(), row._id.enterpriseId])).values()]);
      const counts = new Map<string, number>();
      for (const row of rows) {
        if (!ok.has(row._id.enterpriseId.toString())) continue;
        const category = row._id.approved || row._id.category;
        counts.set(category, (counts.get(category) ?? 0) + row.count);
      }
      return counts;
    },

    async listCategories(): Promise<CategoryEntry[]> {
      const docs = await categories.find().sort({ position: 1, slug: 1 }).lean();
      return docs.map((doc) => ({ slug: doc.slug, parent: doc.parent ?? null, name: doc.name }));
    },
  };
}

export type ProductService = ReturnType<typeof createProductService>;

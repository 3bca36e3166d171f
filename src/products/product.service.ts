import type { Types } from "mongoose";
import type { CategoryModel } from "./category.model.ts";
import type { ProductModel } from "./product.model.ts";

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

    async listCategories(): Promise<CategoryEntry[]> {
      const docs = await categories.find().sort({ position: 1, slug: 1 }).lean();
      return docs.map((doc) => ({ slug: doc.slug, parent: doc.parent ?? null, name: doc.name }));
    },
  };
}

export type ProductService = ReturnType<typeof createProductService>;

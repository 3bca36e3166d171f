import type { Types } from "mongoose";
import type { EnterpriseSearchEntry, ProductSearchDocument } from "../platform/search/index.ts";

/** The fields of a product document the builder reads (lean). */
export type ProductRecord = {
  _id: Types.ObjectId;
  enterpriseId: Types.ObjectId;
  slug: string;
  name: { vi: string; en?: string };
  description?: { vi?: string; en?: string };
  category: string;
  unit: string;
  priceTiers: { minQty: number; priceVnd: number }[];
  minOrderQty: number;
  stock?: number | null;
  madeInVietnam?: boolean;
  ocop?: { stars: number } | null;
  certifications?: string[];
  images?: string[];
  status: string;
  publishedAt?: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
  approved?: {
    name: { vi: string; en?: string };
    description?: { vi?: string; en?: string };
    category: string;
    unit: string;
    madeInVietnam?: boolean;
    ocop?: { stars: number } | null;
    certifications?: string[];
    images?: string[];
  } | null;
  searchVersion: number;
  indexedVersion: number;
};

export type EnterpriseRecord = {
  _id: Types.ObjectId;
  slug: string;
  name: { vi: string; en?: string };
  status: string;
  address?: { commune?: string };
  location?: { lat?: number; lng?: number } | null;
  updatedAt?: Date;
};

export type CategoryInfo = { parent: string | null; name: { vi: string; en: string } };

/** Statuses under which a listing can be public (the products area's rule: pending/rejected only with an approved snapshot). */
export const PUBLIC_CANDIDATE_STATUSES = ["published", "pending", "rejected"] as ("published" | "pending" | "rejected")[];

/** Only verified enterprises' listings are searchable. */
export function enterpriseEntry(enterprise: EnterpriseRecord): EnterpriseSearchEntry {
  const { lat, lng } = enterprise.location ?? {};
  return {
    id: enterprise._id.toString(),
    slug: enterprise.slug,
    name: enterprise.name.vi,
    visible: enterprise.status === "verified",
    commune: enterprise.address?.commune ?? "",
    location: typeof lat === "number" && typeof lng === "number" ? { lat, lng } : null,
  };
}

/**
 * The one search document builder both adapters index: the listing's public fields (the approved
 * snapshot while an edit awaits review), live prices and stock, its enterprise's name and place.
 * Null when the listing is not public: the sync removes it from the index.
 */
export function buildSearchDocument(
  product: ProductRecord,
  enterprise: EnterpriseRecord | undefined,
  categories: Map<string, CategoryInfo>,
): ProductSearchDocument | null {
  const approved = product.approved ?? null;
  const isPublic = product.status === "published" || (approved !== null && (product.status === "pending" || product.status === "rejected"));
  if (!isPublic || !enterprise || product.priceTiers.length === 0) return null;
  const shown = approved ?? product;
  const entry = enterpriseEntry(enterprise);
  const tiers = [...product.priceTiers].sort((a, b) => a.minQty - b.minQty);
  const prices = tiers.map((tier) => tier.priceVnd);
  const category = categories.get(shown.category);
  const images = shown.images ?? [];
  return {
    id: product._id.toString(),
    slug: product.slug,
    name: { vi: shown.name.vi, en: shown.name.en ?? "" },
    description: { vi: shown.description?.vi ?? "", en: shown.description?.en ?? "" },
    category: shown.category,
    categoryParent: category?.parent ?? null,
    categoryName: category?.name ?? { vi: shown.category, en: shown.category },
    enterpriseId: entry.id,
    enterpriseName: entry.name,
    enterpriseSlug: entry.slug,
    commune: entry.commune,
    location: entry.location,
    ocopStars: shown.ocop?.stars ?? 0,
    certifications: shown.certifications ?? [],
    madeInVietnam: shown.madeInVietnam ?? true,
    price: prices[0]!,
    priceMin: Math.min(...prices),
    priceMax: Math.max(...prices),
    unit: shown.unit,
    minOrderQty: product.minOrderQty,
    inStock: (product.stock ?? 0) > 0,
    publishedAt: (product.publishedAt ?? product.createdAt ?? new Date(0)).getTime(),
    imageUrl: images[0] ? `/anh/${images[0]}/400.webp` : null,
  };
}

import { trusted, type Types } from "mongoose";
import type { ApprovedVersion, PriceTier, Product } from "./product.model.ts";

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
  createdAt: Date;
  updatedAt: Date;
};

type StatusAndSnapshot = Pick<Product, "status"> & { approved?: unknown };

/**
 * The one rule of what the public sees, used by the product page, the storefront, the home page
 * and the search feed: a listing is public while published, and while an edit of a published
 * listing awaits review or was refused — then its last approved version is shown. Whether its
 * enterprise may be seen is the enterprises area's rule, applied beside this one.
 */
export function isPublicListing(doc: StatusAndSnapshot): boolean {
  return doc.status === "published" || (Boolean(doc.approved) && (doc.status === "pending" || doc.status === "rejected"));
}

/** The same rule as a MongoDB filter (FerretDB-compatible: `$or`, `$in`, `$ne`). */
export function publicListingFilter(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...extra,
    $or: [{ status: "published" }, { status: trusted({ $in: ["pending", "rejected"] }), approved: trusted({ $ne: null }) }],
  };
}

/** The public view of a listing, or null when it is not public. Seeded listings are published without a snapshot. */
export function publicView(doc: Product & { _id: Types.ObjectId }): PublicProduct | null {
  if (!isPublicListing(doc)) return null;
  const shown = doc.approved ?? doc;
  return {
    id: doc._id.toString(),
    slug: doc.slug,
    sku: doc.sku,
    enterpriseId: doc.enterpriseId,
    name: { vi: shown.name.vi, en: shown.name.en || "" },
    description: { vi: shown.description?.vi ?? "", en: shown.description?.en ?? "" },
    category: shown.category,
    unit: shown.unit,
    madeInVietnam: shown.madeInVietnam ?? true,
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
    createdAt: doc.createdAt ?? new Date(0),
    updatedAt: doc.updatedAt,
  };
}

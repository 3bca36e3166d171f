import { randomBytes } from "node:crypto";
import { foldVietnamese } from "../platform/search/fold.ts";
import type { ApprovedVersion, PriceTier, Product } from "./product.model.ts";
import type { ProductInput } from "./product.schemas.ts";

/**
 * The rules of a listing's life, as pure functions:
 * draft → pending → published | rejected → archived. On a published listing, price tiers, MOQ,
 * stock and lead time change at once; any other field goes back to review (`pending`) while the
 * last approved version (`approved`) stays public.
 */
export type ProductStatus = Product["status"];

/** Fields that take effect at once, even on a published listing. */
export const IMMEDIATE_FIELDS = ["priceTiers", "minOrderQty", "stock", "leadTimeDays"] as const;
/** Fields a moderator reviews (the approved snapshot holds these). */
export const REVIEWED_FIELDS = [
  "name", "description", "category", "unit", "madeInVietnam", "originProvince", "hsCode",
  "ocop", "certifications", "seasonMonths", "packagingNotes", "images",
] as const;

export const CAN_SUBMIT: readonly ProductStatus[] = ["draft", "rejected", "archived"];
export const CAN_ARCHIVE: readonly ProductStatus[] = ["draft", "pending", "published", "rejected"];

type Editable = Pick<Product, (typeof IMMEDIATE_FIELDS)[number] | Exclude<(typeof REVIEWED_FIELDS)[number], "images" | "packagingNotes">> & {
  packagingNotes?: string;
  images?: string[];
};

/** The stored form of the seller's input (no status, no slug). */
export function fieldsOf(input: ProductInput) {
  return {
    name: input.name,
    description: input.description,
    category: input.category,
    unit: input.unit,
    priceTiers: input.priceTiers.map((tier) => ({ minQty: tier.minQty, priceVnd: tier.priceVnd })),
    minOrderQty: input.minOrderQty,
    stock: input.stock,
    leadTimeDays: input.stock === null ? input.leadTimeDays : null,
    madeInVietnam: input.madeInVietnam,
    originProvince: input.originProvince,
    hsCode: input.hsCode,
    ocop: input.ocop ? { stars: input.ocop.stars, certificateNo: input.ocop.certificateNo, expiresAt: input.ocop.expiresAt } : null,
    certifications: [...input.certifications],
    seasonMonths: [...input.seasonMonths],
    packagingNotes: input.packagingNotes,
  };
}

/** The input that would reproduce a stored listing (for edit forms and the API's partial updates). */
export function inputOf(doc: Product): ProductInput {
  return {
    sku: doc.sku,
    name: { vi: doc.name.vi, en: doc.name.en ?? "" },
    description: { vi: doc.description?.vi ?? "", en: doc.description?.en ?? "" },
    category: doc.category,
    unit: doc.unit,
    priceTiers: doc.priceTiers.map((tier) => ({ minQty: tier.minQty, priceVnd: tier.priceVnd })),
    minOrderQty: doc.minOrderQty,
    stock: doc.stock ?? null,
    leadTimeDays: doc.leadTimeDays ?? null,
    madeInVietnam: doc.madeInVietnam,
    originProvince: doc.originProvince,
    hsCode: doc.hsCode ?? null,
    ocop: doc.ocop ? { stars: doc.ocop.stars, certificateNo: doc.ocop.certificateNo, expiresAt: new Date(doc.ocop.expiresAt) } : null,
    certifications: [...(doc.certifications ?? [])] as ProductInput["certifications"],
    seasonMonths: [...(doc.seasonMonths ?? [])],
    packagingNotes: doc.packagingNotes ?? "",
  };
}

/** A comparable form of a value: dates as ISO strings, keys sorted, undefined as null. */
function canonical(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "object" && typeof (value as { toHexString?: unknown }).toHexString === "function") return String(value);
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => key !== "_id")
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export const sameValue = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** The fields of `next` that differ from `current`. */
export function changedFields(current: Partial<Editable>, next: Partial<Editable>): string[] {
  return Object.keys(next).filter((key) => !sameValue((current as Record<string, unknown>)[key], (next as Record<string, unknown>)[key]));
}

export const touchesReview = (fields: string[]) => fields.some((field) => (REVIEWED_FIELDS as readonly string[]).includes(field));

/** The approved version of a listing's public fields, as they stand in `doc`. */
export function snapshotOf(doc: Partial<Product>, approvedAt: Date): ApprovedVersion {
  return {
    name: { vi: doc.name!.vi, en: doc.name!.en ?? "" },
    description: { vi: doc.description?.vi ?? "", en: doc.description?.en ?? "" },
    category: doc.category!,
    unit: doc.unit!,
    madeInVietnam: doc.madeInVietnam ?? true,
    originProvince: doc.originProvince ?? "",
    hsCode: doc.hsCode ?? null,
    ocop: doc.ocop ? { stars: doc.ocop.stars, certificateNo: doc.ocop.certificateNo, expiresAt: doc.ocop.expiresAt } : null,
    certifications: [...(doc.certifications ?? [])],
    seasonMonths: [...(doc.seasonMonths ?? [])],
    packagingNotes: doc.packagingNotes ?? "",
    images: [...(doc.images ?? [])],
    approvedAt,
  };
}

/**
 * What an edit does to a listing in `status`: the `$set` to write (status included when it moves)
 * and the transition, if any. Published + reviewed change → pending, keeping (or taking) the
 * approved snapshot; anything else keeps its status.
 */
export function planEdit(doc: Product, next: Record<string, unknown>, now: Date) {
  const changed = changedFields(doc, next);
  if (changed.length === 0) return null;
  const set: Record<string, unknown> = Object.fromEntries(changed.map((field) => [field, next[field]]));
  let transition: { from: ProductStatus; to: ProductStatus } | null = null;
  if (doc.status === "published" && touchesReview(changed)) {
    transition = { from: "published", to: "pending" };
    set.status = "pending";
    set.submittedAt = now;
    if (!doc.approved) set.approved = snapshotOf(doc, doc.publishedAt ?? now);
  }
  if (set.priceTiers && (set.priceTiers as PriceTier[])[0]!.minQty > ((set.minOrderQty as number | undefined) ?? doc.minOrderQty)) {
    set.minOrderQty = (set.priceTiers as PriceTier[])[0]!.minQty;
  }
  return { set, changed, transition };
}

/** A readable, unique-enough slug: the folded Vietnamese name and a short random suffix. */
export function productSlug(name: string): string {
  const base = foldVietnamese(name)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${base || "san-pham"}-${randomBytes(3).toString("hex")}`;
}

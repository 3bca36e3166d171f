import { Schema, Types, type Connection, type Model } from "mongoose";

export const PRODUCT_STATUSES = ["draft", "pending", "published", "rejected", "archived"] as const;
export const UNITS = ["kg", "tấn", "bao", "thùng", "chai", "hộp", "cái", "bộ", "m²", "m³", "lít", "gói", "túi"] as const;
export const PRODUCT_CERTIFICATIONS = ["vietgap", "globalgap", "organic", "iso22000", "haccp"] as const;
export const MAX_IMAGES = 8;

export type PriceTier = { minQty: number; priceVnd: number };
export type Ocop = { stars: number; certificateNo: string; expiresAt: Date };

/**
 * The public fields a moderator approves. A published listing keeps the last approved version here
 * while an edit of these fields awaits review; price tiers, MOQ, stock and lead time apply at once.
 */
export interface ApprovedVersion {
  name: { vi: string; en: string };
  description: { vi: string; en: string };
  category: string;
  unit: string;
  madeInVietnam: boolean;
  originProvince: string;
  hsCode: string | null;
  ocop: Ocop | null;
  certifications: string[];
  seasonMonths: number[];
  packagingNotes: string;
  images: string[];
  approvedAt: Date;
}

export interface Product {
  enterpriseId: Types.ObjectId;
  slug: string;
  sku: string;
  name: { vi: string; en: string };
  description: { vi: string; en: string };
  category: string;
  unit: (typeof UNITS)[number];
  priceTiers: PriceTier[];
  minOrderQty: number;
  stock: number | null;
  leadTimeDays: number | null;
  madeInVietnam: boolean;
  originProvince: string;
  hsCode: string | null;
  ocop?: Ocop | null;
  certifications: string[];
  seasonMonths: number[];
  packagingNotes?: string;
  /** Image ids in the image store (each with 1200 px and 400 px WebP renditions). */
  images?: string[];
  status: (typeof PRODUCT_STATUSES)[number];
  publishedAt: Date | null;
  submittedAt?: Date | null;
  rejectionReason?: string | null;
  /** The last approved version of the public fields; absent until a moderator approves (seeded listings: the document itself). */
  approved?: ApprovedVersion | null;
  searchVersion: number;
  indexedVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

const ocopSchema = () =>
  new Schema(
    {
      stars: { type: Number, required: true, min: 3, max: 5 },
      certificateNo: { type: String, required: true },
      expiresAt: { type: Date, required: true },
    },
    { _id: false },
  );

const approvedSchema = () =>
  new Schema<ApprovedVersion>(
    {
      name: { vi: { type: String, required: true }, en: { type: String, default: "" } },
      description: { vi: { type: String, default: "" }, en: { type: String, default: "" } },
      category: { type: String, required: true },
      unit: { type: String, required: true },
      madeInVietnam: { type: Boolean, default: true },
      originProvince: { type: String, default: "" },
      hsCode: { type: String, default: null },
      ocop: { type: ocopSchema(), default: null },
      certifications: { type: [String], default: [] },
      seasonMonths: { type: [Number], default: [] },
      packagingNotes: { type: String, default: "" },
      images: { type: [String], default: [] },
      approvedAt: { type: Date, required: true },
    },
    { _id: false, strict: "throw" },
  );

const productSchema = new Schema<Product>(
  {
    enterpriseId: { type: Types.ObjectId, required: true, ref: "Enterprise" },
    slug: { type: String, required: true, unique: true },
    sku: { type: String, required: true, trim: true },
    name: { vi: { type: String, required: true, trim: true }, en: { type: String, trim: true, default: "" } },
    description: { vi: { type: String, default: "" }, en: { type: String, default: "" } },
    category: { type: String, required: true },
    unit: { type: String, required: true, enum: UNITS },
    /** Price tiers by quantity, ascending `minQty`, price in integer đồng per unit. */
    priceTiers: {
      type: [
        {
          _id: false,
          minQty: { type: Number, required: true, min: 1, validate: Number.isInteger },
          priceVnd: { type: Number, required: true, min: 0, validate: Number.isInteger },
        },
      ],
      validate: (tiers: unknown[]) => tiers.length > 0,
    },
    minOrderQty: { type: Number, required: true, min: 1, validate: Number.isInteger },
    /** Units in stock; null when made to order. */
    stock: { type: Number, min: 0, default: null },
    leadTimeDays: { type: Number, min: 0, default: null },
    madeInVietnam: { type: Boolean, default: true },
    originProvince: { type: String, default: "Gia Lai" },
    hsCode: { type: String, match: /^\d{8}$/, default: null },
    ocop: { type: ocopSchema(), default: null },
    certifications: { type: [String], default: [] },
    seasonMonths: { type: [Number], default: [] },
    packagingNotes: { type: String, default: "" },
    images: { type: [String], default: [], validate: (ids: unknown[]) => ids.length <= MAX_IMAGES },
    status: { type: String, required: true, enum: PRODUCT_STATUSES, default: "draft" },
    publishedAt: { type: Date, default: null },
    submittedAt: { type: Date, default: null },
    rejectionReason: { type: String, default: null },
    approved: { type: approvedSchema(), default: null },
    /** Index sync (DESIGN.md): bumped with every searchable change; the worker indexes dirty versions. */
    searchVersion: { type: Number, required: true, default: 1 },
    indexedVersion: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, strict: "throw" },
);
productSchema.index({ enterpriseId: 1, sku: 1 }, { unique: true });
productSchema.index({ status: 1, publishedAt: -1 });
productSchema.index({ category: 1, status: 1 });

export type ProductModel = Model<Product>;

export function productModel(connection: Connection): ProductModel {
  return (connection.models.Product as ProductModel | undefined) ?? connection.model<Product>("Product", productSchema);
}

import { Schema, type Connection, type Model } from "mongoose";

export const ENTERPRISE_KINDS = ["manufacturer", "distributor", "trading", "cooperative", "household"] as const;
export const ENTERPRISE_STATUSES = ["pending", "verified", "rejected", "suspended"] as const;
export const CERTIFICATION_KINDS = ["vietgap", "globalgap", "organic", "iso22000", "haccp"] as const;

export type Localized = { vi: string; en: string };

export type Certification = {
  kind: (typeof CERTIFICATION_KINDS)[number];
  number: string;
  issuer: string;
  expiresAt: Date;
};

export interface Enterprise {
  slug: string;
  name: Localized;
  taxCode: string;
  kind: (typeof ENTERPRISE_KINDS)[number];
  status: (typeof ENTERPRISE_STATUSES)[number];
  verifiedAt: Date | null;
  /** The moderator's reason for the last rejection or suspension; "" otherwise. */
  statusReason?: string;
  statusChangedAt?: Date | null;
  address: { street: string; commune: string };
  location?: { lat: number; lng: number };
  phone: string;
  email: string;
  website: string;
  description: Localized;
  sectors: string[];
  foundedYear?: number;
  certifications: Certification[];
  /** The storefront's logo and banner in the image store (`/anh/<id>/<size>.webp`); unset when there is none. */
  logoImageId?: string;
  bannerImageId?: string;
  createdAt: Date;
  updatedAt: Date;
}

const localized = { vi: { type: String, required: true, trim: true }, en: { type: String, trim: true, default: "" } };

const enterpriseSchema = new Schema<Enterprise>(
  {
    slug: { type: String, required: true, unique: true },
    name: localized,
    taxCode: { type: String, required: true, unique: true, match: /^\d{10}(-\d{3})?$/ },
    kind: { type: String, required: true, enum: ENTERPRISE_KINDS },
    status: { type: String, required: true, enum: ENTERPRISE_STATUSES, default: "pending" },
    verifiedAt: { type: Date, default: null },
    statusReason: { type: String, default: "" },
    statusChangedAt: { type: Date, default: null },
    address: {
      street: { type: String, required: true, trim: true },
      commune: { type: String, required: true, trim: true },
    },
    location: { lat: { type: Number, min: -90, max: 90 }, lng: { type: Number, min: -180, max: 180 } },
    phone: { type: String, trim: true, default: "" },
    email: { type: String, trim: true, lowercase: true, default: "" },
    website: { type: String, trim: true, default: "" },
    description: { vi: { type: String, default: "" }, en: { type: String, default: "" } },
    sectors: { type: [String], default: [] },
    foundedYear: { type: Number, min: 1900, max: 2100 },
    certifications: {
      type: [
        {
          _id: false,
          kind: { type: String, required: true, enum: CERTIFICATION_KINDS },
          number: { type: String, required: true },
          issuer: { type: String, required: true },
          expiresAt: { type: Date, required: true },
        },
      ],
      default: [],
    },
    // Optional: never part of a unique index (FerretDB ignores `sparse`).
    logoImageId: { type: String },
    bannerImageId: { type: String },
  },
  { timestamps: true, strict: "throw" },
);
enterpriseSchema.index({ status: 1, "address.commune": 1 });

export type EnterpriseModel = Model<Enterprise>;

export function enterpriseModel(connection: Connection): EnterpriseModel {
  return (connection.models.Enterprise as EnterpriseModel | undefined) ?? connection.model<Enterprise>("Enterprise", enterpriseSchema);
}

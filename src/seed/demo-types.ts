/**
 * The shapes of the demo data (enterprises and their products) and the helpers both files use.
 * Pure data: no I/O, every date fixed, so seeding is deterministic. Natural keys (enterprise and
 * product slugs) must never change once shipped, since the seed upserts by them.
 */
import type { CERTIFICATION_KINDS, ENTERPRISE_KINDS, ENTERPRISE_STATUSES } from "../enterprises/index.ts";
import type { PRODUCT_STATUSES, UNITS } from "../products/index.ts";

export type Localized = { vi: string; en: string };
export type EnterpriseKind = (typeof ENTERPRISE_KINDS)[number];
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];
export type CertificationKind = (typeof CERTIFICATION_KINDS)[number];
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];
export type Unit = (typeof UNITS)[number];

export type DemoEnterpriseCertification = {
  kind: CertificationKind;
  number: string;
  issuer: string;
  expiresAt: Date;
};

export type DemoEnterprise = {
  slug: string;
  name: Localized;
  /** 10 digits, "-001" for a branch; 5900… Gia Lai, 4100… Bình Định. */
  taxCode: string;
  kind: EnterpriseKind;
  status: EnterpriseStatus;
  verifiedAt: Date | null;
  address: { street: string; commune: string };
  location: { lat: number; lng: number };
  phone: string;
  email: string;
  website: string;
  description: Localized;
  /** Category slugs. */
  sectors: string[];
  foundedYear: number;
  certifications: DemoEnterpriseCertification[];
};

export type DemoPriceTier = { minQty: number; priceVnd: number };

export type DemoOcop = { stars: 3 | 4 | 5; certificateNo: string; expiresAt: Date };

export type DemoProduct = {
  enterpriseSlug: string;
  slug: string;
  sku: string;
  name: Localized;
  description: Localized;
  /** A second-level category slug. */
  category: string;
  unit: Unit;
  /** Ascending minQty, integer đồng per unit, cheaper for larger orders. */
  priceTiers: DemoPriceTier[];
  minOrderQty: number;
  /** Units in stock; null when made or harvested to order (then leadTimeDays is set). */
  stock: number | null;
  leadTimeDays: number | null;
  madeInVietnam: boolean;
  originProvince: string;
  hsCode: string | null;
  ocop?: DemoOcop;
  certifications: CertificationKind[];
  /** Months (1–12) the product is harvested or offered; empty when available all year. */
  seasonMonths: number[];
  status: ProductStatus;
  publishedAt: Date | null;
};

/** Midnight UTC of an ISO day. */
export const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** When the demo records were created: before every verification and publication date below. */
export const DEMO_CREATED_AT = day("2025-09-15");

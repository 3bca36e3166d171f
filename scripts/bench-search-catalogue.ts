/** The search benchmark's generated catalogue, written into MongoDB (FerretDB) once for both engines. */
import { Types } from "mongoose";
import { PROVINCE_COMMUNES } from "../src/enterprises/communes.ts";
import { REFERENCE_CATEGORIES as DEMO_CATEGORIES } from "../src/products/reference/category-taxonomy.ts";
import type { storedModels } from "./stored-models.ts";
import { CERTS, KINDS, PLACES, QUALITIES, SENTENCES, TRADES, UNITS } from "./bench-search-data.ts";

let seed = 42;
export const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
export const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
export const leafCategories = () => DEMO_CATEGORIES.filter((category) => category.parent);

export type BenchEnterprise = { _id: Types.ObjectId; slug: string; name: { vi: string }; status: string; address: { commune: string }; location: { lat: number; lng: number } };

/** Writes `enterprises` enterprises (every 50th suspended) and `products` products (90 % published) of them. */
export async function writeCatalogue(models: ReturnType<typeof storedModels>, products: number, enterprises: number): Promise<BenchEnterprise[]> {
  const leaves = leafCategories();
  const now = Date.now();
  const enterpriseDocs = Array.from({ length: enterprises }, (_, i) => {
    const place = pick(PLACES);
    return {
      _id: new Types.ObjectId(),
      slug: `dn-${i}`,
      name: { vi: `${pick(KINDS)} ${pick(TRADES)} ${place} ${i}`, en: "" },
      taxCode: String(5_900_000_000 + i),
      kind: "manufacturer",
      status: i % 50 === 0 ? "suspended" : "verified",
      verifiedAt: new Date(now - 86_400_000),
      address: { street: `${i} Trần Hưng Đạo`, commune: pick(PROVINCE_COMMUNES) },
      location: { lat: 12.8 + random() * 1.7, lng: 107.6 + random() * 1.7 },
      phone: "", email: "", website: "", description: { vi: "", en: "" }, sectors: [], certifications: [],
      createdAt: new Date(now - 86_400_000), updatedAt: new Date(now - 86_400_000),
    };
  });
  for (let i = 0; i < enterpriseDocs.length; i += 1000) await models.enterprises.collection.insertMany(enterpriseDocs.slice(i, i + 1000));
  for (let i = 0; i < products; i += 2000) {
    const batch = Array.from({ length: Math.min(2000, products - i) }, (_, k) => {
      const n = i + k;
      const category = pick(leaves);
      const base = 10_000 + Math.floor(random() * 200) * 5_000;
      const minQty = 1 + Math.floor(random() * 200);
      const published = new Date(now - Math.floor(random() * 365 * 86_400_000));
      return {
        enterpriseId: enterpriseDocs[n % enterprises]!._id,
        slug: `sp-${n}`,
        sku: `SKU-${n}`,
        name: { vi: `${category.name.vi} ${pick(QUALITIES)} ${pick(PLACES)}`, en: `${category.name.en} ${n}` },
        description: { vi: `${pick(SENTENCES)} ${pick(SENTENCES)} ${pick(SENTENCES)}`, en: "" },
        category: category.slug,
        unit: pick(UNITS),
        priceTiers: [{ minQty, priceVnd: base }, { minQty: minQty * 10, priceVnd: Math.round(base * 0.9) }],
        minOrderQty: minQty,
        stock: random() < 0.2 ? 0 : Math.floor(random() * 10_000),
        leadTimeDays: null, madeInVietnam: random() < 0.95, originProvince: "Gia Lai", hsCode: null,
        ocop: random() < 0.15 ? { stars: 3 + Math.floor(random() * 3), certificateNo: `OCOP-${n}`, expiresAt: new Date(now + 365 * 86_400_000) } : null,
        certifications: random() < 0.3 ? [pick(CERTS)] : [],
        seasonMonths: [], packagingNotes: "", images: [],
        status: random() < 0.9 ? "published" : "draft",
        publishedAt: published, submittedAt: null, rejectionReason: null, approved: null,
        searchVersion: 1, indexedVersion: 1,
        createdAt: published, updatedAt: published,
      };
    });
    await models.products.collection.insertMany(batch);
  }
  return enterpriseDocs;
}

/**
 * Seeds the demo catalogue (categories, enterprises, products) into whatever connection the models are bound to.
 *
 * Idempotent and deterministic: every document is upserted by its natural key (slug) with `$setOnInsert` only, and
 * timestamps are written from the data rather than by Mongoose, so a second run inserts nothing and changes nothing;
 * records someone has since edited are left alone. Plain `find`/`bulkWrite` only (FerretDB, no transactions).
 */
import { trusted, type Model } from "mongoose";
import type { EnterpriseModel } from "../enterprises/enterprise.model.ts";
import type { CategoryModel } from "../products/category.model.ts";
import type { ProductModel } from "../products/product.model.ts";
import { DEMO_CATEGORIES, DEMO_CREATED_AT, DEMO_ENTERPRISES, DEMO_PRODUCTS } from "./demo-catalogue.ts";

export type SeedModels = { categories: CategoryModel; enterprises: EnterpriseModel; products: ProductModel };

/** Documents inserted by this run. */
export type SeedSummary = { categories: number; enterprises: number; products: number };

type Doc = Record<string, unknown> & { slug: string };

/**
 * Update operations skip schema validation, so each document is checked against its model first: a typo in the
 * demo data fails loudly here (strict "throw" rejects unknown fields) instead of landing in the database.
 */
async function assertValid(model: Model<any>, doc: Doc): Promise<void> {
  try {
    await new model(doc).validate();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`demo ${model.modelName} "${doc.slug}" does not match its schema: ${reason}`, { cause: error });
  }
}

/**
 * FerretDB 1.24 (SQLite) silently drops top-level nulls and empty arrays from `$setOnInsert` when it inserts
 * (`verifiedAt: null`, `certifications: []`, a root category's `parent: null`…); `$set` on the new document keeps
 * them. These are the fields to write again on documents this run inserted.
 */
function nullOrEmptyFields(doc: Doc): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(doc).filter(([, value]) => value === null || (Array.isArray(value) && value.length === 0)),
  );
}

/** Upserts `docs` by slug; existing documents are left untouched. Returns how many were inserted. */
async function upsertBySlug(model: Model<any>, docs: Doc[]): Promise<number> {
  for (const doc of docs) await assertValid(model, doc);
  if (docs.length === 0) return 0;
  const result = await model.bulkWrite(
    docs.map((doc) => ({
      updateOne: {
        filter: { slug: doc.slug },
        update: { $setOnInsert: doc },
        upsert: true,
        // Mongoose would otherwise `$set` updatedAt on every run; the data carries its own timestamps.
        timestamps: false,
      },
    })),
    { ordered: true },
  );

  // Only documents inserted just now, so a later run still sends nothing that could change a document.
  const repairs = Object.entries(result.upsertedIds ?? {}).flatMap(([index, _id]) => {
    const fields = nullOrEmptyFields(docs[Number(index)]!);
    return Object.keys(fields).length === 0
      ? []
      : [{ updateOne: { filter: { _id }, update: { $set: fields }, timestamps: false } }];
  });
  if (repairs.length > 0) await model.bulkWrite(repairs, { ordered: true });

  return result.upsertedCount;
}

export async function seedDemoCatalogue(models: SeedModels): Promise<SeedSummary> {
  const categories = await upsertBySlug(
    models.categories,
    DEMO_CATEGORIES.map((category) => ({ ...category })),
  );

  const stamps = { createdAt: DEMO_CREATED_AT, updatedAt: DEMO_CREATED_AT };
  const enterprises = await upsertBySlug(
    models.enterprises,
    DEMO_ENTERPRISES.map((enterprise) => ({ ...enterprise, ...stamps })),
  );

  const enterpriseSlugs = [...new Set(DEMO_PRODUCTS.map((product) => product.enterpriseSlug))];
  // The connection sanitizes filters (sanitizeFilter), so the operator must be marked as ours.
  const owners = await models.enterprises
    .find({ slug: trusted({ $in: enterpriseSlugs }) }, { _id: 1, slug: 1 })
    .lean();
  const enterpriseIds = new Map(owners.map((owner) => [owner.slug, owner._id]));

  const products = await upsertBySlug(
    models.products,
    DEMO_PRODUCTS.map(({ enterpriseSlug, ...product }) => {
      const enterpriseId = enterpriseIds.get(enterpriseSlug);
      if (!enterpriseId) throw new Error(`demo product "${product.slug}": no enterprise "${enterpriseSlug}"`);
      return { ...product, enterpriseId, ...stamps };
    }),
  );

  return { categories, enterprises, products };
}

/** True when there is neither an enterprise nor a product yet. */
export async function isCatalogueEmpty(models: SeedModels): Promise<boolean> {
  const [enterprise, product] = await Promise.all([
    models.enterprises.findOne({}, { _id: 1 }).lean(),
    models.products.findOne({}, { _id: 1 }).lean(),
  ]);
  return enterprise === null && product === null;
}

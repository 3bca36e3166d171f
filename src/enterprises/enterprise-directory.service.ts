import { trusted, Types } from "mongoose";
import type { CategoryModel } from "../products/category.model.ts";
import type { ProductModel } from "../products/product.model.ts";
import type { Enterprise, EnterpriseModel } from "./enterprise.model.ts";
import type { DirectoryQuery } from "./enterprise.schemas.ts";
import { isObjectId } from "../platform/db/ids.ts";

export const DIRECTORY_PAGE_SIZE = 20;
export const STOREFRONT_PAGE_SIZE = 12;

export type EnterpriseEntry = Omit<Enterprise, "createdAt" | "updatedAt"> & {
  id: string;
  createdAt: Date;
  /** The highest OCOP rating among its published products, or null. */
  ocopStars: number | null;
};

export type StorefrontProduct = {
  slug: string;
  name: { vi: string; en: string };
  category: string;
  unit: string;
  priceMin: number;
  priceMax: number;
  ocopStars: number | null;
};

const collator = new Intl.Collator("vi", { sensitivity: "base" });

const pageOf = (page: number, total: number, size: number) => {
  const pages = Math.max(1, Math.ceil(total / size));
  return { page: Math.min(page, pages), pages };
};

/**
 * The read side of the registry: the directory with its filters, the storefront and its products.
 * Filters FerretDB cannot express simply (valid certificates, OCOP products in another collection) are
 * applied in code over the matching enterprises' ids and names, a bounded set for one province.
 */
export function createEnterpriseDirectory({ enterprises, products, categories }: {
  enterprises: EnterpriseModel;
  products: ProductModel;
  categories: CategoryModel;
}) {
  /** Enterprise id → highest OCOP stars of its published products. */
  async function ocopStarsOf(ids?: Types.ObjectId[]): Promise<Map<string, number>> {
    const filter: Record<string, unknown> = { status: "published", ocop: trusted({ $ne: null }) };
    if (ids) filter.enterpriseId = trusted({ $in: ids });
    const rows = await products.find(filter, { enterpriseId: 1, ocop: 1 }).lean();
    const stars = new Map<string, number>();
    for (const row of rows) {
      const key = row.enterpriseId.toString();
      if (row.ocop?.stars) stars.set(key, Math.max(stars.get(key) ?? 0, row.ocop.stars));
    }
    return stars;
  }

  const toEntry = (doc: Enterprise & { _id: Types.ObjectId }, stars: Map<string, number>): EnterpriseEntry => {
    const { _id, ...rest } = doc as Enterprise & { _id: Types.ObjectId; __v?: number };
    delete (rest as { __v?: number }).__v;
    return { ...rest, id: _id.toString(), ocopStars: stars.get(_id.toString()) ?? null };
  };

  /** Ids of the enterprises matching `query`, in the order asked for. */
  async function matchingIds(query: DirectoryQuery, { moderator }: { moderator: boolean }): Promise<Types.ObjectId[]> {
    const filter: Record<string, unknown> = { status: moderator ? query.status : "verified" };
    if (!filter.status) delete filter.status;
    if (query.kind) filter.kind = query.kind;
    if (query.sector) filter.sectors = query.sector;
    if (query.commune) filter["address.commune"] = query.commune;
    const rows = await enterprises.find(filter, { name: 1, createdAt: 1, verifiedAt: 1, certifications: 1 }).lean();

    const now = Date.now();
    let kept = query.certification
      ? rows.filter((row) => row.certifications.some((c) => c.kind === query.certification && c.expiresAt.getTime() >= now))
      : rows;
    if (query.ocop) {
      const withOcop = await ocopStarsOf(kept.map((row) => row._id));
      kept = kept.filter((row) => withOcop.has(row._id.toString()));
    }
    const sorted = query.sort === "newest"
      ? kept.sort((a, b) => (b.verifiedAt ?? b.createdAt).getTime() - (a.verifiedAt ?? a.createdAt).getTime() || collator.compare(a.name.vi, b.name.vi))
      : kept.sort((a, b) => collator.compare(a.name.vi, b.name.vi) || a._id.toString().localeCompare(b._id.toString()));
    return sorted.map((row) => row._id);
  }

  async function entries(ids: Types.ObjectId[]): Promise<EnterpriseEntry[]> {
    if (ids.length === 0) return [];
    const [docs, stars] = await Promise.all([enterprises.find({ _id: trusted({ $in: ids }) }).lean(), ocopStarsOf(ids)]);
    const byId = new Map(docs.map((doc) => [doc._id.toString(), doc]));
    return ids.flatMap((id) => {
      const doc = byId.get(id.toString());
      return doc ? [toEntry(doc, stars)] : [];
    });
  }

  return {
    /** One page of the directory. Visitors see verified enterprises only; moderators may filter by status. */
    async list(query: DirectoryQuery, { moderator }: { moderator: boolean }) {
      const ids = await matchingIds(query, { moderator });
      const { page, pages } = pageOf(query.page, ids.length, DIRECTORY_PAGE_SIZE);
      const items = await entries(ids.slice((page - 1) * DIRECTORY_PAGE_SIZE, page * DIRECTORY_PAGE_SIZE));
      return { items, total: ids.length, page, pages };
    },

    /** Every enterprise the same filters match, for the moderators' CSV/XLSX export. */
    async listAll(query: DirectoryQuery): Promise<EnterpriseEntry[]> {
      const ids = await matchingIds(query, { moderator: true });
      const out: EnterpriseEntry[] = [];
      for (let i = 0; i < ids.length; i += 500) out.push(...(await entries(ids.slice(i, i + 500))));
      return out;
    },

    /** The enterprise at `slug`, whatever its state (the route decides who may see it). */
    async findBySlug(slug: string): Promise<EnterpriseEntry | null> {
      if (!/^[a-z0-9-]{1,100}$/.test(slug)) return null;
      const doc = await enterprises.findOne({ slug }).lean();
      if (!doc) return null;
      return toEntry(doc, await ocopStarsOf([doc._id]));
    },

    async findById(id: string): Promise<EnterpriseEntry | null> {
      if (!isObjectId(id)) return null;
      const doc = await enterprises.findById(id).lean();
      return doc ? toEntry(doc, await ocopStarsOf([doc._id])) : null;
    },

    /** An enterprise's published products, newest first, optionally in one category (or its subcategories). */
    async publishedProductsOf(enterpriseId: string, { category, page }: { category?: string; page: number }) {
      const owner = new Types.ObjectId(enterpriseId);
      const filter: Record<string, unknown> = { enterpriseId: owner, status: "published" };
      if (category) {
        const children = await categories.find({ parent: category }, { slug: 1 }).lean();
        filter.category = trusted({ $in: [category, ...children.map((child) => child.slug)] });
      }
      const [total, counts] = await Promise.all([
        products.countDocuments(filter),
        products.aggregate<{ _id: string; count: number }>([
          { $match: { enterpriseId: owner, status: "published" } },
          { $group: { _id: "$category", count: { $sum: 1 } } },
        ]),
      ]);
      const paging = pageOf(page, total, STOREFRONT_PAGE_SIZE);
      const docs = await products
        .find(filter)
        .sort({ publishedAt: -1, _id: 1 })
        .skip((paging.page - 1) * STOREFRONT_PAGE_SIZE)
        .limit(STOREFRONT_PAGE_SIZE)
        .lean();
      const items: StorefrontProduct[] = docs.map((doc) => {
        const prices = doc.priceTiers.map((tier) => tier.priceVnd);
        return {
          slug: doc.slug,
          name: { vi: doc.name.vi, en: doc.name.en || doc.name.vi },
          category: doc.category,
          unit: doc.unit,
          priceMin: Math.min(...prices),
          priceMax: Math.max(...prices),
          ocopStars: doc.ocop?.stars ?? null,
        };
      });
      return { items, total, ...paging, categoryCounts: counts.map((row) => ({ slug: row._id, count: row.count })) };
    },

    /** Category slug → name, for labels and the sector checkboxes. */
    async categoryNames(): Promise<{ slug: string; parent: string | null; name: { vi: string; en: string } }[]> {
      const docs = await categories.find().sort({ position: 1, slug: 1 }).lean();
      return docs.map((doc) => ({ slug: doc.slug, parent: doc.parent ?? null, name: doc.name }));
    },
  };
}

export type EnterpriseDirectory = ReturnType<typeof createEnterpriseDirectory>;

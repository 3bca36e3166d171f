import { Meilisearch, type EnqueuedTaskPromise } from "meilisearch";
import { foldVietnamese } from "./fold.ts";
import { meilisearchSynonyms } from "./synonyms.ts";
import {
  emptyFacets,
  FACET_NAMES,
  MAX_RESULT_WINDOW,
  type EnterpriseSearchEntry,
  type ProductSearchDocument,
  type SearchIndex,
} from "./search-index.ts";

const TASK_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 5_000;

type MeiliProduct = ProductSearchDocument & {
  nameFolded: string;
  categoryFolded: string;
  enterpriseFolded: string;
  descriptionFolded: string;
  categories: string[];
  enterpriseVisible: boolean;
  ocop: number;
  certification: string[];
  _geo?: { lat: number; lng: number };
};
type MeiliEnterprise = EnterpriseSearchEntry & { folded: string };

/** Index settings, applied at start-up (idempotent: Meilisearch skips settings that did not change). */
export const PRODUCT_SETTINGS = {
  searchableAttributes: ["nameFolded", "categoryFolded", "enterpriseFolded", "descriptionFolded"],
  filterableAttributes: ["category", "categories", "commune", "ocop", "certification", "madeInVietnam", "price", "minOrderQty", "inStock", "enterpriseId", "enterpriseSlug", "enterpriseVisible", "_geo"],
  sortableAttributes: ["price", "publishedAt", "_geo"],
  rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness", "publishedAt:desc"],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 9 } },
  synonyms: meilisearchSynonyms(),
  pagination: { maxTotalHits: MAX_RESULT_WINDOW },
  faceting: { maxValuesPerFacet: 200 },
};

const quoted = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/**
 * The Meilisearch adapter, through the official client. Documents carry folded copies of their
 * text (queries are folded too) so that "đ" folds to "d" exactly as in the embedded engine; exact
 * accents cannot outrank folded matches here, since both meet in the folded fields.
 * Enterprise changes re-upsert that enterprise's documents partially (visibility, name, place):
 * the work happens in Meilisearch, never as writes to MongoDB, and every query keeps one small
 * filter (`enterpriseVisible = true`) instead of a list of enterprise ids.
 */
export function createMeilisearchSearch(options: { host: string; apiKey?: string; indexPrefix: string }): SearchIndex {
  const client = new Meilisearch({ host: options.host, apiKey: options.apiKey, timeout: REQUEST_TIMEOUT_MS });
  const uids = { products: `${options.indexPrefix}products`, enterprises: `${options.indexPrefix}enterprises`, meta: `${options.indexPrefix}meta` };
  const products = client.index<MeiliProduct>(uids.products);
  const enterprises = client.index<MeiliEnterprise>(uids.enterprises);
  const meta = client.index<{ key: string; value: string }>(uids.meta);

  async function settle(task: EnqueuedTaskPromise, what: string): Promise<void> {
    const done = await task.waitTask({ timeout: TASK_TIMEOUT_MS });
    if (done.status === "failed") throw new Error(`Meilisearch ${what} failed: ${done.error?.message}`);
  }

  const toMeili = (doc: ProductSearchDocument, visible: boolean): MeiliProduct => {
    const { location, ...rest } = doc;
    return {
      ...rest,
      location,
      nameFolded: foldVietnamese(`${doc.name.vi} ${doc.name.en}`),
      categoryFolded: foldVietnamese(`${doc.categoryName.vi} ${doc.categoryName.en}`),
      enterpriseFolded: foldVietnamese(doc.enterpriseName),
      descriptionFolded: foldVietnamese(`${doc.description.vi} ${doc.description.en}`),
      categories: [doc.category, ...(doc.categoryParent ? [doc.categoryParent] : [])],
      enterpriseVisible: visible,
      ocop: doc.ocopStars,
      certification: doc.certifications,
      ...(location ? { _geo: location } : {}),
    };
  };

  const fromMeili = (hit: MeiliProduct): ProductSearchDocument => ({
    id: hit.id, slug: hit.slug, name: hit.name, description: hit.description, category: hit.category, categoryParent: hit.categoryParent,
    categoryName: hit.categoryName, enterpriseId: hit.enterpriseId, enterpriseName: hit.enterpriseName, enterpriseSlug: hit.enterpriseSlug,
    commune: hit.commune, location: hit.location ?? null, ocopStars: hit.ocopStars, certifications: hit.certifications,
    madeInVietnam: hit.madeInVietnam, price: hit.price, priceMin: hit.priceMin, priceMax: hit.priceMax, unit: hit.unit,
    minOrderQty: hit.minOrderQty, inStock: hit.inStock, publishedAt: hit.publishedAt, imageUrl: hit.imageUrl,
  });

  async function enterpriseEntries(ids: string[]): Promise<Map<string, MeiliEnterprise>> {
    if (ids.length === 0) return new Map();
    const { results } = await enterprises.getDocuments({ filter: `id IN [${ids.map(quoted).join(", ")}]`, limit: ids.length });
    return new Map(results.map((entry) => [entry.id, entry]));
  }

  return {
    engine: "meilisearch",
    async init() {
      for (const [uid, primaryKey] of [[uids.products, "id"], [uids.enterprises, "id"], [uids.meta, "key"]] as const) {
        // Creating an index that exists fails its task with index_already_exists: expected on every start but the first.
        await client.createIndex(uid, { primaryKey }).waitTask({ timeout: TASK_TIMEOUT_MS });
      }
      await settle(products.updateSettings(PRODUCT_SETTINGS), "product settings");
      await settle(enterprises.updateSettings({ searchableAttributes: ["folded"], filterableAttributes: ["id", "visible"] }), "enterprise settings");
    },
    async health() {
      const { status } = await client.health();
      if (status !== "available") throw new Error(`Meilisearch reports ${status}`);
    },
    async upsertProducts(documents) {
      if (documents.length === 0) return;
      const known = await enterpriseEntries([...new Set(documents.map((doc) => doc.enterpriseId))]);
      const docs = documents.map((doc) => {
        const entry = known.get(doc.enterpriseId);
        const withEnterprise = entry
          ? { ...doc, enterpriseName: entry.name, enterpriseSlug: entry.slug, commune: entry.commune, location: entry.location ?? null }
          : doc;
        return toMeili(withEnterprise, entry?.visible ?? false);
      });
      await settle(products.addDocuments(docs), "indexing");
    },
    async removeProducts(ids) {
      if (ids.length > 0) await settle(products.deleteDocuments(ids), "deletion");
    },
    async upsertEnterprises(entries) {
      if (entries.length === 0) return;
      const before = await enterpriseEntries(entries.map((entry) => entry.id));
      const changed = entries.filter((entry) => {
        const old = before.get(entry.id);
        return !old || old.name !== entry.name || old.slug !== entry.slug || old.visible !== entry.visible || old.commune !== entry.commune ||
          JSON.stringify(old.location ?? null) !== JSON.stringify(entry.location ?? null);
      });
      if (changed.length === 0) return;
      await settle(enterprises.addDocuments(changed.map((entry) => ({ ...entry, folded: foldVietnamese(entry.name) }))), "enterprise indexing");
      for (const entry of changed) {
        const updates: Partial<MeiliProduct>[] = [];
        for (let offset = 0; ; offset += 1000) {
          const { results } = await products.getDocuments({ filter: `enterpriseId = ${quoted(entry.id)}`, fields: ["id"], limit: 1000, offset });
          for (const { id } of results) {
            updates.push({ id, enterpriseVisible: entry.visible, enterpriseName: entry.name, enterpriseFolded: foldVietnamese(entry.name), enterpriseSlug: entry.slug, commune: entry.commune, location: entry.location, ...(entry.location ? { _geo: entry.location } : {}) });
          }
          if (results.length < 1000) break;
        }
        if (updates.length > 0) await settle(products.updateDocuments(updates), "enterprise re-upsert");
      }
    },
    async searchProducts({ q, filters = {}, sort = "relevance", page, perPage, facets: wantFacets }) {
      const filter: string[] = ["enterpriseVisible = true"];
      if (filters.category) filter.push(`categories = ${quoted(filters.category)}`);
      if (filters.commune) filter.push(`commune = ${quoted(filters.commune)}`);
      if (filters.ocop) filter.push(`ocop >= ${filters.ocop}`);
      if (filters.certification) filter.push(`certification = ${quoted(filters.certification)}`);
      if (filters.madeInVietnam !== undefined) filter.push(`madeInVietnam = ${filters.madeInVietnam}`);
      if (filters.priceMin !== undefined) filter.push(`price >= ${filters.priceMin}`);
      if (filters.priceMax !== undefined) filter.push(`price <= ${filters.priceMax}`);
      if (filters.moqMax !== undefined) filter.push(`minOrderQty <= ${filters.moqMax}`);
      if (filters.inStock !== undefined) filter.push(`inStock = ${filters.inStock}`);
      if (filters.enterprise) filter.push(`(enterpriseId = ${quoted(filters.enterprise)} OR enterpriseSlug = ${quoted(filters.enterprise)})`);
      const near = filters.near;
      if (near) filter.push(`_geoRadius(${near.lat}, ${near.lng}, ${Math.round(near.radiusKm * 1000)})`);
      const sorts: Record<string, string[] | undefined> = {
        relevance: q.trim() ? undefined : ["publishedAt:desc"],
        price_asc: ["price:asc", "publishedAt:desc"],
        price_desc: ["price:desc", "publishedAt:desc"],
        newest: ["publishedAt:desc"],
        distance: near ? [`_geoPoint(${near.lat}, ${near.lng}):asc`] : undefined,
      };
      const result = await products.search(foldVietnamese(q), {
        filter,
        sort: sorts[sort],
        page,
        hitsPerPage: perPage,
        matchingStrategy: "all",
        facets: wantFacets === false ? undefined : ["category", "commune", "ocop", "certification"],
      });
      const facets = emptyFacets();
      const distribution = result.facetDistribution ?? {};
      for (const name of FACET_NAMES) {
        for (const [value, count] of Object.entries(distribution[name] ?? {})) {
          if (name === "ocop" && value === "0") continue;
          facets[name][value] = count;
        }
      }
      const hits = result.hits.map((hit) => {
        const meters = (hit as unknown as { _geoDistance?: number })._geoDistance;
        return { document: fromMeili(hit), distanceKm: near && typeof meters === "number" ? meters / 1000 : null };
      });
      return { hits, total: result.totalHits ?? 0, facets };
    },
    async suggest(q, limit) {
      const folded = foldVietnamese(q);
      const [found, companies] = await Promise.all([
        products.search(folded, { filter: ["enterpriseVisible = true"], limit, attributesToRetrieve: ["id", "slug", "name"], attributesToSearchOn: ["nameFolded"] }),
        enterprises.search(folded, { filter: ["visible = true"], limit, attributesToRetrieve: ["id", "slug", "name"] }),
      ]);
      return {
        products: found.hits.map((hit) => ({ id: hit.id, slug: hit.slug, name: hit.name })),
        enterprises: companies.hits.map((hit) => ({ id: hit.id, slug: hit.slug, name: hit.name })),
      };
    },
    async clear() {
      await settle(products.deleteAllDocuments(), "clearing products");
      await settle(enterprises.deleteAllDocuments(), "clearing enterprises");
    },
    async getMeta(key) {
      try {
        return (await meta.getDocument(key)).value;
      } catch {
        return null;
      }
    },
    async setMeta(key, value) {
      await settle(meta.addDocuments([{ key, value }]), "meta");
    },
    async stats() {
      const stats = await products.getStats();
      return { products: stats.numberOfDocuments, bytes: stats.rawDocumentDbSize ?? null };
    },
    async close() {},
  };
}

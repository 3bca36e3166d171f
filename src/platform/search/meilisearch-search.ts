import { Meilisearch, type EnqueuedTaskPromise } from "meilisearch";
import { distanceKm } from "./embedded-query.ts";
import { foldVietnamese } from "./fold.ts";
import { createMeilisearchTransport, meilisearchErrorCode } from "./meilisearch-http.ts";
import { createQueryWriter } from "./meilisearch-query.ts";
import { createTaskWaiter } from "./meilisearch-tasks.ts";
import { applySettings, ENTERPRISE_SETTINGS, PRODUCT_SETTINGS, SUGGESTION_SETTINGS } from "./meilisearch-settings.ts";
import { emptyFacets, FACET_NAMES, type EnterpriseSearchEntry, type ProductSearchDocument, type SearchIndex } from "./search-index.ts";

const TASK_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 5_000;
const PAGE = 1000;

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
type MeiliSuggestion = Pick<ProductSearchDocument, "id" | "slug" | "name" | "enterpriseId"> & { nameFolded: string; enterpriseVisible: boolean };
type MeiliEnterprise = EnterpriseSearchEntry & { folded: string };

const HIT_FIELDS: (keyof ProductSearchDocument)[] = [
  "id", "slug", "name", "description", "category", "categoryParent", "categoryName", "enterpriseId", "enterpriseName", "enterpriseSlug", "commune",
  "location", "ocopStars", "certifications", "madeInVietnam", "price", "priceMin", "priceMax", "unit", "minOrderQty", "inStock", "publishedAt", "imageUrl",
];

const quoted = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/**
 * The Meilisearch adapter, through the official client over a keep-alive `node:http` transport
 * (meilisearch-http.ts). Documents carry folded copies of their text (queries are folded too) so
 * that "đ" folds to "d" exactly as in the embedded engine. Results match whole words (the products
 * index has prefix search off); suggestions search a small index of product names where the last
 * word is a prefix, as in the embedded engine. Enterprise changes re-upsert that enterprise's
 * documents partially (visibility, name, place) inside Meilisearch, and every query keeps one small
 * filter (`enterpriseVisible = true`) instead of a list of enterprise ids.
 */
export function createMeilisearchSearch(options: { host: string; apiKey?: string; indexPrefix: string }): SearchIndex {
  const transport = createMeilisearchTransport(options.host);
  const client = new Meilisearch({
    host: options.host,
    apiKey: options.apiKey,
    timeout: REQUEST_TIMEOUT_MS,
    httpClient: transport.request,
  });
  const waitFor = createTaskWaiter(client, TASK_TIMEOUT_MS);
  const prefix = options.indexPrefix;
  const uids = { products: `${prefix}products`, suggestions: `${prefix}product_names`, enterprises: `${prefix}enterprises`, meta: `${prefix}meta` };
  const products = client.index<MeiliProduct>(uids.products);
  const suggestions = client.index<MeiliSuggestion>(uids.suggestions);
  const enterprises = client.index<MeiliEnterprise>(uids.enterprises);
  const meta = client.index<{ key: string; value: string }>(uids.meta);
  const queries = createQueryWriter(client, uids.products);

  /** Waits for tasks (in any order) and throws naming every one that failed. */
  async function settle(tasks: EnqueuedTaskPromise[], what: string): Promise<void> {
    queries.forget();
    const done = await Promise.all(tasks.map(waitFor));
    queries.forget();
    const failed = done.filter((task) => task.status !== "succeeded");
    if (failed.length > 0) throw new Error(`Meilisearch ${what} failed: ${failed.map((task) => `task ${task.uid} ${task.status}: ${task.error?.message ?? ""}`).join("; ")}`);
  }

  const toMeili = (doc: ProductSearchDocument, visible: boolean): MeiliProduct => ({
    ...doc,
    nameFolded: foldVietnamese(`${doc.name.vi} ${doc.name.en}`),
    categoryFolded: foldVietnamese(`${doc.categoryName.vi} ${doc.categoryName.en}`),
    enterpriseFolded: foldVietnamese(doc.enterpriseName),
    descriptionFolded: foldVietnamese(`${doc.description.vi} ${doc.description.en}`),
    categories: [doc.category, ...(doc.categoryParent ? [doc.categoryParent] : [])],
    enterpriseVisible: visible,
    ocop: doc.ocopStars,
    certification: doc.certifications,
    ...(doc.location ? { _geo: doc.location } : {}),
  });
  const toSuggestion = (doc: MeiliProduct): MeiliSuggestion => ({
    id: doc.id, slug: doc.slug, name: doc.name, enterpriseId: doc.enterpriseId, nameFolded: doc.nameFolded, enterpriseVisible: doc.enterpriseVisible,
  });

  const fromMeili = (hit: MeiliProduct): ProductSearchDocument => ({
    id: hit.id, slug: hit.slug, name: hit.name, description: hit.description, category: hit.category, categoryParent: hit.categoryParent,
    categoryName: hit.categoryName, enterpriseId: hit.enterpriseId, enterpriseName: hit.enterpriseName, enterpriseSlug: hit.enterpriseSlug,
    commune: hit.commune, location: hit.location ?? null, ocopStars: hit.ocopStars, certifications: hit.certifications,
    madeInVietnam: hit.madeInVietnam, price: hit.price, priceMin: hit.priceMin, priceMax: hit.priceMax, unit: hit.unit,
    minOrderQty: hit.minOrderQty, inStock: hit.inStock, publishedAt: hit.publishedAt, imageUrl: hit.imageUrl,
  });

  async function enterpriseEntries(ids: string[]): Promise<Map<string, MeiliEnterprise>> {
    const found = new Map<string, MeiliEnterprise>();
    for (let i = 0; i < ids.length; i += PAGE) {
      const slice = ids.slice(i, i + PAGE);
      const { results } = await enterprises.getDocuments({ filter: `id IN [${slice.map(quoted).join(", ")}]`, limit: slice.length });
      for (const entry of results) found.set(entry.id, entry);
    }
    return found;
  }

  /** Documents as stored: the enterprise's current name, place and visibility override what the caller sent. */
  async function prepare(documents: ProductSearchDocument[]): Promise<MeiliProduct[]> {
    const known = await enterpriseEntries([...new Set(documents.map((doc) => doc.enterpriseId))]);
    return documents.map((doc) => {
      const entry = known.get(doc.enterpriseId);
      const current = entry ? { ...doc, enterpriseName: entry.name, enterpriseSlug: entry.slug, commune: entry.commune, location: entry.location ?? null } : doc;
      return toMeili(current, entry?.visible ?? false);
    });
  }

  const enqueueUpsert = (docs: MeiliProduct[]) => [products.addDocuments(docs), suggestions.addDocuments(docs.map(toSuggestion))];

  async function ensureIndex(uid: string, primaryKey: string): Promise<void> {
    try {
      await client.getIndex(uid);
      return;
    } catch (error) {
      if (meilisearchErrorCode(error) !== "index_not_found") throw error;
    }
    const task = await waitFor(client.createIndex(uid, { primaryKey }));
    // Another instance may have created it meanwhile.
    if (task.status === "failed" && task.error?.code !== "index_already_exists") throw new Error(`creating Meilisearch index ${uid} failed: ${task.error?.message}`);
  }

  return {
    engine: "meilisearch",
    async init() {
      await Promise.all([ensureIndex(uids.products, "id"), ensureIndex(uids.suggestions, "id"), ensureIndex(uids.enterprises, "id"), ensureIndex(uids.meta, "key")]);
      await Promise.all([
        applySettings(products, PRODUCT_SETTINGS, waitFor),
        applySettings(suggestions, SUGGESTION_SETTINGS, waitFor),
        applySettings(enterprises, ENTERPRISE_SETTINGS, waitFor),
      ]);
    },
    async health() {
      const { status } = await client.health();
      if (status !== "available") throw new Error(`Meilisearch reports ${status}`);
    },
    async upsertProducts(documents) {
      if (documents.length > 0) await settle(enqueueUpsert(await prepare(documents)), "indexing");
    },
    async openBulkLoad() {
      // Each batch is enqueued and not awaited: Meilisearch batches consecutive additions itself.
      const enqueued: EnqueuedTaskPromise[] = [];
      return {
        async add(documents) {
          if (documents.length === 0) return;
          queries.forget();
          const tasks = enqueueUpsert(await prepare(documents));
          await Promise.all(tasks);
          enqueued.push(...tasks);
        },
        async finish() {
          if (enqueued.length === 0) return;
          // Tasks of one index run in order: the last one of each done means all of them are.
          await Promise.all([waitFor(enqueued.at(-1)!), waitFor(enqueued.at(-2)!)]);
          queries.forget();
          const taskUids = await Promise.all(enqueued.map(async (task) => (await task).taskUid));
          const failed = [];
          for (let i = 0; i < taskUids.length; i += 500) {
            failed.push(...(await client.tasks.getTasks({ uids: taskUids.slice(i, i + 500), statuses: ["failed", "canceled"], limit: 500 })).results);
          }
          if (failed.length > 0) throw new Error(`Meilisearch bulk load: ${failed.length} of ${taskUids.length} tasks failed: ${failed.map((task) => `task ${task.uid} (${task.indexUid}) ${task.status}: ${task.error?.message ?? ""}`).join("; ")}`);
        },
      };
    },
    async removeProducts(ids) {
      if (ids.length > 0) await settle([products.deleteDocuments(ids), suggestions.deleteDocuments(ids)], "deletion");
    },
    async upsertEnterprises(entries) {
      if (entries.length === 0) return;
      const before = await enterpriseEntries(entries.map((entry) => entry.id));
      const changed = new Map(
        entries
          .filter((entry) => {
            const old = before.get(entry.id);
            return !old || old.name !== entry.name || old.slug !== entry.slug || old.visible !== entry.visible || old.commune !== entry.commune ||
              JSON.stringify(old.location ?? null) !== JSON.stringify(entry.location ?? null);
          })
          .map((entry) => [entry.id, entry]),
      );
      if (changed.size === 0) return;
      await settle([enterprises.addDocuments([...changed.values()].map((entry) => ({ ...entry, folded: foldVietnamese(entry.name) })))], "enterprise indexing");
      const ids = [...changed.keys()];
      const productUpdates: Partial<MeiliProduct>[] = [];
      for (let i = 0; i < ids.length; i += PAGE) {
        const filter = `enterpriseId IN [${ids.slice(i, i + PAGE).map(quoted).join(", ")}]`;
        for (let offset = 0; ; offset += PAGE) {
          const { results } = await products.getDocuments({ filter, fields: ["id", "enterpriseId"], limit: PAGE, offset });
          for (const { id, enterpriseId } of results) {
            const entry = changed.get(enterpriseId)!;
            productUpdates.push({ id, enterpriseVisible: entry.visible, enterpriseName: entry.name, enterpriseFolded: foldVietnamese(entry.name), enterpriseSlug: entry.slug, commune: entry.commune, location: entry.location, ...(entry.location ? { _geo: entry.location } : {}) });
          }
          if (results.length < PAGE) break;
        }
      }
      if (productUpdates.length === 0) return;
      const visibility = productUpdates.map(({ id, enterpriseVisible }) => ({ id, enterpriseVisible }));
      await settle([products.updateDocuments(productUpdates), suggestions.updateDocuments(visibility)], "enterprise re-upsert");
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
      const result = await products.search(await queries.write(q), {
        filter,
        sort: sorts[sort],
        page,
        hitsPerPage: perPage,
        matchingStrategy: "all",
        facets: wantFacets === false ? undefined : [...FACET_NAMES],
        // Only what a hit carries: the folded copies and filter fields would double the answer to serialize and parse.
        attributesToRetrieve: HIT_FIELDS,
      });
      const facets = emptyFacets();
      const distribution = result.facetDistribution ?? {};
      for (const name of FACET_NAMES) {
        for (const [value, count] of Object.entries(distribution[name] ?? {})) {
          if (name === "ocop" && value === "0") continue;
          facets[name][value] = count;
        }
      }
      // Meilisearch answers `_geoDistance` only when sorting by distance; the embedded engine's formula fills in otherwise.
      const distanceOf = (hit: MeiliProduct & { _geoDistance?: number }) =>
        !near || !hit.location ? null : typeof hit._geoDistance === "number" ? hit._geoDistance / 1000 : distanceKm(near.lat, near.lng, hit.location.lat, hit.location.lng);
      const hits = result.hits.map((hit) => ({ document: fromMeili(hit), distanceKm: distanceOf(hit) }));
      return { hits, total: result.totalHits ?? 0, facets };
    },
    async suggest(q, limit) {
      const folded = foldVietnamese(q);
      const [found, companies] = await Promise.all([
        suggestions.search(folded, { filter: ["enterpriseVisible = true"], limit, attributesToRetrieve: ["id", "slug", "name"] }),
        enterprises.search(folded, { filter: ["visible = true"], limit, attributesToRetrieve: ["id", "slug", "name"] }),
      ]);
      return {
        products: found.hits.map((hit) => ({ id: hit.id, slug: hit.slug, name: hit.name })),
        enterprises: companies.hits.map((hit) => ({ id: hit.id, slug: hit.slug, name: hit.name })),
      };
    },
    async clear() {
      await settle([products.deleteAllDocuments(), suggestions.deleteAllDocuments(), enterprises.deleteAllDocuments()], "clearing");
    },
    async getMeta(key) {
      try {
        return (await meta.getDocument(key)).value;
      } catch (error) {
        // Only "no such note" is null; an unreachable server must not look like an index never built.
        if (meilisearchErrorCode(error) === "document_not_found") return null;
        throw error;
      }
    },
    async setMeta(key, value) {
      await settle([meta.addDocuments([{ key, value }])], "meta");
    },
    async stats() {
      const stats = await products.getStats();
      return { products: stats.numberOfDocuments, bytes: stats.rawDocumentDbSize ?? null };
    },
    async close() {
      transport.close();
    },
  };
}

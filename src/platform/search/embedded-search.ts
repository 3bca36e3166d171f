import { foldVietnamese, searchTerms } from "./fold.ts";
import { createAnswerCache } from "./answer-cache.ts";
import type { ColumnRow } from "./embedded-columns.ts";
import { createSearchPool, type SearchPool } from "./embedded-pool.ts";
import { createIndexReader, type IndexChange, type RawSearchResult } from "./embedded-reader.ts";
import { openEmbeddedDatabase } from "./embedded-schema.ts";
import type {
  EnterpriseSearchEntry,
  ProductSearchDocument,
  ProductSearchQuery,
  ProductSearchResult,
  SearchIndex,
} from "./search-index.ts";

export { oneEditAway } from "./typos.ts";

export type EmbeddedSearchOptions = {
  /** Answers kept for repeated queries (all dropped on any write); 0 turns the cache off. Default 500. */
  cacheSize?: number;
  /**
   * Search worker threads over the index file (embedded-pool.ts); 0 (the default, and always for
   * ":memory:") answers on the caller's event loop. Writes stay on the caller's connection.
   */
  workers?: number;
};

/**
 * The embedded engine: SQLite FTS5 through better-sqlite3, chosen by measurement (DESIGN.md, and
 * `npm run bench:search`). Text is folded by us before it reaches FTS5 ("đ" → "d" as well as the
 * marks unicode61 removes). SQLite holds the truth and FTS5 finds the matching rowids; filters,
 * facet counts, geo and ordering run over typed arrays in memory (embedded-columns.ts,
 * embedded-query.ts), which each committed write's change keeps in step (embedded-reader.ts), in
 * this thread or in each search worker. Enterprises are their own rows, so a suspension hides all
 * of an enterprise's products with one write. `file` may be ":memory:".
 */
/** The embedded engine's own extra beside the port: the cache can be resized (the benchmark measures both ways). */
export type EmbeddedSearchIndex = SearchIndex & { setCacheSize(entries: number): void; workerCount(): number };

export function createEmbeddedSearch(file: string, options: EmbeddedSearchOptions = {}): EmbeddedSearchIndex {
  const cache = createAnswerCache<Promise<ProductSearchResult>>(options.cacheSize ?? 500);
  const db = openEmbeddedDatabase(file);
  const local = createIndexReader(db);
  const workers = file === ":memory:" ? 0 : (options.workers ?? 0);
  let pool: SearchPool | null = null;

  const st = {
    ridOf: db.prepare("SELECT rid FROM products WHERE id = ?").pluck(),
    deleteProduct: db.prepare("DELETE FROM products WHERE rid = ?"),
    deleteText: db.prepare("DELETE FROM product_text WHERE rowid = ?"),
    deleteCerts: db.prepare("DELETE FROM product_certs WHERE rid = ?"),
    insertProduct: db.prepare(`INSERT INTO products (id, enterprise_id, category, category_parent, commune, ocop, certs, made_in_vn, price, moq,
      in_stock, published_at, lat, lng, name_lower, name_folded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertData: db.prepare("INSERT INTO product_data (rid, data) VALUES (?, ?)"),
    deleteData: db.prepare("DELETE FROM product_data WHERE rid = ?"),
    insertText: db.prepare("INSERT INTO product_text (rowid, name, category, enterprise, description) VALUES (?, ?, ?, ?, ?)"),
    insertCert: db.prepare("INSERT OR IGNORE INTO product_certs (rid, cert) VALUES (?, ?)"),
    enterprise: db.prepare("SELECT * FROM enterprises WHERE id = ?"),
    upsertEnterprise: db.prepare(`INSERT INTO enterprises (id, slug, name, folded, visible, commune, lat, lng) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, name = excluded.name, folded = excluded.folded, visible = excluded.visible,
      commune = excluded.commune, lat = excluded.lat, lng = excluded.lng`),
    productsOf: db.prepare("SELECT p.rid, d.data FROM products p JOIN product_data d ON d.rid = p.rid WHERE p.enterprise_id = ?"),
    getMeta: db.prepare("SELECT value FROM meta WHERE key = ?").pluck(),
    setMeta: db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
    count: db.prepare("SELECT count(*) FROM products").pluck(),
  };

  /** The change the write in progress makes (see IndexChange), handed to the readers once it commits. */
  let change: IndexChange = { ops: [], terms: [] };
  const publish = (done: IndexChange) => {
    local.apply(done);
    pool?.broadcast(done);
  };
  /** Every write drops the cached answers; its change reaches the readers only once SQLite has committed it. */
  function write<A extends unknown[]>(work: (...args: A) => void): (...args: A) => void {
    return (...args: A) => {
      cache.clear();
      change = { ops: [], terms: [] };
      try {
        work(...args);
        publish(change);
      } finally {
        change = { ops: [], terms: [] };
        cache.clear();
      }
    };
  }

  function removeRow(id: string) {
    const rid = st.ridOf.get(id) as number | undefined;
    if (rid === undefined) return;
    st.deleteText.run(rid);
    st.deleteCerts.run(rid);
    st.deleteData.run(rid);
    st.deleteProduct.run(rid);
    change.ops.push(rid);
  }

  function insertRow(doc: ProductSearchDocument) {
    const text = {
      name: foldVietnamese(`${doc.name.vi} ${doc.name.en}`),
      category: foldVietnamese(`${doc.categoryName.vi} ${doc.categoryName.en}`),
      enterprise: foldVietnamese(doc.enterpriseName),
      description: foldVietnamese(`${doc.description.vi} ${doc.description.en}`),
    };
    const certs = [...new Set(doc.certifications)].join(",");
    const nameLower = `${doc.name.vi} ${doc.name.en}`.toLowerCase().normalize("NFC");
    const nameFolded = ` ${searchTerms(text.name).join(" ")} `;
    const { lastInsertRowid } = st.insertProduct.run(
      doc.id, doc.enterpriseId, doc.category, doc.categoryParent, doc.commune, doc.ocopStars, certs, doc.madeInVietnam ? 1 : 0,
      doc.price, doc.minOrderQty, doc.inStock ? 1 : 0, doc.publishedAt, doc.location?.lat ?? null, doc.location?.lng ?? null, nameLower, nameFolded,
    );
    st.insertData.run(lastInsertRowid, JSON.stringify(doc));
    st.insertText.run(lastInsertRowid, text.name, text.category, text.enterprise, text.description);
    for (const cert of doc.certifications) st.insertCert.run(lastInsertRowid, cert);
    const row: ColumnRow = {
      rid: Number(lastInsertRowid), id: doc.id, enterpriseId: doc.enterpriseId, category: doc.category, categoryParent: doc.categoryParent, commune: doc.commune,
      ocop: doc.ocopStars, certs, madeInVn: doc.madeInVietnam ? 1 : 0, price: doc.price, moq: doc.minOrderQty, inStock: doc.inStock ? 1 : 0,
      publishedAt: doc.publishedAt, lat: doc.location?.lat ?? null, lng: doc.location?.lng ?? null, nameLower, nameFolded,
    };
    change.ops.push(row);
    for (const term of new Set(Object.values(text).flatMap(searchTerms))) change.terms.push(term);
  }

  const upsertMany = write(db.transaction((documents: ProductSearchDocument[]) => {
    for (const doc of documents) {
      removeRow(doc.id);
      // The enterprises table is the truth for name and place (kept by upsertEnterprises).
      const enterprise = st.enterprise.get(doc.enterpriseId) as { name: string; slug: string; commune: string; lat: number | null; lng: number | null } | undefined;
      insertRow(enterprise ? { ...doc, ...enterpriseFields(enterprise) } : doc);
    }
  }));
  const removeMany = write(db.transaction((ids: string[]) => ids.forEach(removeRow)));

  const upsertEnterprisesTx = write(db.transaction((entries: EnterpriseSearchEntry[]) => {
    for (const entry of entries) {
      const before = st.enterprise.get(entry.id) as { name: string; slug: string; commune: string; lat: number | null; lng: number | null } | undefined;
      st.upsertEnterprise.run(entry.id, entry.slug, entry.name, foldVietnamese(entry.name), entry.visible ? 1 : 0, entry.commune, entry.location?.lat ?? null, entry.location?.lng ?? null);
      change.ops.push({ enterprise: entry.id, slug: entry.slug, visible: entry.visible });
      const same =
        before && before.name === entry.name && before.slug === entry.slug && before.commune === entry.commune &&
        before.lat === (entry.location?.lat ?? null) && before.lng === (entry.location?.lng ?? null);
      if (!before || same) continue;
      // Renamed or moved: rewrite its products here, in the index (never in MongoDB).
      const fields = enterpriseFields({ name: entry.name, slug: entry.slug, commune: entry.commune, lat: entry.location?.lat ?? null, lng: entry.location?.lng ?? null });
      for (const row of st.productsOf.all(entry.id) as { rid: number; data: string }[]) {
        const doc = { ...(JSON.parse(row.data) as ProductSearchDocument), ...fields };
        removeRow(doc.id);
        insertRow(doc);
      }
    }
  }));

  /** Hits' documents are parsed here: a worker hands them over as the stored JSON (one string each). */
  const parsed = (raw: RawSearchResult): ProductSearchResult => ({
    hits: raw.hits.map((hit) => ({ document: JSON.parse(hit.data) as ProductSearchDocument, distanceKm: hit.distanceKm })),
    total: raw.total,
    facets: raw.facets,
  });
  const answer = async (query: ProductSearchQuery) => parsed((await pool?.search(query)) ?? local.search(query));

  return {
    engine: "embedded",
    setCacheSize(entries: number) {
      cache.resize(entries);
    },
    workerCount: () => pool?.size() ?? 0,
    async init() {
      if (workers > 0 && !pool) {
        pool = createSearchPool(file, workers);
        try {
          await pool.ready();
        } catch {
          // A worker could not start (say, a runtime without worker support): answer in-process instead.
          await pool.close();
          pool = null;
        }
      }
      if (!pool) local.load();
    },
    async health() {
      db.prepare("SELECT 1").get();
    },
    async upsertProducts(documents) {
      upsertMany(documents);
    },
    async openBulkLoad() {
      return { add: async (documents) => upsertMany(documents), finish: async () => {} };
    },
    async removeProducts(ids) {
      removeMany(ids);
    },
    async upsertEnterprises(entries) {
      upsertEnterprisesTx(entries);
    },
    async searchProducts(query) {
      const key = JSON.stringify(query);
      // The promise is cached, so identical queries in flight share one answer; a failure is not kept.
      return cache.get(key, () => answer(query).catch((error: unknown) => {
        cache.delete(key);
        throw error;
      }));
    },
    async suggest(q, limit) {
      return local.suggest(q, limit);
    },
    async clear() {
      db.exec("DELETE FROM product_text; DELETE FROM product_certs; DELETE FROM product_data; DELETE FROM products; DELETE FROM enterprises;");
      cache.clear();
      publish({ reset: true, ops: [], terms: [] });
    },
    async getMeta(key) {
      return (st.getMeta.get(key) as string | undefined) ?? null;
    },
    async setMeta(key, value) {
      st.setMeta.run(key, value);
    },
    async stats() {
      const pages = db.pragma("page_count", { simple: true }) as number;
      const size = db.pragma("page_size", { simple: true }) as number;
      return { products: st.count.get() as number, bytes: pages * size };
    },
    async close() {
      await pool?.close();
      pool = null;
      if (db.open) db.close();
    },
  };
}

function enterpriseFields(e: { name: string; slug: string; commune: string; lat: number | null; lng: number | null }) {
  return {
    enterpriseName: e.name,
    enterpriseSlug: e.slug,
    commune: e.commune,
    location: e.lat === null || e.lng === null ? null : { lat: e.lat, lng: e.lng },
  };
}

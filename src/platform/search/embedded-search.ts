import type Database from "better-sqlite3";
import { foldVietnamese, searchTerms } from "./fold.ts";
import { createAnswerCache } from "./answer-cache.ts";
import { ColumnStore } from "./embedded-columns.ts";
import { openEmbeddedDatabase } from "./embedded-schema.ts";
import { countFacets, filterRows, orderRows, parseRowids, type Relevance } from "./embedded-query.ts";
import { createQueryPlanner } from "./embedded-plan.ts";
import {
  emptyFacets,
  type EnterpriseSearchEntry,
  type ProductSearchDocument,
  type ProductSearchQuery,
  type ProductSearchResult,
  type SearchIndex,
} from "./search-index.ts";


export { oneEditAway } from "./typos.ts";

export type EmbeddedSearchOptions = {
  /** Answers kept for repeated queries (all dropped on any write); 0 turns the cache off. Default 500. */
  cacheSize?: number;
};


/**
 * The embedded engine: SQLite FTS5 through better-sqlite3, chosen by measurement (DESIGN.md, and
 * `npm run bench:search`). Text is folded by us before it reaches FTS5 ("đ" → "d" as well as the
 * marks unicode61 removes). SQLite holds the truth and FTS5 finds the matching rowids; filters,
 * facet counts, geo and ordering run over typed arrays in memory (embedded-columns.ts,
 * embedded-query.ts), which the writes keep in step. Enterprises are their own rows, so a
 * suspension hides all of an enterprise's products with one write. `file` may be ":memory:".
 */
/** The embedded engine's own extra beside the port: the cache can be resized (the benchmark measures both ways). */
export type EmbeddedSearchIndex = SearchIndex & { setCacheSize(entries: number): void };

export function createEmbeddedSearch(file: string, options: EmbeddedSearchOptions = {}): EmbeddedSearchIndex {
  const cache = createAnswerCache<ProductSearchResult>(options.cacheSize ?? 500);
  const db = openEmbeddedDatabase(file);

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
    textOf: db.prepare("SELECT name, category, description FROM product_text WHERE rowid = ?"),
    vocabulary: db.prepare("SELECT term, doc FROM product_vocab").raw(),
    // Bounded: only whether a split occurs, and how often up to a point, decides between splits.
    phraseCount: db.prepare("SELECT count(*) FROM (SELECT 1 FROM product_text WHERE product_text MATCH ? LIMIT 1000)").pluck(),
    dataOf: db.prepare("SELECT data FROM product_data WHERE rid = ?").pluck(),
    getMeta: db.prepare("SELECT value FROM meta WHERE key = ?").pluck(),
    setMeta: db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
    count: db.prepare("SELECT count(*) FROM products").pluck(),
    suggestEnterprises: db.prepare("SELECT id, slug, name FROM enterprises WHERE visible = 1 AND folded LIKE ? ESCAPE '\\' ORDER BY length(name) LIMIT ?"),
  };
  /** Indexed terms and how many rows hold each (counted up by writes, reloaded by `clear`). */
  let vocabulary: Map<string, number> | null = null;
  /** Filter/facet/sort fields in memory (loaded at init or first search, then kept by every write). */
  let cols: ColumnStore | null = null;
  const columns = () => (cols ??= ColumnStore.load(db));
  /**
   * Every write drops the cached answers; a write that fails part-way drops the in-memory columns
   * too (SQLite rolled back, the arrays did not), to be reloaded from the tables.
   */
  function write<A extends unknown[]>(work: (...args: A) => void): (...args: A) => void {
    return (...args: A) => {
      cache.clear();
      planner.clear();
      try {
        work(...args);
      } catch (error) {
        cols = null;
        throw error;
      } finally {
        cache.clear();
      }
    };
  }
  const vocab = () => (vocabulary ??= new Map(st.vocabulary.all() as [string, number][]));

  const planner = createQueryPlanner(vocab, (expression) => st.phraseCount.get(expression) as number);

  function removeRow(id: string) {
    const rid = st.ridOf.get(id) as number | undefined;
    if (rid === undefined) return;
    st.deleteText.run(rid);
    st.deleteCerts.run(rid);
    st.deleteData.run(rid);
    st.deleteProduct.run(rid);
    cols?.remove(rid);
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
    cols?.set({
      rid: Number(lastInsertRowid), id: doc.id, enterpriseId: doc.enterpriseId, category: doc.category, categoryParent: doc.categoryParent, commune: doc.commune,
      ocop: doc.ocopStars, certs, madeInVn: doc.madeInVietnam ? 1 : 0, price: doc.price, moq: doc.minOrderQty, inStock: doc.inStock ? 1 : 0,
      publishedAt: doc.publishedAt, lat: doc.location?.lat ?? null, lng: doc.location?.lng ?? null, nameLower, nameFolded,
    });
    if (vocabulary) for (const term of new Set(Object.values(text).flatMap(searchTerms))) vocabulary.set(term, (vocabulary.get(term) ?? 0) + 1);
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
      cols?.setEnterprise(entry.id, entry.slug, entry.visible);
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

  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };

  const queryNodes = planner.nodes;
  const matchExpression = planner.matchExpression;

  /** The matching row ids of an FTS5 expression, as one string crossing into JS. */
  const matchRows = (expression: string) => parseRowids(prepared("SELECT group_concat(rowid) FROM product_text WHERE product_text MATCH ?").pluck().get(expression) as string | null);

  function search(query: ProductSearchQuery): ProductSearchResult {
    const { filters = {}, sort = "relevance", page, perPage } = query;
    const nodes = queryNodes(query.q);
    const match = matchExpression(nodes);
    if (match === null && query.q.trim() !== "") return { hits: [], total: 0, facets: emptyFacets() };
    const store = columns();
    const distances = filters.near ? new Map<number, number>() : null;
    const rows = filterRows(store, match ? matchRows(match) : null, filters, distances);
    let relevance: Relevance | null = null;
    if (match && sort === "relevance") {
      const folded = foldVietnamese(query.q).trim();
      const exact = query.q.toLowerCase().normalize("NFC").trim();
      const terms = planner.relevanceTerms(query.q);
      relevance = { nodes: nodes.map((node) => node.alternatives.map((text) => ` ${text} `)), terms, phrase: ` ${terms.join(" ")} `, exact: exact !== folded ? exact : null };
    }
    const pageRows = orderRows(store, rows, sort, relevance, distances, (page - 1) * perPage, perPage);
    return {
      hits: pageRows.map((rid) => ({ document: JSON.parse(st.dataOf.get(rid) as string) as ProductSearchDocument, distanceKm: distances?.get(rid) ?? null })),
      total: rows.length,
      facets: query.facets === false ? emptyFacets() : countFacets(store, rows),
    };
  }

  return {
    engine: "embedded",
    setCacheSize(entries: number) {
      cache.resize(entries);
    },
    async init() {
      columns();
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
      return cache.get(JSON.stringify(query), () => search(query));
    },
    async suggest(q, limit) {
      const match = matchExpression(queryNodes(q), true);
      if (!match) return { products: [], enterprises: [] };
      const products = prepared(
        `SELECT d.data FROM product_text m JOIN products p ON p.rid = m.rowid JOIN enterprises e ON e.id = p.enterprise_id JOIN product_data d ON d.rid = p.rid
         WHERE product_text MATCH ? AND e.visible = 1 ORDER BY bm25(product_text, 10.0, 4.0, 3.0, 1.0) LIMIT ?`,
      ).all(`name : (${match})`, limit) as { data: string }[];
      const like = `%${foldVietnamese(q).trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return {
        products: products.map((row) => {
          const doc = JSON.parse(row.data) as ProductSearchDocument;
          return { id: doc.id, slug: doc.slug, name: doc.name };
        }),
        enterprises: st.suggestEnterprises.all(like, limit) as { id: string; slug: string; name: string }[],
      };
    },
    async clear() {
      db.exec("DELETE FROM product_text; DELETE FROM product_certs; DELETE FROM product_data; DELETE FROM products; DELETE FROM enterprises;");
      vocabulary = null;
      planner.clear();
      cols = new ColumnStore();
      cache.clear();
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

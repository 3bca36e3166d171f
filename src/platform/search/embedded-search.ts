import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { foldVietnamese, searchTerms } from "./fold.ts";
import { parseQuery } from "./synonyms.ts";
import {
  emptyFacets,
  type EnterpriseSearchEntry,
  type FacetName,
  type ProductSearchDocument,
  type ProductSearchQuery,
  type ProductSearchResult,
  type SearchIndex,
} from "./search-index.ts";

const SCHEMA_VERSION = 3;

/** Terms this long or longer are expanded to indexed terms within one edit when they are not indexed themselves. */
export const MIN_TYPO_LENGTH = 4;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Indexed terms one edit away from `term` (deletion, substitution, insertion, transposition). */
export function oneEditAway(term: string, vocabulary: Set<string>): string[] {
  const found = new Set<string>();
  const check = (candidate: string) => {
    if (candidate !== term && vocabulary.has(candidate)) found.add(candidate);
  };
  for (let i = 0; i <= term.length; i++) {
    const head = term.slice(0, i);
    const tail = term.slice(i);
    if (tail) check(head + tail.slice(1));
    if (tail.length > 1) check(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of ALPHABET) {
      if (tail) check(head + letter + tail.slice(1));
      check(head + letter + tail);
    }
  }
  return [...found];
}

const quote = (term: string) => `"${term.replace(/"/g, "")}"`;

export function distanceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 12_742 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The embedded engine: SQLite FTS5 through better-sqlite3, chosen by measurement (DESIGN.md, and
 * `npm run bench:search`). Text is folded by us before it reaches FTS5 ("đ" → "d" as well as the
 * marks unicode61 removes). Filters, facets (GROUP BY over one materialized match), geo (bounding
 * box + exact distance) and sorts are SQL. Enterprises live in their own table joined at query
 * time, so a suspension hides all of an enterprise's products with one row. `file` may be ":memory:".
 */
export function createEmbeddedSearch(file: string): SearchIndex {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  // Read through a memory map and keep temporary sorts in memory: most queries touch many small rows.
  db.pragma("mmap_size = 268435456");
  db.pragma("cache_size = -65536");
  db.pragma("temp_store = MEMORY");
  db.function("geo_km", { deterministic: true }, (lat1, lng1, lat2, lng2) =>
    lat1 === null || lng1 === null ? null : distanceKm(Number(lat1), Number(lng1), Number(lat2), Number(lng2)),
  );
  // A file written by an older layout is dropped (and so rebuilt from MongoDB at start-up: its "source" note goes too).
  if (db.pragma("user_version", { simple: true }) !== SCHEMA_VERSION) {
    db.exec(`DROP TABLE IF EXISTS product_vocab; DROP TABLE IF EXISTS product_text; DROP TABLE IF EXISTS product_certs;
      DROP TABLE IF EXISTS product_data; DROP TABLE IF EXISTS products; DROP TABLE IF EXISTS enterprises; DROP TABLE IF EXISTS meta;`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS enterprises (
      id TEXT PRIMARY KEY, slug TEXT NOT NULL, name TEXT NOT NULL, folded TEXT NOT NULL,
      visible INTEGER NOT NULL, commune TEXT NOT NULL, lat REAL, lng REAL
    );
    CREATE TABLE IF NOT EXISTS products (
      rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, enterprise_id TEXT NOT NULL,
      category TEXT NOT NULL, category_parent TEXT, commune TEXT NOT NULL, ocop INTEGER NOT NULL, certs TEXT NOT NULL,
      made_in_vn INTEGER NOT NULL, price INTEGER NOT NULL, moq INTEGER NOT NULL, in_stock INTEGER NOT NULL,
      published_at INTEGER NOT NULL, lat REAL, lng REAL, name_lower TEXT NOT NULL, name_folded TEXT NOT NULL
    );
    -- The hit's document, apart so that the rows scanned by filters, sorts and facets stay small.
    CREATE TABLE IF NOT EXISTS product_data (rid INTEGER PRIMARY KEY, data TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS products_geo ON products (lat, lng);
    CREATE INDEX IF NOT EXISTS products_enterprise ON products (enterprise_id);
    CREATE INDEX IF NOT EXISTS products_published ON products (published_at);
    CREATE INDEX IF NOT EXISTS products_price ON products (price);
    CREATE TABLE IF NOT EXISTS product_certs (rid INTEGER NOT NULL, cert TEXT NOT NULL, PRIMARY KEY (rid, cert)) WITHOUT ROWID;
    CREATE VIRTUAL TABLE IF NOT EXISTS product_text USING fts5(
      name, category, enterprise, description, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS product_vocab USING fts5vocab(product_text, 'row');
  `);

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
    vocabulary: db.prepare("SELECT term FROM product_vocab").pluck(),
    dataOf: db.prepare("SELECT data FROM product_data WHERE rid = ?").pluck(),
    getMeta: db.prepare("SELECT value FROM meta WHERE key = ?").pluck(),
    setMeta: db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
    count: db.prepare("SELECT count(*) FROM products").pluck(),
    suggestEnterprises: db.prepare("SELECT id, slug, name FROM enterprises WHERE visible = 1 AND folded LIKE ? ESCAPE '\\' ORDER BY length(name) LIMIT ?"),
  };
  let vocabulary: Set<string> | null = null;
  const vocab = () => (vocabulary ??= new Set(st.vocabulary.all() as string[]));

  function removeRow(id: string) {
    const rid = st.ridOf.get(id) as number | undefined;
    if (rid === undefined) return;
    st.deleteText.run(rid);
    st.deleteCerts.run(rid);
    st.deleteData.run(rid);
    st.deleteProduct.run(rid);
  }

  function insertRow(doc: ProductSearchDocument) {
    const text = {
      name: foldVietnamese(`${doc.name.vi} ${doc.name.en}`),
      category: foldVietnamese(`${doc.categoryName.vi} ${doc.categoryName.en}`),
      enterprise: foldVietnamese(doc.enterpriseName),
      description: foldVietnamese(`${doc.description.vi} ${doc.description.en}`),
    };
    const { lastInsertRowid } = st.insertProduct.run(
      doc.id, doc.enterpriseId, doc.category, doc.categoryParent, doc.commune, doc.ocopStars, [...new Set(doc.certifications)].join(","), doc.madeInVietnam ? 1 : 0,
      doc.price, doc.minOrderQty, doc.inStock ? 1 : 0, doc.publishedAt, doc.location?.lat ?? null, doc.location?.lng ?? null,
      `${doc.name.vi} ${doc.name.en}`.toLowerCase().normalize("NFC"), ` ${searchTerms(text.name).join(" ")} `,
    );
    st.insertData.run(lastInsertRowid, JSON.stringify(doc));
    st.insertText.run(lastInsertRowid, text.name, text.category, text.enterprise, text.description);
    for (const cert of doc.certifications) st.insertCert.run(lastInsertRowid, cert);
    if (vocabulary) for (const value of Object.values(text)) for (const term of searchTerms(value)) vocabulary.add(term);
  }

  const upsertMany = db.transaction((documents: ProductSearchDocument[]) => {
    for (const doc of documents) {
      removeRow(doc.id);
      // The enterprises table is the truth for name and place (kept by upsertEnterprises).
      const enterprise = st.enterprise.get(doc.enterpriseId) as { name: string; slug: string; commune: string; lat: number | null; lng: number | null } | undefined;
      insertRow(enterprise ? { ...doc, ...enterpriseFields(enterprise) } : doc);
    }
  });
  const removeMany = db.transaction((ids: string[]) => ids.forEach(removeRow));

  const upsertEnterprisesTx = db.transaction((entries: EnterpriseSearchEntry[]) => {
    for (const entry of entries) {
      const before = st.enterprise.get(entry.id) as { name: string; slug: string; commune: string; lat: number | null; lng: number | null } | undefined;
      st.upsertEnterprise.run(entry.id, entry.slug, entry.name, foldVietnamese(entry.name), entry.visible ? 1 : 0, entry.commune, entry.location?.lat ?? null, entry.location?.lng ?? null);
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
  });

  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };

  /** The FTS5 expression for a query: AND of terms, each an OR of its typo variants or synonym phrases. */
  function matchExpression(q: string, prefixLast = false): string | null {
    const terms = searchTerms(q);
    if (terms.length === 0) return null;
    const nodes = parseQuery(terms);
    return nodes
      .map((node, index) => {
        if (node.kind === "synonyms") return `(${node.phrases.map((phrase) => quote(phrase.join(" "))).join(" OR ")})`;
        if (prefixLast && index === nodes.length - 1) return `${quote(node.term)}*`;
        const variants = [node.term];
        if (node.term.length >= MIN_TYPO_LENGTH && !vocab().has(node.term)) variants.push(...oneEditAway(node.term, vocab()));
        return variants.length === 1 ? quote(node.term) : `(${variants.map(quote).join(" OR ")})`;
      })
      .join(" AND ");
  }

  function search(query: ProductSearchQuery): ProductSearchResult {
    const { filters = {}, sort = "relevance", page, perPage } = query;
    const match = matchExpression(query.q);
    if (match === null && query.q.trim() !== "" ) return { hits: [], total: 0, facets: emptyFacets() };
    const where: string[] = ["e.visible = 1"];
    const params: unknown[] = [];
    if (match) params.push(match);
    if (filters.category) where.push("(p.category = ? OR p.category_parent = ?)"), params.push(filters.category, filters.category);
    if (filters.commune) where.push("p.commune = ?"), params.push(filters.commune);
    if (filters.ocop) where.push("p.ocop >= ?"), params.push(filters.ocop);
    if (filters.certification) where.push("EXISTS (SELECT 1 FROM product_certs c WHERE c.rid = p.rid AND c.cert = ?)"), params.push(filters.certification);
    if (filters.madeInVietnam !== undefined) where.push("p.made_in_vn = ?"), params.push(filters.madeInVietnam ? 1 : 0);
    if (filters.priceMin !== undefined) where.push("p.price >= ?"), params.push(filters.priceMin);
    if (filters.priceMax !== undefined) where.push("p.price <= ?"), params.push(filters.priceMax);
    if (filters.moqMax !== undefined) where.push("p.moq <= ?"), params.push(filters.moqMax);
    if (filters.inStock !== undefined) where.push("p.in_stock = ?"), params.push(filters.inStock ? 1 : 0);
    if (filters.enterprise) where.push("(e.id = ? OR e.slug = ?)"), params.push(filters.enterprise, filters.enterprise);
    const near = filters.near;
    if (near) {
      const dLat = near.radiusKm / 111.2;
      const dLng = near.radiusKm / (111.2 * Math.max(0.01, Math.cos((near.lat * Math.PI) / 180)));
      where.push("p.lat BETWEEN ? AND ? AND p.lng BETWEEN ? AND ? AND geo_km(p.lat, p.lng, ?, ?) <= ?");
      params.push(near.lat - dLat, near.lat + dLat, near.lng - dLng, near.lng + dLng, near.lat, near.lng, near.radiusKm);
    }
    const from = match
      ? "FROM product_text m JOIN products p ON p.rid = m.rowid JOIN enterprises e ON e.id = p.enterprise_id WHERE product_text MATCH ? AND "
      : "FROM products p JOIN enterprises e ON e.id = p.enterprise_id WHERE ";
    const filtered = from + where.join(" AND ");

    const folded = foldVietnamese(query.q).trim();
    const exact = query.q.toLowerCase().normalize("NFC").trim();
    const boostExact = match !== null && exact !== folded;
    const score = match ? "bm25(product_text, 10.0, 4.0, 3.0, 1.0)" : "0";
    const order: Record<string, string> = {
      // Exact accents first (when typed), then names starting with / holding the query as a phrase, then BM25.
      relevance: match ? `${boostExact ? "(instr(p.name_lower, ?) > 0) DESC, " : ""}CASE instr(p.name_folded, ?) WHEN 0 THEN 0 WHEN 1 THEN 2 ELSE 1 END DESC, score, p.published_at DESC` : "p.published_at DESC",
      price_asc: "p.price ASC, p.published_at DESC",
      price_desc: "p.price DESC, p.published_at DESC",
      newest: "p.published_at DESC",
      distance: "distance ASC, p.published_at DESC",
    };
    const distance = near ? "geo_km(p.lat, p.lng, ?, ?)" : "NULL";
    const pageSql = `SELECT p.rid, ${distance} AS distance, ${score} AS score ${filtered} ORDER BY ${order[sort]}, p.id LIMIT ? OFFSET ?`;
    const pageParams = [...(near ? [near.lat, near.lng] : []), ...params, ...(sort === "relevance" && boostExact ? [exact] : []), ...(sort === "relevance" && match ? [` ${searchTerms(query.q).join(" ")} `] : []), perPage, (page - 1) * perPage];
    const rows = (prepared(pageSql).all(...pageParams) as { rid: number; distance: number | null }[]).map((row) => ({
      ...row,
      data: st.dataOf.get(row.rid) as string,
    }));

    let total = 0;
    const facets = emptyFacets();
    if (query.facets === false) {
      total = prepared(`SELECT count(*) ${filtered}`).pluck().get(...params) as number;
    } else {
      // One pass over the matches, counted here: cheaper than one GROUP BY per facet over a materialized match.
      const counts = { category: new Map<string, number>(), commune: new Map<string, number>(), ocop: new Map<string, number>(), certification: new Map<string, number>() };
      const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
      for (const [category, commune, ocop, certs] of prepared(`SELECT p.category, p.commune, p.ocop, p.certs ${filtered}`).raw().iterate(...params) as Iterable<[string, string, number, string]>) {
        total += 1;
        add(counts.category, category);
        add(counts.commune, commune);
        if (ocop > 0) add(counts.ocop, String(ocop));
        if (certs) for (const cert of certs.split(",")) add(counts.certification, cert);
      }
      for (const name of Object.keys(counts) as FacetName[]) facets[name] = Object.fromEntries(counts[name]);
    }
    return {
      hits: rows.map((row) => ({ document: JSON.parse(row.data) as ProductSearchDocument, distanceKm: row.distance ?? null })),
      total,
      facets,
    };
  }

  return {
    engine: "embedded",
    async init() {},
    async health() {
      db.prepare("SELECT 1").get();
    },
    async upsertProducts(documents) {
      upsertMany(documents);
    },
    async removeProducts(ids) {
      removeMany(ids);
    },
    async upsertEnterprises(entries) {
      upsertEnterprisesTx(entries);
    },
    async searchProducts(query) {
      return search(query);
    },
    async suggest(q, limit) {
      const match = matchExpression(q, true);
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

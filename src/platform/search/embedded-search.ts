import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { foldVietnamese, searchTerms } from "./fold.ts";
import type { ProductSearchDocument, ProductSearchQuery, ProductSearchResult, SearchIndex } from "./search-index.ts";

/**
 * The embedded engine: SQLite FTS5 through better-sqlite3, chosen by measurement (DESIGN.md:
 * fastest and smallest of the four engines probed). Text is folded by us before it reaches
 * FTS5 so that "đ" matches "d" as well as the tone marks unicode61 removes. `file` may be
 * ":memory:" for tests.
 */
export function createEmbeddedSearch(file: string): SearchIndex {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec(`
    CREATE VIRTUAL TABLE IF NOT EXISTS product_text USING fts5(
      id UNINDEXED, name, category, enterprise, description,
      tokenize = 'unicode61 remove_diacritics 2'
    );
  `);
  const remove = db.prepare("DELETE FROM product_text WHERE id = ?");
  const insert = db.prepare(
    "INSERT INTO product_text (id, name, category, enterprise, description) VALUES (?, ?, ?, ?, ?)",
  );
  const upsertMany = db.transaction((documents: ProductSearchDocument[]) => {
    for (const doc of documents) {
      remove.run(doc.id);
      insert.run(
        doc.id,
        foldVietnamese(doc.name),
        foldVietnamese(doc.category),
        foldVietnamese(doc.enterpriseName),
        foldVietnamese(doc.description),
      );
    }
  });
  const removeMany = db.transaction((ids: string[]) => ids.forEach((id) => remove.run(id)));
  // Column weights: name first, then category, enterprise, description.
  const page = db.prepare(
    "SELECT id FROM product_text WHERE product_text MATCH ? ORDER BY bm25(product_text, 0, 10, 4, 3, 1) LIMIT ? OFFSET ?",
  );
  const count = db.prepare("SELECT count(*) AS total FROM product_text WHERE product_text MATCH ?");

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
    async searchProducts({ q, page: pageNumber, perPage }: ProductSearchQuery): Promise<ProductSearchResult> {
      const terms = searchTerms(q);
      if (terms.length === 0) return { ids: [], total: 0 };
      const match = terms.map((term) => `"${term}"`).join(" AND ");
      const rows = page.all(match, perPage, (pageNumber - 1) * perPage) as { id: string }[];
      const { total } = count.get(match) as { total: number };
      return { ids: rows.map((row) => row.id), total };
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

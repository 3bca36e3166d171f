import type Database from "better-sqlite3";
import { ColumnStore, type ColumnRow } from "./embedded-columns.ts";
import { createQueryPlanner } from "./embedded-plan.ts";
import { countFacets, filterRows, orderRows, parseRowids, type Relevance } from "./embedded-query.ts";
import { foldVietnamese } from "./fold.ts";
import { emptyFacets, type FacetName, type ProductSearchQuery, type SearchSuggestions } from "./search-index.ts";

/** An enterprise's visibility and slug, as the column store keeps them. */
export type EnterpriseOp = { enterprise: string; slug: string; visible: boolean };

/**
 * What one committed write did to the index, in order: a number removes that row id, a row sets
 * it, an enterprise op records visibility. `terms` are the folded terms of the rows written (the
 * vocabulary's counts). Applying a change twice, or on top of a load that already holds it, ends
 * in the same state (each row's last op wins), so a reader that loaded late may replay it.
 */
export type IndexChange = { reset?: boolean; ops: (number | ColumnRow | EnterpriseOp)[]; terms: string[] };

/** An answer with each hit's document still as stored (JSON): it crosses from a worker as one string. */
export type RawSearchResult = {
  hits: { data: string; distanceKm: number | null }[];
  total: number;
  facets: Record<FacetName, Record<string, number>>;
};

/**
 * The read side of the embedded engine over one SQLite connection: the in-memory columns, the
 * vocabulary and the query planner, kept current by `apply`. The engine's own connection uses one
 * (workers disabled), and each search worker one over its own read-only connection to the file.
 */
export function createIndexReader(db: Database.Database) {
  const st = {
    vocabulary: db.prepare("SELECT term, doc FROM product_vocab").raw(),
    // Bounded: only whether a split occurs, and how often up to a point, decides between splits.
    phraseCount: db.prepare("SELECT count(*) FROM (SELECT 1 FROM product_text WHERE product_text MATCH ? LIMIT 1000)").pluck(),
    matchRows: db.prepare("SELECT group_concat(rowid) FROM product_text WHERE product_text MATCH ?").pluck(),
    dataOf: db.prepare("SELECT data FROM product_data WHERE rid = ?").pluck(),
    suggestProducts: db.prepare(
      `SELECT d.data FROM product_text m JOIN products p ON p.rid = m.rowid JOIN enterprises e ON e.id = p.enterprise_id JOIN product_data d ON d.rid = p.rid
       WHERE product_text MATCH ? AND e.visible = 1 ORDER BY bm25(product_text, 10.0, 4.0, 3.0, 1.0) LIMIT ?`,
    ).pluck(),
    suggestEnterprises: db.prepare("SELECT id, slug, name FROM enterprises WHERE visible = 1 AND folded LIKE ? ESCAPE '\\' ORDER BY length(name) LIMIT ?"),
  };
  /** Indexed terms and how many rows hold each (loaded on first use, then counted up by `apply`). */
  let vocabulary: Map<string, number> | null = null;
  /** Filter/facet/sort fields in memory (loaded on first search, then kept by `apply`). */
  let cols: ColumnStore | null = null;
  const columns = () => (cols ??= ColumnStore.load(db));
  const vocab = () => (vocabulary ??= new Map(st.vocabulary.all() as [string, number][]));
  const planner = createQueryPlanner(vocab, (expression) => st.phraseCount.get(expression) as number);
  // One read transaction per answer: the rows FTS5 finds and the documents read after are of one snapshot.
  const snapshot = <T>(work: () => T): T => (db.inTransaction ? work() : db.transaction(work).deferred());

  function search(query: ProductSearchQuery): RawSearchResult {
    const { filters = {}, sort = "relevance", page, perPage } = query;
    const nodes = planner.nodes(query.q);
    const match = planner.matchExpression(nodes);
    if (match === null && query.q.trim() !== "") return { hits: [], total: 0, facets: emptyFacets() };
    const store = columns();
    const distances = filters.near ? new Map<number, number>() : null;
    const rows = filterRows(store, match ? parseRowids(st.matchRows.get(match) as string | null) : null, filters, distances);
    let relevance: Relevance | null = null;
    if (match && sort === "relevance") {
      const folded = foldVietnamese(query.q).trim();
      const exact = query.q.toLowerCase().normalize("NFC").trim();
      const terms = planner.relevanceTerms(query.q);
      relevance = { nodes: nodes.map((node) => node.alternatives.map((text) => ` ${text} `)), terms, phrase: ` ${terms.join(" ")} `, exact: exact !== folded ? exact : null };
    }
    const pageRows = orderRows(store, rows, sort, relevance, distances, (page - 1) * perPage, perPage);
    return {
      hits: pageRows.map((rid) => ({ data: st.dataOf.get(rid) as string, distanceKm: distances?.get(rid) ?? null })),
      total: rows.length,
      facets: query.facets === false ? emptyFacets() : countFacets(store, rows),
    };
  }

  return {
    /** Loads the columns now (start-up) rather than on the first search. */
    load: () => void columns(),
    search: (query: ProductSearchQuery) => snapshot(() => search(query)),
    /** Product suggestions (the last word a prefix) and enterprises whose folded name holds the query. */
    suggest(q: string, limit: number): SearchSuggestions {
      const match = planner.matchExpression(planner.nodes(q), true);
      if (!match) return { products: [], enterprises: [] };
      const like = `%${foldVietnamese(q).trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return {
        products: (st.suggestProducts.all(`name : (${match})`, limit) as string[]).map((data) => {
          const doc = JSON.parse(data) as { id: string; slug: string; name: { vi: string; en: string } };
          return { id: doc.id, slug: doc.slug, name: doc.name };
        }),
        enterprises: st.suggestEnterprises.all(like, limit) as { id: string; slug: string; name: string }[],
      };
    },
    apply(change: IndexChange) {
      planner.clear();
      if (change.reset) {
        vocabulary = null;
        // Emptied if loaded; otherwise loaded from the (now empty) tables when first needed.
        if (cols) cols = new ColumnStore();
      }
      if (vocabulary) for (const term of change.terms) vocabulary.set(term, (vocabulary.get(term) ?? 0) + 1);
      if (!cols) return;
      for (const op of change.ops) {
        if (typeof op === "number") cols.remove(op);
        else if ("enterprise" in op) cols.setEnterprise(op.enterprise, op.slug, op.visible);
        else cols.set(op);
      }
    },
  };
}

export type IndexReader = ReturnType<typeof createIndexReader>;

/**
 * The search port. The catalogue writes product documents to it and buyers query it; the
 * record of truth stays in MongoDB. Two adapters implement it: Meilisearch (production) and
 * an embedded SQLite FTS5 engine (one machine, tests).
 */
export type ProductSearchDocument = {
  id: string;
  name: string;
  description: string;
  category: string;
  enterpriseName: string;
  commune: string;
};

export type ProductSearchQuery = { q: string; page: number; perPage: number };

export type ProductSearchResult = { ids: string[]; total: number };

export interface SearchIndex {
  readonly engine: "embedded" | "meilisearch";
  /** Creates the index and applies its settings; idempotent. */
  init(): Promise<void>;
  /** Resolves when the engine answers; throws naming the problem otherwise. */
  health(): Promise<void>;
  upsertProducts(documents: ProductSearchDocument[]): Promise<void>;
  removeProducts(ids: string[]): Promise<void>;
  searchProducts(query: ProductSearchQuery): Promise<ProductSearchResult>;
  close(): Promise<void>;
}

/**
 * The search port. The catalogue writes product documents to it and buyers query it; the
 * record of truth stays in MongoDB. Two adapters implement it with the same semantics:
 * Meilisearch (production) and an embedded SQLite FTS5 engine (one machine, tests), held to them by
 * test/platform/search-port.test.ts. Text is folded (case, marks, đ → d) on both sides; synonyms
 * are SYNONYM_GROUPS; a word of four letters or more that the index does not hold as typed also
 * matches its one-typo neighbours. `searchProducts` matches whole words only ("ca phe" finds
 * "cà phê", not "cá phèn"; "ca ph" finds nothing); `suggest`, asked while the buyer types, takes
 * the last word as a prefix ("ca ph" suggests both).
 */

export type Localized = { vi: string; en: string };

/** One product as the index sees it: its public (approved) fields, denormalized for hits and filters. */
export type ProductSearchDocument = {
  id: string;
  slug: string;
  name: Localized;
  description: Localized;
  /** Second-level category slug, its parent's slug, and the category's names. */
  category: string;
  categoryParent: string | null;
  categoryName: Localized;
  enterpriseId: string;
  enterpriseName: string;
  enterpriseSlug: string;
  commune: string;
  location: { lat: number; lng: number } | null;
  ocopStars: number;
  certifications: string[];
  madeInVietnam: boolean;
  /** Integer đồng per unit: `price` is the lowest-quantity tier (what filters and sorts use); min/max over all tiers. */
  price: number;
  priceMin: number;
  priceMax: number;
  unit: string;
  minOrderQty: number;
  inStock: boolean;
  /** Milliseconds since the epoch. */
  publishedAt: number;
  imageUrl: string | null;
};

/** An enterprise's search-relevant state; products of enterprises not visible are never found. */
export type EnterpriseSearchEntry = {
  id: string;
  slug: string;
  name: string;
  visible: boolean;
  commune: string;
  location: { lat: number; lng: number } | null;
};

export const SEARCH_SORTS = ["relevance", "price_asc", "price_desc", "newest", "distance"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
export const FACET_NAMES = ["category", "commune", "ocop", "certification"] as const;
export type FacetName = (typeof FACET_NAMES)[number];

export type ProductSearchFilters = {
  /** A category slug: a second-level category, or a first-level one (all its children). */
  category?: string;
  commune?: string;
  /** Minimum OCOP stars. */
  ocop?: number;
  certification?: string;
  madeInVietnam?: boolean;
  priceMin?: number;
  priceMax?: number;
  moqMax?: number;
  inStock?: boolean;
  enterprise?: string;
  near?: { lat: number; lng: number; radiusKm: number };
};

export type ProductSearchQuery = {
  q: string;
  filters?: ProductSearchFilters;
  sort?: SearchSort;
  page: number;
  perPage: number;
  /** Facet counts over the filtered results; omitted when false. */
  facets?: boolean;
};

export type ProductSearchHit = { document: ProductSearchDocument; distanceKm: number | null };

export type ProductSearchResult = {
  hits: ProductSearchHit[];
  total: number;
  facets: Record<FacetName, Record<string, number>>;
};

export type SearchSuggestions = {
  products: { id: string; slug: string; name: Localized }[];
  enterprises: { id: string; slug: string; name: string }[];
};

/** A rebuild's writes: `add` may return before its batch is searchable; `finish` resolves once all are, and throws naming every batch that failed. */
export type BulkLoad = {
  add(documents: ProductSearchDocument[]): Promise<void>;
  finish(): Promise<void>;
};

/** Deepest page a query may reach (page × perPage); Meilisearch's `maxTotalHits` is set to it. */
export const MAX_RESULT_WINDOW = 10_000;

export interface SearchIndex {
  readonly engine: "embedded" | "meilisearch";
  /** Creates the index and applies its settings; idempotent. */
  init(): Promise<void>;
  /** Resolves when the engine answers; throws naming the problem otherwise. */
  health(): Promise<void>;
  /** Indexes products; resolves once they are searchable. */
  upsertProducts(documents: ProductSearchDocument[]): Promise<void>;
  /** Starts a rebuild's stream of product batches (see BulkLoad); the engine may index them while more arrive. */
  openBulkLoad(): Promise<BulkLoad>;
  removeProducts(ids: string[]): Promise<void>;
  /** Records enterprises' visibility, name and place; their products follow without being re-sent. Idempotent. */
  upsertEnterprises(entries: EnterpriseSearchEntry[]): Promise<void>;
  searchProducts(query: ProductSearchQuery): Promise<ProductSearchResult>;
  suggest(q: string, limit: number): Promise<SearchSuggestions>;
  /** Removes every product and enterprise (before a rebuild). */
  clear(): Promise<void>;
  /** Small persistent key/value notes about the index (e.g. what it was built from). */
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  /** Number of products held (visible or not) and, where known, bytes used. */
  stats(): Promise<{ products: number; bytes: number | null }>;
  close(): Promise<void>;
}

export function emptyFacets(): Record<FacetName, Record<string, number>> {
  return { category: {}, commune: {}, ocop: {}, certification: {} };
}

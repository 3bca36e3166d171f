import { createEmbeddedSearch } from "./embedded-search.ts";
import { createMeilisearchSearch } from "./meilisearch-search.ts";
import type { SearchIndex } from "./search-index.ts";

export type {
  SearchIndex,
  BulkLoad,
  ProductSearchDocument,
  ProductSearchQuery,
  ProductSearchResult,
  ProductSearchFilters,
  ProductSearchHit,
  EnterpriseSearchEntry,
  SearchSort,
  FacetName,
  SearchSuggestions,
  Localized,
} from "./search-index.ts";
export { SEARCH_SORTS, FACET_NAMES, MAX_RESULT_WINDOW } from "./search-index.ts";
export { foldVietnamese, searchTerms } from "./fold.ts";
export { SYNONYM_GROUPS } from "./synonyms.ts";
export { openWithDeferredInit } from "./deferred-init.ts";

/** Which engine serves the search port, and where it lives (the root reads it from the configuration). */
export type SearchSettings =
  | { engine: "embedded"; file: string; workers: number }
  | { engine: "meilisearch"; host: string; apiKey: string | undefined; indexPrefix: string };

/** Picks the adapter the settings name. */
export function createSearchIndex(search: SearchSettings): SearchIndex {
  return search.engine === "meilisearch"
    ? createMeilisearchSearch({ host: search.host, apiKey: search.apiKey, indexPrefix: search.indexPrefix })
    : createEmbeddedSearch(search.file, { workers: search.workers });
}

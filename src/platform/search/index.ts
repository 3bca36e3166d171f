import type { Config } from "../../config.ts";
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
export { SEARCH_SORTS, FACET_NAMES, MAX_RESULT_WINDOW, emptyFacets } from "./search-index.ts";
export { foldVietnamese, searchTerms } from "./fold.ts";
export { SYNONYM_GROUPS } from "./synonyms.ts";
export { openWithDeferredInit } from "./deferred-init.ts";

/** Picks the adapter the configuration names. */
export function createSearchIndex(search: Config["search"]): SearchIndex {
  return search.engine === "meilisearch"
    ? createMeilisearchSearch({ host: search.host, apiKey: search.apiKey, indexPrefix: search.indexPrefix })
    : createEmbeddedSearch(search.file);
}

import type { Config } from "../../config.ts";
import { createEmbeddedSearch } from "./embedded-search.ts";
import { createMeilisearchSearch } from "./meilisearch-search.ts";
import type { SearchIndex } from "./search-index.ts";

export type { SearchIndex, ProductSearchDocument, ProductSearchQuery, ProductSearchResult } from "./search-index.ts";
export { foldVietnamese, searchTerms } from "./fold.ts";

/** Picks the adapter the configuration names. */
export function createSearchIndex(search: Config["search"]): SearchIndex {
  return search.engine === "meilisearch"
    ? createMeilisearchSearch({ host: search.host, apiKey: search.apiKey, indexPrefix: search.indexPrefix })
    : createEmbeddedSearch(search.file);
}

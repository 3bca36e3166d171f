export { createSearchSync, type SearchSync } from "./search-sync.ts";
export { searchSyncStateModel, type SearchSyncStateModel } from "./search-sync-state.model.ts";
export { createCatalogSearch, SearchUnavailableError, highlight, type CatalogSearch } from "./catalog-search.service.ts";
export { buildSearchDocument, enterpriseEntry } from "./search-document.ts";
export { searchRouter } from "./search.routes.ts";
export { searchParamsSchema } from "./search.schemas.ts";

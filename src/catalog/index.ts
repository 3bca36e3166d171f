// The catalog area's public surface: its factory, services' types and routers.
export { createCatalogArea, type CatalogArea } from "./catalog.area.ts";
export { type SearchSync } from "./search-sync.ts";
export { type CatalogSearch } from "./catalog-search.service.ts";
export { searchRouter } from "./search.routes.ts";
export { homeRouter } from "./home.routes.ts";

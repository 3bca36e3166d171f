import type { Connection } from "mongoose";
import type { EnterpriseSearchFeed } from "../enterprises/index.ts";
import type { Migration } from "../platform/db/migrations.ts";
import type { Logger } from "../platform/logger.ts";
import type { SearchIndex } from "../platform/search/index.ts";
import type { CategoryService, ProductSearchFeed } from "../products/index.ts";
import { createCatalogSearch } from "./catalog-search.service.ts";
import { searchSyncStateModel } from "./search-sync-state.model.ts";
import { createSearchSync } from "./search-sync.ts";

export type CatalogAreaDeps = {
  connection: Connection;
  index: SearchIndex;
  products: ProductSearchFeed;
  enterprises: EnterpriseSearchFeed;
  categories: Pick<CategoryService, "list">;
  logger: Logger;
};

/** The catalog area: buyers' search over the index, and the sync that keeps the index in step (its own read positions). */
export function createCatalogArea(deps: CatalogAreaDeps) {
  const states = searchSyncStateModel(deps.connection);
  return {
    search: createCatalogSearch({ index: deps.index, categories: deps.categories }),
    // server.ts: `start()` before listening, `stop()` on shutdown; listing writes call `notify` so the index follows at once.
    sync: createSearchSync({ products: deps.products, enterprises: deps.enterprises, categories: deps.categories, states, index: deps.index, logger: deps.logger }),
    migrations: [] as Migration[],
    init: () => states.init(),
  };
}

export type CatalogArea = ReturnType<typeof createCatalogArea>;

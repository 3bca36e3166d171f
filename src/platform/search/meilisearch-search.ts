import { Meilisearch } from "meilisearch";
import { foldVietnamese } from "./fold.ts";
import type { ProductSearchDocument, SearchIndex } from "./search-index.ts";

const TASK_TIMEOUT_MS = 30_000;

/**
 * The Meilisearch adapter, through the official client. Documents carry folded copies of their
 * text next to the original so that "đ" folds to "d" exactly as in the embedded engine.
 */
export function createMeilisearchSearch(options: { host: string; apiKey?: string; indexPrefix: string }): SearchIndex {
  const client = new Meilisearch({ host: options.host, apiKey: options.apiKey });
  const productsUid = `${options.indexPrefix}products`;
  const products = client.index<ProductSearchDocument & { folded: string }>(productsUid);
  const withFolded = (doc: ProductSearchDocument) => ({
    ...doc,
    folded: foldVietnamese([doc.name, doc.category, doc.enterpriseName, doc.description].join(" ")),
  });

  return {
    engine: "meilisearch",
    async init() {
      await client.createIndex(productsUid, { primaryKey: "id" }).waitTask({ timeout: TASK_TIMEOUT_MS }).catch(() => undefined);
      const task = await products
        .updateSettings({ searchableAttributes: ["name", "category", "enterpriseName", "folded", "description"] })
        .waitTask({ timeout: TASK_TIMEOUT_MS });
      if (task.status === "failed") throw new Error(`Meilisearch settings failed: ${task.error?.message}`);
    },
    async health() {
      const { status } = await client.health();
      if (status !== "available") throw new Error(`Meilisearch reports ${status}`);
    },
    async upsertProducts(documents) {
      const task = await products.addDocuments(documents.map(withFolded)).waitTask({ timeout: TASK_TIMEOUT_MS });
      if (task.status === "failed") throw new Error(`Meilisearch indexing failed: ${task.error?.message}`);
    },
    async removeProducts(ids) {
      const task = await products.deleteDocuments(ids).waitTask({ timeout: TASK_TIMEOUT_MS });
      if (task.status === "failed") throw new Error(`Meilisearch deletion failed: ${task.error?.message}`);
    },
    async searchProducts({ q, page, perPage }) {
      const result = await products.search(foldVietnamese(q), { page, hitsPerPage: perPage, attributesToRetrieve: ["id"] });
      return { ids: result.hits.map((hit) => hit.id), total: result.totalHits ?? 0 };
    },
    async close() {},
  };
}

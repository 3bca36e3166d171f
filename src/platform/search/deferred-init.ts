import type { Logger } from "../logger.ts";
import type { SearchIndex } from "./search-index.ts";

/**
 * Opens a search index whose server may be down at start-up: `init()` is tried once here and, on
 * failure, logged and retried before each later use (at most every `retryMs`), so the app starts,
 * `/healthz` reports search down, writes still succeed, and the sync worker catches up once the
 * server answers and its settings are applied.
 */
export async function openWithDeferredInit(index: SearchIndex, logger: Logger, retryMs = 5_000): Promise<SearchIndex> {
  let ready = false;
  let lastError: unknown = null;
  let lastTry = 0;
  let pending: Promise<void> | null = null;

  async function ensure(): Promise<void> {
    if (ready) return;
    if (Date.now() - lastTry < retryMs && lastError) throw lastError;
    pending ??= index
      .init()
      .then(() => {
        ready = true;
        lastError = null;
        logger.info({ engine: index.engine }, "search index reachable again; settings applied");
      })
      .catch((error: unknown) => {
        lastError = error;
        throw error;
      })
      .finally(() => {
        lastTry = Date.now();
        pending = null;
      });
    await pending;
  }

  try {
    await index.init();
    return index;
  } catch (error) {
    lastError = error;
    lastTry = Date.now();
    logger.warn({ err: error, engine: index.engine }, "search index unreachable at start-up; search answers 503 until it returns, writes go on");
  }

  const after = <A extends unknown[], R>(work: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    await ensure();
    return work(...args);
  };
  return {
    engine: index.engine,
    init: ensure,
    health: () => index.health(),
    upsertProducts: after((documents) => index.upsertProducts(documents)),
    openBulkLoad: after(() => index.openBulkLoad()),
    removeProducts: after((ids) => index.removeProducts(ids)),
    upsertEnterprises: after((entries) => index.upsertEnterprises(entries)),
    searchProducts: after((query) => index.searchProducts(query)),
    suggest: after((q, limit) => index.suggest(q, limit)),
    clear: after(() => index.clear()),
    getMeta: after((key) => index.getMeta(key)),
    setMeta: after((key, value) => index.setMeta(key, value)),
    stats: after(() => index.stats()),
    close: () => index.close(),
  };
}

import { randomUUID } from "node:crypto";
import type { EnterpriseFeedItem, EnterpriseSearchFeed } from "../enterprises/index.ts";
import type { Logger } from "../platform/logger.ts";
import type { ProductSearchDocument, SearchIndex } from "../platform/search/index.ts";
import type { CategoryService, ProductSearchFeed, SearchFeedItem } from "../products/index.ts";
import { buildSearchDocument, enterpriseEntry, type CategoryInfo } from "./search-document.ts";
import type { SearchSyncStateModel } from "./search-sync-state.model.ts";
import { createWatermarks, type Watermark } from "./search-sync-watermark.ts";

export type SearchSyncDeps = {
  /** The products area's feed of listings (public views and versions) and its indexed marks. */
  products: ProductSearchFeed;
  enterprises: EnterpriseSearchFeed;
  categories: Pick<CategoryService, "list">;
  states: SearchSyncStateModel;
  index: SearchIndex;
  logger: Logger;
  /** Pause between polls (ms). */
  intervalMs?: number;
  batchSize?: number;
  /** Writes newer than this are re-read on the next reconciliation, in case app servers' clocks differ. */
  skewMs?: number;
  /** How often a poll also reconciles: reads every listing written since its watermark (a scan on FerretDB). */
  reconcileEveryMs?: number;
};

/**
 * Keeps the search index in step with MongoDB without transactions (DESIGN.md), reading the
 * products and enterprises areas' feeds (it never touches their collections). Products: a
 * searchable change bumps `searchVersion` in the same write and then inserts an outbox entry
 * (product-search-changes.ts); each poll reads the outbox — a handful of small documents, whatever
 * the catalogue's size — reads those listings by `_id` (FerretDB's primary key), pushes the dirty
 * ones (FerretDB cannot compare two fields, so `searchVersion > indexedVersion` is checked here),
 * sets `indexedVersion` to the version it pushed only if it is still current, and deletes the
 * entries. At start and every `reconcileEveryMs`, a poll also reconciles: it reads the listings
 * written since its watermark (a scan of the products on FerretDB, 21–26 s at 100,000), the safety
 * net for a write whose outbox entry was lost (a crash between the two writes).
 * Enterprises the same way: their outbox each poll, their `updatedAt` watermark when reconciling;
 * their visibility, name and place go to the index's enterprise records, never as writes to
 * thousands of products. An index outage leaves the outbox entries, watermarks and dirty marks
 * where they are: nothing is lost, the next poll retries.
 */
export function createSearchSync(deps: SearchSyncDeps) {
  const { products, enterprises, categories, states, index, logger } = deps;
  const intervalMs = deps.intervalMs ?? 1_000;
  const batchSize = deps.batchSize ?? 500;
  const skewMs = deps.skewMs ?? 2_000;
  const reconcileEveryMs = deps.reconcileEveryMs ?? 15 * 60_000;
  /** When this process last reconciled (0: not yet, so its first poll does). */
  let reconciledAt = 0;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  let wakeRequested = false;
  const status = { lag: 0, lagIsLowerBound: false, lastError: null as string | null, lastSyncAt: null as Date | null };

  async function categoryMap(): Promise<Map<string, CategoryInfo>> {
    return new Map((await categories.list()).map((category) => [category.slug, { parent: category.parent, name: category.name }]));
  }

  const { watermark, saveWatermark, nextMark, lastOf } = createWatermarks(states, skewMs);

  async function enterprisesById(ids: string[]): Promise<Map<string, EnterpriseFeedItem>> {
    if (ids.length === 0) return new Map();
    return new Map((await enterprises.byIds(ids)).map((item) => [item.id, item]));
  }

  /** The highest `searchVersion` this process has pushed, per product. */
  const pushedVersions = new Map<string, number>();

  /** Builds and pushes documents for `docs`; returns nothing, throws when the index refuses. */
  async function push(docs: SearchFeedItem[]): Promise<void> {
    if (docs.length === 0) return;
    const owners = await enterprisesById([...new Set(docs.map((doc) => doc.enterpriseId))]);
    const map = await categoryMap();
    const upserts: ProductSearchDocument[] = [];
    const removals: string[] = [];
    for (const doc of docs) {
      const built = buildSearchDocument(doc, owners.get(doc.enterpriseId), map);
      if (built) upserts.push(built);
      else removals.push(doc.id);
    }
    if (owners.size > 0) await index.upsertEnterprises([...owners.values()].map(enterpriseEntry));
    // No await between this check and the writes: a read that finishes late (the poll's batch, an
    // earlier notify) never overwrites a newer version another path has already pushed.
    const newer = (doc: SearchFeedItem) => (pushedVersions.get(doc.id) ?? 0) > doc.searchVersion;
    const stale = new Set(docs.filter(newer).map((doc) => doc.id));
    if (pushedVersions.size > 100_000) pushedVersions.clear();
    for (const doc of docs) if (!stale.has(doc.id)) pushedVersions.set(doc.id, doc.searchVersion);
    await index.upsertProducts(upserts.filter((doc) => !stale.has(doc.id)));
    await index.removeProducts(removals.filter((id) => !stale.has(id)));
  }

  const markIndexed = (docs: SearchFeedItem[]) => products.markIndexed(docs);

  type Position = { read: number; last: Watermark | null };

  /**
   * One batch of products read from `from`. The saved watermark only passes writes older than the
   * clock skew; `last` lets the same run go on past younger ones without reading them twice.
   */
  async function syncProducts(from: Watermark): Promise<Position> {
    const docs = await products.changedSince(from, batchSize);
    const dirty = docs.filter((doc) => doc.searchVersion > doc.indexedVersion);
    status.lag = dirty.length;
    status.lagIsLowerBound = docs.length === batchSize;
    await push(dirty);
    await markIndexed(dirty);
    status.lag = 0;
    const next = nextMark(docs);
    if (next) await saveWatermark("products", next);
    return { read: docs.length, last: lastOf(docs) };
  }

  /** One batch of the outbox: the listings named, pushed when dirty, then the entries deleted. Returns the entries read. */
  async function syncChanges(): Promise<number> {
    const entries = await products.pendingChanges(batchSize);
    if (entries.length === 0) return 0;
    const docs = await products.byIds([...new Set(entries.map((entry) => entry.ref))]);
    const dirty = docs.filter((doc) => doc.searchVersion > doc.indexedVersion);
    status.lag = dirty.length;
    status.lagIsLowerBound = entries.length === batchSize;
    await push(dirty);
    await markIndexed(dirty);
    status.lag = 0;
    await products.clearChanges(entries.map((entry) => entry.id));
    return entries.length;
  }

  /** One batch of the enterprises' outbox: those enterprises' records pushed, then the entries deleted. */
  async function syncEnterpriseChanges(): Promise<number> {
    const entries = await enterprises.pendingChanges(batchSize);
    if (entries.length === 0) return 0;
    const docs = await enterprises.byIds([...new Set(entries.map((entry) => entry.ref))]);
    if (docs.length > 0) await index.upsertEnterprises(docs.map(enterpriseEntry));
    await enterprises.clearChanges(entries.map((entry) => entry.id));
    return entries.length;
  }

  async function syncEnterprises(from: Watermark): Promise<Position> {
    const docs = await enterprises.changedSince(from, batchSize);
    if (docs.length > 0) await index.upsertEnterprises(docs.map(enterpriseEntry));
    const next = nextMark(docs);
    if (next) await saveWatermark("enterprises", next);
    return { read: docs.length, last: lastOf(docs) };
  }

  async function drain(name: string, step: (from: Watermark) => Promise<Position>): Promise<void> {
    let from = await watermark(name);
    for (let rounds = 0; rounds < 1000; rounds++) {
      const { read, last } = await step(from);
      if (read < batchSize || !last) return;
      from = last;
    }
  }

  /**
   * Products first, then enterprises: a suspension read after a product batch always lands after it.
   * `reconcile` forces the full read of the products written since the watermark (otherwise due at
   * a process's first poll and every `reconcileEveryMs`).
   */
  async function runOnce(options: { reconcile?: boolean } = {}): Promise<void> {
    try {
      for (let rounds = 0; rounds < 1000 && (await syncChanges()) === batchSize; rounds++);
      const reconciling = options.reconcile || Date.now() - reconciledAt >= reconcileEveryMs;
      const started = Date.now();
      if (reconciling) await drain("products", syncProducts);
      for (let rounds = 0; rounds < 1000 && (await syncEnterpriseChanges()) === batchSize; rounds++);
      if (reconciling) {
        await drain("enterprises", syncEnterprises);
        reconciledAt = started;
      }
      status.lastError = null;
      status.lastSyncAt = new Date();
    } catch (error) {
      status.lastError = error instanceof Error ? error.message : String(error);
      logger.warn({ err: error }, "search sync failed; the dirty marks stay and the next poll retries");
      throw error;
    }
  }

  /** The token naming this database's data; the index records which token it was built from. */
  async function sourceToken(): Promise<string> {
    const existing = await states.findById("source").lean();
    if (existing?.value) return existing.value;
    try {
      await states.create({ _id: "source", value: randomUUID() });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    return (await states.findById("source").lean())!.value;
  }

  /** Rebuilds the index from MongoDB: every enterprise, then every public listing in batches. */
  async function rebuild(onProgress?: (done: number, total: number) => void): Promise<{ products: number; enterprises: number }> {
    const startedAt = new Date(Date.now() - skewMs);
    const token = await sourceToken();
    await index.clear();
    const allEnterprises = await enterprises.all();
    for (let i = 0; i < allEnterprises.length; i += 1000) await index.upsertEnterprises(allEnterprises.slice(i, i + 1000).map(enterpriseEntry));
    const owners = new Map(allEnterprises.map((doc) => [doc.id, doc]));
    const map = await categoryMap();
    const total = await products.countCandidates();
    let done = 0;
    let indexed = 0;
    let batch: ProductSearchDocument[] = [];
    // Batches are handed over as they are built; Meilisearch indexes them while MongoDB is read.
    const bulk = await index.openBulkLoad();
    const flush = async () => {
      await bulk.add(batch);
      indexed += batch.length;
      batch = [];
    };
    for await (const doc of products.candidates()) {
      const built = buildSearchDocument(doc, owners.get(doc.enterpriseId), map);
      if (built) batch.push(built);
      done += 1;
      if (batch.length >= 1000) await flush();
      if (done % 1000 === 0) onProgress?.(done, total);
    }
    await flush();
    await bulk.finish();
    onProgress?.(done, total);
    await saveWatermark("products", { at: startedAt, lastId: "" });
    reconciledAt = startedAt.getTime();
    await saveWatermark("enterprises", { at: startedAt, lastId: "" });
    await index.setMeta("source", token);
    return { products: indexed, enterprises: allEnterprises.length };
  }

  /** At start-up: a rebuild when the index was not built from this database, else the incremental catch-up. */
  async function catchUp(): Promise<"rebuilt" | "incremental"> {
    const token = await sourceToken();
    if ((await index.getMeta("source")) !== token) {
      const counts = await rebuild();
      logger.info(counts, "search index rebuilt from MongoDB");
      return "rebuilt";
    }
    await runOnce();
    return "incremental";
  }

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(tick, delay);
    timer.unref();
  }

  /**
   * The next poll waits at least `intervalMs`, and twice as long as the last poll took: a
   * reconciling poll scans the products on FerretDB (tens of seconds at 100,000), and back-to-back
   * scans would starve the writers.
   */
  function tick() {
    timer = null;
    wakeRequested = false;
    const started = Date.now();
    running = runOnce()
      .catch(() => undefined)
      .finally(() => {
        running = null;
        schedule(wakeRequested ? 0 : Math.max(intervalMs, 2 * (Date.now() - started)));
      });
  }

  return {
    runOnce,
    /** A poll that reconciles now (what start-up and every `reconcileEveryMs` do). */
    reconcile: () => runOnce({ reconcile: true }),
    rebuild,
    catchUp,
    /** Catches the index up (rebuilding it if needed), then polls every `intervalMs`. Never throws: an index outage is retried. */
    async start(): Promise<void> {
      if (!stopped) return;
      stopped = false;
      running = catchUp()
        .then(() => undefined)
        .catch((error: unknown) => logger.warn({ err: error }, "search catch-up failed; the sync worker will retry"));
      await running;
      running = null;
      if (!stopped && !timer) schedule(intervalMs);
    },
    /** Stops polling and waits for a run in progress. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
    /**
     * Fast path after a write: indexes these products now, read by `_id` (cheap on FerretDB, where a
     * poll scans the collection). The poll stays the safety net: it finds them clean later.
     */
    async notify(ids: string[]): Promise<void> {
      const docs = await products.byIds(ids);
      const dirty = docs.filter((doc) => doc.searchVersion > doc.indexedVersion);
      if (dirty.length === 0) return;
      await push(dirty);
      // Visible now. The mark is bookkeeping: if it fails (FerretDB answers SQLITE_BUSY under concurrent writes), the poll marks later.
      await markIndexed(dirty).catch((error: unknown) => logger.warn({ err: error }, "marking indexed products failed; the next poll retries"));
    },
    /** Asks for a poll now (e.g. right after a write), instead of at the next interval. */
    wake(): void {
      if (stopped) return;
      if (timer) {
        clearTimeout(timer);
        tick();
      } else wakeRequested = true;
    },
    /** Changes read but not yet indexed (at least this many when `lowerBound`), and the last failure. */
    lag() {
      return { ...status };
    },
  };
}

export type SearchSync = ReturnType<typeof createSearchSync>;

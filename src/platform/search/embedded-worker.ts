/**
 * A search worker (worker thread) of the embedded engine: its own read-only connection to the
 * index file and its own copy of the columns, kept current by the changes the engine's writer
 * posts after each commit. Messages arrive in the order posted, so a search posted after a write
 * was acknowledged is answered after that write's change is applied.
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { createIndexReader, type IndexChange } from "./embedded-reader.ts";
import type { ProductSearchQuery } from "./search-index.ts";

export type WorkerRequest =
  | { kind: "change"; change: IndexChange }
  | { kind: "search"; id: number; query: ProductSearchQuery };

const port = parentPort!;
const db = new Database((workerData as { file: string }).file, { readonly: true, fileMustExist: true });
db.pragma("mmap_size = 268435456");
db.pragma("cache_size = -32768");
db.pragma("busy_timeout = 5000");
const reader = createIndexReader(db);
reader.load();

port.on("message", (message: WorkerRequest) => {
  if (message.kind === "change") {
    reader.apply(message.change);
    return;
  }
  try {
    port.postMessage({ id: message.id, result: reader.search(message.query) });
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
port.postMessage({ ready: true });

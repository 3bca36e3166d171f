import { Worker } from "node:worker_threads";
import type { IndexChange, RawSearchResult } from "./embedded-reader.ts";
import type { WorkerRequest } from "./embedded-worker.ts";
import type { ProductSearchQuery } from "./search-index.ts";

const WORKER_URL = new URL("./embedded-worker.ts", import.meta.url).href;
/**
 * The app runs its TypeScript through tsx, whose loader a worker thread does not inherit (nor
 * take from `execArgv` on Node 20): the worker registers it before importing its module.
 */
const WORKER_BOOTSTRAP = WORKER_URL.endsWith(".ts")
  ? `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}); });`
  : `import(${JSON.stringify(WORKER_URL)});`;

type Pending = { resolve: (result: RawSearchResult) => void; reject: (error: Error) => void };
type Member = { worker: Worker; pending: Map<number, Pending>; ready: Promise<void> };
type Reply = { ready: true } | { id: number; result: RawSearchResult } | { id: number; error: string };

/**
 * Search workers over one index file (embedded-worker.ts): searches go to the worker with the
 * fewest in flight; every committed write's change goes to all, before any later search. A worker
 * that dies is dropped (its searches fail); with none left, `search` returns null and the engine
 * answers in-process. `close` terminates them all, so nothing keeps the process alive.
 */
export function createSearchPool(file: string, size: number) {
  const members: Member[] = [];
  let nextId = 1;

  function spawn(): Member {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { file } });
    const pending = new Map<number, Pending>();
    let started: () => void = () => {};
    let failed: (error: Error) => void = () => {};
    const member: Member = { worker, pending, ready: new Promise<void>((resolve, reject) => ((started = resolve), (failed = reject))) };
    const fail = (error: Error) => {
      failed(error);
      const at = members.indexOf(member);
      if (at >= 0) members.splice(at, 1);
      for (const entry of pending.values()) entry.reject(error);
      pending.clear();
    };
    // Awaited by `ready()` when the engine starts; a worker that fails earlier must not be an unhandled rejection.
    member.ready.catch(() => {});
    worker.on("message", (reply: Reply) => {
      if ("ready" in reply) return started();
      const entry = pending.get(reply.id);
      pending.delete(reply.id);
      if ("error" in reply) entry?.reject(new Error(reply.error));
      else entry?.resolve(reply.result);
    });
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`search worker exited (code ${code})`)));
    return member;
  }

  for (let i = 0; i < size; i++) members.push(spawn());

  return {
    /** Resolves once every worker has loaded its columns; throws if one could not start. */
    ready: () => Promise.all(members.map((member) => member.ready)).then(() => undefined),
    size: () => members.length,
    broadcast(change: IndexChange) {
      const message: WorkerRequest = { kind: "change", change };
      for (const member of members) member.worker.postMessage(message);
    },
    search(query: ProductSearchQuery): Promise<RawSearchResult> | null {
      let best: Member | undefined;
      for (const member of members) if (!best || member.pending.size < best.pending.size) best = member;
      if (!best) return null;
      const id = nextId++;
      const target = best;
      return new Promise<RawSearchResult>((resolve, reject) => {
        target.pending.set(id, { resolve, reject });
        target.worker.postMessage({ kind: "search", id, query } satisfies WorkerRequest);
      });
    },
    async close() {
      const all = members.splice(0);
      await Promise.all(all.map((member) => member.worker.terminate()));
    },
  };
}

export type SearchPool = ReturnType<typeof createSearchPool>;

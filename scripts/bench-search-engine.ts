/**
 * One engine's rows of the search benchmark (scripts/bench-search.ts), over the app assembled on
 * it: the rebuild from MongoDB, the engine alone one query at a time, the HTTP endpoint under
 * autocannon at 8 and 32 connections (answer cache off; and on, for the embedded engine), a bare
 * route in the same server, and update → visible through the notify path.
 */
import type { AddressInfo } from "node:net";
// @ts-expect-error autocannon ships no type declarations
import autocannonUntyped from "autocannon";
import express, { type Express } from "express";
import { trusted } from "mongoose";
import { normalize, searchParamsSchema } from "../src/catalog/search.schemas.ts";
import type { Services } from "../src/composition.ts";
import type { EmbeddedSearchIndex } from "../src/platform/search/embedded-search.ts";
import { searchable } from "../src/products/product-search-changes.ts";
import type { BenchEnterprise } from "./bench-search-catalogue.ts";
import { QUERIES } from "./bench-search-data.ts";
import type { storedModels } from "./stored-models.ts";

type LoadResult = { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number };
const autocannon = autocannonUntyped as (options: {
  url: string;
  connections: number;
  duration: number;
  requests: { method: "GET"; path: string }[];
}) => Promise<LoadResult>;

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
export const ms = (n: number) => `${n.toFixed(1)} ms`;

type Latency = { rate: number; p50: number; p99: number };
export type EngineFigures = { rebuildS: number; engine: Latency; http8: Latency; http32: Latency; visibleP99: number; load: string };

export type EngineBench = {
  name: string;
  /** Tells this engine's update tokens from the other's (both run on the same MongoDB documents). */
  label: string;
  app: Express;
  services: Services;
  models: ReturnType<typeof storedModels>;
  enterprises: BenchEnterprise[];
  seconds: number;
  updates: number;
  say: (line: string) => void;
  loadAverage: () => string;
};

export async function measureEngine(bench: EngineBench): Promise<EngineFigures> {
  const { services, say, seconds } = bench;
  const load = bench.loadAverage();
  let started = Date.now();
  const counts = await services.searchSync.rebuild();
  const rebuildS = (Date.now() - started) / 1000;
  const stats = await services.search.stats();
  say(`[${bench.name}] index rebuild from MongoDB: ${rebuildS.toFixed(1)} s for ${counts.products.toLocaleString("en")} public listings` +
    (stats.bytes ? `; index file ${(stats.bytes / 1048576).toFixed(0)} MiB` : "") + `; load average ${load}`);

  const embedded = services.search as Partial<EmbeddedSearchIndex>;
  const setCache = (entries: number) => embedded.setCacheSize?.(entries);
  const parsed = QUERIES.map((query) => normalize(searchParamsSchema.parse(query)));
  const engineAlone = async (label: string): Promise<Latency> => {
    for (const query of parsed) await services.search.searchProducts({ ...query, facets: true }); // warm-up
    const times: number[] = [];
    const perQuery = new Map<number, number[]>();
    const start = process.hrtime.bigint();
    while (Number(process.hrtime.bigint() - start) / 1e9 < Math.max(3, seconds / 2)) {
      for (const [i, query] of parsed.entries()) {
        const t0 = process.hrtime.bigint();
        await services.search.searchProducts({ ...query, facets: true });
        const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
        times.push(elapsed);
        perQuery.set(i, [...(perQuery.get(i) ?? []), elapsed]);
      }
    }
    const rate = times.length / (Number(process.hrtime.bigint() - start) / 1e9);
    times.sort((a, b) => a - b);
    const figures = { rate, p50: percentile(times, 50), p99: percentile(times, 99) };
    say(`[${bench.name}] engine alone, ${label}: ${rate.toFixed(0)} queries/s (one at a time), p50 ${ms(figures.p50)}, p99 ${ms(figures.p99)}`);
    const slowest = [...perQuery.entries()].map(([i, list]) => [i, list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!] as const).sort((a, b) => b[1] - a[1]).slice(0, 5);
    say(`  slowest queries (median): ${slowest.map(([i, t]) => `${JSON.stringify(QUERIES[i])} ${ms(t)}`).join("; ")}`);
    return figures;
  };
  setCache(0);
  const engine = await engineAlone("cache off");
  if (embedded.setCacheSize) {
    setCache(500);
    await engineAlone("cache on (the mix repeats: answers after the first round)");
  }

  // HTTP: the real app's endpoint and a bare route in the same server.
  const outer = express();
  outer.get("/bare", (_req, res) => {
    res.json({ ok: true });
  });
  outer.use(bench.app);
  const server = outer.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const paths = QUERIES.map((query) => `/api/v1/search/products?${new URLSearchParams(query)}`);
  const check = await fetch(base + paths[0]);
  if (check.status !== 200) throw new Error(`the endpoint answers ${check.status}: ${await check.text()}`);
  const run = (requests: string[], connections: number) =>
    autocannon({ url: base, connections, duration: seconds, requests: requests.map((p) => ({ method: "GET" as const, path: p })) });
  const line = (result: LoadResult) =>
    `${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors + result.non2xx}`;
  const http: Record<number, Latency> = {};
  for (const connections of [8, 32]) {
    setCache(0);
    const uncached = await run(paths, connections);
    http[connections] = { rate: uncached.requests.average, p50: uncached.latency.p50, p99: uncached.latency.p99 };
    say(`[${bench.name}] HTTP ${connections} connections, answer cache off: ${line(uncached)} (load average ${bench.loadAverage()})`);
    if (embedded.setCacheSize) {
      setCache(500);
      say(`[${bench.name}] HTTP ${connections} connections, answer cache on: ${line(await run(paths, connections))}`);
    }
    say(`[${bench.name}] HTTP ${connections} connections, bare route: ${line(await run(["/bare"], connections))}`);
  }
  setCache(0);
  // The app's own cost per request (middleware, validation, JSON) with next to no search work: a query that matches nothing.
  say(`[${bench.name}] HTTP 8 connections, an empty result (q=xyzzy; the app's middleware, validation and JSON alone): ${line(await run(["/api/v1/search/products?q=xyzzy"], 8))}`);
  await new Promise((resolve) => server.close(resolve));
  setCache(500);

  started = Date.now();
  const visibleP99 = await visibleAfter(bench);
  say(`  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  return { rebuildS, engine, http8: http[8]!, http32: http[32]!, visibleP99, load };
}

/** Update → visible through notify: writes one after another (FerretDB serializes writes anyway); each is watched until it is searchable. */
async function visibleAfter({ name, label, services, models, enterprises, updates, say }: EngineBench): Promise<number> {
  const targets = await models.products.find({ status: "published", enterpriseId: trusted({ $in: enterprises.filter((e) => e.status === "verified").slice(0, 100).map((e) => e._id) }) }, { _id: 1 }).limit(updates).lean();
  const afterWrite: number[] = [];
  const writes: number[] = [];
  const notifyErrors: string[] = [];
  const watchers: Promise<void>[] = [];
  for (const [i, target] of targets.entries()) {
    // Tokens two edits apart from each other's, so typo tolerance cannot find an earlier one.
    const token = `zq${label}${i}${label}q`;
    const t0 = Date.now();
    for (;;) {
      try {
        // As the listing service writes: the searchable update, then its outbox entry.
        await models.products.updateOne({ _id: target._id }, searchable({ $set: { "name.en": token } }));
        await models.productChanges.create({ ref: target._id });
        break;
      } catch (error) {
        // FerretDB's SQLite refuses a write now and then while another holds the file: retried, as the app's writes are.
        if (!/SQLITE_BUSY|locked/.test(String(error))) throw error;
      }
    }
    const written = Date.now();
    writes.push(written - t0);
    // The notify call returns after marking indexedVersion (a slow FerretDB write); visibility comes before that.
    watchers.push(services.searchSync.notify([target._id.toString()]).catch((error: unknown) => void notifyErrors.push(String(error))));
    watchers.push(
      (async () => {
        for (;;) {
          const found = await services.search.searchProducts({ q: token, page: 1, perPage: 1, facets: false });
          if (found.total > 0) break;
          if (Date.now() - t0 > 300_000) throw new Error(`update ${i} not visible after 5 minutes`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        afterWrite.push(Date.now() - written);
      })(),
    );
  }
  await Promise.all(watchers);
  for (const list of [afterWrite, writes]) list.sort((a, b) => a - b);
  say(`[${name}] update → visible, notify path, ${targets.length} updates: after the write p50 ${percentile(afterWrite, 50)} ms, p99 ${percentile(afterWrite, 99)} ms; ` +
    `the FerretDB write itself p50 ${percentile(writes, 50)} ms, p99 ${percentile(writes, 99)} ms` +
    (notifyErrors.length ? `; ${notifyErrors.length} notify calls failed (${notifyErrors[0]!.slice(0, 80)})` : ""));
  return percentile(afterWrite, 99);
}

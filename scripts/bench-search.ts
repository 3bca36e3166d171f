/**
 * npm run bench:search — the search benchmark of issue 5 (not a test; takes a few minutes).
 *
 * Generates 100,000 products of 2,000 enterprises into an embedded FerretDB in a temporary folder,
 * builds the search index from MongoDB (the sync worker's rebuild) and, in the same run, measures:
 * the engine alone (a mix of 50 queries in-process), GET /api/v1/search/products of the real app
 * with autocannon at 8 and 32 connections, a bare Express route in the same server (baseline) —
 * the engine and the endpoint each with the engine's answer cache off and on —
 * and the time from a product update to its visibility in search (poll path and notify path).
 * BENCH_PRODUCTS / BENCH_ENTERPRISES / BENCH_SECONDS shrink it for a quick look.
 */
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
// @ts-expect-error autocannon ships no type declarations
import autocannonUntyped from "autocannon";
import express from "express";
import { trusted, Types } from "mongoose";
import { normalize, searchParamsSchema } from "../src/catalog/search.schemas.ts";
import { assemble } from "../src/composition.ts";
import { loadConfig } from "../src/config.ts";
import { PROVINCE_COMMUNES } from "../src/enterprises/communes.ts";
import { openInfrastructure } from "../src/infrastructure.ts";
import { createLogger } from "../src/platform/logger.ts";
import { createEmbeddedSearch, type EmbeddedSearchIndex } from "../src/platform/search/embedded-search.ts";
import { REFERENCE_CATEGORIES as DEMO_CATEGORIES } from "../src/products/reference/category-taxonomy.ts";
import { searchable } from "../src/products/product-search-changes.ts";
import { storedModels } from "./stored-models.ts";
import { CERTS, KINDS, PLACES, QUALITIES, QUERIES, SENTENCES, TRADES, UNITS } from "./bench-search-data.ts";

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const ENTERPRISES = Number(process.env.BENCH_ENTERPRISES ?? 2_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

type LoadResult = { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number };
const autocannon = autocannonUntyped as (options: {
  url: string;
  connections: number;
  duration: number;
  requests: { method: "GET"; path: string }[];
}) => Promise<LoadResult>;

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;

/** BENCH_ENGINE_ONLY=1: the engine alone on generated documents (no MongoDB), for profiling. */
async function engineOnly() {
  // BENCH_ENGINE_DIR keeps the built index between runs (for iterating on the engine).
  const keep = process.env.BENCH_ENGINE_DIR;
  const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), "bench-engine-"));
  if (keep) fs.mkdirSync(keep, { recursive: true });
  const index = createEmbeddedSearch(path.join(dir, "search.sqlite"), { cacheSize: 0 });
  const reuse = keep !== undefined && (await index.stats()).products > 0;
  const leaves = DEMO_CATEGORIES.filter((category) => category.parent);
  const enterprises = Array.from({ length: ENTERPRISES }, (_, i) => ({
    id: `e${i}`, slug: `dn-${i}`, name: `${pick(KINDS)} ${pick(TRADES)} ${pick(PLACES)} ${i}`, visible: i % 50 !== 0,
    commune: pick(PROVINCE_COMMUNES), location: { lat: 12.8 + random() * 1.7, lng: 107.6 + random() * 1.7 },
  }));
  if (!reuse) await index.upsertEnterprises(enterprises);
  const started = Date.now();
  for (let i = 0; i < (reuse ? 0 : PRODUCTS); i += 1000) {
    await index.upsertProducts(Array.from({ length: 1000 }, (_, k) => {
      const n = i + k;
      const category = pick(leaves);
      const enterprise = enterprises[n % ENTERPRISES]!;
      const base = 10_000 + Math.floor(random() * 200) * 5_000;
      return {
        id: `p${n}`, slug: `sp-${n}`, name: { vi: `${category.name.vi} ${pick(QUALITIES)} ${pick(PLACES)}`, en: `${category.name.en} ${n}` },
        description: { vi: `${pick(SENTENCES)} ${pick(SENTENCES)} ${pick(SENTENCES)}`, en: "" },
        category: category.slug, categoryParent: category.parent, categoryName: category.name,
        enterpriseId: enterprise.id, enterpriseName: enterprise.name, enterpriseSlug: enterprise.slug, commune: enterprise.commune, location: enterprise.location,
        ocopStars: random() < 0.15 ? 3 + Math.floor(random() * 3) : 0, certifications: random() < 0.3 ? [pick(CERTS)] : [], madeInVietnam: random() < 0.95,
        price: base, priceMin: Math.round(base * 0.9), priceMax: base, unit: pick(UNITS), minOrderQty: 1 + Math.floor(random() * 200), inStock: random() > 0.2,
        publishedAt: Date.now() - Math.floor(random() * 365 * 86_400_000), imageUrl: null,
      };
    }));
  }
  console.log(`engine build ${((Date.now() - started) / 1000).toFixed(1)} s, ${mib((await index.stats()).bytes ?? 0)}, RSS ${mib(process.memoryUsage().rss)}`);
  const parsed = QUERIES.map((query) => normalize(searchParamsSchema.parse(query)));
  const times: [number, number][] = [];
  for (let round = 0; round < 3; round++) {
    for (const [i, query] of parsed.entries()) {
      const t0 = process.hrtime.bigint();
      await index.searchProducts({ ...query, facets: true });
      if (round > 0) times.push([i, Number(process.hrtime.bigint() - t0) / 1e6]);
    }
  }
  const all = times.map(([, t]) => t).sort((a, b) => a - b);
  console.log(`p50 ${ms(percentile(all, 50))} p99 ${ms(percentile(all, 99))}`);
  console.log(times.filter(([, t]) => t > 10).slice(0, 60).map(([i, t]) => `${JSON.stringify(QUERIES[i])} ${ms(t)}`).join("\n"));
  await runTogether(index, async () => index.upsertProducts([]));
  await index.close();
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * What splitting run-together syllables costs (issue 13, part 5): each pair typed together and
 * apart, engine alone with its answer cache off. "cold" follows a write (which drops the splits
 * found), so the split is searched again; "warm" reuses it.
 */
async function runTogether(index: { searchProducts: EmbeddedSearchIndex["searchProducts"] }, write: () => Promise<unknown>) {
  const pairs = [["caphe", "ca phe"], ["hotieu", "ho tieu"], ["hatdieu", "hat dieu"], ["matong", "mat ong"], ["xuatkhau", "xuat khau"], ["dacsan", "dac san"], ["huuco", "huu co"], ["thuonghang", "thuong hang"]];
  const time = async (q: string) => {
    const t0 = process.hrtime.bigint();
    const { total } = await index.searchProducts({ q, page: 1, perPage: 20, facets: true, sort: "relevance" });
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, total };
  };
  const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  const lines: string[] = [];
  for (const [together, apart] of pairs) {
    const cold: number[] = [];
    const warm: number[] = [];
    const spaced: number[] = [];
    let totals = "";
    for (let round = 0; round < 7; round++) {
      await write();
      const first = await time(together!);
      cold.push(first.ms);
      warm.push((await time(together!)).ms);
      const other = await time(apart!);
      spaced.push(other.ms);
      totals = `${first.total}/${other.total}`;
    }
    lines.push(`  "${together}" cold ${ms(median(cold))}, warm ${ms(median(warm))} | "${apart}" ${ms(median(spaced))} (hits ${totals})`);
  }
  console.log(`Run-together syllables, median of 7 (split found after a write / reused / the spaced query):\n${lines.join("\n")}`);
}

/**
 * The database time the sync spends per idle minute (issue 13, part 6), before and after the
 * outbox, in the same run. A poll waits max(1 s, twice its own duration) before the next, so an
 * idle minute holds 60 / (P + max(1, 2P)) polls of P seconds. Before: each poll read the listings
 * written since the watermark (`changedSince`, a scan on FerretDB) and the enterprises since theirs.
 * After: it reads the two outboxes (products', enterprises'); the scans run once per
 * reconciliation (every 15 minutes), counted here spread over its minutes.
 */
async function idleCost(
  say: (line: string) => void,
  sync: { runOnce(): Promise<void> },
  areas: { products: { searchFeed: { changedSince: (mark: { at: Date; lastId: string }, limit: number) => Promise<unknown[]>; pendingChanges: (limit: number) => Promise<unknown[]> } }; enterprises: { searchFeed: { changedSince: (mark: { at: Date; lastId: string }, limit: number) => Promise<unknown[]> } } },
  models: ReturnType<typeof storedModels>,
) {
  const mark = async (name: string) => {
    const state = await models.searchSyncStates.findById(name).lean();
    return { at: state?.at ?? new Date(0), lastId: state?.lastId ?? "" };
  };
  const timeOf = async (work: () => Promise<unknown>, runs: number) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      await work();
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  };
  const [productsMark, enterprisesMark] = [await mark("products"), await mark("enterprises")];
  const scanRuns = PRODUCTS > 20_000 ? 1 : 3;
  const productScan = await timeOf(() => areas.products.searchFeed.changedSince(productsMark, 500), scanRuns);
  const enterprisePoll = await timeOf(() => areas.enterprises.searchFeed.changedSince(enterprisesMark, 500), 10);
  const outboxRead = await timeOf(() => areas.products.searchFeed.pendingChanges(500), 20);
  const newPoll = await timeOf(() => sync.runOnce(), 20);
  const perMinute = (pollMs: number) => (60_000 * pollMs) / (pollMs + Math.max(1_000, 2 * pollMs)) / 1000;
  const oldPoll = productScan + enterprisePoll;
  const reconcilePerMinute = oldPoll / 1000 / 15;
  say(`Idle sync, database time per idle minute at ${PRODUCTS.toLocaleString("en")} products (${ENTERPRISES.toLocaleString("en")} enterprises):`);
  say(`  before (poll = products changedSince scan ${ms(productScan)} + enterprises ${ms(enterprisePoll)}): ${ms(oldPoll)} a poll, ${perMinute(oldPoll).toFixed(1)} s a minute`);
  say(`  after (poll = the products' outbox read ${ms(outboxRead)} + the enterprises'; whole runOnce ${ms(newPoll)}): ${perMinute(newPoll).toFixed(2)} s a minute, + ${reconcilePerMinute.toFixed(2)} s a minute for the reconciliation every 15 min = ${(perMinute(newPoll) + reconcilePerMinute).toFixed(2)} s`);
}

async function main() {
  if (QUERIES.length !== 50) throw new Error(`the mix has ${QUERIES.length} queries, not 50`);
  if (process.env.BENCH_ENGINE_ONLY) return engineOnly();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-search-"));
  const config = loadConfig({ NODE_ENV: "development", LOG_LEVEL: "warn", DATA_DIR: dir, SEARCH_FILE: path.join(dir, "search.sqlite"), SEED_DEMO: "false" });
  const logger = createLogger("warn");
  const infrastructure = await openInfrastructure(config, logger);
  const { app, services, areas } = await assemble(config, logger, infrastructure);
  const models = storedModels(infrastructure.connection);
  const out: string[] = [];
  const say = (line: string) => {
    out.push(line);
    console.log(line);
  };
  try {
    say(`Search benchmark — ${PRODUCTS.toLocaleString("en")} products, ${ENTERPRISES.toLocaleString("en")} enterprises, ${os.cpus().length} CPUs, Node ${process.version}, engine: ${services.search.engine}, load average ${os.loadavg().map((n) => n.toFixed(1)).join(" ")}`);

    // 1. The catalogue in MongoDB (FerretDB).
    let started = Date.now();
    const leaves = DEMO_CATEGORIES.filter((category) => category.parent);
    const now = Date.now();
    const enterpriseDocs = Array.from({ length: ENTERPRISES }, (_, i) => {
      const place = pick(PLACES);
      return {
        _id: new Types.ObjectId(),
        slug: `dn-${i}`,
        name: { vi: `${pick(KINDS)} ${pick(TRADES)} ${place} ${i}`, en: "" },
        taxCode: String(5_900_000_000 + i),
        kind: "manufacturer",
        status: i % 50 === 0 ? "suspended" : "verified",
        verifiedAt: new Date(now - 86_400_000),
        address: { street: `${i} Trần Hưng Đạo`, commune: pick(PROVINCE_COMMUNES) },
        location: { lat: 12.8 + random() * 1.7, lng: 107.6 + random() * 1.7 },
        phone: "", email: "", website: "", description: { vi: "", en: "" }, sectors: [], certifications: [],
        createdAt: new Date(now - 86_400_000), updatedAt: new Date(now - 86_400_000),
      };
    });
    for (let i = 0; i < enterpriseDocs.length; i += 1000) await models.enterprises.collection.insertMany(enterpriseDocs.slice(i, i + 1000));
    for (let i = 0; i < PRODUCTS; i += 2000) {
      const batch = Array.from({ length: Math.min(2000, PRODUCTS - i) }, (_, k) => {
        const n = i + k;
        const category = pick(leaves);
        const base = 10_000 + Math.floor(random() * 200) * 5_000;
        const minQty = 1 + Math.floor(random() * 200);
        const published = new Date(now - Math.floor(random() * 365 * 86_400_000));
        return {
          enterpriseId: enterpriseDocs[n % ENTERPRISES]!._id,
          slug: `sp-${n}`,
          sku: `SKU-${n}`,
          name: { vi: `${category.name.vi} ${pick(QUALITIES)} ${pick(PLACES)}`, en: `${category.name.en} ${n}` },
          description: { vi: `${pick(SENTENCES)} ${pick(SENTENCES)} ${pick(SENTENCES)}`, en: "" },
          category: category.slug,
          unit: pick(UNITS),
          priceTiers: [{ minQty, priceVnd: base }, { minQty: minQty * 10, priceVnd: Math.round(base * 0.9) }],
          minOrderQty: minQty,
          stock: random() < 0.2 ? 0 : Math.floor(random() * 10_000),
          leadTimeDays: null, madeInVietnam: random() < 0.95, originProvince: "Gia Lai", hsCode: null,
          ocop: random() < 0.15 ? { stars: 3 + Math.floor(random() * 3), certificateNo: `OCOP-${n}`, expiresAt: new Date(now + 365 * 86_400_000) } : null,
          certifications: random() < 0.3 ? [pick(CERTS)] : [],
          seasonMonths: [], packagingNotes: "", images: [],
          status: random() < 0.9 ? "published" : "draft",
          publishedAt: published, submittedAt: null, rejectionReason: null, approved: null,
          searchVersion: 1, indexedVersion: 1,
          createdAt: published, updatedAt: published,
        };
      });
      await models.products.collection.insertMany(batch);
    }
    say(`MongoDB (FerretDB) catalogue written in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // 2. Index build: the sync worker's rebuild from MongoDB, and the engine alone from documents in memory.
    const rssBefore = process.memoryUsage().rss;
    started = Date.now();
    const counts = await services.searchSync.rebuild();
    const rebuildMs = Date.now() - started;
    const stats = await services.search.stats();
    say(`Index rebuild from MongoDB: ${(rebuildMs / 1000).toFixed(1)} s for ${counts.products.toLocaleString("en")} public listings; index file ${mib(stats.bytes ?? 0)}; RSS +${mib(process.memoryUsage().rss - rssBefore)} (${mib(process.memoryUsage().rss)} total)`);
    const sample = await services.search.searchProducts({ q: "", page: 1, perPage: 100, facets: false });
    const docs = sample.hits.map((hit) => hit.document);
    const scratch = createEmbeddedSearch(path.join(dir, "scratch.sqlite"));
    await scratch.upsertEnterprises(enterpriseDocs.map((e) => ({ id: e._id.toString(), slug: e.slug, name: e.name.vi, visible: e.status === "verified", commune: e.address.commune, location: e.location })));
    started = Date.now();
    const copies = Math.ceil(counts.products / docs.length);
    for (let c = 0; c < copies; c++) await scratch.upsertProducts(docs.map((doc) => ({ ...doc, id: `${doc.id}-${c}` })));
    say(`Engine alone, build from ${(copies * docs.length).toLocaleString("en")} documents in memory: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await scratch.close();

    // 3. The engine alone: the mix in-process, with its answer cache off (every query computed) and on.
    const engine = services.search as Partial<EmbeddedSearchIndex>;
    const setCache = (entries: number) => engine.setCacheSize?.(entries);
    const parsed = QUERIES.map((query) => normalize(searchParamsSchema.parse(query)));
    const reopened = createEmbeddedSearch(config.search.engine === "embedded" ? config.search.file : "", { cacheSize: 0 });
    started = Date.now();
    await reopened.init();
    say(`Start-up over the built index (filter/facet/sort columns loaded into memory): ${Date.now() - started} ms`);
    await reopened.close();
    const catalogue = await Promise.all(["tiêu", "cà phê", "dac san", "xuat khau", "gạo", "sầu riêng"].map(async (q) => {
      const { total } = await services.search.searchProducts({ q, page: 1, perPage: 1, facets: false });
      return `"${q}" ${((total / counts.products) * 100).toFixed(0)} %`;
    }));
    say(`Catalogue: share of the ${counts.products.toLocaleString("en")} public listings each query matches: ${catalogue.join(", ")}`);
    const engineAlone = async (label: string) => {
      for (const query of parsed) await services.search.searchProducts({ ...query, facets: true }); // warm-up
      const times: number[] = [];
      const perQuery = new Map<number, number[]>();
      const start = process.hrtime.bigint();
      while (Number(process.hrtime.bigint() - start) / 1e9 < Math.max(3, SECONDS / 2)) {
        for (const [i, query] of parsed.entries()) {
          const t0 = process.hrtime.bigint();
          await services.search.searchProducts({ ...query, facets: true });
          const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
          times.push(elapsed);
          perQuery.set(i, [...(perQuery.get(i) ?? []), elapsed]);
        }
      }
      const qps = times.length / (Number(process.hrtime.bigint() - start) / 1e9);
      times.sort((a, b) => a - b);
      say(`Engine alone, ${label}: ${qps.toFixed(0)} queries/s (one at a time), p50 ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))}`);
      const slowest = [...perQuery.entries()].map(([i, list]) => [i, list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!] as const).sort((a, b) => b[1] - a[1]).slice(0, 5);
      say(`  slowest queries (median): ${slowest.map(([i, t]) => `${JSON.stringify(QUERIES[i])} ${ms(t)}`).join("; ")}`);
      return qps;
    };
    const serviceAlone = async (label: string) => {
      const serviceStart = Date.now();
      let serviceCount = 0;
      while (Date.now() - serviceStart < 3000) {
        for (const query of QUERIES) {
          await services.catalogSearch.search(searchParamsSchema.parse(query), "vi");
          serviceCount++;
        }
      }
      say(`Catalogue service in-process (engine + hits, snippets), ${label}: ${(serviceCount / ((Date.now() - serviceStart) / 1000)).toFixed(0)} queries/s`);
    };
    setCache(0);
    const engineQps = await engineAlone("cache off");
    await serviceAlone("cache off");
    setCache(500);
    const cachedQps = engine.setCacheSize ? await engineAlone("cache on (the mix repeats: answers after the first round)") : engineQps;
    if (engine.setCacheSize) await serviceAlone("cache on");

    // 4. HTTP: the real app's endpoint and a bare route in the same server.
    const outer = express();
    outer.get("/bare", (_req, res) => {
      res.json({ ok: true });
    });
    outer.use(app);
    const server = outer.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const paths = QUERIES.map((query) => `/api/v1/search/products?${new URLSearchParams(query)}`);
    const check = await fetch(base + paths[0]);
    if (check.status !== 200) throw new Error(`the endpoint answers ${check.status}: ${await check.text()}`);
    const run = (requests: string[], connections: number) =>
      autocannon({ url: base, connections, duration: SECONDS, requests: requests.map((p) => ({ method: "GET" as const, path: p })) });
    const results: Record<string, LoadResult> = {};
    for (const connections of [8, 32]) {
      setCache(0);
      results[`uncached-${connections}`] = await run(paths, connections);
      setCache(500);
      results[`endpoint-${connections}`] = await run(paths, connections);
      results[`bare-${connections}`] = await run(["/bare"], connections);
    }
    // The app's own cost per request (middleware, validation, JSON) with next to no search work: a query that matches nothing.
    results["floor-8"] = await run(["/api/v1/search/products?q=xyzzy"], 8);
    for (const connections of [8, 32]) {
      const line = (endpoint: LoadResult, alone: number) =>
        `${endpoint.requests.average.toFixed(0)} req/s, p50 ${endpoint.latency.p50} ms, p99 ${endpoint.latency.p99} ms, errors ${endpoint.errors + endpoint.non2xx}, ` +
        `endpoint/engine-alone ${((endpoint.requests.average / alone) * 100).toFixed(0)} %`;
      const bare = results[`bare-${connections}`]!;
      say(`HTTP ${connections} connections: endpoint, cache off: ${line(results[`uncached-${connections}`]!, engineQps)}`);
      say(`HTTP ${connections} connections: endpoint, cache on: ${line(results[`endpoint-${connections}`]!, cachedQps)}, endpoint/bare ${((results[`endpoint-${connections}`]!.requests.average / bare.requests.average) * 100).toFixed(1)} %`);
      say(`HTTP ${connections} connections: bare route ${bare.requests.average.toFixed(0)} req/s, p50 ${bare.latency.p50} ms, p99 ${bare.latency.p99} ms`);
    }
    const floor = results["floor-8"];
    say(`HTTP 8 connections: the same endpoint answering an empty result (q=xyzzy; the app's middleware, validation and JSON alone): ${floor.requests.average.toFixed(0)} req/s, p50 ${floor.latency.p50} ms, p99 ${floor.latency.p99} ms`);
    server.close();

    // 5. Update to visibility: 100 updates, through the poll (worker running) and through notify().
    const targets = await models.products.find({ status: "published", enterpriseId: trusted({ $in: enterpriseDocs.filter((e) => e.status === "verified").slice(0, 100).map((e) => e._id) }) }, { _id: 1 }).limit(100).lean();
    /** Writes one after another (FerretDB serializes writes anyway); each is watched until it is searchable. */
    const visibleAfter = async (label: string, count: number, notify: boolean) => {
      const afterWrite: number[] = [];
      const fromStart: number[] = [];
      const writes: number[] = [];
      let busy = 0;
      const notifyErrors: string[] = [];
      const watchers: Promise<void>[] = [];
      for (const [i, target] of targets.slice(0, count).entries()) {
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
            if (!/SQLITE_BUSY|locked/.test(String(error))) throw error;
            busy++;
          }
        }
        const written = Date.now();
        writes.push(written - t0);
        // The notify call returns after marking indexedVersion (a slow FerretDB write); visibility comes before that.
        if (notify) watchers.push(services.searchSync.notify([target._id.toString()]).catch((error: unknown) => void notifyErrors.push(String(error))));
        watchers.push(
          (async () => {
            for (;;) {
              const found = await services.search.searchProducts({ q: token, page: 1, perPage: 1, facets: false });
              if (found.total > 0) break;
              if (Date.now() - t0 > 300_000) throw new Error(`update ${i} not visible after 5 minutes`);
              await new Promise((resolve) => setTimeout(resolve, 10));
            }
            afterWrite.push(Date.now() - written);
            fromStart.push(Date.now() - t0);
          })(),
        );
      }
      await Promise.all(watchers);
      for (const list of [afterWrite, fromStart, writes]) list.sort((a, b) => a - b);
      const p = (list: number[], q: number) => percentile(list, q);
      return `${count} updates: visible after the write p50 ${p(afterWrite, 50)} ms, p99 ${p(afterWrite, 99)} ms; ` +
        `from the start of the write p50 ${p(fromStart, 50)} ms, p99 ${p(fromStart, 99)} ms; the FerretDB write itself p50 ${p(writes, 50)} ms, p99 ${p(writes, 99)} ms` +
        (busy ? `; ${busy} writes refused with SQLITE_BUSY and retried` : "") +
        (notifyErrors.length ? `; ${notifyErrors.length} notify calls failed (${notifyErrors[0]!.slice(0, 80)})` : "");
    };
    const pollStart = Date.now();
    let poll = 0;
    const timed = async () => {
      const t0 = Date.now();
      await services.searchSync.runOnce();
      poll = Date.now() - t0;
    };
    await timed();
    say(`One sync poll over ${PRODUCTS.toLocaleString("en")} products (nothing dirty): ${poll} ms`);
    await idleCost(say, services.searchSync, areas, models);
    const notified = await visibleAfter("n", Number(process.env.BENCH_UPDATES ?? (PRODUCTS > 20_000 ? 20 : 100)), true);
    say(`Update → visible, notify path (searchSync.notify right after the write): ${notified}`);
    // The poll path alone is bounded by one poll (above); measured only on request, it takes minutes at 100,000 products on FerretDB.
    const pollUpdates = Number(process.env.BENCH_POLL_UPDATES ?? (PRODUCTS > 20_000 ? 0 : 20));
    if (pollUpdates > 0) {
      await services.searchSync.start();
      const polled = await visibleAfter("p", pollUpdates, false);
      await services.searchSync.stop();
      say(`Update → visible, poll path only (worker every 1 s): ${polled} (${((Date.now() - pollStart) / 1000).toFixed(0)} s)`);
    }
    say(`Targets: engine p50 < 10 ms; endpoint ≥ 70 % of engine alone; p99 < 100 ms at 8 connections; update→visible p99 < 1 s; index < 512 MiB.`);
    fs.mkdirSync("test-output", { recursive: true });
    fs.writeFileSync(path.join("test-output", "bench-search.txt"), out.join("\n") + "\n");
  } finally {
    await services.searchSync.stop();
    await infrastructure.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * npm run bench:search — the search benchmark of issue 13 (not a test; takes minutes).
 *
 * Generates BENCH_PRODUCTS (default 100,000) products of BENCH_ENTERPRISES (2,000) enterprises into
 * an embedded FerretDB in a temporary folder, then measures each engine in turn over the same
 * catalogue and the same 50-query mix (bench-search-engine.ts): the embedded engine, and
 * Meilisearch when a copy is available (MEILI_HOST, MEILI_BIN, or ../shared/tools/meilisearch/,
 * started with --max-indexing-memory 256MiB as the test harness does; BENCH_MEILI=0 skips it). It
 * ends with the side-by-side table and the ratios embedded / Meilisearch. BENCH_SECONDS (10) is
 * each load run's length; SEARCH_WORKERS sets the embedded engine's worker threads.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { normalize, searchParamsSchema } from "../src/catalog/search.schemas.ts";
import { assemble, type Services } from "../src/composition.ts";
import { loadConfig } from "../src/config.ts";
import { PROVINCE_COMMUNES } from "../src/enterprises/communes.ts";
import { openInfrastructure } from "../src/infrastructure.ts";
import { createLogger, type Logger } from "../src/platform/logger.ts";
import { createEmbeddedSearch, type EmbeddedSearchIndex } from "../src/platform/search/embedded-search.ts";
import type { SearchIndex } from "../src/platform/search/index.ts";
import { createMeilisearchSearch } from "../src/platform/search/meilisearch-search.ts";
import { leafCategories, pick, random, writeCatalogue, type BenchEnterprise } from "./bench-search-catalogue.ts";
import { KINDS, PLACES, QUALITIES, QUERIES, SENTENCES, TRADES, UNITS, CERTS } from "./bench-search-data.ts";
import { measureEngine, ms, percentile, type EngineFigures } from "./bench-search-engine.ts";
import { installMeilisearchCopy } from "./meilisearch-copy.ts";
import { startMeilisearch } from "./meilisearch-server.ts";
import { storedModels } from "./stored-models.ts";

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const ENTERPRISES = Number(process.env.BENCH_ENTERPRISES ?? 2_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;

/** BENCH_ENGINE_ONLY=1: the engine alone on generated documents (no MongoDB), for profiling. */
async function engineOnly() {
  // BENCH_ENGINE_DIR keeps the built index between runs (for iterating on the engine).
  const keep = process.env.BENCH_ENGINE_DIR;
  const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), "bench-engine-"));
  if (keep) fs.mkdirSync(keep, { recursive: true });
  const index = createEmbeddedSearch(path.join(dir, "search.sqlite"), { cacheSize: 0 });
  const reuse = keep !== undefined && (await index.stats()).products > 0;
  const leaves = leafCategories();
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

/** The side-by-side table (issue 13): each row's figures and the ratio embedded / Meilisearch (for times, < 1 is the embedded engine ahead). */
function table(say: (line: string) => void, embedded: EngineFigures, meili: EngineFigures | null) {
  const rate = (l: { rate: number; p50: number; p99: number }, unit: string) => `${l.rate.toFixed(0)} ${unit}, p50 ${ms(l.p50)}, p99 ${ms(l.p99)}`;
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "–");
  const rows: [string, (f: EngineFigures) => string, (a: EngineFigures, b: EngineFigures) => string][] = [
    ["index rebuild from MongoDB", (f) => `${f.rebuildS.toFixed(1)} s`, (a, b) => `time ${ratio(a.rebuildS, b.rebuildS)}`],
    ["engine alone, one query at a time", (f) => rate(f.engine, "q/s"), (a, b) => `q/s ${ratio(a.engine.rate, b.engine.rate)}, p50 ${ratio(a.engine.p50, b.engine.p50)}, p99 ${ratio(a.engine.p99, b.engine.p99)}`],
    ["HTTP endpoint, 8 connections (cache off)", (f) => rate(f.http8, "req/s"), (a, b) => `req/s ${ratio(a.http8.rate, b.http8.rate)}, p50 ${ratio(a.http8.p50, b.http8.p50)}, p99 ${ratio(a.http8.p99, b.http8.p99)}`],
    ["HTTP endpoint, 32 connections (cache off)", (f) => rate(f.http32, "req/s"), (a, b) => `req/s ${ratio(a.http32.rate, b.http32.rate)}, p50 ${ratio(a.http32.p50, b.http32.p50)}, p99 ${ratio(a.http32.p99, b.http32.p99)}`],
    ["update → visible (notify path), p99", (f) => `${f.visibleP99} ms`, (a, b) => `time ${ratio(a.visibleP99, b.visibleP99)}`],
    ["load average at the start of its half", (f) => f.load, () => ""],
  ];
  say("");
  say(`| | embedded (SQLite FTS5 + columns) | ${meili ? "Meilisearch 1.50 through the adapter | embedded / Meilisearch |" : ""}`);
  say(`|---|---|${meili ? "---|---|" : ""}`);
  for (const [name, cell, compare] of rows) say(`| ${name} | ${cell(embedded)} | ${meili ? `${cell(meili)} | ${compare(embedded, meili)} |` : ""}`);
}

/** The run's Meilisearch: MEILI_HOST (+ MEILI_MASTER_KEY) if set, else MEILI_BIN or the shared copy started here; null without any. */
async function benchMeilisearch(toolsDir: string, logger: Logger): Promise<{ host: string; key: string; stop(): Promise<void> } | { reason: string }> {
  if (process.env.MEILI_HOST) return { host: process.env.MEILI_HOST, key: process.env.MEILI_MASTER_KEY ?? "", stop: async () => {} };
  const found = process.env.MEILI_BIN ? { binary: process.env.MEILI_BIN } : installMeilisearchCopy(toolsDir, process.env.SHARED_TOOLS_DIR);
  if (found.binary === null) return { reason: found.reason };
  const started = await startMeilisearch(found.binary, logger);
  return { host: started.url, key: started.masterKey, stop: () => started.stop() };
}

async function main() {
  if (QUERIES.length !== 50) throw new Error(`the mix has ${QUERIES.length} queries, not 50`);
  if (process.env.BENCH_ENGINE_ONLY) return engineOnly();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-search-"));
  const config = loadConfig({ NODE_ENV: "development", LOG_LEVEL: "warn", DATA_DIR: dir, SEARCH_FILE: path.join(dir, "search.sqlite"), SEED_DEMO: "false", ...(process.env.SEARCH_WORKERS ? { SEARCH_WORKERS: process.env.SEARCH_WORKERS } : {}) });
  const logger = createLogger("warn");
  const infrastructure = await openInfrastructure(config, logger);
  const { app, services, areas } = await assemble(config, logger, infrastructure);
  const models = storedModels(infrastructure.connection);
  const meiliServer = process.env.BENCH_MEILI === "0" ? { reason: "BENCH_MEILI=0" } : await benchMeilisearch(config.toolsDir, logger);
  let meiliIndex: SearchIndex | null = null;
  const out: string[] = [];
  const say = (line: string) => {
    out.push(line);
    console.log(line);
  };
  const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(" ");
  try {
    const workers = (services.search as Partial<EmbeddedSearchIndex>).workerCount?.() ?? 0;
    say(`Search benchmark — ${PRODUCTS.toLocaleString("en")} products, ${ENTERPRISES.toLocaleString("en")} enterprises, ${os.cpus().length} CPUs, Node ${process.version}, ` +
      `embedded engine on ${workers ? `${workers} worker threads` : "the event loop"}, Meilisearch: ${"host" in meiliServer ? meiliServer.host : `none (${meiliServer.reason})`}, load average ${loadAverage()}`);
    let started = Date.now();
    const enterpriseDocs = await writeCatalogue(models, PRODUCTS, ENTERPRISES);
    say(`MongoDB (FerretDB) catalogue written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const updates = Number(process.env.BENCH_UPDATES ?? (PRODUCTS > 20_000 ? 20 : 100));
    const common = { models, enterprises: enterpriseDocs, seconds: SECONDS, updates, say, loadAverage };

    const embedded = await measureEngine({ ...common, name: "embedded", label: "n", app, services });
    await embeddedExtras(say, services, config.search.engine === "embedded" ? config.search.file : "", dir, enterpriseDocs);
    started = Date.now();
    await services.searchSync.runOnce();
    say(`One sync poll over ${PRODUCTS.toLocaleString("en")} products (nothing dirty): ${Date.now() - started} ms`);
    await idleCost(say, services.searchSync, areas, models);

    let meili: EngineFigures | null = null;
    if ("host" in meiliServer) {
      meiliIndex = createMeilisearchSearch({ host: meiliServer.host, apiKey: meiliServer.key || undefined, indexPrefix: `bench_${process.pid}_` });
      await meiliIndex.init();
      const other = await assemble(config, logger, { ...infrastructure, search: meiliIndex });
      meili = await measureEngine({ ...common, name: "Meilisearch", label: "m", app: other.app, services: other.services });
    }
    table(say, embedded, meili);
    say(`Goals (issue 13): embedded ahead on every row; HTTP ≥ Meilisearch's req/s at 8 and 32; p99 < 100 ms at 8 connections (cache off); engine p50 < 5 ms; update → visible p99 < 100 ms.`);
    fs.mkdirSync("test-output", { recursive: true });
    fs.writeFileSync(path.join("test-output", "bench-search.txt"), out.join("\n") + "\n");
  } finally {
    await services.searchSync.stop();
    await meiliIndex?.clear().catch(() => {});
    await meiliIndex?.close();
    if ("stop" in meiliServer) await meiliServer.stop();
    await infrastructure.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The embedded engine's own figures: its build from documents in memory, its start-up over the built file, what the mix matches. */
async function embeddedExtras(say: (line: string) => void, services: Services, file: string, dir: string, enterpriseDocs: BenchEnterprise[]) {
  const counts = await services.search.stats();
  const sample = await services.search.searchProducts({ q: "", page: 1, perPage: 100, facets: false });
  const docs = sample.hits.map((hit) => hit.document);
  const scratch = createEmbeddedSearch(path.join(dir, "scratch.sqlite"));
  await scratch.upsertEnterprises(enterpriseDocs.map((e) => ({ id: e._id.toString(), slug: e.slug, name: e.name.vi, visible: e.status === "verified", commune: e.address.commune, location: e.location })));
  let started = Date.now();
  const copies = Math.ceil(counts.products / docs.length);
  for (let c = 0; c < copies; c++) await scratch.upsertProducts(docs.map((doc) => ({ ...doc, id: `${doc.id}-${c}` })));
  say(`[embedded] engine alone, build from ${(copies * docs.length).toLocaleString("en")} documents in memory: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await scratch.close();
  if (file) {
    const reopened = createEmbeddedSearch(file, { cacheSize: 0 });
    started = Date.now();
    await reopened.init();
    say(`[embedded] start-up over the built index (filter/facet/sort columns loaded into memory): ${Date.now() - started} ms`);
    await reopened.close();
  }
  const catalogue = await Promise.all(["tiêu", "cà phê", "dac san", "xuat khau", "gạo", "sầu riêng"].map(async (q) => {
    const { total } = await services.search.searchProducts({ q, page: 1, perPage: 1, facets: false });
    return `"${q}" ${((total / counts.products) * 100).toFixed(0)} %`;
  }));
  say(`Catalogue: share of the ${counts.products.toLocaleString("en")} indexed listings each query matches: ${catalogue.join(", ")}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

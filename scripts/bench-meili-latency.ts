/**
 * The Meilisearch adapter's one-at-a-time latency against Meilisearch's own `processingTimeMs`, on a
 * few thousand generated products: what the transport and the adapter add to each query. Also the
 * client's default transport (Node's fetch) for comparison. Starts the shared copy unless MEILI_HOST is set.
 *
 *   npx tsx scripts/bench-meili-latency.ts [--docs 5000] [--rounds 20]
 */
import { parseArgs } from "node:util";
import { Meilisearch } from "meilisearch";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/platform/logger.ts";
import { createMeilisearchTransport } from "../src/platform/search/meilisearch-http.ts";
import { createMeilisearchSearch } from "../src/platform/search/meilisearch-search.ts";
import type { EnterpriseSearchEntry, ProductSearchDocument, ProductSearchQuery } from "../src/platform/search/index.ts";
import { CERTS, PLACES, QUALITIES, SENTENCES, TRADES, UNITS } from "./bench-search-data.ts";
import { installMeilisearchCopy } from "./meilisearch-copy.ts";
import { startMeilisearch } from "./meilisearch-server.ts";

const { values } = parseArgs({ options: { docs: { type: "string", default: "5000" }, rounds: { type: "string", default: "20" } } });
const config = loadConfig();
const DOCS = Number(values.docs);
const ROUNDS = Number(values.rounds);

const NAMES = ["Cà phê Robusta", "Hồ tiêu đen", "Hạt điều rang muối", "Gạo thơm", "Mật ong rừng", "Chanh dây", "Sầu riêng", "Thổ cẩm Bahnar", "Gỗ keo", "Cao su"];
const pick = <T>(list: readonly T[], i: number) => list[i % list.length]!;

function documents(count: number, enterprises: EnterpriseSearchEntry[]): ProductSearchDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const enterprise = pick(enterprises, i * 7);
    const name = `${pick(NAMES, i)} ${pick(QUALITIES, i * 3)} ${pick(PLACES, i * 5)}`;
    return {
      id: `p${i}`, slug: `p-${i}`, name: { vi: name, en: "" }, description: { vi: `${pick(SENTENCES, i)} ${pick(SENTENCES, i * 11)}`, en: "" },
      category: pick(["ca-phe", "ho-tieu", "hat-dieu", "lua-gao", "mat-ong"], i), categoryParent: "nong-san", categoryName: { vi: pick(TRADES, i), en: "" },
      enterpriseId: enterprise.id, enterpriseName: enterprise.name, enterpriseSlug: enterprise.slug, commune: enterprise.commune, location: enterprise.location,
      ocopStars: i % 6, certifications: i % 3 ? [pick(CERTS, i)] : [], madeInVietnam: true, price: 10_000 + (i % 97) * 5_000, priceMin: 10_000, priceMax: 500_000,
      unit: pick(UNITS, i), minOrderQty: 1 + (i % 50), inStock: i % 9 !== 0, publishedAt: Date.UTC(2025, 0, 1) + i * 60_000, imageUrl: null,
    };
  });
}

const QUERIES: Omit<ProductSearchQuery, "page" | "perPage">[] = [
  { q: "ca phe" }, { q: "ho tieu", filters: { ocop: 3 } }, { q: "robusta" }, { q: "mat ong rung" }, { q: "" , filters: { category: "nong-san" } },
  { q: "gao", sort: "price_asc" }, { q: "", filters: { near: { lat: 13.98, lng: 108.0, radiusKm: 30 } }, sort: "distance" }, { q: "sau rieg" },
];

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

let server: Awaited<ReturnType<typeof startMeilisearch>> | undefined;
let host = config.search.engine === "meilisearch" ? config.search.host : "";
let masterKey = config.meilisearchMasterKey;
if (!host) {
  const copy = installMeilisearchCopy(config.toolsDir);
  if (copy.binary === null) throw new Error(copy.reason);
  server = await startMeilisearch(copy.binary, createLogger("warn"));
  host = server.url;
  masterKey = server.masterKey;
}
try {
  const index = createMeilisearchSearch({ host, apiKey: masterKey, indexPrefix: "bench_latency_" });
  await index.init();
  await index.clear();
  const enterprises: EnterpriseSearchEntry[] = PLACES.map((place, i) => ({ id: `e${i}`, slug: `e-${i}`, name: `HTX ${pick(TRADES, i)} ${place}`, visible: true, commune: `xã ${place}`, location: { lat: 13.5 + i * 0.05, lng: 108 + i * 0.07 } }));
  await index.upsertEnterprises(enterprises);
  const started = Date.now();
  const bulk = await index.openBulkLoad();
  const docs = documents(DOCS, enterprises);
  for (let i = 0; i < docs.length; i += 1000) await bulk.add(docs.slice(i, i + 1000));
  await bulk.finish();
  console.log(`indexed ${DOCS} products in ${Date.now() - started} ms (bulk load)`);

  // Meilisearch's own time for the adapter's exact requests, asked with the same client settings but over fetch.
  const fetchClient = new Meilisearch({ host, apiKey: masterKey });
  const transport = createMeilisearchTransport(host);
  const httpClient = new Meilisearch({ host, apiKey: masterKey, httpClient: transport.request });
  const products = fetchClient.index("bench_latency_products");
  const rows: { query: string; adapter: number; engine: number; fetch: number; bare: number }[] = [];
  for (const query of QUERIES) {
    const full = { ...query, page: 1, perPage: 20, facets: true };
    await index.searchProducts(full); // warm: the word probe, connections
    const adapter: number[] = [];
    const engine: number[] = [];
    const viaFetch: number[] = [];
    const bare: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      await index.searchProducts(full);
      adapter.push(performance.now() - t0);
      const t1 = performance.now();
      const raw = await products.search(query.q, { page: 1, hitsPerPage: 20, facets: ["category", "commune", "ocop", "certification"], filter: ["enterpriseVisible = true"], matchingStrategy: "all" });
      viaFetch.push(performance.now() - t1);
      engine.push(raw.processingTimeMs);
      const t2 = performance.now();
      await httpClient.index("bench_latency_products").search(query.q, { page: 1, hitsPerPage: 20, facets: ["category", "commune", "ocop", "certification"], filter: ["enterpriseVisible = true"], matchingStrategy: "all", attributesToRetrieve: ["id", "slug", "name", "description", "categoryName", "enterpriseName", "location", "price"] });
      bare.push(performance.now() - t2);
    }
    rows.push({ query: JSON.stringify(query), adapter: percentile(adapter, 0.5), engine: percentile(engine, 0.5), fetch: percentile(viaFetch, 0.5), bare: percentile(bare, 0.5) });
  }
  console.log("\np50 over", ROUNDS, "rounds, one query at a time (ms):");
  console.log("adapter (node:http)  engine processingTimeMs  overhead   client+node:http, no adapter   client default (fetch)   query");
  for (const row of rows) {
    console.log(`${row.adapter.toFixed(2).padStart(8)} ${String(row.engine).padStart(20)} ${(row.adapter - row.engine).toFixed(2).padStart(13)} ${row.bare.toFixed(2).padStart(18)} ${row.fetch.toFixed(2).padStart(18)}      ${row.query}`);
  }
  const overheads = rows.map((row) => row.adapter - row.engine);
  console.log(`\nadapter overhead over engine time: median ${percentile(overheads, 0.5).toFixed(2)} ms, max ${Math.max(...overheads).toFixed(2)} ms`);
  await index.close();
  transport.close();
} finally {
  await server?.stop();
}

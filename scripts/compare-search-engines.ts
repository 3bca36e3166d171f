/**
 * npx tsx scripts/compare-search-engines.ts — the embedded engine's answers beside Meilisearch's
 * for the same queries over the demo catalogue (issue 13, part 5). Not a test: it prints, per
 * query, each engine's total and first hits, and marks where they differ.
 *
 * Meilisearch: MEILI_HOST (+ MEILI_MASTER_KEY) for a running server, else MEILI_BIN, else the copy
 * in ../shared/tools/meilisearch/ decompressed into a temporary folder and started for the run.
 * Queries: test/fixtures/search/queries.json plus the run-together and mixed ones below.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { assemble } from "../src/composition.ts";
import { createSearchSync } from "../src/catalog/search-sync.ts";
import { loadConfig } from "../src/config.ts";
import { openInfrastructure } from "../src/infrastructure.ts";
import { createLogger } from "../src/platform/logger.ts";
import { createMeilisearchSearch } from "../src/platform/search/meilisearch-search.ts";
import type { SearchIndex } from "../src/platform/search/index.ts";
import { seedDemoCatalogue } from "../src/seed/seed.ts";
import { storedModels } from "./stored-models.ts";

const EXTRA = [
  "caphe", "hatdieu", "hotieu", "nuocmam", "matong", "saurieng", "chanhday", "thocam", "caosu", "gaothom", "khanchoang",
  "caphe bot", "caphebot", "caphe robusta", "tieu chuse", "mat ong rung", "matongrung", "nhandieu w320", "banan ngoai troi",
  "ca phe sua", "cafe", "ca fe", "robus ta", "w 320", "svr10", "nhan dieu", "dieu nhan", "phe ca", "ca", "tieu den", "den tieu",
  "ca phe hat", "bo", "mat", "gao lut", "gao do", "tra", "che", "ruou", "mien", "nong san", "xuat khau", "huu co", "ocop",
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function startMeilisearch(dir: string): Promise<{ host: string; key: string; child: ChildProcess | null }> {
  if (process.env.MEILI_HOST) return { host: process.env.MEILI_HOST, key: process.env.MEILI_MASTER_KEY ?? "", child: null };
  let bin = process.env.MEILI_BIN;
  if (!bin) {
    const xz = path.resolve("../shared/tools/meilisearch/meilisearch-v1.50.0-linux-x86_64.xz");
    if (!fs.existsSync(xz)) throw new Error(`no Meilisearch: set MEILI_HOST or MEILI_BIN, or provide ${xz}`);
    bin = path.join(dir, "meilisearch");
    fs.writeFileSync(bin, execFileSync("xz", ["-dc", xz], { maxBuffer: 1 << 30 }));
    fs.chmodSync(bin, 0o755);
  }
  const port = await freePort();
  const key = randomBytes(16).toString("hex");
  const child = spawn(bin, ["--db-path", path.join(dir, "meili"), "--http-addr", `127.0.0.1:${port}`, "--master-key", key, "--no-analytics", "--env", "development"], { stdio: "ignore" });
  const host = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${host}/health`).then((res) => res.ok, () => false)) return { host, key, child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error("Meilisearch did not start");
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compare-engines-"));
  const config = loadConfig({ NODE_ENV: "development", LOG_LEVEL: "warn", DATA_DIR: dir, SEARCH_FILE: path.join(dir, "search.sqlite"), SEED_DEMO: "false" });
  const logger = createLogger("warn");
  const infrastructure = await openInfrastructure(config, logger);
  const meili = await startMeilisearch(dir);
  try {
    const { services, areas } = await assemble(config, logger, infrastructure);
    await seedDemoCatalogue(areas);
    await services.searchSync.catchUp();
    const other = createMeilisearchSearch({ host: meili.host, apiKey: meili.key, indexPrefix: `compare_${randomBytes(3).toString("hex")}_` });
    await other.init();
    const sync = createSearchSync({ products: areas.products.searchFeed, enterprises: areas.enterprises.searchFeed, categories: services.categories, states: storedModels(infrastructure.connection).searchSyncStates, index: other, logger });
    await sync.rebuild();
    const fixture = JSON.parse(fs.readFileSync("test/fixtures/search/queries.json", "utf8")) as { queries: { q: string }[] };
    const queries = [...new Set([...fixture.queries.map((entry) => entry.q), ...EXTRA])];
    const ask = (index: SearchIndex, q: string) => index.searchProducts({ q, page: 1, perPage: 100, facets: false, sort: "relevance" });
    let differ = 0;
    for (const q of queries) {
      const [a, b] = await Promise.all([ask(services.search, q), ask(other, q)]);
      const ids = (result: typeof a) => result.hits.map((hit) => hit.document.slug);
      const onlyEmbedded = ids(a).filter((slug) => !ids(b).includes(slug));
      const onlyMeili = ids(b).filter((slug) => !ids(a).includes(slug));
      const same = onlyEmbedded.length === 0 && onlyMeili.length === 0;
      if (!same) differ++;
      console.log(`${same ? "  " : "≠ "}${JSON.stringify(q)}: embedded ${a.total}, meilisearch ${b.total}; first ${ids(a)[0] ?? "-"} | ${ids(b)[0] ?? "-"}`);
      if (onlyEmbedded.length) console.log(`    only embedded: ${onlyEmbedded.slice(0, 6).join(" ")}${onlyEmbedded.length > 6 ? ` … (${onlyEmbedded.length})` : ""}`);
      if (onlyMeili.length) console.log(`    only meilisearch: ${onlyMeili.slice(0, 6).join(" ")}${onlyMeili.length > 6 ? ` … (${onlyMeili.length})` : ""}`);
    }
    console.log(`${queries.length} queries, ${differ} with different hit sets`);
    await other.close();
  } finally {
    meili.child?.kill("SIGTERM");
    await infrastructure.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

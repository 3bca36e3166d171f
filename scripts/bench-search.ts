/**
 * npm run bench:search — the search benchmark of issue 5 (not a test; takes a few minutes).
 *
 * Generates 100,000 products of 2,000 enterprises into an embedded FerretDB in a temporary folder,
 * builds the search index from MongoDB (the sync worker's rebuild) and, in the same run, measures:
 * the engine alone (a mix of 50 queries in-process), GET /api/v1/search/products of the real app
 * with autocannon at 8 and 32 connections, a bare Express route in the same server (baseline),
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
import { createEmbeddedSearch } from "../src/platform/search/embedded-search.ts";
import { DEMO_CATEGORIES } from "../src/seed/demo-catalogue.ts";

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

const PLACES = ["Pleiku", "Chư Sê", "Đak Đoa", "Kbang", "An Khê", "Quy Nhơn", "Ia Grai", "Chư Păh", "Phù Cát", "Tây Sơn", "Đức Cơ", "Krông Pa", "Ayun Pa", "Hoài Nhơn"];
const QUALITIES = ["loại 1", "loại 2", "xuất khẩu", "hữu cơ", "sấy lạnh", "nguyên chất", "đặc sản", "cao cấp", "truyền thống", "thượng hạng", "đóng gói", "tươi", "rang mộc", "sàng 18", "túi 500 g", "hộp quà"];
const SENTENCES = [
  "Sản phẩm được thu hoạch và chế biến tại vùng nguyên liệu của hợp tác xã.",
  "Đóng gói theo yêu cầu của khách hàng, giao hàng toàn quốc.",
  "Đạt tiêu chuẩn xuất khẩu, có chứng nhận an toàn thực phẩm.",
  "Phù hợp cho nhà hàng, quán cà phê và cửa hàng đặc sản.",
  "Quy trình canh tác bền vững, không dùng thuốc diệt cỏ.",
  "Hàng có sẵn trong kho, nhận đặt hàng số lượng lớn.",
  "Giá tốt cho đơn hàng từ một tấn trở lên.",
  "Bảo quản nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.",
  "Nguyên liệu chọn lọc từ nông hộ trong vùng.",
  "Có hóa đơn đỏ và chứng từ nguồn gốc đầy đủ.",
  "Thời gian giao hàng từ ba đến năm ngày làm việc.",
  "Sản phẩm OCOP của địa phương, được người tiêu dùng tin chọn.",
  "Đóng thùng carton năm lớp chống ẩm.",
  "Hỗ trợ in nhãn riêng cho nhà phân phối.",
  "Mùa vụ chính từ tháng mười đến tháng một năm sau.",
  "Kiểm tra chất lượng từng lô trước khi xuất kho.",
  "Cơ sở sản xuất đạt điều kiện vệ sinh an toàn thực phẩm.",
  "Giá đã bao gồm vận chuyển trong nội tỉnh.",
  "Nhận gia công theo đơn đặt hàng.",
  "Sản phẩm thủ công do đồng bào dân tộc làm ra.",
  "Màu sắc tự nhiên, không chất bảo quản.",
  "Hạn sử dụng mười hai tháng kể từ ngày sản xuất.",
  "Đã cung cấp cho nhiều siêu thị và chuỗi cửa hàng.",
  "Có mẫu thử miễn phí cho khách hàng doanh nghiệp.",
  "Thanh toán chuyển khoản hoặc qua VietQR.",
  "Sản lượng ổn định quanh năm.",
  "Liên hệ để nhận bảng giá sỉ mới nhất.",
  "Đội ngũ kỹ thuật tư vấn bảo quản sau thu hoạch.",
  "Được trồng trên đất đỏ bazan cao nguyên.",
  "Quy cách đóng gói linh hoạt theo yêu cầu.",
];
const KINDS = ["Công ty TNHH", "Công ty Cổ phần", "Hợp tác xã", "Hộ kinh doanh"];
const TRADES = ["Nông sản", "Thực phẩm", "Cà phê", "Hồ tiêu", "Mây tre đan", "Gỗ", "Thổ cẩm", "Đặc sản", "Xuất nhập khẩu", "Trái cây"];
const UNITS = ["kg", "tấn", "hộp", "chai", "gói", "thùng"];
const CERTS = ["vietgap", "globalgap", "organic", "iso22000", "haccp"];

const QUERIES: Record<string, string>[] = [
  ...["tiêu", "điều", "gạo", "robusta", "chanh", "mật", "thổ", "gỗ", "bơ", "quà"].map((q) => ({ q })),
  ...["cà phê", "hồ tiêu", "hạt điều", "mật ong", "sầu riêng", "chanh dây", "thổ cẩm", "gỗ keo", "gạo thơm", "cao su"].map((q) => ({ q })),
  ...["ca phe", "ho tieu", "hat dieu", "mat ong", "sau rieng", "chanh day", "tho cam", "xuat khau", "dac san", "huu co"].map((q) => ({ q })),
  ...["robsuta", "sau rieg", "xuat khua", "chanhh day", "pleku", "thuog hang", "nguyen chta", "hopp qua"].map((q) => ({ q })),
  { q: "ca phe", ocop: "4" },
  { q: "", category: "nong-san" },
  { q: "tieu", certification: "vietgap", inStock: "true" },
  { q: "gao", priceMax: "200000", sort: "price_asc" },
  { q: "", commune: "xã Chư Sê", sort: "newest" },
  { q: "mat ong", madeInVietnam: "true", moqMax: "100" },
  { q: "dac san", sort: "price_desc" },
  { q: "", near: "13.9833,108.0", radiusKm: "20" },
  { q: "ca phe", near: "13.9833,108.0", radiusKm: "30", sort: "distance" },
  { q: "", near: "13.7765,109.2237", radiusKm: "15", sort: "distance" },
  { q: "tho cam", near: "14.0,108.1", radiusKm: "50" },
  { q: "hai san", near: "13.7765,109.2237", radiusKm: "40" },
];

/** BENCH_ENGINE_ONLY=1: the engine alone on generated documents (no MongoDB), for profiling. */
async function engineOnly() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-engine-"));
  const index = createEmbeddedSearch(path.join(dir, "search.sqlite"));
  const leaves = DEMO_CATEGORIES.filter((category) => category.parent);
  const enterprises = Array.from({ length: ENTERPRISES }, (_, i) => ({
    id: `e${i}`, slug: `dn-${i}`, name: `${pick(KINDS)} ${pick(TRADES)} ${pick(PLACES)} ${i}`, visible: i % 50 !== 0,
    commune: pick(PROVINCE_COMMUNES), location: { lat: 12.8 + random() * 1.7, lng: 107.6 + random() * 1.7 },
  }));
  await index.upsertEnterprises(enterprises);
  const started = Date.now();
  for (let i = 0; i < PRODUCTS; i += 1000) {
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
  await index.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function main() {
  if (QUERIES.length !== 50) throw new Error(`the mix has ${QUERIES.length} queries, not 50`);
  if (process.env.BENCH_ENGINE_ONLY) return engineOnly();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-search-"));
  const config = loadConfig({ NODE_ENV: "development", LOG_LEVEL: "warn", DATA_DIR: dir, SEARCH_FILE: path.join(dir, "search.sqlite"), SEED_DEMO: "false" });
  const logger = createLogger("warn");
  const infrastructure = await openInfrastructure(config, logger);
  const { app, services } = await assemble(config, logger, infrastructure);
  const { models } = services;
  const out: string[] = [];
  const say = (line: string) => {
    out.push(line);
    console.log(line);
  };
  try {
    say(`Search benchmark — ${PRODUCTS.toLocaleString("en")} products, ${ENTERPRISES.toLocaleString("en")} enterprises, ${os.cpus().length} CPUs, Node ${process.version}, engine: ${services.search.engine}`);

    // 1. The catalogue in MongoDB (FerretDB).
    let started = Date.now();
    await models.categories.insertMany(DEMO_CATEGORIES.map((category) => ({ ...category })));
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

    // 3. The engine alone: the mix in-process.
    const parsed = QUERIES.map((query) => normalize(searchParamsSchema.parse(query)));
    for (const query of parsed) await services.search.searchProducts({ ...query, facets: true }); // warm-up
    const engineTimes: number[] = [];
    const perQuery = new Map<number, number[]>();
    const engineStart = process.hrtime.bigint();
    while (Number(process.hrtime.bigint() - engineStart) / 1e9 < Math.max(3, SECONDS / 2)) {
      for (const [i, query] of parsed.entries()) {
        const t0 = process.hrtime.bigint();
        await services.search.searchProducts({ ...query, facets: true });
        const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
        engineTimes.push(elapsed);
        perQuery.set(i, [...(perQuery.get(i) ?? []), elapsed]);
      }
    }
    const engineSeconds = Number(process.hrtime.bigint() - engineStart) / 1e9;
    engineTimes.sort((a, b) => a - b);
    const engineQps = engineTimes.length / engineSeconds;
    say(`Engine alone: ${engineQps.toFixed(0)} queries/s (one at a time), p50 ${ms(percentile(engineTimes, 50))}, p99 ${ms(percentile(engineTimes, 99))}`);
    const slowest = [...perQuery.entries()].map(([i, times]) => [i, times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!] as const).sort((a, b) => b[1] - a[1]).slice(0, 5);
    say(`  slowest queries (median): ${slowest.map(([i, t]) => `${JSON.stringify(QUERIES[i])} ${ms(t)}`).join("; ")}`);

    const serviceStart = Date.now();
    let serviceCount = 0;
    while (Date.now() - serviceStart < 3000) {
      for (const query of QUERIES) {
        await services.catalogSearch.search(searchParamsSchema.parse(query), "vi");
        serviceCount++;
      }
    }
    say(`Catalogue service in-process (engine + hits, snippets): ${(serviceCount / ((Date.now() - serviceStart) / 1000)).toFixed(0)} queries/s`);

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
      results[`endpoint-${connections}`] = await run(paths, connections);
      results[`bare-${connections}`] = await run(["/bare"], connections);
    }
    for (const connections of [8, 32]) {
      const endpoint = results[`endpoint-${connections}`]!;
      const bare = results[`bare-${connections}`]!;
      say(
        `HTTP ${connections} connections: endpoint ${endpoint.requests.average.toFixed(0)} req/s, p50 ${endpoint.latency.p50} ms, p99 ${endpoint.latency.p99} ms, errors ${endpoint.errors + endpoint.non2xx}` +
          ` | bare route ${bare.requests.average.toFixed(0)} req/s, p50 ${bare.latency.p50} ms, p99 ${bare.latency.p99} ms` +
          ` | endpoint/engine-alone ${((endpoint.requests.average / engineQps) * 100).toFixed(0)} %, endpoint/bare ${((endpoint.requests.average / bare.requests.average) * 100).toFixed(1)} %`,
      );
    }
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
            await models.products.updateOne({ _id: target._id }, { $set: { "name.en": token }, $inc: { searchVersion: 1 } });
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

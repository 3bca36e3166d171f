import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { createCatalogSearch } from "../../src/catalog/catalog-search.service.ts";
import { createSearchSync } from "../../src/catalog/search-sync.ts";
import { SYSTEM_ACTOR } from "../../src/platform/audit/audit.service.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createEmbeddedSearch } from "../../src/platform/search/embedded-search.ts";
import { searchable } from "../../src/products/product-search-changes.ts";
import type { SearchIndex } from "../../src/platform/search/index.ts";
import { seedDemoCatalogue } from "../../src/seed/seed.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

const SYSTEM = { actor: SYSTEM_ACTOR, ip: null, userAgent: null };
const logger = createLogger("silent");

/**
 * A searchable write straight to the stored listing, as the products area makes it but without its
 * notify: the update with `searchable` (searchVersion bumped), then the outbox entry.
 */
async function writeSearchable(t: TestApp, filter: Record<string, unknown>, update: Record<string, unknown>): Promise<void> {
  const doc = await t.models.products.findOneAndUpdate(filter, searchable(update), { returnDocument: "after" }).lean();
  assert.ok(doc, JSON.stringify(filter));
  await t.models.productChanges.create({ ref: doc._id });
}

/** An enterprise write straight to the stored record, then its outbox entry, as the enterprises area records its own. */
async function writeEnterprise(t: TestApp, filter: Record<string, unknown>, update: Record<string, unknown>): Promise<void> {
  const doc = await t.models.enterprises.findOneAndUpdate(filter, update).lean();
  assert.ok(doc, JSON.stringify(filter));
  await t.models.enterpriseChanges.create({ ref: doc._id });
}

describe("search index sync: products and enterprises reach the index", function () {
  let t: TestApp;
  const slugsFor = async (q: string, extra: Record<string, string> = {}) =>
    ((await request(t.app).get("/api/v1/search/products").query({ q, perPage: 100, ...extra })).body.hits as { slug: string }[]).map((hit) => hit.slug);

  beforeEach(async () => {
    t = await startTestApp();
    await seedDemoCatalogue(t.areas);
    await t.services.searchSync.catchUp();
  });
  afterEach(async () => {
    await t.services.searchSync.stop();
    await stopTestApp(t);
  });

  it("when the app starts on a fresh index, then the published demo catalogue is searchable and drafts are not", async () => {
    assert.ok((await slugsFor("ca phe")).length >= 10);
    assert.deepEqual(await slugsFor("nuoc mam"), []);
    const stats = await t.services.search.stats();
    const published = await t.models.products.countDocuments({ status: "published" });
    assert.equal(stats.products, published);
  });

  it("when a listing is archived by a write that does not notify, then it leaves the results after one poll, and its indexedVersion records the version indexed", async () => {
    const { products } = t.models;
    const doc = (await products.findOne({ slug: "tieu-do-chin-cay-hcs" }).lean())!;
    await writeSearchable(t, { _id: doc._id }, { $set: { status: "archived" } });
    const dirty = (await products.findById(doc._id).lean())!;
    assert.ok(dirty.searchVersion > dirty.indexedVersion, "the write marked it dirty");
    assert.ok((await slugsFor("tieu do")).includes("tieu-do-chin-cay-hcs"), "still there until the sync runs");
    await t.services.searchSync.runOnce();
    assert.ok(!(await slugsFor("tieu do")).includes("tieu-do-chin-cay-hcs"));
    const clean = (await products.findById(doc._id).lean())!;
    assert.equal(clean.indexedVersion, clean.searchVersion);
  });

  it("when a searchable write's outbox entry is lost (a crash between the two writes), then a poll does not see it and the reconciliation does", async () => {
    const { products } = t.models;
    const doc = (await products.findOne({ slug: "tieu-do-chin-cay-hcs" }).lean())!;
    await products.updateOne({ _id: doc._id }, searchable({ $set: { status: "archived" } }));
    await t.services.searchSync.runOnce();
    assert.ok((await slugsFor("tieu do")).includes(doc.slug), "the poll reads the outbox only");
    await t.services.searchSync.reconcile();
    assert.ok(!(await slugsFor("tieu do")).includes(doc.slug));
    const clean = (await products.findById(doc._id).lean())!;
    assert.equal(clean.indexedVersion, clean.searchVersion);
  });

  it("when listings change through the listing service, then each change has an outbox entry until a poll indexes it, and the outbox is empty after", async () => {
    const { products, productChanges } = t.models;
    assert.equal(await productChanges.countDocuments(), 0, "the seeded catalogue was indexed by the rebuild");
    const doc = (await products.findOne({ slug: "gui-tre-dan-truyen-thong-jrai-nhb" }).lean())!;
    await t.services.productListings.archive(SYSTEM, doc.enterpriseId.toString(), doc.sku);
    const entries = await productChanges.find().lean();
    assert.deepEqual(entries.map((entry) => entry.ref.toString()), [doc._id.toString()]);
    await t.services.searchSync.runOnce();
    assert.equal(await productChanges.countDocuments(), 0);
    assert.deepEqual(await slugsFor("gui tre"), []);
  });

  it("when a listing is archived through the listing service, then it leaves the results at once (notify), without waiting for a poll", async () => {
    const { products } = t.models;
    const doc = (await products.findOne({ slug: "khan-choang-tho-cam-bahnar-det-tay-tcd" }).lean())!;
    assert.ok((await slugsFor("khan choang")).includes(doc.slug));
    await t.services.productListings.archive(SYSTEM, doc.enterpriseId.toString(), doc.sku);
    // notify runs beside the request (a write never waits for the index): give it a moment, never a poll.
    const deadline = Date.now() + 5_000;
    while ((await slugsFor("khan choang")).includes(doc.slug)) {
      assert.ok(Date.now() < deadline, "still found 5 s after the write");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal((await products.findById(doc._id).lean())!.status, "archived");
  });

  it("when a price changes, then the index shows the new price after one sync", async () => {
    await writeSearchable(t, { slug: "muc-mot-nang-bqn" }, { $set: { priceTiers: [{ minQty: 5, priceVnd: 99_000 }] } });
    await t.services.searchSync.runOnce();
    const res = await request(t.app).get("/api/v1/search/products").query({ q: "muc mot nang" });
    assert.equal(res.body.hits[0].price.base, 99_000);
  });

  it("when an enterprise is suspended, then all its products disappear without any product being rewritten, and come back on reinstatement", async () => {
    const { enterprises, products } = t.models;
    const enterprise = (await enterprises.findOne({ slug: "thuc-pham-bien-quy-nhon" }).lean())!;
    const before = await products.find({ enterpriseId: enterprise._id }).lean();
    await t.services.enterpriseVerification.decide(SYSTEM, { enterpriseId: enterprise._id.toString(), action: "suspend", reason: "Hồ sơ cần bổ sung" });
    await t.services.searchSync.runOnce();
    assert.deepEqual(await slugsFor("ca ngu"), []);
    assert.deepEqual(await slugsFor("", { enterprise: "thuc-pham-bien-quy-nhon" }), []);
    const after = await products.find({ enterpriseId: enterprise._id }).lean();
    assert.deepEqual(after.map((doc) => doc.updatedAt.getTime()), before.map((doc) => doc.updatedAt.getTime()), "no product write");
    await t.services.enterpriseVerification.decide(SYSTEM, { enterpriseId: enterprise._id.toString(), action: "reinstate" });
    await t.services.searchSync.runOnce();
    assert.equal((await slugsFor("ca ngu")).length, 2);
  });

  it("when an enterprise is renamed, then its products are found under the new name", async () => {
    await writeEnterprise(t, { slug: "chanh-day-kbang" }, { $set: { "name.vi": "Công ty Cổ phần Nông sản Sơn Lang" } });
    await t.services.searchSync.runOnce();
    const hits = await slugsFor("son lang");
    assert.equal(hits.length, 4);
    const res = await request(t.app).get("/api/v1/search/products").query({ q: "son lang" });
    assert.equal(res.body.hits[0].enterprise.name, "Công ty Cổ phần Nông sản Sơn Lang");
  });

  it("when an enterprise's outbox entry is lost, then a poll keeps its old name and the reconciliation brings the new one", async () => {
    await t.models.enterprises.updateOne({ slug: "chanh-day-kbang" }, { $set: { "name.vi": "Công ty Cổ phần Nông sản Sơn Lang" } });
    await t.services.searchSync.runOnce();
    assert.deepEqual(await slugsFor("son lang"), []);
    await t.services.searchSync.reconcile();
    assert.equal((await slugsFor("son lang")).length, 4);
    assert.equal(await t.models.enterpriseChanges.countDocuments(), 0);
  });

  it("when the worker is started and stopped, then it catches up on its own and leaves no timer behind", async () => {
    const sync = t.services.searchSync;
    await sync.start();
    await writeSearchable(t, { slug: "bo-034-ncp" }, { $set: { status: "archived" } });
    sync.wake();
    for (let i = 0; i < 50 && (await slugsFor("bo 034")).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(await slugsFor("bo 034"), []);
    await sync.stop();
    assert.equal(sync.lag().lag, 0);
  });

  it("when the index is rebuilt from scratch, then it answers exactly as the incrementally synced one", async () => {
    // Changes applied incrementally to the app's index…
    await writeSearchable(t, { slug: "gao-thom-ayun-pa-dt8-ayh" }, { $set: { status: "archived" } });
    await writeSearchable(t, { slug: "ca-phe-nhan-robusta-sang-18-pn" }, { $set: { priceTiers: [{ minQty: 1000, priceVnd: 140_000 }], stock: 0 } });
    await writeEnterprise(t, { slug: "bao-bi-nong-san-an-phu" }, { $set: { status: "suspended" } });
    await writeEnterprise(t, { slug: "chanh-day-kbang" }, { $set: { "name.vi": "Công ty Chanh dây Sơn Lang" } });
    await t.services.searchSync.runOnce();
    // …and a second index rebuilt from MongoDB.
    const rebuilt = createEmbeddedSearch(":memory:");
    const sync = createSearchSync({ products: t.areas.products.searchFeed, enterprises: t.areas.enterprises.searchFeed, categories: t.services.categories, states: t.models.searchSyncStates, index: rebuilt, logger });
    await sync.rebuild();
    const queries = [
      { q: "" }, { q: "ca phe" }, { q: "gao" }, { q: "son lang" }, { q: "bao" }, { q: "tieu", certification: "vietgap" },
      { q: "", sort: "price_asc" as const }, { q: "", filters: { inStock: false } }, { q: "robusta", sort: "price_desc" as const },
    ];
    for (const query of queries) {
      const ask = (index: SearchIndex) => index.searchProducts({ q: query.q, filters: query.filters, sort: query.sort ?? "relevance", page: 1, perPage: 100, facets: true });
      const [incremental, scratch] = await Promise.all([ask(t.services.search), ask(rebuilt)]);
      assert.deepEqual(scratch.hits.map((hit) => hit.document), incremental.hits.map((hit) => hit.document), JSON.stringify(query));
      assert.deepEqual(scratch.facets, incremental.facets);
      assert.equal(scratch.total, incremental.total);
    }
    await rebuilt.close();
  });
});

describe("search index outage: writes go on, search says so, and nothing is lost", function () {
  let t: TestApp;
  let dir: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "search-outage-"));
    t = await startTestApp({ SEARCH_FILE: path.join(dir, "search.sqlite") });
    await seedDemoCatalogue(t.areas);
    await t.services.searchSync.catchUp();
  });
  afterEach(async () => {
    await stopTestApp(t).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("when the index is down, then product and enterprise writes succeed, search answers 503 with a clear page, and after recovery every change is searchable", async () => {
    const { products, enterprises } = t.models;
    await t.services.search.close(); // the index goes away

    // Writes do not depend on the index.
    const pepper = (await products.findOne({ slug: "tieu-do-chin-cay-hcs" }).lean())!;
    await t.services.productListings.archive(SYSTEM, pepper.enterpriseId.toString(), pepper.sku);
    await writeSearchable(t, { slug: "muc-mot-nang-bqn" }, { $set: { "name.vi": "Mực khô một nắng Quy Nhơn" } });
    const fish = (await enterprises.findOne({ slug: "thuc-pham-bien-quy-nhon" }).lean())!;
    await t.services.enterpriseVerification.decide(SYSTEM, { enterpriseId: fish._id.toString(), action: "suspend", reason: "Tạm dừng kiểm tra" });
    assert.equal((await products.findById(pepper._id).lean())!.status, "archived");

    const page = await request(t.app).get("/tim-kiem").query({ q: "ca phe" });
    assert.equal(page.status, 503);
    assert.match(page.text, /Tìm kiếm tạm thời gián đoạn/);
    assert.match(page.text, /Dữ liệu của quý doanh nghiệp vẫn được lưu đầy đủ/);
    const api = await request(t.app).get("/api/v1/search/products").query({ q: "ca phe" });
    assert.equal(api.status, 503);
    assert.equal(api.body.error.code, "search_unavailable");

    await assert.rejects(t.services.searchSync.runOnce());
    assert.ok(t.services.searchSync.lag().lag >= 2, "the lag is reported");
    const stillDirty = (await products.findById(pepper._id).lean())!;
    assert.ok(stillDirty.searchVersion > stillDirty.indexedVersion, "the dirty mark stays");

    // The index comes back (the same file), and the worker catches up.
    const recovered = createEmbeddedSearch(path.join(dir, "search.sqlite"));
    const sync = createSearchSync({ products: t.areas.products.searchFeed, enterprises: t.areas.enterprises.searchFeed, categories: t.services.categories, states: t.models.searchSyncStates, index: recovered, logger });
    assert.equal(await sync.catchUp(), "incremental", "the index on disk is kept, not rebuilt");
    const search = createCatalogSearch({ index: recovered, categories: t.services.categories });
    const slugs = async (q: string) => (await search.search({ q, perPage: 100 }, "vi")).hits.map((hit) => hit.slug);
    assert.ok(!(await slugs("tieu do")).includes("tieu-do-chin-cay-hcs"));
    assert.deepEqual(await slugs("ca ngu"), []);
    assert.deepEqual(await slugs("muc kho"), []);
    await writeEnterprise(t, { _id: fish._id }, { $set: { status: "verified" } });
    await sync.runOnce();
    assert.deepEqual(await slugs("muc kho"), ["muc-mot-nang-bqn"]);
    const clean = (await products.findById(pepper._id).lean())!;
    assert.equal(clean.indexedVersion, clean.searchVersion);
    await recovered.close();
  });
});

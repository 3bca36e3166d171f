import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createEmbeddedSearch, oneEditAway } from "../../src/platform/search/embedded-search.ts";
import { createMeilisearchSearch } from "../../src/platform/search/meilisearch-search.ts";
import type { SearchIndex } from "../../src/platform/search/index.ts";
import { findFreePort } from "../../src/platform/net.ts";
import { harness, MEILI_TEST_PREFIX } from "../support/harness.ts";
import { dropMeilisearchIndexes } from "../support/meilisearch.ts";
import { skipWithoutMeilisearch } from "../support/test-app.ts";
import { doc, documents, enterprises, ids, PLEIKU, QUY_NHON, search, sorted } from "./search-contract-data.ts";
import { searchContractMore } from "./search-contract-more.ts";

/** The port's contract: what every adapter must do the same way. */
function searchContract(name: string, create: () => SearchIndex, options: { needsMeilisearch?: boolean; after?: () => Promise<void> } = {}) {
  describe(`search port contract: ${name}`, function () {
    let index: SearchIndex;
    const current = () => index;
    before(function () {
      if (options.needsMeilisearch) skipWithoutMeilisearch(this);
    });
    beforeEach(async function () {
      index = create();
      await index.init();
      await index.clear();
      await index.upsertEnterprises(enterprises);
      await index.upsertProducts(documents);
    });
    afterEach(async () => {
      if (index) await index.close();
    });
    after(async () => options.after?.());

    it("when asked for its health, then it answers", async () => {
      await index.health();
    });

    it('when a buyer types "ca phe" without marks, then both coffees are found, green coffee by name and roasted too', async () => {
      assert.deepEqual(sorted(await ids(index, "ca phe")), ["p1", "p4"]);
    });

    it('when a buyer types "duong", then "Đường" is found (đ folds to d)', async () => {
      assert.deepEqual(await ids(index, "duong"), ["p2"]);
    });

    it('when a buyer types in capitals "HỒ TIÊU", then pepper is found', async () => {
      const result = await search(index, "HỒ TIÊU");
      assert.deepEqual(result.hits.map((hit) => hit.document.id), ["p3"]);
      assert.equal(result.total, 1);
    });

    it('when a buyer mistypes "robsuta" (one transposition), then Robusta is found', async () => {
      assert.deepEqual(await ids(index, "robsuta"), ["p1"]);
    });

    it('when a buyer types a synonym "cafe", then "cà phê" products are found', async () => {
      assert.deepEqual(sorted(await ids(index, "cafe")), ["p1", "p4"]);
    });

    it('when a buyer types "tieu", then "hồ tiêu" is found, and "dieu" finds "hạt điều"', async () => {
      assert.deepEqual(await ids(index, "tieu"), ["p3"]);
      assert.deepEqual(await ids(index, "dieu"), ["p6"]);
    });

    it("when a multi-word query names the enterprise and the product, then it matches across fields", async () => {
      assert.deepEqual(await ids(index, "ia grai robusta"), ["p1"]);
    });

    it("when filters are given, then each narrows the results", async () => {
      assert.deepEqual(sorted(await ids(index, "", { filters: { category: "nong-san" } })), ["p1", "p3", "p6"], "parent category");
      assert.deepEqual(await ids(index, "", { filters: { category: "ho-tieu" } }), ["p3"]);
      assert.deepEqual(sorted(await ids(index, "", { filters: { commune: "phường Quy Nhơn" } })), ["p5", "p6"]);
      assert.deepEqual(sorted(await ids(index, "", { filters: { ocop: 4 } })), ["p1", "p3"]);
      assert.deepEqual(sorted(await ids(index, "", { filters: { certification: "vietgap" } })), ["p1", "p3"]);
      assert.deepEqual(await ids(index, "", { filters: { madeInVietnam: false } }), ["p5"]);
      assert.deepEqual(sorted(await ids(index, "", { filters: { priceMin: 150_000, priceMax: 220_000 } })), ["p3", "p4", "p5"]);
      assert.deepEqual(await ids(index, "", { filters: { moqMax: 5 } }), ["p5"]);
      assert.deepEqual(await ids(index, "", { filters: { inStock: false } }), ["p2"]);
      assert.deepEqual(await ids(index, "", { filters: { enterprise: "htx-tieu-chu-se" } }), ["p3"]);
      assert.deepEqual(sorted(await ids(index, "", { filters: { enterprise: "e1" } })), ["p1", "p4"]);
      assert.deepEqual(sorted(await ids(index, "ca phe", { filters: { ocop: 4, certification: "vietgap" } })), ["p1"], "combined");
    });

    it("when a radius around Quy Nhơn is asked, then only nearby products come, with their distance", async () => {
      const result = await search(index, "", { filters: { near: { ...QUY_NHON, radiusKm: 20 } } });
      assert.deepEqual(sorted(result.hits.map((hit) => hit.document.id)), ["p5", "p6"]);
      assert.ok(result.hits[0]!.distanceKm! < 1);
      const near = await ids(index, "", { filters: { near: { ...PLEIKU, radiusKm: 500 } }, sort: "distance" });
      assert.deepEqual(near.slice(0, 2).sort(), ["p1", "p4"]);
      assert.deepEqual(near.slice(-2).sort(), ["p5", "p6"]);
    });

    it("when facets are asked, then counts come for category, commune, ocop and certification over the filtered results", async () => {
      const result = await search(index, "");
      assert.equal(result.total, 6);
      assert.deepEqual(result.facets.category, { "ca-phe": 1, "banh-keo-dac-san": 1, "ho-tieu": 1, "ca-phe-rang-xay": 1, "hai-san-che-bien": 1, "hat-dieu": 1 });
      assert.deepEqual(result.facets.ocop, { "3": 1, "4": 1, "5": 1 });
      assert.deepEqual(result.facets.certification, { vietgap: 2, organic: 1 });
      assert.equal(result.facets.commune["phường Quy Nhơn"], 2);
      const narrowed = await search(index, "", { filters: { enterprise: "e1" } });
      assert.deepEqual(narrowed.facets.commune, { "xã Ia Grai": 2 });
    });

    it("when sorted by price or by date, then the order follows", async () => {
      assert.deepEqual(await ids(index, "", { sort: "price_asc" }), ["p2", "p1", "p3", "p5", "p4", "p6"]);
      assert.deepEqual(await ids(index, "", { sort: "price_desc" }), ["p6", "p4", "p5", "p3", "p1", "p2"]);
      assert.deepEqual(await ids(index, "", { sort: "newest" }), ["p6", "p5", "p4", "p3", "p2", "p1"]);
    });

    it("when paging, then pages split the results without overlap and a page past the end is empty", async () => {
      const first = await search(index, "", { sort: "newest", page: 1, perPage: 4 });
      const second = await search(index, "", { sort: "newest", page: 2, perPage: 4 });
      const third = await search(index, "", { sort: "newest", page: 3, perPage: 4 });
      assert.deepEqual(first.hits.map((hit) => hit.document.id), ["p6", "p5", "p4", "p3"]);
      assert.deepEqual(second.hits.map((hit) => hit.document.id), ["p2", "p1"]);
      assert.equal(third.hits.length, 0);
      assert.equal(third.total, 6);
    });

    it("when an enterprise is hidden (suspended), then its products vanish, and return when it is visible again", async () => {
      await index.upsertEnterprises([{ ...enterprises[0]!, visible: false }]);
      assert.deepEqual(await ids(index, "ca phe"), []);
      assert.equal((await index.suggest("ia grai", 5)).enterprises.length, 0);
      await index.upsertEnterprises([enterprises[0]!]);
      assert.deepEqual(sorted(await ids(index, "ca phe")), ["p1", "p4"]);
    });

    it("when an enterprise is renamed, then its products are found by the new name and carry it", async () => {
      await index.upsertEnterprises([{ ...enterprises[1]!, name: "Công ty Mía Đường Kbang" }]);
      const result = await search(index, "kbang");
      assert.deepEqual(result.hits.map((hit) => hit.document.id), ["p2"]);
      assert.equal(result.hits[0]!.document.enterpriseName, "Công ty Mía Đường Kbang");
    });

    it("when products of an unknown enterprise are indexed, then they are not found", async () => {
      await index.upsertProducts([{ ...doc({ id: "p9", name: "Mật ong rừng", enterpriseId: "e1" }), enterpriseId: "e-unknown" }]);
      assert.deepEqual(await ids(index, "mat ong"), []);
    });

    it("when a product is removed or re-upserted, then the index follows", async () => {
      await index.removeProducts(["p3"]);
      assert.deepEqual(await ids(index, "ho tieu"), []);
      await index.upsertProducts([{ ...documents[2]!, name: { vi: "Tiêu sọ trắng", en: "White pepper" } }]);
      assert.deepEqual(await ids(index, "tieu so"), ["p3"]);
      assert.equal((await search(index, "tieu so")).hits[0]!.document.name.vi, "Tiêu sọ trắng");
    });

    it("when a buyer types the start of a word, then suggestions name products and enterprises", async () => {
      const suggestions = await index.suggest("ca ph", 5);
      assert.deepEqual(suggestions.products.map((p) => p.id).sort(), ["p1", "p4", "p5"], "cà phê and cá phèn both start so");
      const companies = await index.suggest("hai san", 5);
      assert.deepEqual(companies.enterprises.map((e) => e.slug), ["hai-san-quy-nhon"]);
    });

    it("when meta notes are written, then they are read back", async () => {
      await index.setMeta("builtFrom", "abc");
      assert.equal(await index.getMeta("builtFrom"), "abc");
      assert.equal(await index.getMeta("missing"), null);
    });

    searchContractMore(current);
  });
}

searchContract("embedded SQLite FTS5", () => createEmbeddedSearch(":memory:"));
// The same engine answering on two worker threads over its file (how the app runs it).
const workerDir = fs.mkdtempSync(path.join(fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), "search-workers-"));
searchContract("embedded SQLite FTS5 on worker threads", () => createEmbeddedSearch(path.join(workerDir, "search.sqlite"), { workers: 2 }), {
  after: async () => fs.rmSync(workerDir, { recursive: true, force: true }),
});

const contractPrefix = `${MEILI_TEST_PREFIX}contract_${randomBytes(3).toString("hex")}_`;
searchContract("Meilisearch", () => createMeilisearchSearch({ host: harness.meiliHost, apiKey: harness.meiliApiKey || undefined, indexPrefix: contractPrefix }), {
  needsMeilisearch: true,
  after: async () => {
    if (harness.meiliHost) await dropMeilisearchIndexes(harness.meiliHost, harness.meiliMasterKey || undefined, contractPrefix);
  },
});

describe("embedded engine specifics", () => {
  it("when a query carries the exact accents of one name, then that name ranks above its folded twin", async () => {
    const index = createEmbeddedSearch(":memory:");
    await index.upsertEnterprises(enterprises);
    await index.upsertProducts([
      doc({ id: "fish", name: "Cá phèn một nắng", enterpriseId: "e4", publishedAt: Date.UTC(2025, 5, 1) }),
      doc({ id: "coffee", name: "Cà phê phin", enterpriseId: "e1", publishedAt: Date.UTC(2025, 1, 1) }),
    ]);
    assert.equal((await ids(index, "cá phèn"))[0], "fish");
    assert.equal((await ids(index, "cà phê"))[0], "coffee");
    await index.close();
  });

  it("when a term is one edit from indexed terms, then those terms are its variants", () => {
    const vocabulary = new Set(["robusta", "duong", "tieu", "phe"]);
    assert.deepEqual(oneEditAway("robsuta", vocabulary), ["robusta"]);
    assert.deepEqual(oneEditAway("duongg", vocabulary), ["duong"]);
    assert.deepEqual(oneEditAway("dong", vocabulary), ["duong"]);
  });
});

describe("search adapters' health checks", () => {
  it("when Meilisearch is not reachable, then its health check fails instead of hanging", async () => {
    const port = await findFreePort();
    const index = createMeilisearchSearch({ host: `http://127.0.0.1:${port}`, indexPrefix: "" });
    await assert.rejects(index.health());
  });

  it("when the embedded index is closed, then its health check fails", async () => {
    const index = createEmbeddedSearch(":memory:");
    await index.close();
    await assert.rejects(index.health(), /not open/);
  });
});

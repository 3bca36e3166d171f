import assert from "node:assert/strict";
import { createEmbeddedSearch, oneEditAway } from "../../src/platform/search/embedded-search.ts";
import { createMeilisearchSearch } from "../../src/platform/search/meilisearch-search.ts";
import type { EnterpriseSearchEntry, ProductSearchDocument, ProductSearchQuery, SearchIndex } from "../../src/platform/search/index.ts";
import { findFreePort } from "../../src/platform/net.ts";

const PLEIKU = { lat: 13.9833, lng: 108.0 };
const QUY_NHON = { lat: 13.7765, lng: 109.2237 };

const enterprises: EnterpriseSearchEntry[] = [
  { id: "e1", slug: "htx-ca-phe-ia-grai", name: "HTX Cà phê Ia Grai", visible: true, commune: "xã Ia Grai", location: PLEIKU },
  { id: "e2", slug: "duong-an-khe", name: "Công ty Đường An Khê", visible: true, commune: "phường An Khê", location: { lat: 13.95, lng: 108.65 } },
  { id: "e3", slug: "htx-tieu-chu-se", name: "HTX Tiêu Chư Sê", visible: true, commune: "xã Chư Sê", location: { lat: 13.7, lng: 108.08 } },
  { id: "e4", slug: "hai-san-quy-nhon", name: "Hải sản Quy Nhơn", visible: true, commune: "phường Quy Nhơn", location: QUY_NHON },
];

function doc(partial: Partial<Omit<ProductSearchDocument, "name">> & { id: string; name: string; enterpriseId: string }): ProductSearchDocument {
  const enterprise = enterprises.find((e) => e.id === partial.enterpriseId)!;
  const { name, ...rest } = partial;
  return {
    slug: partial.id,
    name: { vi: name, en: "" },
    description: { vi: "", en: "" },
    category: "ca-phe",
    categoryParent: "nong-san",
    categoryName: { vi: "Cà phê nhân", en: "Green coffee" },
    enterpriseName: enterprise.name,
    enterpriseSlug: enterprise.slug,
    commune: enterprise.commune,
    location: enterprise.location,
    ocopStars: 0,
    certifications: [],
    madeInVietnam: true,
    price: 100_000,
    priceMin: 90_000,
    priceMax: 100_000,
    unit: "kg",
    minOrderQty: 10,
    inStock: true,
    publishedAt: Date.UTC(2025, 0, 1),
    imageUrl: null,
    ...rest,
  };
}

const documents: ProductSearchDocument[] = [
  doc({ id: "p1", name: "Cà phê Robusta nhân xanh", enterpriseId: "e1", description: { vi: "Hạt cà phê chín đỏ từ Đắk Đoa.", en: "" }, ocopStars: 4, certifications: ["vietgap"], price: 95_000, publishedAt: Date.UTC(2025, 1, 1) }),
  doc({ id: "p2", name: "Đường mía thô", enterpriseId: "e2", category: "banh-keo-dac-san", categoryParent: "thuc-pham-che-bien", categoryName: { vi: "Bánh kẹo và đặc sản", en: "Snacks" }, description: { vi: "Đường vàng từ mía An Khê.", en: "" }, price: 30_000, minOrderQty: 100, inStock: false, publishedAt: Date.UTC(2025, 2, 1) }),
  doc({ id: "p3", name: "Hồ tiêu đen Chư Sê", enterpriseId: "e3", category: "ho-tieu", categoryName: { vi: "Hồ tiêu", en: "Pepper" }, description: { vi: "Tiêu đen phơi nắng, hạt chắc.", en: "" }, ocopStars: 5, certifications: ["organic", "vietgap"], price: 150_000, publishedAt: Date.UTC(2025, 3, 1) }),
  doc({ id: "p4", name: "Cà phê rang xay Pleiku", enterpriseId: "e1", category: "ca-phe-rang-xay", categoryParent: "do-uong", categoryName: { vi: "Cà phê rang xay", en: "Roasted coffee" }, ocopStars: 3, price: 220_000, madeInVietnam: true, publishedAt: Date.UTC(2025, 4, 1) }),
  doc({ id: "p5", name: "Cá phèn một nắng", enterpriseId: "e4", category: "hai-san-che-bien", categoryParent: "thuc-pham-che-bien", categoryName: { vi: "Hải sản chế biến", en: "Processed seafood" }, price: 180_000, minOrderQty: 5, madeInVietnam: false, publishedAt: Date.UTC(2025, 5, 1) }),
  doc({ id: "p6", name: "Hạt điều rang muối", enterpriseId: "e4", category: "hat-dieu", categoryName: { vi: "Hạt điều", en: "Cashew nuts" }, price: 250_000, publishedAt: Date.UTC(2025, 6, 1) }),
];

const search = (index: SearchIndex, q: string, rest: Partial<ProductSearchQuery> = {}) =>
  index.searchProducts({ q, page: 1, perPage: 20, ...rest });
const ids = async (index: SearchIndex, q: string, rest: Partial<ProductSearchQuery> = {}) =>
  (await search(index, q, rest)).hits.map((hit) => hit.document.id);
const sorted = (list: string[]) => [...list].sort();

/** The port's contract: what every adapter must do the same way. */
function searchContract(name: string, create: () => SearchIndex | undefined, skipReason?: string) {
  describe(`search port contract: ${name}`, function () {
    let index: SearchIndex;
    beforeEach(async function () {
      const created = create();
      if (!created) {
        console.log(`      (skipped: ${skipReason})`);
        this.skip();
      }
      index = created!;
      await index.init();
      await index.clear();
      await index.upsertEnterprises(enterprises);
      await index.upsertProducts(documents);
    });
    afterEach(async () => {
      if (index) await index.close();
    });

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
  });
}

searchContract("embedded SQLite FTS5", () => createEmbeddedSearch(":memory:"));
searchContract(
  "Meilisearch",
  () =>
    process.env.MEILI_HOST
      ? createMeilisearchSearch({ host: process.env.MEILI_HOST, apiKey: process.env.MEILI_MASTER_KEY, indexPrefix: "test_contract_" })
      : undefined,
  "MEILI_HOST is not set; Meilisearch cannot be downloaded on this machine",
);

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

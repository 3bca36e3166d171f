import assert from "node:assert/strict";
import request from "supertest";
import { createEmbeddedSearch } from "../../src/platform/search/embedded-search.ts";
import type { ProductSearchDocument } from "../../src/platform/search/index.ts";
import { isSyllable, splitCandidates } from "../../src/platform/search/splits.ts";
import { seedDemoCatalogue } from "../../src/seed/seed.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

// Relevance parity with Meilisearch on the embedded engine (issue 13, part 5). The comparison of
// both engines' answers is scripts/compare-search-engines.ts; these are the gaps it closed.

describe("embedded search relevance: run-together syllables and joined words over the demo catalogue", function () {
  let t: TestApp;
  const search = async (q: string) => {
    const res = await request(t.app).get("/api/v1/search/products").query({ q, perPage: 100 });
    assert.equal(res.status, 200);
    return { total: res.body.total as number, slugs: (res.body.hits as { slug: string }[]).map((hit) => hit.slug) };
  };

  before(async () => {
    t = await startTestApp();
    await seedDemoCatalogue(t.areas);
    await t.services.searchSync.catchUp();
  });
  after(async () => stopTestApp(t));

  for (const [typed, spaced] of [["caphe", "ca phe"], ["hatdieu", "hat dieu"], ["hotieu", "ho tieu"], ["matong", "mat ong"], ["saurieng", "sau rieng"], ["chanhday", "chanh day"], ["thocam", "tho cam"]]) {
    it(`when a buyer types "${typed}" without the space, then the same listings come as for "${spaced}"`, async () => {
      const [joined, apart] = [await search(typed!), await search(spaced!)];
      assert.ok(apart.total > 0);
      assert.deepEqual([...joined.slugs].sort(), [...apart.slugs].sort());
    });
  }

  it("when a buyer types \"hatdieu\", \"hotieu\" or \"matong\", then the listing named so comes first", async () => {
    assert.equal((await search("hatdieu")).slugs[0], "hat-dieu-rang-muoi-con-vo-lua-hop-500-g-dpc");
    assert.ok((await search("hotieu")).slugs.slice(0, 4).includes("ho-tieu-den-chu-se-550-g-l-hcs"));
    assert.equal((await search("matong")).slugs[0], "mat-ong-rung-ong-khoai-omp");
  });

  it("when three syllables run together or a run-together word sits beside others, then the phrase is still found", async () => {
    assert.deepEqual((await search("caphebot")).slugs, ["ca-phe-bot-pha-phin-cao-nguyen-500-g-cnp"]);
    assert.equal((await search("caphe bot")).slugs[0], "ca-phe-bot-pha-phin-cao-nguyen-500-g-cnp");
    assert.deepEqual((await search("matongrung")).slugs, ["mat-ong-rung-ong-khoai-omp"]);
    assert.equal((await search("robusta sang18")).total, 2);
  });

  it("when the run-together words belong to a pending enterprise's drafts, then nothing is found, as for the spaced query", async () => {
    assert.deepEqual((await search("nuocmam")).slugs, []);
    assert.deepEqual((await search("nuoc mam")).slugs, []);
  });

  it("when a buyer splits one word in two (\"ca fe\", \"w 320\", \"robus ta\"), then the word is found, as Meilisearch joins them", async () => {
    assert.equal((await search("ca fe")).total, (await search("cafe")).total);
    assert.deepEqual((await search("w 320")).slugs, ["nhan-dieu-trang-w320-dpc"]);
    assert.equal((await search("robus ta")).total, (await search("robusta")).total);
  });

  it("when a typo would change the first letter, then it is not taken (\"mien\" never finds \"chế biến\")", async () => {
    const { slugs } = await search("mien");
    assert.ok(!slugs.includes("chanh-day-nguyen-lieu-che-bien-ckb"), slugs.join(" "));
    assert.ok((await search("robsuta")).total > 0, "a typo further in still is");
  });

  it("when the spaced queries of the relevance set are asked, then they answer as before (nothing is split that the index holds)", async () => {
    assert.equal((await search("ca phe")).total, 15);
    assert.deepEqual((await search("sau rieng")).slugs.sort(), ["sau-rieng-monthong-dona-xuat-khau-ncp", "sau-rieng-ri6-loai-1-ncp"]);
    assert.equal((await search("robusta sang 18")).total, 2);
    assert.equal((await search("tieu do")).slugs[0], "tieu-do-chin-cay-hcs");
  });

  it("when a buyer types run-together syllables in the suggestion box, then the listings are suggested", async () => {
    const res = await request(t.app).get("/api/v1/search/suggest").query({ q: "caphe" });
    assert.equal(res.status, 200);
    assert.ok(JSON.stringify(res.body).includes("ca-phe"), JSON.stringify(res.body).slice(0, 200));
  });
});

const enterprise = { id: "e1", slug: "thuc-pham-phan-thiet", name: "Công ty Thực phẩm Phan Thiết", visible: true, commune: "phường Pleiku", location: null };
function doc(id: string, name: string): ProductSearchDocument {
  return {
    id, slug: id, name: { vi: name, en: "" }, description: { vi: "", en: "" }, category: "nuoc-mam", categoryParent: "thuc-pham",
    categoryName: { vi: "Nước chấm", en: "Sauces" }, enterpriseId: enterprise.id, enterpriseName: enterprise.name, enterpriseSlug: enterprise.slug,
    commune: enterprise.commune, location: null, ocopStars: 0, certifications: [], madeInVietnam: true, price: 50_000, priceMin: 50_000,
    priceMax: 50_000, unit: "chai", minOrderQty: 1, inStock: true, publishedAt: Date.UTC(2025, 0, 1), imageUrl: null,
  };
}
const q = (text: string) => ({ q: text, page: 1, perPage: 20, facets: false }) as const;
const ids = (result: { hits: { document: { id: string } }[] }) => result.hits.map((hit) => hit.document.id);

describe("embedded search relevance: how run-together terms are split", () => {
  it("when \"nuoc mam namngu\" is asked, then the Nam Ngư listing comes first, spaced or not", async () => {
    const index = createEmbeddedSearch(":memory:");
    await index.upsertEnterprises([enterprise]);
    await index.upsertProducts([doc("namngu", "Nước mắm Nam Ngư chai 500 ml"), doc("phuquoc", "Nước mắm Phú Quốc 40 độ đạm"), doc("nam", "Nấm hương khô")]);
    assert.deepEqual(ids(await index.searchProducts(q("nuoc mam namngu"))), ["namngu"]);
    assert.deepEqual(ids(await index.searchProducts(q("nuocmam namngu"))), ["namngu"]);
    assert.deepEqual(ids(await index.searchProducts(q("nuocmam"))).sort(), ["namngu", "phuquoc"]);
    await index.close();
  });

  it("when a term cuts two ways into syllables, then the cut the catalogue holds as a phrase more often wins", async () => {
    const index = createEmbeddedSearch(":memory:");
    await index.upsertEnterprises([enterprise]);
    await index.upsertProducts([doc("a", "Mật ong rừng"), doc("b", "Mật ong hoa cà phê"), doc("c", "Ma tông sơn mài"), doc("d", "Tông màu mật")]);
    assert.deepEqual(ids(await index.searchProducts(q("matong"))).sort(), ["a", "b"]);
    await index.close();
  });

  it("when the catalogue gains the words of a split after a first miss, then the next query finds them (splits are dropped on writes)", async () => {
    const index = createEmbeddedSearch(":memory:");
    await index.upsertEnterprises([enterprise]);
    await index.upsertProducts([doc("x", "Nước mắm Phú Quốc")]);
    assert.deepEqual(ids(await index.searchProducts(q("namngu"))), []);
    await index.upsertProducts([doc("y", "Nước mắm Nam Ngư")]);
    assert.deepEqual(ids(await index.searchProducts(q("namngu"))), ["y"]);
    await index.close();
  });

  it("when a term is indexed in several rows, then it is taken as typed and not split", async () => {
    const index = createEmbeddedSearch(":memory:");
    await index.upsertEnterprises([enterprise]);
    await index.upsertProducts([doc("1", "Caphe Store bột"), doc("2", "Caphe Store hạt"), doc("3", "Caphe Store phin"), doc("4", "Cà phê rang")]);
    assert.deepEqual(ids(await index.searchProducts(q("caphe"))).sort(), ["1", "2", "3"]);
    await index.close();
  });

  it("when the cuts are listed, then two parts come before three and syllables before other words", () => {
    const vocabulary = new Set(["ca", "phe", "bot", "cap", "he", "mat", "ong", "ma", "tong"]);
    assert.deepEqual(splitCandidates("caphebot", (term) => vocabulary.has(term)), [["ca", "phe", "bot"], ["cap", "he", "bot"]]);
    assert.deepEqual(splitCandidates("matong", (term) => vocabulary.has(term)), [["ma", "tong"], ["mat", "ong"]]);
    assert.deepEqual(splitCandidates("cafe", (term) => vocabulary.has(term)), []);
    assert.ok(isSyllable("nghieng") && isSyllable("18") && !isSyllable("robusta"));
  });
});

import assert from "node:assert/strict";
import { distanceKm } from "../../src/platform/search/embedded-query.ts";
import { MAX_RESULT_WINDOW, type SearchIndex } from "../../src/platform/search/index.ts";
import { documents, enterprises, ids, PLEIKU, QUY_NHON, search, sorted } from "./search-contract-data.ts";

/**
 * The rest of the port's contract (search-port.test.ts runs it on both engines): what the app
 * relies on beyond the basics. `index()` is the suite's freshly filled index.
 */
export function searchContractMore(index: () => SearchIndex) {
  const [ia, , , quyNhon] = enterprises as [(typeof enterprises)[0], unknown, unknown, (typeof enterprises)[0]];
  const suggested = async (q: string, limit = 10) => (await index().suggest(q, limit)).products.map((p) => p.id).sort();

  describe("whole words in results, the last word's prefix in suggestions", () => {
    it('when a buyer searches the start of words ("ca ph", "robus"), then results are empty: results match whole words only', async () => {
      assert.deepEqual(await ids(index(), "ca ph"), []);
      assert.deepEqual(await ids(index(), "robus"), []);
    });

    it('when a buyer types "robus" or "ca phe", then suggestions complete the last word (so "phe" also suggests "phèn")', async () => {
      assert.deepEqual(await suggested("robus"), ["p1"]);
      assert.deepEqual(await suggested("ca phe"), ["p1", "p4", "p5"]);
      assert.deepEqual(await suggested("hat di"), ["p6"]);
    });

    it("when suggestions are asked with a limit, then no more come, and enterprises are suggested by the start of their name's last word", async () => {
      assert.equal((await index().suggest("ca ph", 2)).products.length, 2);
      assert.deepEqual((await index().suggest("quy nh", 5)).enterprises.map((e) => e.slug), ["hai-san-quy-nhon"]);
    });
  });

  describe("geo", () => {
    it("when a radius around Pleiku is asked, then only what lies inside comes, each with its distance", async () => {
      const result = await search(index(), "", { filters: { near: { ...PLEIKU, radiusKm: 20 } } });
      assert.deepEqual(sorted(result.hits.map((hit) => hit.document.id)), ["p1", "p4"]);
      for (const hit of result.hits) assert.ok(hit.distanceKm !== null && hit.distanceKm < 0.1);
    });

    it("when sorted by distance, then distances grow and each is the great-circle distance (within 0.5 %)", async () => {
      const result = await search(index(), "", { filters: { near: { ...QUY_NHON, radiusKm: 500 } }, sort: "distance" });
      assert.equal(result.total, 6);
      const distances = result.hits.map((hit) => hit.distanceKm!);
      distances.slice(1).forEach((km, i) => assert.ok(distances[i]! <= km, `${distances[i]} <= ${km}`));
      for (const hit of result.hits) {
        const expected = distanceKm(QUY_NHON.lat, QUY_NHON.lng, hit.document.location!.lat, hit.document.location!.lng);
        assert.ok(Math.abs(hit.distanceKm! - expected) <= Math.max(0.05, expected * 0.005), `${hit.document.id}: ${hit.distanceKm} vs ${expected}`);
      }
    });

    it("when an enterprise moves, then its products are found at the new place and commune, not the old", async () => {
      await index().upsertEnterprises([{ ...quyNhon, commune: "xã Ia Grai", location: PLEIKU }]);
      assert.deepEqual(await ids(index(), "", { filters: { near: { ...QUY_NHON, radiusKm: 20 } } }), []);
      assert.deepEqual(await ids(index(), "", { filters: { commune: "phường Quy Nhơn" } }), []);
      assert.deepEqual(sorted(await ids(index(), "", { filters: { near: { ...PLEIKU, radiusKm: 1 } } })), ["p1", "p4", "p5", "p6"]);
      const moved = await search(index(), "mot nang");
      assert.equal(moved.hits[0]!.document.commune, "xã Ia Grai");
    });
  });

  describe("facets with filters applied", () => {
    it("when a query and filters narrow the results, then the facet counts are over what is left", async () => {
      const coffees = await search(index(), "ca phe");
      assert.deepEqual(coffees.facets.category, { "ca-phe": 1, "ca-phe-rang-xay": 1 });
      assert.deepEqual(coffees.facets.ocop, { "3": 1, "4": 1 });
      const narrowed = await search(index(), "ca phe", { filters: { ocop: 4 } });
      assert.equal(narrowed.total, 1);
      assert.deepEqual(narrowed.facets, { category: { "ca-phe": 1 }, commune: { "xã Ia Grai": 1 }, ocop: { "4": 1 }, certification: { vietgap: 1 } });
    });

    it("when an enterprise is hidden, then its products count in no facet; when facets are not asked, none come", async () => {
      await index().upsertEnterprises([{ ...quyNhon, visible: false }]);
      const result = await search(index(), "");
      assert.equal(result.total, 4);
      assert.equal(result.facets.commune["phường Quy Nhơn"], undefined);
      assert.equal(result.facets.category["hat-dieu"], undefined);
      const bare = await search(index(), "", { facets: false });
      assert.deepEqual(bare.facets, { category: {}, commune: {}, ocop: {}, certification: {} });
      assert.equal(bare.total, 4);
    });
  });

  describe("pagination limits", () => {
    it("when 100 a page are asked, then all come; at the deepest page allowed, none come and the total stays", async () => {
      assert.equal((await search(index(), "", { perPage: 100 })).hits.length, 6);
      const deepest = await search(index(), "", { perPage: 100, page: MAX_RESULT_WINDOW / 100 });
      assert.equal(deepest.hits.length, 0);
      assert.equal(deepest.total, 6);
    });

    it("when a text query is paged one hit at a time, then the pages together are its results, without overlap", async () => {
      const first = await ids(index(), "ca phe", { perPage: 1, page: 1 });
      const second = await ids(index(), "ca phe", { perPage: 1, page: 2 });
      assert.deepEqual(sorted([...first, ...second]), ["p1", "p4"]);
    });
  });

  describe("enterprises, synonyms, typos and deletes", () => {
    it("when an enterprise is renamed, then the old name finds nothing, and suggestions know the new name", async () => {
      await index().upsertEnterprises([{ ...ia, name: "HTX Nông sản Đak Đoa" }]);
      assert.deepEqual(await ids(index(), "ia grai"), []);
      assert.equal((await search(index(), "robusta")).hits[0]!.document.enterpriseName, "HTX Nông sản Đak Đoa");
      assert.deepEqual((await index().suggest("dak doa", 5)).enterprises.map((e) => e.id), ["e1"]);
      assert.deepEqual((await index().suggest("ia grai", 5)).enterprises, []);
    });

    it("when a hidden enterprise's product is indexed again, then it stays hidden, in results and suggestions, until the enterprise is visible", async () => {
      await index().upsertEnterprises([{ ...quyNhon, visible: false }]);
      await index().upsertProducts([documents[4]!]);
      assert.deepEqual(await ids(index(), "mot nang"), []);
      assert.deepEqual(await suggested("mot nang"), []);
      await index().upsertEnterprises([quyNhon]);
      assert.deepEqual(await ids(index(), "mot nang"), ["p5"]);
      assert.deepEqual(await suggested("mot nang"), ["p5"]);
    });

    it("when a buyer types an English or short synonym, then the group's products come", async () => {
      assert.deepEqual(await ids(index(), "pepper"), ["p3"]);
      assert.deepEqual(await ids(index(), "cashew"), ["p6"]);
      assert.deepEqual(sorted(await ids(index(), "coffee")), ["p1", "p4"]);
      assert.deepEqual(await ids(index(), "hat dieu"), ["p6"]);
    });

    it("when a word of four letters or more has one typo, then it is found; a shorter word is taken as typed", async () => {
      assert.deepEqual(await ids(index(), "robustaa"), ["p1"]);
      assert.deepEqual(await ids(index(), "duongg"), ["p2"]);
      assert.deepEqual(await ids(index(), "tiu"), []);
    });

    it("when a product is removed, then it leaves results, facets and suggestions; removing an unknown id is harmless", async () => {
      await index().removeProducts(["p6", "no-such-id"]);
      assert.deepEqual(await ids(index(), "hat dieu"), []);
      assert.deepEqual(await suggested("hat di"), []);
      const all = await search(index(), "");
      assert.equal(all.total, 5);
      assert.equal(all.facets.category["hat-dieu"], undefined);
      assert.equal((await index().stats()).products, 5);
    });

    it("when a rebuild streams batches through a bulk load, then all are searchable once it finishes", async () => {
      await index().clear();
      await index().upsertEnterprises(enterprises);
      const bulk = await index().openBulkLoad();
      await bulk.add(documents.slice(0, 3));
      await bulk.add(documents.slice(3));
      await bulk.finish();
      assert.equal((await search(index(), "")).total, 6);
      assert.deepEqual(await suggested("robus"), ["p1"]);
    });
  });
}

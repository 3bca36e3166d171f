import assert from "node:assert/strict";
import { createEmbeddedSearch } from "../../src/platform/search/embedded-search.ts";
import { createMeilisearchSearch } from "../../src/platform/search/meilisearch-search.ts";
import type { ProductSearchDocument, SearchIndex } from "../../src/platform/search/index.ts";
import { findFreePort } from "../../src/platform/net.ts";

const documents: ProductSearchDocument[] = [
  { id: "p1", name: "Cà phê Robusta nhân xanh", description: "Hạt cà phê chín đỏ từ Đắk Đoa.", category: "Cà phê", enterpriseName: "HTX Cà phê Ia Grai", commune: "xã Ia Grai" },
  { id: "p2", name: "Đường mía thô", description: "Đường vàng từ mía An Khê.", category: "Thực phẩm chế biến", enterpriseName: "Công ty Đường An Khê", commune: "phường An Khê" },
  { id: "p3", name: "Hồ tiêu đen Chư Sê", description: "Tiêu đen phơi nắng, hạt chắc.", category: "Hồ tiêu", enterpriseName: "HTX Tiêu Chư Sê", commune: "xã Chư Sê" },
];

/** The port's contract: what every adapter must do the same way. */
function searchContract(name: string, create: () => SearchIndex | undefined, skipReason?: string) {
  describe(`search port contract: ${name}`, function () {
    let index: SearchIndex;
    before(async function () {
      const created = create();
      if (!created) {
        console.log(`      (skipped: ${skipReason})`);
        this.skip();
      }
      index = created!;
      await index.init();
      await index.upsertProducts(documents);
    });
    after(async () => {
      if (index) {
        await index.removeProducts(documents.map((doc) => doc.id));
        await index.close();
      }
    });

    it("when asked for its health, then it answers", async () => {
      await index.health();
    });

    it('when a buyer types "ca phe" without marks, then "Cà phê" is found', async () => {
      assert.deepEqual((await index.searchProducts({ q: "ca phe", page: 1, perPage: 10 })).ids, ["p1"]);
    });

    it('when a buyer types "duong", then "Đường" is found (đ folds to d)', async () => {
      assert.deepEqual((await index.searchProducts({ q: "duong", page: 1, perPage: 10 })).ids, ["p2"]);
    });

    it('when a buyer types in capitals "HỒ TIÊU", then pepper is found', async () => {
      const result = await index.searchProducts({ q: "HỒ TIÊU", page: 1, perPage: 10 });
      assert.deepEqual(result.ids, ["p3"]);
      assert.equal(result.total, 1);
    });

    it("when a product is removed, then it is no longer found", async () => {
      await index.removeProducts(["p3"]);
      assert.deepEqual((await index.searchProducts({ q: "tieu", page: 1, perPage: 10 })).ids, []);
      await index.upsertProducts([documents[2]!]);
    });
  });
}

searchContract("embedded SQLite FTS5", () => createEmbeddedSearch(":memory:"));
searchContract(
  "Meilisearch",
  () =>
    process.env.MEILI_HOST
      ? createMeilisearchSearch({ host: process.env.MEILI_HOST, apiKey: process.env.MEILI_MASTER_KEY, indexPrefix: `test_${Date.now()}_` })
      : undefined,
  "MEILI_HOST is not set; Meilisearch cannot be downloaded on this machine",
);

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

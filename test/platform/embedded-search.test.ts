import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createEmbeddedSearch } from "../../src/platform/search/embedded-search.ts";
import type { ProductSearchDocument } from "../../src/platform/search/index.ts";

const enterprise = { id: "e1", slug: "htx-ca-phe-ia-grai", name: "HTX Cà phê Ia Grai", visible: true, commune: "xã Ia Grai", location: { lat: 13.98, lng: 108.0 } };

function doc(id: string, name: string, extra: Partial<ProductSearchDocument> = {}): ProductSearchDocument {
  return {
    id, slug: id, name: { vi: name, en: "" }, description: { vi: "", en: "" },
    category: "ca-phe", categoryParent: "nong-san", categoryName: { vi: "Cà phê nhân", en: "Green coffee" },
    enterpriseId: enterprise.id, enterpriseName: enterprise.name, enterpriseSlug: enterprise.slug, commune: enterprise.commune, location: enterprise.location,
    ocopStars: 0, certifications: [], madeInVietnam: true, price: 100_000, priceMin: 90_000, priceMax: 100_000, unit: "kg",
    minOrderQty: 10, inStock: true, publishedAt: Date.UTC(2025, 0, 1), imageUrl: null, ...extra,
  };
}

const ask = { q: "ca phe", page: 1, perPage: 20, facets: true } as const;

describe("embedded engine: answer cache and in-memory columns", () => {
  it("when a query is repeated after a write, then the answer shows the write (the cache is dropped on every write)", async () => {
    const index = createEmbeddedSearch(":memory:");
    await index.upsertEnterprises([enterprise]);
    await index.upsertProducts([doc("p1", "Cà phê Robusta")]);
    assert.equal((await index.searchProducts(ask)).total, 1);
    await index.upsertProducts([doc("p2", "Cà phê Arabica", { ocopStars: 4 })]);
    const after = await index.searchProducts(ask);
    assert.equal(after.total, 2);
    assert.deepEqual(after.facets.ocop, { "4": 1 });
    await index.upsertEnterprises([{ ...enterprise, visible: false }]);
    assert.equal((await index.searchProducts(ask)).total, 0, "a suspension is a write too");
    await index.close();
  });

  it("when the engine is reopened on its file, then filters, facets and order come from the columns loaded from it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "embedded-search-"));
    const file = path.join(dir, "search.sqlite");
    try {
      const first = createEmbeddedSearch(file);
      await first.init();
      await first.upsertEnterprises([enterprise]);
      await first.upsertProducts([
        doc("cheap", "Cà phê bột", { price: 50_000, certifications: ["vietgap"] }),
        doc("dear", "Cà phê chồn", { price: 900_000 }),
        doc("pepper", "Hồ tiêu đen", { category: "ho-tieu" }),
      ]);
      await first.removeProducts(["pepper"]);
      const before = await first.searchProducts({ ...ask, sort: "price_desc" });
      await first.close();

      const second = createEmbeddedSearch(file);
      await second.init();
      const reopened = await second.searchProducts({ ...ask, sort: "price_desc" });
      assert.deepEqual(reopened, before);
      assert.deepEqual(reopened.hits.map((hit) => hit.document.id), ["dear", "cheap"]);
      assert.deepEqual(reopened.facets.certification, { vietgap: 1 });
      assert.equal((await second.searchProducts({ ...ask, q: "", filters: { priceMax: 100_000 } })).total, 1);
      await second.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("when searches run on worker threads, then every write acknowledged is in the next answer of each worker, and close ends them", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "embedded-workers-"));
    try {
      const index = createEmbeddedSearch(path.join(dir, "search.sqlite"), { workers: 2, cacheSize: 0 });
      await index.init();
      assert.equal(index.workerCount(), 2);
      await index.upsertEnterprises([enterprise]);
      for (let i = 0; i < 20; i++) {
        await index.upsertProducts([doc(`p${i}`, `Cà phê số ${i}`, { ocopStars: 3 })]);
        // Two searches at once: one goes to each worker, and both must see the write.
        const answers = await Promise.all([index.searchProducts(ask), index.searchProducts({ ...ask, filters: { ocop: 3 } })]);
        assert.deepEqual(answers.map((answer) => answer.total), [i + 1, i + 1]);
        if (i % 5 === 4) {
          await index.removeProducts([`p${i}`]);
          await index.upsertProducts([doc(`p${i}`, `Cà phê số ${i}`, { ocopStars: 3 })]);
        }
      }
      await index.upsertEnterprises([{ ...enterprise, visible: false }]);
      assert.deepEqual((await Promise.all([index.searchProducts(ask), index.searchProducts(ask)])).map((answer) => answer.total), [0, 0]);
      await index.clear();
      await index.upsertEnterprises([enterprise]);
      await index.upsertProducts([doc("after", "Cà phê mới")]);
      const [first] = (await index.searchProducts(ask)).hits;
      assert.equal(first?.document.id, "after");
      await index.close();
      assert.equal(index.workerCount(), 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

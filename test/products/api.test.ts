import assert from "node:assert/strict";
import request from "supertest";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { listingJson, makeEnterprise, makeMember, seedCatalogue } from "./listing.fixtures.ts";

describe("product API for an enterprise's ERP (bearer API token)", () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp();
    await seedCatalogue(testApp);
  });
  after(() => stopTestApp(testApp));

  const ctx = { actor: { userId: null, email: null, kind: "system" as const }, ip: null, userAgent: null };
  async function tokenOfNewEnterprise() {
    const enterprise = await makeEnterprise(testApp, "erp");
    const owner = await makeMember(testApp, enterprise.id, "owner");
    const { token } = await testApp.services.apiTokens.create(ctx, { enterpriseId: enterprise.id, actorUserId: owner.userId, name: "ERP" });
    return { enterprise, auth: `Bearer ${token}` };
  }
  const api = () => request(testApp.app);
  const stored = (enterpriseId: string, sku: string) => testApp.models.products.findOne({ enterpriseId, sku }).lean();

  it("when the ERP posts a listing with submit: true, then it is created pending (201), listed by GET, and both transitions are audited as the token", async () => {
    const { enterprise, auth } = await tokenOfNewEnterprise();
    const res = await api().post("/api/v1/products").set("Authorization", auth).send({ ...listingJson(), submit: true });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.product.status, "pending");
    assert.equal(res.headers.location, "/api/v1/products/API-CF-01");
    const doc = await stored(enterprise.id, "API-CF-01");
    assert.equal(doc?.status, "pending");
    const list = await api().get("/api/v1/products").set("Authorization", auth);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.products.map((product: { sku: string }) => product.sku), ["API-CF-01"]);
    const entries = await testApp.models.audit.find({ "subject.id": doc._id.toString() }).sort({ at: 1, _id: 1 }).lean();
    assert.deepEqual(entries.map((entry) => [entry.action, entry.actor.kind]), [["product.created", "token"], ["product.submitted", "token"]]);
  });

  it("when the ERP posts without submit, then a draft is created", async () => {
    const { enterprise, auth } = await tokenOfNewEnterprise();
    const res = await api().post("/api/v1/products").set("Authorization", auth).send(listingJson());
    assert.equal(res.status, 201);
    assert.equal((await stored(enterprise.id, "API-CF-01"))?.status, "draft");
  });

  it("when fields are bad, then the answer is 422 with the JSON path of each field and nothing is stored", async () => {
    const { enterprise, auth } = await tokenOfNewEnterprise();
    const res = await api()
      .post("/api/v1/products")
      .set("Authorization", auth)
      .send(listingJson({ priceTiers: [{ minQty: 10, priceVnd: 100 }, { minQty: 5, priceVnd: 90 }], unit: "thùng lớn", hsCode: "12" }));
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, "validation_failed");
    assert.deepEqual(Object.keys(res.body.error.fields).sort(), ["hsCode", "priceTiers.1.minQty", "unit"]);
    assert.match(res.body.error.fields["priceTiers.1.minQty"], /lớn hơn mức trước/);
    assert.equal(await stored(enterprise.id, "API-CF-01"), null);

    const unknownCategory = await api().post("/api/v1/products").set("Authorization", auth).send(listingJson({ category: "nong-san" }));
    assert.equal(unknownCategory.status, 422);
    assert.deepEqual(Object.keys(unknownCategory.body.error.fields), ["category"]);
  });

  it("when the ERP patches a published listing's stock and tiers, then they apply at once; a name change sends it back to review", async () => {
    const { enterprise, auth } = await tokenOfNewEnterprise();
    await api().post("/api/v1/products").set("Authorization", auth).send({ ...listingJson(), submit: true });
    const doc = (await stored(enterprise.id, "API-CF-01"))!;
    await testApp.services.productListings.approve(ctx, doc._id.toString());

    const priced = await api()
      .patch("/api/v1/products/API-CF-01")
      .set("Authorization", auth)
      .send({ stock: 12, priceTiers: [{ minQty: 1, priceVnd: 119_000_000 }] });
    assert.equal(priced.status, 200, JSON.stringify(priced.body));
    assert.equal(priced.body.product.status, "published");
    assert.deepEqual(priced.body.changed.sort(), ["priceTiers", "stock"]);
    let now = (await stored(enterprise.id, "API-CF-01"))!;
    assert.equal(now.stock, 12);
    assert.equal(now.priceTiers.length, 1);

    const renamed = await api().patch("/api/v1/products/API-CF-01").set("Authorization", auth).send({ name: { vi: "Cà phê nhân sàng 18 loại 1", en: "" } });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.product.status, "pending");
    now = (await stored(enterprise.id, "API-CF-01"))!;
    assert.equal(now.approved?.name.vi, "Cà phê nhân Robusta sàng 18");

    const bad = await api().patch("/api/v1/products/API-CF-01").set("Authorization", auth).send({ priceTiers: [{ minQty: 1, priceVnd: 0 }] });
    assert.equal(bad.status, 422);
    assert.deepEqual(Object.keys(bad.body.error.fields), ["priceTiers.0.priceVnd"]);
  });

  it("when the ERP reads or patches another enterprise's SKU, then the answer is 404 and that listing is unchanged", async () => {
    const first = await tokenOfNewEnterprise();
    const second = await tokenOfNewEnterprise();
    await api().post("/api/v1/products").set("Authorization", first.auth).send(listingJson({ sku: "ONLY-FIRST" }));
    assert.equal((await api().get("/api/v1/products/ONLY-FIRST").set("Authorization", second.auth)).status, 404);
    const patch = await api().patch("/api/v1/products/ONLY-FIRST").set("Authorization", second.auth).send({ stock: 0 });
    assert.equal(patch.status, 404);
    assert.equal((await stored(first.enterprise.id, "ONLY-FIRST"))?.stock, 40);
    const list = await api().get("/api/v1/products").set("Authorization", second.auth);
    assert.deepEqual(list.body.products, []);
  });

  it("when a request has no token, then the API answers 401", async () => {
    assert.equal((await api().get("/api/v1/products")).status, 401);
  });
});

import assert from "node:assert/strict";
import { productInputSchema, type ProductInput } from "../../src/products/product.schemas.ts";
import { ValidationError } from "../../src/platform/errors.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { listingJson, makeEnterprise, makeMember, seedCatalogue } from "./listing.fixtures.ts";

describe("product service: importRows and updatePriceStock (the writes behind the bulk import)", () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp();
    await seedCatalogue(testApp);
  });
  after(() => stopTestApp(testApp));

  const system = { actor: { userId: null, email: null, kind: "system" as const }, ip: null, userAgent: null };
  const rows = (count: number, change: (index: number) => Record<string, unknown> = () => ({})): ProductInput[] =>
    Array.from({ length: count }, (_, index) =>
      productInputSchema.parse(listingJson({ sku: `IMP-${String(index).padStart(5, "0")}`, name: { vi: `Cà phê nhân lô ${index}`, en: "" }, ...change(index) })),
    );
  const count = (enterpriseId: string) => testApp.models.products.countDocuments({ enterpriseId });

  it("when 1,200 rows are imported and again with 50 more, then each SKU exists once (batches of 500), the second run reports the 1,200 unchanged and the 50 created, and creation is audited", async () => {
    const enterprise = await makeEnterprise(testApp, "import");
    const input = rows(1_200);
    const first = await testApp.services.productListings.importRows(system, enterprise.id, input);
    assert.equal(first.length, 1_200);
    assert.ok(first.every((entry) => entry.outcome === "created"));
    assert.equal(await count(enterprise.id), 1_200);
    const second = await testApp.services.productListings.importRows(system, enterprise.id, [...input, ...rows(1_250).slice(1_200)]);
    assert.equal(second.length, 1_250);
    assert.ok(second.slice(0, 1_200).every((entry) => entry.outcome === "unchanged"));
    assert.ok(second.slice(1_200).every((entry) => entry.outcome === "created"));
    assert.equal(await count(enterprise.id), 1_250);
    const audit = await testApp.models.audit.find({ action: "product.imported", "subject.id": enterprise.id }).lean();
    assert.equal(audit.length, 4, "one entry per batch that wrote something");
    assert.equal(audit.reduce((sum, entry) => sum + (entry.details.created as string[]).length, 0), 1_250);
  });

  it("when a row changes the name of a published listing, then it is updated and goes back to review keeping its approved version; the same SKU twice in one file updates once more", async () => {
    const enterprise = await makeEnterprise(testApp, "import");
    const [row] = rows(1);
    await testApp.services.productListings.importRows(system, enterprise.id, [row!]);
    const doc = (await testApp.models.products.findOne({ enterpriseId: enterprise.id }).lean())!;
    await testApp.services.productListings.submit(system, enterprise.id, row!.sku);
    await testApp.services.productListings.approve(system, doc._id.toString());

    const renamed = { ...row!, name: { vi: "Tên mới", en: "" } };
    const priced = { ...renamed, priceTiers: [{ minQty: 1, priceVnd: 100_000_000 }] };
    const result = await testApp.services.productListings.importRows(system, enterprise.id, [renamed, priced]);
    assert.deepEqual(result.map((entry) => entry.outcome), ["updated", "updated"]);
    const after = (await testApp.models.products.findById(doc._id).lean())!;
    assert.equal(after.status, "pending");
    assert.equal(after.name.vi, "Tên mới");
    assert.equal(after.approved?.name.vi, "Cà phê nhân lô 0");
    assert.equal(after.priceTiers[0]!.priceVnd, 100_000_000);
    assert.equal(await count(enterprise.id), 1);
  });

  it("when a row names an unknown category, then nothing is written and the error names the row", async () => {
    const enterprise = await makeEnterprise(testApp, "import");
    const input = rows(3, (index) => (index === 2 ? { category: "khong-co" } : {}));
    await assert.rejects(testApp.services.productListings.importRows(system, enterprise.id, input), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.fieldErrors, { "2.category": "products.errors.categoryUnknown" });
      return true;
    });
    assert.equal(await count(enterprise.id), 0);
  });

  it("when prices and stock are updated by SKU, then the outcomes say updated, unchanged or not_found, and a published listing stays published", async () => {
    const enterprise = await makeEnterprise(testApp, "import");
    const input = rows(2);
    await testApp.services.productListings.importRows(system, enterprise.id, input);
    await testApp.services.productListings.submit(system, enterprise.id, input[0]!.sku);
    const first = (await testApp.models.products.findOne({ enterpriseId: enterprise.id, sku: input[0]!.sku }).lean())!;
    await testApp.services.productListings.approve(system, first._id.toString());
    const result = await testApp.services.productListings.updatePriceStock(system, enterprise.id, [
      { sku: input[0]!.sku, stock: 5, priceTiers: [{ minQty: 2, priceVnd: 90_000_000 }] },
      { sku: input[1]!.sku, stock: 40 },
      { sku: "NOPE", stock: 1 },
    ]);
    assert.deepEqual(result, [
      { sku: input[0]!.sku, outcome: "updated" },
      { sku: input[1]!.sku, outcome: "unchanged" },
      { sku: "NOPE", outcome: "not_found" },
    ]);
    const after = (await testApp.models.products.findById(first._id).lean())!;
    assert.equal(after.status, "published");
    assert.equal(after.stock, 5);
    assert.equal(after.minOrderQty, 2, "the MOQ follows the first tier up");
    assert.ok(after.searchVersion > first.searchVersion);
  });

  it("when a person who is not a member imports into an enterprise, then it is refused", async () => {
    const enterprise = await makeEnterprise(testApp, "import");
    const other = await makeEnterprise(testApp, "import");
    const stranger = await makeMember(testApp, other.id, "owner");
    const asStranger = { ...system, actor: { userId: stranger.userId, email: stranger.email, kind: "user" as const } };
    await assert.rejects(testApp.services.productListings.importRows(asStranger, enterprise.id, rows(1)), { status: 404 });
    assert.equal(await count(enterprise.id), 0);
  });
});

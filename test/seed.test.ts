import assert from "node:assert/strict";
import { trusted } from "mongoose";
import { isCatalogueEmpty, seedDemoCatalogue } from "../src/seed/seed.ts";
import { seedDemoDeclarations } from "../src/seed/demo-declarations.ts";
import { startTestApp, stopTestApp, type TestApp } from "./support/test-app.ts";

describe("demo catalogue seed", () => {
  let testApp: TestApp | undefined;
  before(async () => {
    testApp = await startTestApp();
  });
  after(() => stopTestApp(testApp));
  beforeEach(async () => {
    const { categories, enterprises, products } = testApp!.services.models;
    await Promise.all([categories.deleteMany({}), enterprises.deleteMany({}), products.deleteMany({})]);
  });

  const counts = async () => {
    const { categories, enterprises, products } = testApp!.services.models;
    return {
      categories: await categories.countDocuments(),
      enterprises: await enterprises.countDocuments(),
      products: await products.countDocuments(),
    };
  };

  it("when the database is empty, then the seed fills it with a Gia Lai catalogue in Vietnamese", async () => {
    assert.equal(await isCatalogueEmpty(testApp!.services.models), true);
    const inserted = await seedDemoCatalogue(testApp!.services.models);
    assert.deepEqual(await counts(), inserted);
    assert.ok(inserted.enterprises >= 10 && inserted.products >= 40, JSON.stringify(inserted));
    assert.equal(await isCatalogueEmpty(testApp!.services.models), false);

    const { enterprises, products } = testApp!.services.models;
    const communes = await enterprises.distinct("address.commune");
    assert.ok(communes.length >= 6, `enterprises from several communes: ${communes.join(", ")}`);
    const names = (await products.find().lean()).map((product) => product.name.vi);
    for (const word of ["Cà phê", "tiêu", "điều", "Mật ong"]) {
      assert.ok(names.some((name) => name.toLowerCase().includes(word.toLowerCase())), `a product named with "${word}"`);
    }
    assert.ok(names.every((name) => name === name.normalize("NFC")), "text is stored NFC");
    assert.ok((await products.countDocuments({ "ocop.stars": trusted({ $gte: 3 }) })) > 0, "OCOP products are there");
  });

  it("when the seed runs again, then nothing is inserted or changed", async () => {
    await seedDemoCatalogue(testApp!.services.models);
    const before = await counts();
    const snapshot = await testApp!.services.models.products.find().sort({ slug: 1 }).lean();
    const inserted = await seedDemoCatalogue(testApp!.services.models);
    assert.deepEqual(inserted, { categories: 0, enterprises: 0, products: 0 });
    assert.deepEqual(await counts(), before);
    assert.deepEqual(await testApp!.services.models.products.find().sort({ slug: 1 }).lean(), snapshot);
  });

  it("when the demo declarations are seeded, then a year of accepted, valid declarations with unique receipts is there once", async () => {
    const { models } = testApp!.services;
    await Promise.all([models.declarations.deleteMany({}), models.declarationReceipts.deleteMany({}), models.declarationVersions.deleteMany({})]);
    await seedDemoCatalogue(models);
    const inserted = await seedDemoDeclarations(models);
    assert.ok(inserted >= 60, `declarations inserted: ${inserted}`);
    const declarations = await models.declarations.find().lean();
    assert.equal(declarations.length, inserted);
    assert.ok(declarations.every((declaration) => declaration.status === "accepted" && declaration.problemCount === 0));
    assert.deepEqual(new Set(declarations.map((declaration) => declaration.direction)), new Set(["export", "import"]));
    const receipts = declarations.map((declaration) => declaration.receiptNumber);
    assert.equal(new Set(receipts).size, receipts.length, "receipt numbers are unique");
    assert.equal(await models.declarationReceipts.countDocuments(), inserted);
    assert.equal(await models.declarationVersions.countDocuments(), inserted);
    // Totals are the sums of the lines, in integer cents.
    for (const declaration of declarations) {
      assert.equal(declaration.totals.valueUsdCents, declaration.lines.reduce((sum, line) => sum + line.valueUsdCents!, 0));
    }
    assert.equal(await seedDemoDeclarations(models), 0, "a second run inserts nothing");
  });
});

import assert from "node:assert/strict";
import { trusted } from "mongoose";
import { REFERENCE_CATEGORIES } from "../src/products/reference/category-taxonomy.ts";
import { isCatalogueEmpty, seedDemo, seedDemoCatalogue } from "../src/seed/seed.ts";
import { startTestApp, stopTestApp, type TestApp } from "./support/test-app.ts";

describe("demo catalogue seed", () => {
  let testApp: TestApp | undefined;
  before(async () => {
    testApp = await startTestApp();
  });
  after(() => stopTestApp(testApp));
  beforeEach(async () => {
    const { enterprises, products } = testApp!.models;
    await Promise.all([enterprises.deleteMany({}), products.deleteMany({})]);
  });

  const counts = async () => {
    const { enterprises, products } = testApp!.models;
    return {
      enterprises: await enterprises.countDocuments(),
      products: await products.countDocuments(),
    };
  };

  it("when the app starts on an empty database, then the category taxonomy is there without any demo data, once", async () => {
    const { categories } = testApp!.models;
    assert.equal(await categories.countDocuments(), REFERENCE_CATEGORIES.length);
    const ca = await categories.findOne({ slug: "ca-phe" }).lean();
    assert.deepEqual({ parent: ca?.parent, vi: ca?.name.vi, en: ca?.name.en, retired: ca?.retired }, { parent: "nong-san", vi: "Cà phê nhân", en: "Green coffee", retired: false });
    const roots = await categories.find({ parent: null }).lean();
    assert.equal(roots.length, REFERENCE_CATEGORIES.filter((category) => category.parent === null).length, "first-level nodes keep their null parent on FerretDB");
    // A second start: the migration is recorded, nothing is inserted again.
    const again = await startTestApp({ MONGODB_DB: testApp!.config.mongodb.dbName });
    try {
      assert.equal(await categories.countDocuments(), REFERENCE_CATEGORIES.length);
    } finally {
      await again.infrastructure.close();
    }
  });

  it("when the database is empty, then the seed fills it with a Gia Lai catalogue in Vietnamese", async () => {
    assert.equal(await isCatalogueEmpty(testApp!.areas), true);
    const inserted = await seedDemoCatalogue(testApp!.areas);
    assert.deepEqual(await counts(), inserted);
    assert.ok(inserted.enterprises >= 10 && inserted.products >= 40, JSON.stringify(inserted));
    assert.equal(await isCatalogueEmpty(testApp!.areas), false);

    const { enterprises, products } = testApp!.models;
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
    await seedDemoCatalogue(testApp!.areas);
    const before = await counts();
    const snapshot = await testApp!.models.products.find().sort({ slug: 1 }).lean();
    const inserted = await seedDemoCatalogue(testApp!.areas);
    assert.deepEqual(inserted, { enterprises: 0, products: 0 });
    assert.deepEqual(await counts(), before);
    assert.deepEqual(await testApp!.models.products.find().sort({ slug: 1 }).lean(), snapshot);
  });

  it("when the demo declarations are seeded, then a year of accepted, valid declarations with unique receipts is there once", async () => {
    const { models, areas } = testApp!;
    await Promise.all([models.declarations.deleteMany({}), models.declarationReceipts.deleteMany({}), models.declarationVersions.deleteMany({})]);
    const inserted = (await seedDemo(areas)).declarations;
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
    assert.equal((await seedDemo(areas)).declarations, 0, "a second run inserts nothing");
  });
});

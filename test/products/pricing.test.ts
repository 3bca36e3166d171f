import assert from "node:assert/strict";
import { tierPriceFor, tierRanges } from "../../src/products/product.pricing.ts";
import { priceTiersSchema, productInputSchema } from "../../src/products/product.schemas.ts";

const TIERS = [
  { minQty: 1, priceVnd: 120_000 },
  { minQty: 100, priceVnd: 110_000 },
  { minQty: 1_000, priceVnd: 98_000 },
];

const issues = (value: unknown) => {
  const result = priceTiersSchema.safeParse(value);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
};

describe("price tiers: validation and the price for a quantity", () => {
  it("when a quantity falls in a tier, then tierPriceFor gives that tier's price, at each boundary too", () => {
    assert.equal(tierPriceFor(TIERS, 1), 120_000);
    assert.equal(tierPriceFor(TIERS, 99), 120_000);
    assert.equal(tierPriceFor(TIERS, 100), 110_000);
    assert.equal(tierPriceFor(TIERS, 999), 110_000);
    assert.equal(tierPriceFor(TIERS, 1_000), 98_000);
    assert.equal(tierPriceFor(TIERS, 1_000_000), 98_000);
  });

  it("when the quantity is below the first tier, zero, negative or fractional, then there is no price", () => {
    const fromTen = [{ minQty: 10, priceVnd: 5_000 }];
    assert.equal(tierPriceFor(fromTen, 9), null);
    assert.equal(tierPriceFor(TIERS, 0), null);
    assert.equal(tierPriceFor(TIERS, -5), null);
    assert.equal(tierPriceFor(TIERS, 2.5), null);
    assert.equal(tierPriceFor([], 5), null);
  });

  it("when tiers are valid, then their ranges cover every quantity from the first minQty with no gap or overlap", () => {
    assert.deepEqual(issues(TIERS), {});
    const ranges = tierRanges(TIERS);
    assert.deepEqual(ranges, [
      { from: 1, to: 99, priceVnd: 120_000 },
      { from: 100, to: 999, priceVnd: 110_000 },
      { from: 1_000, to: null, priceVnd: 98_000 },
    ]);
    for (let index = 1; index < ranges.length; index++) assert.equal(ranges[index]!.from, ranges[index - 1]!.to! + 1);
  });

  it("when quantities repeat or decrease, then the offending tier's minQty is refused (an overlap)", () => {
    assert.deepEqual(issues([TIERS[0], { minQty: 1, priceVnd: 100_000 }]), { "1.minQty": "products.errors.tierNotIncreasing" });
    assert.deepEqual(issues([TIERS[0], TIERS[2], TIERS[1]]), { "2.minQty": "products.errors.tierNotIncreasing" });
  });

  it("when a price is zero, negative, fractional, or higher than the tier before, then it is refused with its path", () => {
    assert.deepEqual(issues([{ minQty: 1, priceVnd: 0 }]), { "0.priceVnd": "products.errors.tierPrice" });
    assert.deepEqual(issues([{ minQty: 1, priceVnd: -10 }]), { "0.priceVnd": "products.errors.tierPrice" });
    assert.deepEqual(issues([{ minQty: 1, priceVnd: 10.5 }]), { "0.priceVnd": "products.errors.tierPrice" });
    assert.deepEqual(issues([TIERS[0], { minQty: 100, priceVnd: 130_000 }]), { "1.priceVnd": "products.errors.tierPriceRises" });
  });

  it("when there are no tiers, more than five, or a first minQty below 1, then they are refused", () => {
    assert.deepEqual(issues([]), { "": "products.errors.tiersRequired" });
    const six = Array.from({ length: 6 }, (_, index) => ({ minQty: index + 1, priceVnd: 100 - index }));
    assert.deepEqual(issues(six), { "": "products.errors.tiersTooMany" });
    assert.deepEqual(issues([{ minQty: 0, priceVnd: 100 }]), { "0.minQty": "products.errors.tierMinQty" });
  });

  it("when a spreadsheet gives numbers as text with thousands separators, then they parse to integers", () => {
    const result = priceTiersSchema.parse([{ minQty: "1", priceVnd: "120.000" }, { minQty: "1.000", priceVnd: "98,000" }]);
    assert.deepEqual(result, [{ minQty: 1, priceVnd: 120_000 }, { minQty: 1_000, priceVnd: 98_000 }]);
  });

  it("when the whole input is checked, then a made-to-order listing needs a lead time and the MOQ cannot be below the first tier", () => {
    const base = { sku: "A-1", name: { vi: "Mật ong" }, category: "mat-ong", unit: "chai", priceTiers: [{ minQty: 10, priceVnd: 200_000 }], minOrderQty: 5, stock: null };
    const result = productInputSchema.safeParse(base);
    assert.equal(result.success, false);
    const paths = Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
    assert.deepEqual(paths, { leadTimeDays: "products.errors.leadTimeRequired", minOrderQty: "products.errors.minOrderBelowTiers" });
    const ok = productInputSchema.parse({ ...base, minOrderQty: 10, leadTimeDays: 7, seasonMonths: "4, 3,4", certifications: "VietGAP" });
    assert.deepEqual(ok.seasonMonths, [3, 4]);
    assert.deepEqual(ok.certifications, ["vietgap"]);
    assert.equal(ok.madeInVietnam, true);
    assert.equal(ok.originProvince, "Gia Lai");
    assert.equal(ok.hsCode, null);
    assert.equal(ok.ocop, null);
  });

  it("when a description exceeds 5,000 characters or the HS code is not 8 digits, then each is refused with its key", () => {
    const base = { sku: "A-1", name: { vi: "Mật ong" }, category: "mat-ong", unit: "chai", priceTiers: [{ minQty: 1, priceVnd: 200_000 }], minOrderQty: 1, stock: 5 };
    const result = productInputSchema.safeParse({ ...base, description: { vi: "x".repeat(5_001) }, hsCode: "1234" });
    const paths = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    assert.deepEqual(paths, { "description.vi": "products.errors.descriptionTooLong", hsCode: "products.errors.hsCodeInvalid" });
    assert.equal(productInputSchema.parse({ ...base, hsCode: "0901.21.10" }).hsCode, "09012110");
  });
});

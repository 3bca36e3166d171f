/**
 * The demo data: enterprises, their products and a year of declarations, added on top of the
 * reference data every installation has (the category taxonomy, loaded by the products area's
 * migration). Each area inserts its own records; a second run inserts nothing and changes nothing.
 */
import type { Areas } from "../composition.ts";
import { DEMO_ENTERPRISES } from "./demo-enterprises.ts";
import { DEMO_PRODUCTS } from "./demo-products.ts";
import { DEMO_CREATED_AT } from "./demo-types.ts";

/** Documents inserted by this run. */
export type SeedSummary = { enterprises: number; products: number; declarations: number };

type SeedAreas = Pick<Areas, "enterprises" | "products" | "declarations">;

/** The demo enterprises and their products. */
export async function seedDemoCatalogue({ enterprises, products }: Pick<Areas, "enterprises" | "products">): Promise<{ enterprises: number; products: number }> {
  const stamps = { createdAt: DEMO_CREATED_AT, updatedAt: DEMO_CREATED_AT };
  const seeded = await enterprises.seedDemo(DEMO_ENTERPRISES.map((enterprise) => ({ ...enterprise, ...stamps })));
  const listed = await products.seedDemo(DEMO_PRODUCTS, seeded.ids, stamps);
  return { enterprises: seeded.inserted, products: listed };
}

/** The demo catalogue, then a year of demo declarations by its exporters and importers. */
export async function seedDemo(areas: SeedAreas): Promise<SeedSummary> {
  const catalogue = await seedDemoCatalogue(areas);
  const declarations = await areas.declarations.seedDemo((slug) => areas.enterprises.enterprises.declarantBySlug(slug));
  return { ...catalogue, declarations };
}

/** True when there is neither an enterprise nor a product yet. */
export async function isCatalogueEmpty({ enterprises, products }: Pick<Areas, "enterprises" | "products">): Promise<boolean> {
  const [noEnterprise, noProduct] = await Promise.all([enterprises.isEmpty(), products.isEmpty()]);
  return noEnterprise && noProduct;
}

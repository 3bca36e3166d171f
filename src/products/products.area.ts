import type { Connection, Types } from "mongoose";
import type { EnterpriseService } from "../enterprises/index.ts";
import type { AuditLog } from "../platform/audit/audit.service.ts";
import type { Migration } from "../platform/db/migrations.ts";
import { upsertBySlug } from "../platform/db/upsert-by-slug.ts";
import type { Translate } from "../platform/i18n/i18n.ts";
import type { ImageStore } from "../platform/images/image-store.ts";
import type { NotifyEnterprise } from "../platform/notify/index.ts";
import type { Logger } from "../platform/logger.ts";
import { categoryModel } from "./category.model.ts";
import { createCategoryService } from "./category.service.ts";
import { createImportFiles } from "./import/import.files.ts";
import { importJobModel, importRejectionModel } from "./import/import.model.ts";
import { createImportService } from "./import/import.service.ts";
import { createProductListingService } from "./product-listing.service.ts";
import { createProductSearchFeed } from "./product-search-feed.ts";
import { createSearchChanges, productChangeModel } from "./product-search-changes.ts";
import { productModel } from "./product.model.ts";
import { createProductService } from "./product.service.ts";
import { REFERENCE_CATEGORIES } from "./reference/category-taxonomy.ts";

export type ProductsAreaDeps = {
  connection: Connection;
  audit: AuditLog;
  images: ImageStore;
  enterprises: Pick<EnterpriseService, "findSummaries">;
  /** The user's role in an enterprise (accounts' memberships). */
  roleIn: (userId: string, enterpriseId: string) => Promise<string | null>;
  /** Told the ids of listings just written with a new `searchVersion`; must not throw. */
  onProductsChanged: (productIds: string[]) => void;
  translate: Translate;
  logger: Logger;
  /** Tells an enterprise's members of the department's decisions on its listings. */
  notifyEnterprise: NotifyEnterprise;
};

/** A demo listing: its enterprise named by slug. */
export type DemoListing = Record<string, unknown> & { slug: string; enterpriseSlug: string };

/**
 * The products area: its models (listings, categories, import jobs) stay here; the rest of the
 * application gets these services. Models are registered on the connection given.
 */
export function createProductsArea(deps: ProductsAreaDeps) {
  const { connection, audit, logger } = deps;
  const models = {
    products: productModel(connection),
    categories: categoryModel(connection),
    importJobs: importJobModel(connection),
    importRejections: importRejectionModel(connection),
    changes: productChangeModel(connection),
  };
  const changes = createSearchChanges(models.changes, (error) => logger.warn({ err: error }, "a searchable change missed the outbox; the search reconciliation will find it"));
  const categories = createCategoryService({ categories: models.categories, audit });
  const catalogue = createProductService({ products: models.products, categories });
  const listings = createProductListingService({
    products: models.products,
    categories,
    audit,
    images: deps.images,
    enterprises: deps.enterprises,
    roleIn: deps.roleIn,
    onProductsChanged: deps.onProductsChanged,
    changes,
    notifyEnterprise: deps.notifyEnterprise,
  });
  // Bulk import: jobs run in-process in the background (resume() after start, stop() on shutdown).
  const imports = createImportService({
    jobs: models.importJobs,
    rejections: models.importRejections,
    files: createImportFiles(connection),
    products: listings,
    audit,
    translate: deps.translate,
    logger,
  });

  return {
    categories,
    catalogue,
    listings,
    imports,
    searchFeed: createProductSearchFeed({ products: models.products, changes }),
    /** Indexes, then the reference data every installation needs (the category taxonomy). */
    migrations: [{ id: "products.category-taxonomy.v1", up: () => categories.loadReference(REFERENCE_CATEGORIES) }] as Migration[],
    init: () => Promise.all(Object.values(models).map((model) => model.init())),
    /** Demo listings, inserted once by slug (`enterpriseIds`: slug → id). */
    async seedDemo(listings: readonly DemoListing[], enterpriseIds: Map<string, Types.ObjectId>, stamps: { createdAt: Date; updatedAt: Date }): Promise<number> {
      return upsertBySlug(
        models.products,
        listings.map(({ enterpriseSlug, ...listing }) => {
          const enterpriseId = enterpriseIds.get(enterpriseSlug);
          if (!enterpriseId) throw new Error(`demo product "${listing.slug}": no enterprise "${enterpriseSlug}"`);
          return { ...listing, slug: listing.slug, enterpriseId, ...stamps };
        }),
      );
    },
    async isEmpty(): Promise<boolean> {
      return (await models.products.findOne({}, { _id: 1 }).lean()) === null;
    },
  };
}

export type ProductsArea = ReturnType<typeof createProductsArea>;

import type { Express } from "express";
import type { i18n as I18n } from "i18next";
import {
  apiTokenModel,
  createApiTokenService,
  createAuthService,
  createMembershipService,
  createUserAdminService,
  createUserService,
  invitationModel,
  membershipModel,
  passwordResetModel,
  userModel,
} from "./accounts/index.ts";
import { createApp } from "./app.ts";
import type { Config } from "./config.ts";
import { createEnterpriseAccess, createEnterpriseService, enterpriseModel } from "./enterprises/index.ts";
import { createEnterpriseDirectory, createEnterpriseImages, createEnterpriseRegistry, createEnterpriseVerification } from "./enterprises/index.ts";
import type { Infrastructure } from "./infrastructure.ts";
import { auditModel } from "./platform/audit/audit.model.ts";
import { createAuditLog } from "./platform/audit/audit.service.ts";
import { pingMongo } from "./platform/db/mongo.ts";
import { createI18n } from "./platform/i18n/i18n.ts";
import type { Logger } from "./platform/logger.ts";
import { createOutboxMailer, createSmtpMailer, outboxModel } from "./platform/mail/mail.ts";
import { createCsrf } from "./platform/web/csrf.ts";
import { createRateLimits } from "./platform/web/rate-limits.ts";
import { categoryModel, createProductListingService, createProductService, productModel } from "./products/index.ts";
import { createImageStore } from "./platform/images/image-store.ts";
import { createImportFiles, createImportService, importJobModel, importRejectionModel } from "./products/import/index.ts";
import { createCatalogSearch, createSearchSync, searchSyncStateModel } from "./catalog/index.ts";

/**
 * The composition root: models registered on one connection, each service given what it needs,
 * in dependency order (platform → accounts → enterprises → products → …).
 */
export function buildServices({ infrastructure, config, logger, i18n }: {
  infrastructure: Infrastructure;
  config: Config;
  logger: Logger;
  i18n: I18n;
}) {
  const { connection, search } = infrastructure;
  const models = {
    users: userModel(connection),
    passwordResets: passwordResetModel(connection),
    audit: auditModel(connection),
    outbox: outboxModel(connection),
    enterprises: enterpriseModel(connection),
    products: productModel(connection),
    categories: categoryModel(connection),
    memberships: membershipModel(connection),
    invitations: invitationModel(connection),
    apiTokens: apiTokenModel(connection),
    // <area-models> (each area adds its models here)
    importJobs: importJobModel(connection),
    importRejections: importRejectionModel(connection),
    searchSyncStates: searchSyncStateModel(connection),
    // </area-models>
  };

  // platform
  const audit = createAuditLog({ entries: models.audit });
  const outbox = config.mail.smtpUrl ? null : createOutboxMailer({ outbox: models.outbox, logger });
  const mailer = outbox ?? createSmtpMailer({ url: config.mail.smtpUrl!, from: config.mail.from });
  const translate = (language: "vi" | "en", key: string, values?: Record<string, unknown>) => i18n.getFixedT(language)(key, values);
  const csrf = createCsrf();
  const rateLimits = createRateLimits(connection, config.rateLimits);

  // accounts
  const users = createUserService({ users: models.users });
  const auth = createAuthService({ users: models.users, resets: models.passwordResets, audit, mailer, translate, baseUrl: config.baseUrl });
  const memberships = createMembershipService({
    memberships: models.memberships,
    invitations: models.invitations,
    users: models.users,
    audit,
    mailer,
    baseUrl: config.baseUrl,
  });
  const apiTokens = createApiTokenService({ tokens: models.apiTokens, memberships, audit });
  const verifyApiToken = apiTokens.verify;
  const userAdmin = createUserAdminService({ users: models.users, audit });
  // <accounts-services>
  // </accounts-services>

  // enterprises
  const enterprises = createEnterpriseService({ enterprises: models.enterprises });
  const enterpriseAccess = createEnterpriseAccess({ enterprises: models.enterprises, memberships });
  // <enterprises-services>
  const enterpriseRegistry = createEnterpriseRegistry({ enterprises: models.enterprises, categories: models.categories, audit, memberships });
  const enterpriseVerification = createEnterpriseVerification({ enterprises: models.enterprises, audit });
  const enterpriseDirectory = createEnterpriseDirectory({ enterprises: models.enterprises, products: models.products, categories: models.categories });
  // </enterprises-services>

  // products
  const products = createProductService({ products: models.products, categories: models.categories });
  // <products-services>
  const images = createImageStore(connection);
  // The enterprise's own listings (CRUD, lifecycle, moderation, importRows/updatePriceStock for the import).
  const productListings = createProductListingService({
    products: models.products,
    categories: models.categories,
    audit,
    images,
    enterprises,
    roleIn: (userId, enterpriseId) => memberships.roleIn(userId, enterpriseId),
  });
  // Bulk import: jobs run in-process in the background; server.ts calls imports.resume() after start and imports.stop() on shutdown.
  const imports = createImportService({
    jobs: models.importJobs,
    rejections: models.importRejections,
    files: createImportFiles(connection),
    products: productListings,
    audit,
    translate,
    logger,
  });
  // </products-services>

  return {
    models,
    search,
    audit,
    mailer,
    outbox,
    translate,
    csrf,
    rateLimits,
    users,
    auth,
    verifyApiToken,
    memberships,
    apiTokens,
    userAdmin,
    enterprises,
    enterpriseAccess,
    products,
    moderationQueue: {
      pendingEnterprises: () => models.enterprises.countDocuments({ status: "pending" }),
      pendingProducts: () => models.products.countDocuments({ status: "pending" }),
    },
    // <area-services> (each area adds the services its routers need)
    imports,
    images,
    productListings,
    enterpriseRegistry,
    enterpriseVerification,
    enterpriseDirectory,
    // enterprises: the storefront's logo and banner (in the shared image store)
    enterpriseImages: createEnterpriseImages({ enterprises: models.enterprises, images, audit, memberships }),
    // catalog: buyers' search; the index sync worker (server.ts: `await services.searchSync.start()` before listening, `await services.searchSync.stop()` on shutdown)
    catalogSearch: createCatalogSearch({ index: search, categories: models.categories }),
    searchSync: createSearchSync({ products: models.products, enterprises: models.enterprises, categories: models.categories, states: models.searchSyncStates, index: search, logger }),
    // </area-services>
  };
}

export type Services = ReturnType<typeof buildServices>;

/** Services and the Express app over opened infrastructure; used by server.ts and the tests alike. */
export async function assemble(
  config: Config,
  logger: Logger,
  infrastructure: Infrastructure,
): Promise<{ app: Express; services: Services }> {
  const i18n = await createI18n();
  const services = buildServices({ infrastructure, config, logger, i18n });
  await Promise.all(Object.values(services.models).map((model) => model.init()));
  const app = createApp({
    config,
    logger,
    i18n,
    connection: infrastructure.connection,
    services,
    healthChecks: {
      db: () => pingMongo(infrastructure.connection),
      search: () => infrastructure.search.health(),
      searchLag: async () => services.searchSync.lag().lag,
    },
  });
  return { app, services };
}

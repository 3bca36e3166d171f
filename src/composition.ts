import type { Express } from "express";
import type { i18n as I18n } from "i18next";
import { trusted } from "mongoose";
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
import { createEnterpriseAccess, createEnterpriseService, createMemberEnterprises, enterpriseModel, postalAddress } from "./enterprises/index.ts";
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
import {
  createDeclarationAccess,
  createDeclarationReview,
  createDeclarationService,
  declarationModel,
  declarationVersionModel,
  receiptModel,
  type Notice,
} from "./declarations/index.ts";
import { createNotifications, notificationModel } from "./platform/notify/index.ts";
import { createNomenclature, hsEntryModel, hsPointerModel } from "./declarations/nomenclature/index.ts";
import { createDeclarationAttachments } from "./declarations/declaration-attachments.service.ts";
import { createDeclarationStatistics } from "./declarations/declaration-statistics.service.ts";

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
    notifications: notificationModel(connection),
    hsEntries: hsEntryModel(connection),
    hsPointer: hsPointerModel(connection),
    declarations: declarationModel(connection),
    declarationVersions: declarationVersionModel(connection),
    declarationReceipts: receiptModel(connection),
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
  const apiTokens = createApiTokenService({
    tokens: models.apiTokens,
    memberships,
    audit,
    enterpriseMayAct: async (enterpriseId) => {
      const status = (await models.enterprises.findById(enterpriseId, { status: 1 }).lean())?.status;
      return status === "verified" || status === "pending";
    },
  });
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
  // catalog: the search index sync (server.ts: `await services.searchSync.start()` before listening, `await services.searchSync.stop()` on shutdown);
  // created here so that listing writes reach the index at once through notify (the poll stays the safety net).
  const searchSync = createSearchSync({ products: models.products, enterprises: models.enterprises, categories: models.categories, states: models.searchSyncStates, index: search, logger });
  // The enterprise's own listings (CRUD, lifecycle, moderation, importRows/updatePriceStock for the import).
  const productListings = createProductListingService({
    products: models.products,
    categories: models.categories,
    audit,
    images,
    enterprises,
    roleIn: (userId, enterpriseId) => memberships.roleIn(userId, enterpriseId),
    onProductsChanged: (ids) => void searchSync.notify(ids).catch((error: unknown) => logger.warn({ err: error }, "search notify failed; the sync poll retries")),
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

  // declarations: the enterprise files (form, spreadsheet, API); the department reviews
  // <declarations-services>
  // In-app notifications, each also emailed in the recipient's language (platform knows no accounts: recipients are read here).
  const notifications = createNotifications({
    notifications: models.notifications,
    recipients: async (ids) =>
      (await models.users.find({ _id: trusted({ $in: ids }) }).select({ email: 1, language: 1 }).lean()).map((u) => ({
        id: u._id.toString(),
        email: u.email,
        language: u.language === "en" ? ("en" as const) : ("vi" as const),
      })),
    mailer,
    translate,
    baseUrl: config.baseUrl,
    logger,
  });
  // The HS nomenclature (`npm run hs:import -- file.csv`), read from memory; without one, HS codes are checked for format and chapter only.
  const nomenclature = createNomenclature({ entries: models.hsEntries, pointer: models.hsPointer, logger });
  const notify = (userIds: string[], notice: Notice) => notifications.notify(userIds, notice);
  const notifyEnterprise = async (enterpriseId: string, notice: Notice) =>
    notify((await memberships.listMembers(enterpriseId)).map((member) => member.userId), notice);
  const notifyDepartment = async (notice: Notice) =>
    notify((await models.users.find({ role: trusted({ $in: ["moderator", "admin"] }) }, { _id: 1 }).lean()).map((user) => user._id.toString()), notice);
  const declarationAccess = createDeclarationAccess((userId, enterpriseId) => memberships.roleIn(userId, enterpriseId));
  const declarations = createDeclarationService({
    declarations: models.declarations,
    versions: models.declarationVersions,
    receipts: models.declarationReceipts,
    access: declarationAccess,
    audit,
    enterpriseRecord: async (enterpriseId) => {
      const record = await models.enterprises.findById(enterpriseId, { name: 1, taxCode: 1, address: 1 }).lean();
      return record && { name: record.name.vi, taxCode: record.taxCode, address: postalAddress(record.address) };
    },
    headings: async (codes) => ((await nomenclature.isLoaded()) ? nomenclature.lookup(codes) : null),
    notifyEnterprise,
    notifyDepartment,
    reviewWorkingDays: config.declarations.reviewWorkingDays,
  });
  const declarationReview = createDeclarationReview({
    declarations: models.declarations,
    versions: models.declarationVersions,
    access: declarationAccess,
    audit,
    notifyEnterprise,
  });
  // </declarations-services>

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
    // catalog: buyers' search; the index sync worker (created with the products' services)
    catalogSearch: createCatalogSearch({ index: search, categories: models.categories }),
    searchSync,
    notifications,
    nomenclature,
    declarationAccess,
    declarations,
    declarationReview,
    // declarations (enterprise web side): attachments in GridFS (bucket declaration_files); the enterprises a person files for
    declarationAttachments: createDeclarationAttachments({ connection, declarations: models.declarations, versions: models.declarationVersions, access: declarationAccess, audit }),
    memberEnterprises: createMemberEnterprises({ memberships, enterprises: models.enterprises }),
    // declarations (department side): the console's counts, and the statistics of accepted declarations
    declarationQueue: {
      waiting: () => models.declarations.countDocuments({ status: trusted({ $in: ["submitted", "under_review"] }) }),
      overdue: () => models.declarations.countDocuments({ status: trusted({ $in: ["submitted", "under_review"] }), reviewDueAt: trusted({ $lt: new Date() }) }),
    },
    declarationStatistics: createDeclarationStatistics({ declarations: models.declarations }),
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

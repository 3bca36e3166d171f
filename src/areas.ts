import type { i18n as I18n } from "i18next";
import { createAccountsArea } from "./accounts/index.ts";
import { createCatalogArea } from "./catalog/index.ts";
import type { Config } from "./config.ts";
import { createDeclarationsArea, type Notice } from "./declarations/index.ts";
import { createEnterprisesArea } from "./enterprises/index.ts";
import type { Infrastructure } from "./infrastructure.ts";
import type { Logger } from "./platform/logger.ts";
import type { NotifyEnterprise } from "./platform/notify/index.ts";
import { createPlatform } from "./platform/platform.ts";
import { createProductsArea } from "./products/index.ts";

/**
 * The composition root's wiring (composition.ts assembles the app over it): each area built by its
 * own factory (which registers its models on the one connection and keeps them), handed the other
 * areas' services it needs, in dependency order
 * (platform → accounts → enterprises → products → catalog, declarations). No rule lives here: where
 * two areas need each other (enterprises shows products' OCOP figures; platform mails accounts'
 * people), the later one is reached through a function called at run time.
 */
export function buildAreas({ infrastructure, config, logger, i18n }: { infrastructure: Infrastructure; config: Config; logger: Logger; i18n: I18n }) {
  const { connection, search } = infrastructure;
  const platform = createPlatform({
    connection,
    i18n,
    logger,
    baseUrl: config.baseUrl,
    mail: config.mail,
    rateLimits: config.rateLimits,
    recipients: (ids) => accounts.users.recipients(ids),
  });
  const { audit, mailer, translate, images } = platform;

  const accounts = createAccountsArea({
    connection,
    audit,
    mailer,
    translate,
    baseUrl: config.baseUrl,
    enterpriseMayAct: (id) => enterprises.enterprises.mayAct(id),
  });
  const { memberships } = accounts;
  const notify = (userIds: string[], notice: Notice) => platform.notifications.notify(userIds, notice);
  /** Decisions on an enterprise, its listings and its declarations reach every one of its members. */
  const notifyEnterprise: NotifyEnterprise = async (enterpriseId, notice) => notify((await memberships.listMembers(enterpriseId)).map((member) => member.userId), notice);

  const enterprises = createEnterprisesArea({
    connection,
    audit,
    images,
    memberships,
    sectors: { list: () => products.categories.list() },
    listings: () => products.catalogue,
    logger,
    notifyEnterprise,
  });

  const products = createProductsArea({
    connection,
    audit,
    images,
    enterprises: enterprises.enterprises,
    roleIn: (userId, enterpriseId) => memberships.roleIn(userId, enterpriseId),
    onProductsChanged: (ids) => void catalog.sync.notify(ids).catch((error: unknown) => logger.warn({ err: error }, "search notify failed; the sync poll retries")),
    translate,
    logger,
    notifyEnterprise,
  });

  const catalog = createCatalogArea({
    connection,
    index: search,
    products: products.searchFeed,
    enterprises: enterprises.searchFeed,
    categories: products.categories,
    logger,
  });

  const declarations = createDeclarationsArea({
    connection,
    audit,
    logger,
    roleIn: (userId, enterpriseId) => memberships.roleIn(userId, enterpriseId),
    enterpriseRecord: (id) => enterprises.enterprises.declarantRecord(id),
    notifyEnterprise,
    notifyDepartment: async (notice) => notify(await accounts.users.departmentMemberIds(), notice),
    reviewWorkingDays: config.declarations.reviewWorkingDays,
  });

  return { platform, accounts, enterprises, products, catalog, declarations };
}

export type Areas = ReturnType<typeof buildAreas>;

/** The services the routers (and the tests) use, by name. */
export function servicesOf(areas: Areas, search: Infrastructure["search"]) {
  const { platform, accounts, enterprises, products, catalog, declarations } = areas;
  return {
    ...platform,
    search,
    users: accounts.users,
    auth: accounts.auth,
    verifyApiToken: accounts.apiTokens.verify,
    memberships: accounts.memberships,
    apiTokens: accounts.apiTokens,
    userAdmin: accounts.userAdmin,
    enterprises: enterprises.enterprises,
    enterpriseAccess: enterprises.access,
    enterpriseRegistry: enterprises.registry,
    enterpriseVerification: enterprises.verification,
    enterpriseDirectory: enterprises.directory,
    enterpriseImages: enterprises.images,
    memberEnterprises: enterprises.memberEnterprises,
    products: products.catalogue,
    categories: products.categories,
    productListings: products.listings,
    imports: products.imports,
    catalogSearch: catalog.search,
    searchSync: catalog.sync,
    nomenclature: declarations.nomenclature,
    declarationAccess: declarations.access,
    declarations: declarations.declarations,
    declarationReview: declarations.review,
    declarationAttachments: declarations.attachments,
    declarationStatistics: declarations.statistics,
    declarationUploadReports: declarations.uploadReports,
    /** The console's counts, each asked of the area that owns the queue. */
    consoleQueues: {
      pendingEnterprises: () => enterprises.enterprises.countPending(),
      pendingProducts: () => products.catalogue.countPending(),
      declarations: () => declarations.review.queueCounts(),
    },
  };
}

export type Services = ReturnType<typeof servicesOf>;

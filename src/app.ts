import compression from "compression";
import cookieParser from "cookie-parser";
import express, { type Express } from "express";
import type { i18n as I18n } from "i18next";
import type { Connection } from "mongoose";
import {
  accountRouter,
  adminUsersRouter,
  authRouter,
  bearerAuthentication,
  createPassport,
  invitationsRouter,
  languagePreference,
  passwordResetRouter,
  requireAuth,
  sessionMiddleware,
  sessionPolicy,
} from "./accounts/index.ts";
import { homeRouter, searchRouter } from "./catalog/index.ts";
import {
  DECLARATION_API_PATHS,
  declarationApiEntry,
  declarationApiRouter,
  declarationFilesRouter,
  declarationReviewRouter,
  declarationStatsRouter,
  declarationUploadRouter,
  declarationWebRouter,
  hsRouter,
} from "./declarations/index.ts";
import {
  apiTokensRouter,
  directoryRouter,
  enterpriseApiRouter,
  enterpriseImagesRouter,
  enterpriseModerationRouter,
  membersRouter,
  registrationRouter,
} from "./enterprises/index.ts";
import { consoleRouter } from "./moderation/console.routes.ts";
import {
  categoryAdminRouter,
  importRouter,
  listingRouter,
  productApiRouter,
  productImagesRouter,
  productModerationRouter,
  productPageRouter,
} from "./products/index.ts";
import type { Services } from "./areas.ts";
import type { Config } from "./config.ts";
import { i18nMiddleware } from "./platform/i18n/i18n.ts";
import type { Logger } from "./platform/logger.ts";
import { outboxRouter } from "./platform/mail/outbox.routes.ts";
import { PUBLIC_DIR, VIEWS_DIR } from "./platform/paths.ts";
import { bodyGuard } from "./platform/web/body-guard.ts";
import { errorHandler, notFoundHandler } from "./platform/web/error-handler.ts";
import { healthRouter, type HealthCheck } from "./platform/web/health.routes.ts";
import { requestLogging } from "./platform/web/request-logging.ts";
import { securityHeaders } from "./platform/web/security-headers.ts";
import { useViewEngine } from "./platform/web/view-engine.ts";
import { notificationsRouter, unreadBadge } from "./platform/notify/index.ts";

export type AppDeps = {
  config: Config;
  logger: Logger;
  i18n: I18n;
  connection: Connection;
  services: Services;
  healthChecks: Record<string, HealthCheck>;
};

/** Builds the Express app from its dependencies: middleware and routers, nothing else. */
export function createApp({ config, logger, i18n, connection, services, healthChecks }: AppDeps): Express {
  const production = config.env === "production";
  const passport = createPassport({ auth: services.auth, verifyToken: services.verifyApiToken });
  const { csrf, rateLimits } = services;
  const app = express();
  app.disable("x-powered-by");
  // Pages carry a CSRF token and answers change with every write: hashing each body for an ETag
  // costs time and never matches. Static files keep their own ETags (serve-static).
  app.set("etag", false);
  app.set("trust proxy", config.trustProxy);
  useViewEngine(app, VIEWS_DIR, { cache: production });

  app.use(healthRouter(healthChecks));
  app.use(requestLogging(logger));
  app.use(securityHeaders({ production }));
  app.use(compression());
  // Files under public/ (css/, js/); the JSON API never looks on the disk for them.
  const publicFiles = express.static(PUBLIC_DIR, { maxAge: production ? "7d" : 0, index: false });
  app.use((req, res, next) => (req.path.startsWith("/api/") ? next() : publicFiles(req, res, next)));
  app.use(cookieParser());
  // declarations: the web form carries 12 fields per line, so its two addresses take up to 100 lines
  // (1,300 fields); every other form keeps the 200-field limit. Longer declarations go by spreadsheet.
  app.use(["/to-khai/moi", "/to-khai/:id/sua"], express.urlencoded({ extended: false, limit: "500kb", parameterLimit: 1_300 }));
  app.use(express.urlencoded({ extended: false, limit: "100kb", parameterLimit: 200 }));
  // declarations: an ERP files a whole declaration (up to 10,000 lines) in one JSON body, so the declaration
  // API alone takes up to 8 MB, with a bearer token only (none: 401). Mounted before the global parser,
  // which then skips the parsed body; bodyGuard below still checks it.
  app.use(DECLARATION_API_PATHS, declarationApiEntry());
  app.use(express.json({ limit: "100kb" }));
  app.use(bodyGuard);
  app.use(i18nMiddleware(i18n, { secureCookies: production }));

  app.use("/api", rateLimitedBearer());
  app.use(sessionMiddleware({ connection, secret: config.sessionSecret, production, idleMs: config.session.idleMs }));
  app.use(passport.session());
  app.use(sessionPolicy({ absoluteMs: config.session.absoluteMs }));
  app.use(languagePreference(services.auth));
  app.use(csrf.protect);
  app.use(csrf.provideTokenWhenSignedIn);
  app.use((req, res, next) => {
    res.locals.lang = req.language === "en" ? "en" : "vi";
    res.locals.currentPath = req.path;
    res.locals.currentUrl = req.originalUrl;
    res.locals.requestId = String(req.id ?? "");
    res.locals.user = req.user?.kind === "user" ? { name: req.user.name, email: req.user.email, role: req.user.role } : null;
    res.locals.csrfToken ??= "";
    next();
  });
  // The unread-notification count in the header, for every signed-in page.
  app.use(unreadBadge({ notifications: services.notifications, logger }));

  app.use(homeRouter({ enterprises: services.enterprises, products: services.products, categories: services.categories }));
  app.use(authRouter({ auth: services.auth, passport, csrf, rateLimits, production }));
  app.use(accountRouter({ auth: services.auth, csrf, production }));
  app.use(passwordResetRouter({ auth: services.auth, csrf, rateLimits }));
  if (services.outbox && !production) app.use(outboxRouter(services.outbox));
  app.use(invitationsRouter({ memberships: services.memberships }));
  app.use(consoleRouter(services.consoleQueues));
  app.use(categoryAdminRouter({ categories: services.categories }));
  app.use(adminUsersRouter({ userAdmin: services.userAdmin }));
  app.use(membersRouter({ memberships: services.memberships, access: services.enterpriseAccess }));
  app.use(apiTokensRouter({ apiTokens: services.apiTokens, access: services.enterpriseAccess }));
  app.use(enterpriseApiRouter({ access: services.enterpriseAccess }));
  // <area-routers> (each area mounts its routers here)
  // platform: the header's unread-notification badge (signed-in GET pages; pages of routers mounted above this region do not get it), /thong-bao
  app.use(notificationsRouter({ notifications: services.notifications, requireAuth }));
  // declarations: GET /api/v1/hs/:code (public HS nomenclature lookup)
  app.use(hsRouter({ nomenclature: services.nomenclature }));
  // declarations: the spreadsheet upload /to-khai/tai-len and its templates /to-khai/mau.* (before /to-khai/:id); the ERP API /api/v1/declarations
  app.use(declarationUploadRouter({ declarations: services.declarations, access: services.enterpriseAccess, reports: services.declarationUploadReports, csrf, translate: services.translate }));
  app.use(declarationApiRouter({ declarations: services.declarations, enterpriseSlug: async (id) => (await services.enterpriseAccess.record(id))?.slug ?? null, translate: services.translate }));
  app.use(importRouter({ imports: services.imports, access: services.enterpriseAccess, csrf, translate: services.translate }));
  // enterprises: /doanh-nghiep/dang-ky and the exports before /doanh-nghiep/:slug
  app.use(registrationRouter({ registry: services.enterpriseRegistry, directory: services.enterpriseDirectory, categories: services.categories, lookup: services.enterpriseAccess.lookup }));
  app.use(directoryRouter({ directory: services.enterpriseDirectory, categories: services.categories, listings: services.products, memberships: services.memberships, baseUrl: config.baseUrl }));
  app.use(enterpriseModerationRouter({ directory: services.enterpriseDirectory, verification: services.enterpriseVerification }));
  app.use(enterpriseImagesRouter({ enterpriseImages: services.enterpriseImages, csrf, lookup: services.enterpriseAccess.lookup }));
  // products: the enterprise's listings, images, moderation, the public page, the ERP API
  app.use(listingRouter({ listings: services.productListings, categories: services.categories, enterprises: services.enterprises, lookup: services.enterpriseAccess.lookup }));
  app.use(productImagesRouter({ listings: services.productListings, images: services.images, csrf, lookup: services.enterpriseAccess.lookup }));
  app.use(productModerationRouter({ listings: services.productListings }));
  app.use(productPageRouter({ products: services.products, categories: services.categories, enterprises: services.enterprises, baseUrl: config.baseUrl }));
  app.use(productApiRouter({ listings: services.productListings }));
  // catalog: /tim-kiem and /api/v1/search/*
  app.use(searchRouter({ catalogSearch: services.catalogSearch }));
  // declarations (enterprise side): /to-khai (list, form, page, versions, receipt) and its attachments /to-khai/:id/tep
  app.use(declarationWebRouter({ declarations: services.declarations, audit: services.audit, memberEnterprises: services.memberEnterprises }));
  app.use(declarationFilesRouter({ declarations: services.declarations, audit: services.audit, attachments: services.declarationAttachments, csrf }));
  // declarations (department side): the review queue /quan-tri/to-khai, the review /quan-tri/to-khai/:id, the statistics /quan-tri/thong-ke-xnk (and /vendor/chart.js)
  app.use(declarationReviewRouter({ declarations: services.declarations, review: services.declarationReview, statistics: services.declarationStatistics, nomenclature: services.nomenclature }));
  app.use(declarationStatsRouter({ statistics: services.declarationStatistics, nomenclature: services.nomenclature }));
  // </area-routers>

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;

  /** API calls with a bearer token: rate-limited per token, authenticated without a session. */
  function rateLimitedBearer() {
    const router = express.Router();
    router.use((req, res, next) => (req.get("authorization") ? rateLimits.apiToken(req, res, next) : next()));
    router.use(bearerAuthentication(passport));
    return router;
  }
}

import compression from "compression";
import cookieParser from "cookie-parser";
import express, { type Express } from "express";
import type { i18n as I18n } from "i18next";
import { homeRouter } from "./catalog/home.routes.ts";
import type { Services } from "./composition.ts";
import { i18nMiddleware } from "./platform/i18n/i18n.ts";
import type { Logger } from "./platform/logger.ts";
import { PUBLIC_DIR, VIEWS_DIR } from "./platform/paths.ts";
import { errorHandler, notFoundHandler } from "./platform/web/error-handler.ts";
import { healthRouter, type HealthCheck } from "./platform/web/health.routes.ts";
import { requestLogging } from "./platform/web/request-logging.ts";
import { securityHeaders } from "./platform/web/security-headers.ts";
import { useViewEngine } from "./platform/web/view-engine.ts";

export type AppDeps = {
  production: boolean;
  trustProxy: boolean | number | string;
  logger: Logger;
  i18n: I18n;
  services: Services;
  healthChecks: Record<string, HealthCheck>;
};

/** Builds the Express app from its dependencies: middleware and routers, nothing else. */
export function createApp({ production, trustProxy, logger, i18n, services, healthChecks }: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);
  useViewEngine(app, VIEWS_DIR, { cache: production });

  app.use(healthRouter(healthChecks));
  app.use(requestLogging(logger));
  app.use(securityHeaders({ production }));
  app.use(compression());
  app.use(express.static(PUBLIC_DIR, { maxAge: production ? "7d" : 0, index: false }));
  app.use(cookieParser());
  app.use(express.urlencoded({ extended: false, limit: "100kb" }));
  app.use(express.json({ limit: "100kb" }));
  app.use(i18nMiddleware(i18n, { secureCookies: production }));
  app.use((req, res, next) => {
    res.locals.lang = req.language === "en" ? "en" : "vi";
    res.locals.currentPath = req.path;
    res.locals.currentUrl = req.originalUrl;
    res.locals.requestId = String(req.id ?? "");
    res.locals.user = null;
    res.locals.csrfToken = "";
    next();
  });

  app.use(homeRouter({ enterprises: services.enterprises, products: services.products }));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}

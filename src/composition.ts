import type { Express } from "express";
import type { Connection } from "mongoose";
import { createUserService, userModel } from "./accounts/index.ts";
import { createApp } from "./app.ts";
import type { Config } from "./config.ts";
import { createEnterpriseService, enterpriseModel } from "./enterprises/index.ts";
import type { Infrastructure } from "./infrastructure.ts";
import { pingMongo } from "./platform/db/mongo.ts";
import { createI18n } from "./platform/i18n/i18n.ts";
import type { Logger } from "./platform/logger.ts";
import { categoryModel, createProductService, productModel } from "./products/index.ts";

/** The composition root: models registered on one connection, services given what they need. */
export function buildServices(connection: Connection) {
  const models = {
    users: userModel(connection),
    enterprises: enterpriseModel(connection),
    products: productModel(connection),
    categories: categoryModel(connection),
  };
  return {
    models,
    users: createUserService({ users: models.users }),
    enterprises: createEnterpriseService({ enterprises: models.enterprises }),
    products: createProductService({ products: models.products, categories: models.categories }),
  };
}

export type Services = ReturnType<typeof buildServices>;

/** Services and the Express app over opened infrastructure; used by server.ts and the tests alike. */
export async function assemble(
  config: Config,
  logger: Logger,
  infrastructure: Infrastructure,
): Promise<{ app: Express; services: Services }> {
  const services = buildServices(infrastructure.connection);
  await Promise.all(Object.values(services.models).map((model) => model.init()));
  const app = createApp({
    production: config.env === "production",
    trustProxy: config.trustProxy,
    logger,
    i18n: await createI18n(),
    services,
    healthChecks: {
      db: () => pingMongo(infrastructure.connection),
      search: () => infrastructure.search.health(),
    },
  });
  return { app, services };
}

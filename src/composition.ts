import type { Express } from "express";
import { createApp } from "./app.ts";
import { buildAreas, servicesOf, type Areas, type Services } from "./areas.ts";
import type { Config } from "./config.ts";
import type { Infrastructure } from "./infrastructure.ts";
import { runMigrations } from "./platform/db/migrations.ts";
import { pingMongo } from "./platform/db/mongo.ts";
import { createI18n } from "./platform/i18n/i18n.ts";
import type { Logger } from "./platform/logger.ts";

// The areas are wired in areas.ts, so that app.ts takes its `Services` type from there: taken from here, app.ts ↔ composition.ts was a cycle.
export type { Areas, Services };

/** Services and the Express app over opened infrastructure, with indexes built and migrations run; used by server.ts, the scripts and the tests alike. */
export async function assemble(config: Config, logger: Logger, infrastructure: Infrastructure): Promise<{ app: Express; services: Services; areas: Areas }> {
  const i18n = await createI18n();
  const areas = buildAreas({ infrastructure, config, logger, i18n });
  const all = [areas.platform, areas.accounts, areas.enterprises, areas.products, areas.catalog, areas.declarations];
  await Promise.all(all.map((area) => area.init()));
  await runMigrations(infrastructure.connection, all.flatMap((area) => ("migrations" in area ? area.migrations : [])), logger);
  const services = servicesOf(areas, infrastructure.search);
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
  return { app, services, areas };
}

import type { Server } from "node:http";
import { assemble } from "./composition.ts";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { MissingToolError, openInfrastructure } from "./infrastructure.ts";
import { deleteExpiredSessions } from "./accounts/index.ts";
import { createLogger, type Logger } from "./platform/logger.ts";
import { startPeriodic } from "./platform/periodic.ts";
import { stopOnSignals } from "./platform/shutdown.ts";
import { deleteExpiredRateLimits } from "./platform/web/rate-limit-store.ts";
import { isCatalogueEmpty, seedDemo } from "./seed/seed.ts";

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/** Stops accepting connections, lets in-flight requests finish (up to the timeout), then closes idle keep-alives. */
function closeServer(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger: Logger = createLogger(config.logLevel);
  const infrastructure = await openInfrastructure(config, logger).catch((error: unknown) => {
    if (!(error instanceof MissingToolError)) throw error;
    console.error(error.message);
    process.exit(1);
  });
  // Reference data (the category taxonomy) is loaded by the areas' migrations in assemble(), in every environment.
  const { app, services, areas } = await assemble(config, logger, infrastructure);
  if (config.seedDemo && (await isCatalogueEmpty(areas))) {
    const summary = await seedDemo(areas);
    logger.info(summary, "demo data seeded (SEED_DEMO=false turns this off)");
  }
  // FerretDB has no TTL indexes: expired sessions and rate-limit windows are swept here.
  const { connection } = infrastructure;
  const sweeps = [
    startPeriodic("expired-sessions", 10 * 60_000, () => deleteExpiredSessions(connection), logger),
    startPeriodic("expired-rate-limits", 10 * 60_000, () => deleteExpiredRateLimits(connection), logger),
  ];
  // The search index: rebuilt or caught up from MongoDB, then kept in sync by polling.
  await services.searchSync.start();
  // Queued imports, and failing the ones a dead process left running.
  services.imports.resume().catch((error: unknown) => logger.error({ err: error }, "import runner failed to resume"));
  const server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as { port: number };
    logger.info({ port, search: infrastructure.search.engine }, `Gia Lai trade exchange listening on http://localhost:${port}`);
  });

  // The orderly stop gets the request timeout plus time to stop the workers and close the database.
  stopOnSignals({
    logger,
    deadlineMs: config.shutdownTimeoutMs + 15_000,
    async stop() {
      await closeServer(server, config.shutdownTimeoutMs);
      sweeps.forEach((sweep) => sweep.stop());
      await services.imports.stop();
      await services.searchSync.stop();
      await infrastructure.close();
    },
    lastResort: async () => infrastructure.embeddedDb?.process.stop(),
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { randomBytes } from "node:crypto";
import type { Express } from "express";
import { assemble, type Areas, type Services } from "../../src/composition.ts";
import { loadConfig, type Config } from "../../src/config.ts";
import { openInfrastructure, type Infrastructure } from "../../src/infrastructure.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { harness, MEILI_TEST_PREFIX } from "./harness.ts";
import { dropMeilisearchIndexes } from "./meilisearch.ts";
import { storedModels, type StoredModels } from "../../scripts/stored-models.ts";

/** The real app on real services; `models` reads and writes the stored documents directly, for assertions and set-up. */
export type TestApp = { app: Express; services: Services; areas: Areas; models: StoredModels; infrastructure: Infrastructure; config: Config };

/** The environment a test app runs with: the harness's FerretDB, a fresh database, in-memory search. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    MONGODB_URI: harness.mongoUri,
    MONGODB_DB: `test_${randomBytes(6).toString("hex")}`,
    SEARCH_FILE: ":memory:",
    STRIPE_API_BASE: harness.stripeApiBase,
    ...overrides,
  };
}

/**
 * Overrides that put a test app on the run's Meilisearch, under index names of its own (so files
 * never collide), with the scoped app key; null when this run has no Meilisearch.
 */
export function meilisearchEnv(): Record<string, string> | null {
  if (!harness.meiliHost) return null;
  return { MEILI_HOST: harness.meiliHost, MEILI_API_KEY: harness.meiliApiKey, MEILI_INDEX_PREFIX: `${MEILI_TEST_PREFIX}${randomBytes(4).toString("hex")}_` };
}

/** Skips the test or suite, saying why, when this run has no Meilisearch. */
export function skipWithoutMeilisearch(context: Mocha.Context): void {
  if (harness.meiliHost) return;
  console.log(`      skipped: no Meilisearch in this run: ${harness.meiliSkipReason}`);
  context.skip();
}

/** Builds the real app on real services, exactly as server.ts does, minus the listening. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig(testEnv(overrides));
  const logger = createLogger(config.logLevel);
  const infrastructure = await openInfrastructure(config, logger);
  const { app, services, areas } = await assemble(config, logger, infrastructure);
  return { app, services, areas, models: storedModels(infrastructure.connection), infrastructure, config };
}

/** Drops the file's database and closes its connection. */
export async function stopTestApp(testApp: TestApp | undefined): Promise<void> {
  if (!testApp) return;
  const { connection } = testApp.infrastructure;
  if (connection.readyState === 1) await connection.dropDatabase();
  await testApp.infrastructure.close();
  const { search } = testApp.config;
  // The run's Meilisearch outlives the file: its indexes go with its database.
  if (search.engine === "meilisearch" && search.host === harness.meiliHost && search.indexPrefix.startsWith(MEILI_TEST_PREFIX)) {
    await dropMeilisearchIndexes(search.host, harness.meiliMasterKey || undefined, search.indexPrefix);
  }
}

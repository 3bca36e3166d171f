/**
 * Mocha global fixtures: one in-memory FerretDB, one stripe-mock and (where a copy exists) one
 * Meilisearch for the whole run. Test files reach them through `harness` (test-app.ts gives each
 * file its own database, and its own index names on Meilisearch).
 */
import { startEmbeddedFerretDb, type EmbeddedFerretDb } from "../../src/platform/db/ferretdb.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { ensureAppKey } from "../../src/platform/search/meilisearch-keys.ts";
import { toolPath } from "../../src/platform/tools.ts";
import { installMeilisearchCopy, type CopyResult } from "../../scripts/meilisearch-copy.ts";
import { harness, MEILI_TEST_PREFIX, TOOLS_DIR } from "./harness.ts";
import { startMeilisearch, type StartedMeilisearch } from "./meilisearch.ts";
import { startStripeMock } from "./stripe-mock.ts";

let ferret: EmbeddedFerretDb | undefined;
let stripe: Awaited<ReturnType<typeof startStripeMock>> | undefined;
let meili: StartedMeilisearch | undefined;

/**
 * MEILI_HOST (+ MEILI_MASTER_KEY): a running server; MEILI_BIN: that binary; otherwise the shared
 * copy, decompressed into tools/. Without any, the Meilisearch tests skip with the reason.
 */
async function setUpMeilisearch(logger: ReturnType<typeof createLogger>): Promise<void> {
  const external = process.env.MEILI_HOST;
  let masterKey = process.env.MEILI_MASTER_KEY ?? "";
  let host = external ?? "";
  const found: CopyResult = process.env.MEILI_BIN ? { binary: process.env.MEILI_BIN } : installMeilisearchCopy(TOOLS_DIR, process.env.SHARED_TOOLS_DIR);
  if (found.binary) harness.meiliBinary = found.binary;
  if (!external) {
    if (found.binary === null) {
      harness.meiliSkipReason = found.reason;
      return;
    }
    meili = await startMeilisearch(found.binary, logger);
    host = meili.url;
    masterKey = meili.masterKey;
  }
  harness.meiliHost = host;
  harness.meiliMasterKey = masterKey;
  if (masterKey) harness.meiliApiKey = (await ensureAppKey({ host, masterKey, indexPrefix: MEILI_TEST_PREFIX })).key;
}

export async function mochaGlobalSetup(): Promise<void> {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? "warn");
  [ferret, stripe] = await Promise.all([
    startEmbeddedFerretDb({ binary: toolPath(TOOLS_DIR, "ferretdb"), storage: "temporary", logger }),
    startStripeMock(toolPath(TOOLS_DIR, "stripe-mock"), logger),
    setUpMeilisearch(logger),
  ]);
  harness.mongoUri = ferret.uri;
  harness.stripeApiBase = stripe.url;
}

export async function mochaGlobalTeardown(): Promise<void> {
  await Promise.all([ferret?.process.stop(), stripe?.process.stop(), meili?.stop()]);
}

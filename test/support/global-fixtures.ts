/**
 * Mocha global fixtures: one in-memory FerretDB and one stripe-mock for the whole run.
 * Test files reach them through `harness` (test-app.ts gives each file its own database).
 */
import { startEmbeddedFerretDb, type EmbeddedFerretDb } from "../../src/platform/db/ferretdb.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { toolPath } from "../../src/platform/tools.ts";
import { harness, TOOLS_DIR } from "./harness.ts";
import { startStripeMock } from "./stripe-mock.ts";

let ferret: EmbeddedFerretDb | undefined;
let stripe: Awaited<ReturnType<typeof startStripeMock>> | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? "warn");
  [ferret, stripe] = await Promise.all([
    startEmbeddedFerretDb({ binary: toolPath(TOOLS_DIR, "ferretdb"), storage: "temporary", logger }),
    startStripeMock(toolPath(TOOLS_DIR, "stripe-mock"), logger),
  ]);
  harness.mongoUri = ferret.uri;
  harness.stripeApiBase = stripe.url;
}

export async function mochaGlobalTeardown(): Promise<void> {
  await Promise.all([ferret?.process.stop(), stripe?.process.stop()]);
}

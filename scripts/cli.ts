import { assemble, type Areas, type Services } from "../src/composition.ts";
import { ConfigError, loadConfig } from "../src/config.ts";
import { MissingToolError, openInfrastructure } from "../src/infrastructure.ts";
import { AppError, ValidationError } from "../src/platform/errors.ts";
import { createI18n } from "../src/platform/i18n/i18n.ts";
import { createLogger } from "../src/platform/logger.ts";

/**
 * Runs a command-line task against the configured database (sharing the embedded FerretDB of a
 * running server, or starting one), prints a clear message on failure, and closes everything.
 */
export async function runCli(task: (services: Services, areas: Areas) => Promise<void>): Promise<void> {
  let exitCode = 0;
  try {
    const config = loadConfig();
    const logger = createLogger(process.env.LOG_LEVEL ?? "warn");
    const infrastructure = await openInfrastructure(config, logger);
    try {
      const { services, areas } = await assemble(config, logger, infrastructure);
      await task(services, areas);
    } finally {
      await infrastructure.close();
    }
  } catch (error) {
    exitCode = 1;
    if (error instanceof ValidationError) {
      const t = (await createI18n()).getFixedT(process.env.CLI_LANG === "en" ? "en" : "vi");
      console.error(Object.entries(error.fieldErrors).map(([field, key]) => `✖ ${field}: ${t(key)}`).join("\n"));
    } else if (error instanceof ConfigError || error instanceof MissingToolError || error instanceof AppError) {
      console.error(`✖ ${error.message}`);
    } else {
      console.error(error);
    }
  }
  process.exitCode = exitCode;
}

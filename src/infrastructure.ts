import type { Connection } from "mongoose";
import type { Config } from "./config.ts";
import { startEmbeddedFerretDb, type EmbeddedFerretDb } from "./platform/db/ferretdb.ts";
import { connectMongo } from "./platform/db/mongo.ts";
import type { UpdateTurnsMode } from "./platform/db/update-turns.ts";
import type { Logger } from "./platform/logger.ts";
import { createSearchIndex, openWithDeferredInit, type SearchIndex } from "./platform/search/index.ts";
import { hasTool, toolPath } from "./platform/tools.ts";

export type Infrastructure = {
  connection: Connection;
  search: SearchIndex;
  embeddedDb: EmbeddedFerretDb | null;
  close(): Promise<void>;
};

export class MissingToolError extends Error {}

/**
 * Opens the database (MONGODB_URI, or an embedded FerretDB when it is unset) and the search
 * index. `close()` releases them in reverse order and stops the embedded FerretDB.
 * `options.updateTurns` is for the write-guard benchmark (see platform/db/serial-updates.ts).
 */
export async function openInfrastructure(config: Config, logger: Logger, options: { updateTurns?: UpdateTurnsMode } = {}): Promise<Infrastructure> {
  let embeddedDb: EmbeddedFerretDb | null = null;
  let uri = config.mongodb.uri;
  if (!uri) {
    if (!hasTool(config.toolsDir, "ferretdb")) {
      throw new MissingToolError(
        `FerretDB is not installed in ${config.toolsDir}. Run "npm run setup:tools" (needs Go), or set MONGODB_URI to a MongoDB server.`,
      );
    }
    embeddedDb = await startEmbeddedFerretDb({
      binary: toolPath(config.toolsDir, "ferretdb"),
      storage: { dataDir: config.dataDir },
      logger,
    });
    uri = embeddedDb.uri;
  }
  let connection: Connection | undefined;
  try {
    connection = await connectMongo(uri, config.mongodb.dbName, options);
    const created = createSearchIndex(config.search);
    // A search server that is down must not stop the app (MongoDB is the record of truth; the sync catches up).
    // The embedded engine is a local file: failing to open it is a start-up error.
    const search = created.engine === "meilisearch" ? await openWithDeferredInit(created, logger) : created;
    if (search.engine === "embedded") await search.init();
    return {
      connection,
      search,
      embeddedDb,
      async close() {
        await search.close();
        await connection!.close();
        await embeddedDb?.process.stop();
      },
    };
  } catch (error) {
    await connection?.close();
    await embeddedDb?.process.stop();
    throw error;
  }
}

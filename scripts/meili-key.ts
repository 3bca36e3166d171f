/**
 * Creates the app's scoped Meilisearch API key with the master key and prints it for MEILI_API_KEY.
 * Run once per installation (and again after a master key change): the app servers get MEILI_API_KEY,
 * only this setup step gets MEILI_MASTER_KEY.
 *
 *   MEILI_HOST=http://meilisearch:7700 MEILI_MASTER_KEY=… npm run meili:key
 */
import { loadConfig } from "../src/config.ts";
import { APP_KEY_ACTIONS, ensureAppKey } from "../src/platform/search/meilisearch-keys.ts";

const config = loadConfig();
if (config.search.engine !== "meilisearch") {
  console.error("✖ MEILI_HOST is not set: there is no Meilisearch to create a key in.");
  process.exit(1);
}
if (!config.meilisearchMasterKey) {
  console.error("✖ MEILI_MASTER_KEY is not set: creating the app's key needs the master key.");
  process.exit(1);
}
const { uid, key } = await ensureAppKey({ host: config.search.host, masterKey: config.meilisearchMasterKey, indexPrefix: config.search.indexPrefix });
console.error(`✔ Key ${uid} on ${config.search.host}: ${APP_KEY_ACTIONS.join(", ")} on indexes "${config.search.indexPrefix}*". Give the app:`);
console.log(`MEILI_API_KEY=${key}`);

import { createHash } from "node:crypto";
import { Meilisearch } from "meilisearch";
import { createMeilisearchTransport, meilisearchErrorCode } from "./meilisearch-http.ts";

/**
 * What the app may do in Meilisearch: read and write documents and settings of its own indexes,
 * search, and follow its tasks. Not: manage keys, delete indexes, dumps, snapshots, other prefixes.
 */
export const APP_KEY_ACTIONS = ["search", "documents.*", "indexes.create", "indexes.get", "settings.*", "tasks.get", "stats.get"] as const;

/** One key per index prefix, with a uid derived from it, so setting it up again finds the same key (same value: Meilisearch derives it from the uid and the master key). */
export function appKeyUid(indexPrefix: string): string {
  const hex = createHash("sha256").update(`gialai-exchange-app-key:${indexPrefix}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Creates (or finds) the app's scoped API key with the master key, and returns its value for
 * MEILI_API_KEY. A key whose rights differ from APP_KEY_ACTIONS is replaced (same uid, so same value).
 * Setup tooling only (scripts/meili-key.ts, the test harness): the app itself never holds the master key.
 */
export async function ensureAppKey(options: { host: string; masterKey: string; indexPrefix: string }): Promise<{ uid: string; key: string }> {
  const transport = createMeilisearchTransport(options.host, { maxSockets: 1 });
  const client = new Meilisearch({ host: options.host, apiKey: options.masterKey, httpClient: transport.request, timeout: 10_000 });
  const uid = appKeyUid(options.indexPrefix);
  const wanted = { actions: [...APP_KEY_ACTIONS].sort(), indexes: [`${options.indexPrefix}*`] };
  try {
    try {
      const existing = await client.getKey(uid);
      if (JSON.stringify([...existing.actions].sort()) === JSON.stringify(wanted.actions) && JSON.stringify(existing.indexes) === JSON.stringify(wanted.indexes)) {
        return { uid, key: existing.key };
      }
      await client.deleteKey(uid);
    } catch (error) {
      if (meilisearchErrorCode(error) !== "api_key_not_found") throw error;
    }
    const created = await client.createKey({
      uid,
      name: `gialai-exchange app${options.indexPrefix ? ` (${options.indexPrefix}*)` : ""}`,
      description: "The exchange's app servers: documents, settings and search of its own indexes (created by npm run meili:key).",
      ...wanted,
      expiresAt: null,
    });
    return { uid, key: created.key };
  } finally {
    transport.close();
  }
}

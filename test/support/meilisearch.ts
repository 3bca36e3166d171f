import { Meilisearch } from "meilisearch";
import { createMeilisearchTransport } from "../../src/platform/search/meilisearch-http.ts";

export { startMeilisearch, type StartedMeilisearch } from "../../scripts/meilisearch-server.ts";

/** Asks Meilisearch to delete every index whose name starts with `prefix` (a test file's indexes), with the master key; does not wait. */
export async function dropMeilisearchIndexes(host: string, masterKey: string | undefined, prefix: string): Promise<void> {
  const transport = createMeilisearchTransport(host, { maxSockets: 2 });
  try {
    const client = new Meilisearch({ host, apiKey: masterKey, httpClient: transport.request, timeout: 10_000 });
    const { results } = await client.getIndexes({ limit: 1000 });
    await Promise.all(results.filter((index) => index.uid.startsWith(prefix)).map((index) => client.deleteIndex(index.uid)));
  } finally {
    transport.close();
  }
}

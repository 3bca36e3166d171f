import type { Index, Settings } from "meilisearch";
import type { TaskWaiter } from "./meilisearch-tasks.ts";
import { meilisearchSynonyms } from "./synonyms.ts";
import { MAX_RESULT_WINDOW } from "./search-index.ts";

const TYPOS = { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 9 } } as const;

/**
 * Results match whole words only (`prefixSearch: "disabled"`), as the embedded engine does: "ca phe"
 * must not also find "cá phèn". Prefixes are for suggestions, which have their own index.
 */
export const PRODUCT_SETTINGS: Settings = {
  searchableAttributes: ["nameFolded", "categoryFolded", "enterpriseFolded", "descriptionFolded"],
  filterableAttributes: ["category", "categories", "commune", "ocop", "certification", "madeInVietnam", "price", "minOrderQty", "inStock", "enterpriseId", "enterpriseSlug", "enterpriseVisible", "_geo"],
  sortableAttributes: ["price", "publishedAt", "_geo"],
  rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness", "publishedAt:desc"],
  typoTolerance: TYPOS,
  synonyms: meilisearchSynonyms(),
  prefixSearch: "disabled",
  pagination: { maxTotalHits: MAX_RESULT_WINDOW },
  faceting: { maxValuesPerFacet: 200 },
};

/** Product names as the buyer types: the last word is a prefix (Meilisearch's default). */
export const SUGGESTION_SETTINGS: Settings = {
  searchableAttributes: ["nameFolded"],
  filterableAttributes: ["enterpriseId", "enterpriseVisible"],
  typoTolerance: TYPOS,
  synonyms: meilisearchSynonyms(),
  prefixSearch: "indexingTime",
};

export const ENTERPRISE_SETTINGS: Settings = {
  searchableAttributes: ["folded"],
  filterableAttributes: ["id", "visible"],
  prefixSearch: "indexingTime",
};

/** Settings whose arrays Meilisearch keeps as sets (it answers them sorted); order matters in the others. */
const UNORDERED = new Set(["filterableAttributes", "sortableAttributes"]);

/** The paths where `actual` differs from what `wanted` names (keys `wanted` leaves out are not compared). */
export function settingsDifferences(wanted: unknown, actual: unknown, at = ""): string[] {
  if (Array.isArray(wanted)) {
    const key = at.split(".").pop() ?? "";
    const norm = (list: unknown[]) => JSON.stringify(UNORDERED.has(key) || at.startsWith("synonyms.") ? [...list].map(String).sort() : list);
    return Array.isArray(actual) && norm(wanted) === norm(actual) ? [] : [at];
  }
  if (wanted && typeof wanted === "object") {
    if (!actual || typeof actual !== "object") return [at];
    return Object.entries(wanted).flatMap(([key, value]) => settingsDifferences(value, (actual as Record<string, unknown>)[key], at ? `${at}.${key}` : key));
  }
  return wanted === actual ? [] : [at];
}

/**
 * Applies an index's settings only when they differ from what it holds (a settings task can
 * re-index everything), then reads them back: a setting the server ignored or changed fails here,
 * at start-up, naming it, instead of as wrong answers later.
 */
export async function applySettings(index: Index, wanted: Settings, waitFor: TaskWaiter): Promise<void> {
  if (settingsDifferences(wanted, await index.getSettings()).length === 0) return;
  const task = await waitFor(index.updateSettings(wanted));
  if (task.status === "failed") throw new Error(`Meilisearch settings of ${index.uid} failed: ${task.error?.message}`);
  const differences = settingsDifferences(wanted, await index.getSettings());
  if (differences.length > 0) throw new Error(`Meilisearch index ${index.uid} did not keep its settings: ${differences.join(", ")}`);
}

import type { Meilisearch } from "meilisearch";
import { searchTerms } from "./fold.ts";
import { FOLDED_SYNONYM_GROUPS } from "./synonyms.ts";
import { MIN_TYPO_LENGTH } from "./typos.ts";

const WORD_TTL_MS = 60_000;
const MAX_WORDS = 20_000;

/**
 * Gives Meilisearch the embedded engine's typo rule: a word found in the index as typed is taken
 * as typed, and only a word the index does not hold is widened to its one-typo neighbours.
 * Meilisearch alone widens every word of four letters or more ("mật ong rừng" would also find a
 * coffee "rang" with "mật ong" notes). Words the index holds are sent quoted (a one-word phrase:
 * no typos); which words it holds is asked once (one multi-search of count-only probes) and
 * remembered for a minute, forgotten at once on this process's writes.
 */
/** Words of synonym phrases stay bare: Meilisearch applies synonyms to words, not to quoted phrases. */
const SYNONYM_WORDS = new Set(FOLDED_SYNONYM_GROUPS.flat(2));

export function createQueryWriter(client: Meilisearch, indexUid: string) {
  const known = new Map<string, { exists: boolean; at: number }>();

  async function probe(words: string[]): Promise<void> {
    const { results } = await client.multiSearch({ queries: words.map((word) => ({ indexUid, q: `"${word}"`, limit: 0 })) });
    const now = Date.now();
    if (known.size + words.length > MAX_WORDS) known.clear();
    results.forEach((result, i) => known.set(words[i]!, { exists: (result.estimatedTotalHits ?? result.totalHits ?? 0) > 0, at: now }));
  }

  return {
    /** The query string to send: folded words, the ones the index holds quoted. */
    async write(q: string): Promise<string> {
      const terms = searchTerms(q);
      const guarded = (term: string) => term.length >= MIN_TYPO_LENGTH && !SYNONYM_WORDS.has(term);
      const now = Date.now();
      const unknown = [...new Set(terms.filter((term) => guarded(term) && (known.get(term)?.at ?? 0) < now - WORD_TTL_MS))];
      if (unknown.length > 0) await probe(unknown);
      return terms.map((term) => (guarded(term) && known.get(term)?.exists ? `"${term}"` : term)).join(" ");
    },
    /** After a write: a word may now be held (or no longer). */
    forget(): void {
      known.clear();
    },
  };
}

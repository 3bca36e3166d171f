/**
 * Run-together syllables: "caphe" for "cà phê", "hatdieu" for "hạt điều". Vietnamese is written
 * one syllable a word, and buyers often type without the spaces; Meilisearch splits such a word in
 * two (its "split words" derivation), FTS5 does not. The embedded engine asks these functions for
 * the ways a folded query term divides into two or three indexed terms, then keeps the split whose
 * phrase the catalogue holds most often (embedded-search.ts).
 */

/** Terms shorter than this are never split ("cafe" stays whole; two syllables need four letters). */
export const MIN_SPLIT_LENGTH = 4;
/** A part shorter than this is not a syllable worth matching ("g" of "500 g", a stray "a"). */
const MIN_PART_LENGTH = 2;
const MAX_PARTS = 3;

/**
 * A folded Vietnamese syllable: an initial consonant (or none), one to three vowels, an optional
 * final consonant. Splits into syllables rank above splits into other indexed words ("matong":
 * "mat ong" before "m atong"), and digits pass as a part of their own ("sang18").
 */
const SYLLABLE = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$|^\d+$/;

export function isSyllable(part: string): boolean {
  return SYLLABLE.test(part);
}

/**
 * Every way to cut `term` into two or three parts that are all indexed terms (`has`), fewer parts
 * first, then those made only of syllables. The caller ranks further by how often each split
 * occurs as a phrase. A term of n letters has at most n²/2 cuts, each a set lookup.
 */
export function splitCandidates(term: string, has: (part: string) => boolean): string[][] {
  if (term.length < MIN_SPLIT_LENGTH) return [];
  const found: string[][] = [];
  const ok = (part: string) => part.length >= MIN_PART_LENGTH && has(part);
  const walk = (from: number, parts: string[]) => {
    for (let end = from + MIN_PART_LENGTH; end <= term.length; end++) {
      const part = term.slice(from, end);
      if (!ok(part)) continue;
      if (end === term.length) {
        if (parts.length > 0) found.push([...parts, part]);
      } else if (parts.length + 1 < MAX_PARTS) walk(end, [...parts, part]);
    }
  };
  walk(0, []);
  const syllables = (parts: string[]) => (parts.every(isSyllable) ? 0 : 1);
  return found.sort((a, b) => a.length - b.length || syllables(a) - syllables(b));
}

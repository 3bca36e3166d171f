/** Terms this long or longer are expanded to indexed terms within one edit when they are not indexed themselves. */
export const MIN_TYPO_LENGTH = 4;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Indexed terms one edit away from `term` (deletion, substitution, insertion, transposition), the
 * first letter kept: Meilisearch counts a typo on the first letter as two, so "mien" finds "mieng"
 * on both engines, and "tien" or "bien" on neither.
 */
export function oneEditAway(term: string, vocabulary: { has(term: string): boolean }): string[] {
  const found = new Set<string>();
  const check = (candidate: string) => {
    if (candidate !== term && vocabulary.has(candidate)) found.add(candidate);
  };
  for (let i = 1; i <= term.length; i++) {
    const head = term.slice(0, i);
    const tail = term.slice(i);
    if (tail) check(head + tail.slice(1));
    if (tail.length > 1) check(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of ALPHABET) {
      if (tail) check(head + letter + tail.slice(1));
      check(head + letter + tail);
    }
  }
  return [...found];
}

import { foldVietnamese, searchTerms } from "./fold.ts";

/**
 * Synonyms for common trade terms, configured once and applied by both engines: each group's
 * phrases are interchangeable in a query. Written as people type them; folded where used.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["cà phê", "cafe", "coffee"],
  ["hồ tiêu", "tiêu", "pepper"],
  ["hạt điều", "điều", "cashew"],
  ["mật ong", "honey"],
  ["gạo", "rice"],
];

/** The groups folded and split into terms: [["ca","phe"],["cafe"],["coffee"]], … */
export const FOLDED_SYNONYM_GROUPS: readonly (readonly (readonly string[])[])[] = SYNONYM_GROUPS.map((group) =>
  group.map((phrase) => searchTerms(phrase)),
);

/** Meilisearch's form: every phrase maps to the group's other phrases (folded, as the index is queried folded). */
export function meilisearchSynonyms(): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  for (const group of SYNONYM_GROUPS) {
    const folded = group.map(foldVietnamese);
    for (const phrase of folded) synonyms[phrase] = folded.filter((other) => other !== phrase);
  }
  return synonyms;
}

export type QueryNode = { kind: "term"; term: string } | { kind: "synonyms"; phrases: string[][] };

/** Splits folded query terms into plain terms and synonym groups (longest phrase first, left to right). */
export function parseQuery(terms: string[]): QueryNode[] {
  const nodes: QueryNode[] = [];
  let i = 0;
  outer: while (i < terms.length) {
    let best: { length: number; group: readonly (readonly string[])[] } | null = null;
    for (const group of FOLDED_SYNONYM_GROUPS) {
      for (const phrase of group) {
        if (phrase.length === 0 || phrase.length <= (best?.length ?? 0)) continue;
        if (phrase.every((word, k) => terms[i + k] === word)) best = { length: phrase.length, group };
      }
    }
    if (best) {
      nodes.push({ kind: "synonyms", phrases: best.group.map((phrase) => [...phrase]) });
      i += best.length;
      continue outer;
    }
    nodes.push({ kind: "term", term: terms[i]! });
    i += 1;
  }
  return nodes;
}

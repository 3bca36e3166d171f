import { searchTerms } from "./fold.ts";
import { isSyllable, splitCandidates } from "./splits.ts";
import { FOLDED_SYNONYM_GROUPS, parseQuery } from "./synonyms.ts";
import { MIN_TYPO_LENGTH, oneEditAway } from "./typos.ts";

/**
 * One node of a query: it matches when its FTS5 expression does; `alternatives` are the folded
 * phrases (space-joined terms) that stand for it in the name, for relevance.
 */
export type QueryNode = { kind: "term" | "synonyms" | "joined"; alternatives: string[]; match: string };

/** A query term held by fewer rows than this is tried as run-together syllables too. */
const SPLIT_BELOW = 3;

export const quote = (term: string) => `"${term.replace(/"/g, "")}"`;
const anyOf = (expressions: string[]) => (expressions.length === 1 ? expressions[0]! : `(${expressions.join(" OR ")})`);

/** Phrases that add nothing beside a shorter one they contain: "ho tieu" beside "tieu" (and phrases cost FTS5 position lists). */
function withoutImplied(phrases: string[]): string[] {
  return phrases.filter((phrase) => !phrases.some((other) => other !== phrase && ` ${phrase} `.includes(` ${other} `)));
}

/** A phrase with its synonyms when it is one of a group's phrases ("ho tieu" → tieu, pepper), else itself. */
function withSynonyms(terms: string[]): string[] {
  const phrase = terms.join(" ");
  const group = FOLDED_SYNONYM_GROUPS.find((phrases) => phrases.some((other) => other.join(" ") === phrase));
  return withoutImplied(group ? group.map((other) => other.join(" ")) : [phrase]);
}

/**
 * Turns a query into FTS5 nodes over the index's vocabulary, in the manner of Meilisearch's query
 * derivations: synonyms; one typo for a term of four letters or more that is not indexed (never on
 * the first letter, as Meilisearch counts a first-letter typo twice); a run-together term split
 * into indexed syllables ("caphe" → the phrase "ca phe", splits.ts); and two adjacent terms joined
 * when the join is indexed ("ca fe" → "cafe", "w 320" → "w320"). `vocabulary` holds each indexed
 * term's row count; `phraseCount` counts (up to a bound) the rows matching an FTS5 expression.
 */
export function createQueryPlanner(vocabulary: () => Map<string, number>, phraseCount: (expression: string) => number) {
  /** The split chosen per run-together term (null: none); dropped with the engine's answers on every write. */
  const splits = new Map<string, string[] | null>();

  /**
   * How a term divides into indexed terms ("hatdieu" → hat dieu), or null: only a term held by
   * fewer than SPLIT_BELOW rows is split; among its cuts (fewer parts and syllables first), the one
   * whose phrase occurs most often wins, as Meilisearch keeps the split of highest frequency.
   */
  function splitOf(term: string): string[] | null {
    const known = splits.get(term);
    if (known !== undefined) return known;
    const terms = vocabulary();
    const own = terms.get(term) ?? 0;
    let best: string[] | null = null;
    if (own < SPLIT_BELOW) {
      let bestCount = own;
      let group = "";
      for (const parts of splitCandidates(term, (part) => terms.has(part)).slice(0, 24)) {
        const key = `${parts.length}${parts.every(isSyllable)}`;
        if (best && key !== group) break;
        group = key;
        const count = phraseCount(quote(parts.join(" ")));
        if (count > bestCount) (best = parts), (bestCount = count);
      }
    }
    if (splits.size > 10_000) splits.clear();
    splits.set(term, best);
    return best;
  }

  function termNode(term: string): QueryNode {
    const terms = vocabulary();
    const variants = [term];
    if (term.length >= MIN_TYPO_LENGTH && !terms.has(term)) variants.push(...oneEditAway(term, terms));
    const split = splitOf(term);
    if (split) variants.push(...withSynonyms(split));
    const alternatives = [...new Set(variants)];
    return { kind: "term", alternatives, match: anyOf(alternatives.map(quote)) };
  }

  function nodes(q: string): QueryNode[] {
    const parsed = parseQuery(searchTerms(q)).map((node): QueryNode => {
      if (node.kind === "term") return termNode(node.term);
      const alternatives = withoutImplied(node.phrases.map((phrase) => phrase.join(" ")));
      return { kind: "synonyms", alternatives, match: anyOf(alternatives.map(quote)) };
    });
    // Two terms typed apart that the index holds as one word: either both terms, or the word.
    const out: QueryNode[] = [];
    for (let i = 0; i < parsed.length; i++) {
      const [a, b] = [parsed[i]!, parsed[i + 1]];
      const joined = b !== undefined && a.kind === "term" && b.kind === "term" ? `${a.alternatives[0]}${b.alternatives[0]}` : null;
      const words = joined ? withSynonyms([joined]) : [];
      // Joined only when the index holds the word or it is a synonym ("ca fe" → "cafe" → "ca phe").
      if (!joined || (!vocabulary().has(joined) && words.length === 1)) {
        out.push(a);
        continue;
      }
      out.push({ kind: "joined", alternatives: [`${a.alternatives[0]} ${b!.alternatives[0]}`, ...words], match: `((${a.match} AND ${b!.match}) OR ${anyOf(words.map(quote))})` });
      i++;
    }
    return out;
  }

  return {
    nodes,
    /** The FTS5 expression for a query: AND of its nodes; with `prefixLast`, a last plain term is a prefix (suggestions while typing). */
    matchExpression(list: QueryNode[], prefixLast = false): string | null {
      if (list.length === 0) return null;
      return list
        .map((node, index) => {
          if (!prefixLast || index !== list.length - 1) return node.match;
          // A synonym phrase typed last ("ca phe") is still being typed too: "ca phe" also suggests "cá phèn", as on Meilisearch.
          if (node.kind === "synonyms") return anyOf(node.alternatives.map((text) => `${quote(text)}*`));
          // A split of the last word ("caphe" → "ca phe") is matched whole beside its prefix.
          const whole = node.alternatives.filter((text) => text.includes(" "));
          return anyOf([`${quote(node.alternatives[0]!)}*`, ...whole.map(quote)]);
        })
        .join(" AND ");
    },
    /** The query's folded terms with each run-together term replaced by its split (for phrase and proximity in the name). */
    relevanceTerms: (q: string) => searchTerms(q).flatMap((term) => splits.get(term) ?? [term]),
    clear: () => splits.clear(),
  };
}

import { AppError } from "../platform/errors.ts";
import { foldVietnamese, searchTerms, SYNONYM_GROUPS, type ProductSearchHit, type ProductSearchResult, type SearchIndex } from "../platform/search/index.ts";
import type { CategoryService } from "../products/index.ts";
import { normalize, type SearchParams } from "./search.schemas.ts";

/** The index cannot answer: search is briefly unavailable (503); writes are not affected. */
export class SearchUnavailableError extends AppError {
  constructor(cause?: unknown) {
    super(503, "search_unavailable", "catalog.unavailable.message");
    this.cause = cause;
  }
}

type Lang = "vi" | "en";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const foldChar = (c: string) => foldVietnamese(c).slice(0, 1) || " ";

/**
 * The text folded with positions kept: position i of `folded` is position i of the text. Vietnamese
 * in NFC folds one code unit to one (the usual case, checked by length), so the whole string is
 * folded at once; otherwise one character at a time.
 */
function foldAligned(text: string): { folded: string; length: number; slice: (from: number, to: number) => string } {
  const nfc = text.normalize("NFC");
  const whole = foldVietnamese(nfc);
  if (whole.length === nfc.length) return { folded: whole, length: nfc.length, slice: (from, to) => nfc.slice(from, to) };
  const chars = [...nfc];
  return { folded: chars.map(foldChar).join(""), length: chars.length, slice: (from, to) => chars.slice(from, to).join("") };
}

/** The words to mark in a snippet: the query's terms plus their synonyms' words. */
export function markTerms(q: string): Set<string> {
  const terms = new Set(searchTerms(q));
  for (const group of SYNONYM_GROUPS) {
    const folded = group.map((phrase) => searchTerms(phrase));
    if (folded.some((words) => words.every((word) => terms.has(word)))) folded.flat().forEach((word) => terms.add(word));
  }
  return terms;
}

/** A window of `text` around the first query term, HTML-escaped, the terms (markTerms of the query) wrapped in <mark>. */
export function highlight(text: string, terms: Set<string>, width = 160): string {
  const { folded, length, slice } = foldAligned(text);
  const words = [...folded.matchAll(/[\p{L}\p{N}]+/gu)];
  const hits = words.filter((word) => terms.has(word[0]));
  let start = 0;
  if (hits.length > 0 && hits[0]!.index > width / 2) start = hits[0]!.index - Math.floor(width / 3);
  const end = Math.min(length, start + width);
  let html = start > 0 ? "… " : "";
  let cursor = start;
  for (const word of hits) {
    const from = word.index;
    const to = from + word[0].length;
    if (from < start || to > end) continue;
    html += escapeHtml(slice(cursor, from)) + "<mark>" + escapeHtml(slice(from, to)) + "</mark>";
    cursor = to;
  }
  html += escapeHtml(slice(cursor, end)) + (end < length ? " …" : "");
  return html;
}

/** Buyer-facing search: the API answer and the results page share it. */
export function createCatalogSearch({ index, categories }: { index: SearchIndex; categories: Pick<CategoryService, "list"> }) {
  const listCategories = () => categories.list();

  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new SearchUnavailableError(error);
    }
  }

  function toHit({ document: doc, distanceKm }: ProductSearchHit, terms: Set<string>, lang: Lang) {
    const description = (lang === "en" && doc.description.en) || doc.description.vi;
    return {
      id: doc.id,
      name: (lang === "en" && doc.name.en) || doc.name.vi,
      slug: doc.slug,
      url: `/san-pham/${doc.slug}`,
      enterprise: { id: doc.enterpriseId, name: doc.enterpriseName, slug: doc.enterpriseSlug, verified: true },
      category: { slug: doc.category, name: (lang === "en" && doc.categoryName.en) || doc.categoryName.vi },
      commune: doc.commune,
      price: { min: doc.priceMin, max: doc.priceMax, base: doc.price, currency: "VND" },
      unit: doc.unit,
      moq: doc.minOrderQty,
      ocopStars: doc.ocopStars || null,
      certifications: doc.certifications,
      madeInVietnam: doc.madeInVietnam,
      inStock: doc.inStock,
      imageUrl: doc.imageUrl,
      snippet: highlight(description || ((lang === "en" && doc.name.en) || doc.name.vi), terms),
      distanceKm: distanceKm === null ? null : Math.round(distanceKm * 10) / 10,
    };
  }

  /**
   * Hits (with their highlighted snippets) per engine answer: an engine that caches answers hands back
   * the same object for a repeated query until its next write, so the snippets are built once too.
   */
  const hitCache = new WeakMap<ProductSearchResult, Map<string, ReturnType<typeof toHit>[]>>();
  function hitsOf(result: ProductSearchResult, q: string, lang: Lang) {
    let byQuery = hitCache.get(result);
    if (!byQuery) hitCache.set(result, (byQuery = new Map()));
    let hits = byQuery.get(`${lang}\u0000${q}`);
    if (!hits) {
      const terms = markTerms(q);
      byQuery.set(`${lang}\u0000${q}`, (hits = result.hits.map((hit) => toHit(hit, terms, lang))));
    }
    return hits;
  }

  return {
    listCategories,

    /** Runs a validated query; the answer has the API's shape. */
    async search(params: SearchParams, lang: Lang) {
      const started = process.hrtime.bigint();
      const query = normalize(params);
      const result = await guarded(() => index.searchProducts({ ...query, facets: true }));
      return {
        hits: hitsOf(result, query.q, lang),
        total: result.total,
        page: query.page,
        perPage: query.perPage,
        facets: result.facets,
        tookMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        query,
      };
    },

    /** Suggestions as the buyer types: products, enterprises and categories. */
    async suggest(q: string, lang: Lang, limit = 5) {
      const folded = foldVietnamese(q).trim();
      if (folded.length < 2) return { products: [], enterprises: [], categories: [] };
      const [found, list] = await Promise.all([guarded(() => index.suggest(q, limit)), listCategories()]);
      const matching = list
        .filter((category) => foldVietnamese(`${category.name.vi} ${category.name.en}`).includes(folded))
        .slice(0, limit);
      return {
        products: found.products.map((p) => ({ name: (lang === "en" && p.name.en) || p.name.vi, url: `/san-pham/${p.slug}` })),
        enterprises: found.enterprises.map((e) => ({ name: e.name, url: `/doanh-nghiep/${e.slug}` })),
        categories: matching.map((c) => ({ name: c.name[lang] || c.name.vi, url: `/tim-kiem?category=${encodeURIComponent(c.slug)}` })),
      };
    },
  };
}

export type CatalogSearch = ReturnType<typeof createCatalogSearch>;

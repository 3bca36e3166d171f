import type { ColumnStore } from "./embedded-columns.ts";
import { emptyFacets, type FacetName, type ProductSearchFilters, type SearchSort } from "./search-index.ts";

export function distanceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 12_742 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Parses FTS5's `group_concat(rowid)` ("12,7,40") into row ids: one row crosses into JS instead of thousands. */
export function parseRowids(text: string | null | undefined): Int32Array {
  if (!text) return new Int32Array(0);
  const out = new Int32Array((text.length >> 1) + 1);
  let n = 0;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) {
      out[n++] = value;
      value = 0;
    } else value = value * 10 + (c - 48);
  }
  out[n++] = value;
  return out.subarray(0, n);
}

/**
 * The rows among `candidates` (or every row) that pass the filters and whose enterprise is visible.
 * `distances` receives each kept row's distance when a radius is asked.
 */
export function filterRows(
  cols: ColumnStore,
  candidates: Int32Array | null,
  filters: ProductSearchFilters,
  distances: Map<number, number> | null,
): Int32Array {
  const source = candidates ?? cols.rows.subarray(0, cols.count);
  const out = new Int32Array(source.length);
  const missing = -2;
  const category = filters.category === undefined ? undefined : cols.categories.find(filters.category) ?? missing;
  const commune = filters.commune === undefined ? undefined : cols.communes.find(filters.commune) ?? missing;
  const cert = filters.certification === undefined ? undefined : cols.certifications.find(filters.certification) ?? missing;
  const enterprise = filters.enterprise === undefined ? undefined : cols.findEnterprise(filters.enterprise) ?? missing;
  if (category === missing || commune === missing || cert === missing || enterprise === missing) return out.subarray(0, 0);
  const { ocop, priceMin, priceMax, moqMax, near } = filters;
  const made = filters.madeInVietnam === undefined ? -1 : filters.madeInVietnam ? 1 : 0;
  const stock = filters.inStock === undefined ? -1 : filters.inStock ? 1 : 0;
  const dLat = near ? near.radiusKm / 111.2 : 0;
  const dLng = near ? near.radiusKm / (111.2 * Math.max(0.01, Math.cos((near.lat * Math.PI) / 180))) : 0;
  const visible = cols.enterpriseVisible;
  let n = 0;
  for (let i = 0; i < source.length; i++) {
    const r = source[i]!;
    if (!cols.alive[r] || !visible[cols.enterprise[r]!]) continue;
    if (category !== undefined && cols.category[r] !== category && cols.parent[r] !== category) continue;
    if (commune !== undefined && cols.commune[r] !== commune) continue;
    if (ocop && cols.ocop[r]! < ocop) continue;
    if (cert !== undefined && !cols.certs[r]?.includes(cert)) continue;
    if (made >= 0 && cols.madeInVn[r] !== made) continue;
    if (priceMin !== undefined && cols.price[r]! < priceMin) continue;
    if (priceMax !== undefined && cols.price[r]! > priceMax) continue;
    if (moqMax !== undefined && cols.moq[r]! > moqMax) continue;
    if (stock >= 0 && cols.inStock[r] !== stock) continue;
    if (enterprise !== undefined && cols.enterprise[r] !== enterprise) continue;
    if (near) {
      const lat = cols.lat[r]!;
      const lng = cols.lng[r]!;
      if (!(Math.abs(lat - near.lat) <= dLat && Math.abs(lng - near.lng) <= dLng)) continue;
      const km = distanceKm(lat, lng, near.lat, near.lng);
      if (km > near.radiusKm) continue;
      distances?.set(r, km);
    }
    out[n++] = r;
  }
  return out.subarray(0, n);
}

/** Facet counts over the rows: one pass over typed arrays, counted per dictionary code. */
export function countFacets(cols: ColumnStore, rows: Int32Array): Record<FacetName, Record<string, number>> {
  const category = new Uint32Array(cols.categories.values.length);
  const commune = new Uint32Array(cols.communes.values.length);
  const cert = new Uint32Array(cols.certifications.values.length);
  const ocop = new Uint32Array(256);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    category[cols.category[r]!]!++;
    commune[cols.commune[r]!]!++;
    ocop[cols.ocop[r]!]!++;
    const certs = cols.certs[r];
    if (certs) for (const code of certs) cert[code]!++;
  }
  const facets = emptyFacets();
  const fill = (target: Record<string, number>, counts: Uint32Array, names: (code: number) => string) => {
    for (let code = 0; code < counts.length; code++) if (counts[code]) target[names(code)] = counts[code]!;
  };
  fill(facets.category, category, (code) => cols.categories.values[code]!);
  fill(facets.commune, commune, (code) => cols.communes.values[code]!);
  fill(facets.certification, cert, (code) => cols.certifications.values[code]!);
  for (let stars = 1; stars < 256; stars++) if (ocop[stars]) facets.ocop[String(stars)] = ocop[stars]!;
  return facets;
}

/** What relevance needs to know about the query (see `orderRows`). */
export type Relevance = {
  /** Per query node, its alternatives space-padded (" ca phe "): the name holds the query when it holds one of each. */
  nodes: string[][];
  /** The folded query terms, space-padded: " ca phe ". */
  phrase: string;
  /** The folded query terms, for proximity in the name. */
  terms: string[];
  /** The query as typed, lower case, when it differs from its folded form (exact accents rank first). */
  exact: string | null;
};

/** Exact accents in the name (8), the query as a phrase starting the name (4) or in it (2), every node in the name (1). */
function bucketOf(cols: ColumnStore, r: number, relevance: Relevance): number {
  const name = cols.nameFolded[r]!;
  for (const alternatives of relevance.nodes) {
    let found = false;
    for (const text of alternatives) if ((found = name.includes(text))) break;
    if (!found) return 0;
  }
  const at = name.indexOf(relevance.phrase);
  return (relevance.exact !== null && cols.nameLower[r]!.includes(relevance.exact) ? 8 : 0) + (at === 0 ? 4 : at > 0 ? 2 : 0) + 1;
}

/**
 * How far apart consecutive query terms sit in the folded name, in characters between them (0 when
 * adjacent in order; a term missing or out of order counts 32). Characters rather than words: no
 * split per row, and the order is the same for names of ordinary words.
 */
function proximity(name: string, terms: string[]): number {
  if (terms.length < 2) return 0;
  let total = 0;
  let previous = name.indexOf(` ${terms[0]} `);
  let previousEnd = previous + terms[0]!.length + 1;
  for (let k = 1; k < terms.length; k++) {
    const at = previous < 0 ? -1 : name.indexOf(` ${terms[k]} `, previousEnd);
    total += at < 0 ? 32 : Math.min(32, at - previousEnd);
    previous = at < 0 ? name.indexOf(` ${terms[k]} `) : at;
    previousEnd = previous + terms[k]!.length + 1;
  }
  return Math.min(255, total);
}

/**
 * Orders `rows` and returns the window [offset, offset + limit). Relevance is a bucket sort in the
 * manner of Meilisearch's ranking rules rather than BM25 over every match (BM25 cost ~2 µs per
 * matched row, 60+ ms on broad queries): exact accents in the name, then the query as a phrase at
 * the start of the name, then anywhere in the name, then every term in the name, then the terms
 * closest together in the name, then shorter names (the name is mostly the query), then newest. Ties end on the product id so pages never overlap and two indexes of the same data agree.
 */
export function orderRows(
  cols: ColumnStore,
  all: Int32Array,
  sort: SearchSort,
  relevance: Relevance | null,
  distances: Map<number, number> | null,
  offset: number,
  limit: number,
): number[] {
  const need = Math.min(all.length, offset + limit);
  if (need <= offset) return [];
  let rows = all;
  let buckets: Uint8Array | null = null;
  if (sort === "relevance" && relevance) {
    // Cheap buckets first; only rows in the buckets that can reach the page get the finer keys.
    const all_ = new Uint8Array(all.length);
    const sizes = new Uint32Array(16);
    for (let i = 0; i < all.length; i++) sizes[(all_[i] = bucketOf(cols, all[i]!, relevance))]!++;
    let floor = 15;
    for (let seen = sizes[15]!; seen < need && floor > 0; ) seen += sizes[--floor]!;
    let n = 0;
    const kept = new Int32Array(all.length);
    buckets = new Uint8Array(all.length);
    for (let i = 0; i < all.length; i++) if (all_[i]! >= floor) (buckets[n] = all_[i]!), (kept[n++] = all[i]!);
    rows = kept.subarray(0, n);
  }
  const primary = new Float64Array(rows.length);
  const secondary = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    // Larger keys first; publishedAt (newest first) is the last word everywhere.
    secondary[i] = cols.publishedAt[r]!;
    if (sort === "price_asc") primary[i] = -cols.price[r]!;
    else if (sort === "price_desc") primary[i] = cols.price[r]!;
    else if (sort === "distance") primary[i] = -(distances?.get(r) ?? Infinity);
    else if (buckets && buckets[i]! > 0) primary[i] = buckets[i]! * 65_536 - proximity(cols.nameFolded[r]!, relevance!.terms) * 256 - cols.nameTerms[r]!;
  }
  const ids = cols.ids;
  const order = (a: number, b: number) =>
    primary[b]! - primary[a]! || secondary[b]! - secondary[a]! || (ids[rows[a]!]! < ids[rows[b]!]! ? -1 : ids[rows[a]!]! > ids[rows[b]!]! ? 1 : 0);
  let picked: number[];
  if (need > 200 || need * 8 >= rows.length) {
    picked = Array.from({ length: rows.length }, (_, i) => i).sort(order).slice(0, need);
  } else {
    // Top-k: a sorted window of the best `need`, replaced from the worst end.
    picked = [];
    for (let i = 0; i < rows.length; i++) {
      if (picked.length === need && order(i, picked[need - 1]!) >= 0) continue;
      let lo = 0;
      let hi = picked.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (order(picked[mid]!, i) <= 0) lo = mid + 1;
        else hi = mid;
      }
      picked.splice(lo, 0, i);
      if (picked.length > need) picked.pop();
    }
  }
  return picked.slice(offset).map((i) => rows[i]!);
}

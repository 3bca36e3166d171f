import type Database from "better-sqlite3";

/** One product's filterable, sortable and facet fields, as the `products` table holds them. */
export type ColumnRow = {
  rid: number;
  id: string;
  enterpriseId: string;
  category: string;
  categoryParent: string | null;
  commune: string;
  ocop: number;
  certs: string;
  madeInVn: number;
  price: number;
  moq: number;
  inStock: number;
  publishedAt: number;
  lat: number | null;
  lng: number | null;
  nameLower: string;
  nameFolded: string;
};

/** Strings stored once, referred to by a small integer code. */
class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();
  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) this.codes.set(value, (code = this.values.push(value) - 1));
    return code;
  }
  find(value: string): number | undefined {
    return this.codes.get(value);
  }
}

/**
 * The products' filter, facet and sort fields held in memory, one typed-array slot per SQLite rowid.
 * FTS5 finds the matching rowids; everything after (filters, facet counts, ordering) is a loop over
 * these arrays instead of joins and GROUP BY over tens of thousands of rows (the cost measured by
 * `npm run bench:search`). Loaded from the `products` table and kept in step by the engine's writes.
 */
export class ColumnStore {
  capacity = 0;
  alive = new Uint8Array(0);
  enterprise = new Int32Array(0);
  category = new Int32Array(0);
  parent = new Int32Array(0);
  commune = new Int32Array(0);
  ocop = new Uint8Array(0);
  madeInVn = new Uint8Array(0);
  inStock = new Uint8Array(0);
  nameTerms = new Uint8Array(0);
  price = new Float64Array(0);
  moq = new Float64Array(0);
  publishedAt = new Float64Array(0);
  lat = new Float64Array(0);
  lng = new Float64Array(0);
  certs: (number[] | null)[] = [];
  nameLower: string[] = [];
  nameFolded: string[] = [];
  /** Product ids: the last tie-break, so that two indexes of the same data order alike. */
  ids: string[] = [];
  /** Row ids in use (unordered; removal swaps the last one in). */
  rows = new Int32Array(0);
  count = 0;
  private position = new Int32Array(0);

  readonly categories = new Dictionary();
  readonly communes = new Dictionary();
  readonly certifications = new Dictionary();
  readonly enterprises = new Dictionary();
  enterpriseVisible = new Uint8Array(64);
  private readonly enterpriseSlugs = new Map<string, number>();
  private readonly slugOf: string[] = [];

  private grow(rid: number) {
    if (rid < this.capacity) return;
    const capacity = Math.max(1024, rid + 1, this.capacity * 2);
    const resize = <T extends Uint8Array | Int32Array | Float64Array>(array: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(array);
      return next;
    };
    this.alive = resize(this.alive, (n) => new Uint8Array(n));
    this.enterprise = resize(this.enterprise, (n) => new Int32Array(n));
    this.category = resize(this.category, (n) => new Int32Array(n));
    this.parent = resize(this.parent, (n) => new Int32Array(n));
    this.commune = resize(this.commune, (n) => new Int32Array(n));
    this.ocop = resize(this.ocop, (n) => new Uint8Array(n));
    this.madeInVn = resize(this.madeInVn, (n) => new Uint8Array(n));
    this.inStock = resize(this.inStock, (n) => new Uint8Array(n));
    this.nameTerms = resize(this.nameTerms, (n) => new Uint8Array(n));
    this.price = resize(this.price, (n) => new Float64Array(n));
    this.moq = resize(this.moq, (n) => new Float64Array(n));
    this.publishedAt = resize(this.publishedAt, (n) => new Float64Array(n));
    this.lat = resize(this.lat, (n) => new Float64Array(n));
    this.lng = resize(this.lng, (n) => new Float64Array(n));
    this.position = resize(this.position, (n) => new Int32Array(n));
    this.rows = resize(this.rows, (n) => new Int32Array(n));
    this.capacity = capacity;
  }

  private enterpriseCode(id: string): number {
    const code = this.enterprises.code(id);
    if (code >= this.enterpriseVisible.length) {
      const next = new Uint8Array(Math.max(code + 1, this.enterpriseVisible.length * 2));
      next.set(this.enterpriseVisible);
      this.enterpriseVisible = next;
    }
    return code;
  }

  /** An enterprise's visibility and slug (products of an enterprise never recorded stay hidden). */
  setEnterprise(id: string, slug: string, visible: boolean) {
    const code = this.enterpriseCode(id);
    this.enterpriseVisible[code] = visible ? 1 : 0;
    const before = this.slugOf[code];
    if (before !== undefined && before !== slug && this.enterpriseSlugs.get(before) === code) this.enterpriseSlugs.delete(before);
    this.slugOf[code] = slug;
    this.enterpriseSlugs.set(slug, code);
  }

  /** The enterprise code for an id or a slug, as the `enterprise` filter accepts either. */
  findEnterprise(idOrSlug: string): number | undefined {
    return this.enterprises.find(idOrSlug) ?? this.enterpriseSlugs.get(idOrSlug);
  }

  set(row: ColumnRow) {
    const r = row.rid;
    this.grow(r);
    if (!this.alive[r]) {
      this.alive[r] = 1;
      this.position[r] = this.count;
      this.rows[this.count++] = r;
    }
    this.enterprise[r] = this.enterpriseCode(row.enterpriseId);
    this.category[r] = this.categories.code(row.category);
    this.parent[r] = row.categoryParent ? this.categories.code(row.categoryParent) : -1;
    this.commune[r] = this.communes.code(row.commune);
    this.ocop[r] = row.ocop;
    this.madeInVn[r] = row.madeInVn;
    this.inStock[r] = row.inStock;
    this.price[r] = row.price;
    this.moq[r] = row.moq;
    this.publishedAt[r] = row.publishedAt;
    this.lat[r] = row.lat ?? NaN;
    this.lng[r] = row.lng ?? NaN;
    this.certs[r] = row.certs ? row.certs.split(",").map((cert) => this.certifications.code(cert)) : null;
    this.ids[r] = row.id;
    this.nameLower[r] = row.nameLower;
    this.nameFolded[r] = row.nameFolded;
    this.nameTerms[r] = Math.min(255, row.nameFolded.trim().split(" ").length);
  }

  remove(rid: number) {
    if (rid >= this.capacity || !this.alive[rid]) return;
    this.alive[rid] = 0;
    const at = this.position[rid]!;
    const last = this.rows[--this.count]!;
    this.rows[at] = last;
    this.position[last] = at;
    this.certs[rid] = null;
    this.nameLower[rid] = "";
    this.nameFolded[rid] = "";
  }

  /** Reads every product and enterprise from the engine's tables. */
  static load(db: Database.Database): ColumnStore {
    const store = new ColumnStore();
    for (const [id, slug, visible] of db.prepare("SELECT id, slug, visible FROM enterprises").raw().iterate() as Iterable<[string, string, number]>) {
      store.setEnterprise(id, slug, visible === 1);
    }
    const select = `SELECT rid, id, enterprise_id AS enterpriseId, category, category_parent AS categoryParent, commune, ocop, certs, made_in_vn AS madeInVn,
      price, moq, in_stock AS inStock, published_at AS publishedAt, lat, lng, name_lower AS nameLower, name_folded AS nameFolded FROM products`;
    for (const row of db.prepare(select).iterate() as Iterable<ColumnRow>) store.set(row);
    return store;
  }
}

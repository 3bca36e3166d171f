import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import request from "supertest";
import { seedDemoCatalogue } from "../../src/seed/seed.ts";
import { PROJECT_ROOT } from "../../src/platform/paths.ts";
import { meilisearchEnv, skipWithoutMeilisearch, startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

type Fixture = { q: string; kind: string; top?: string; includes?: string[]; total?: number; none?: boolean };
const fixture = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "test/fixtures/search/queries.json"), "utf8")) as { queries: Fixture[] };

type Hit = {
  id: string; name: string; slug: string; url: string; enterprise: { id: string; name: string; slug: string; verified: boolean };
  price: { min: number; max: number; base: number }; unit: string; moq: number; ocopStars: number | null; certifications: string[];
  madeInVietnam: boolean; inStock: boolean; imageUrl: string | null; snippet: string; commune: string; category: { slug: string }; distanceKm: number | null;
};

/** The same API tests on each engine: `env` puts the app on it (null: this run has none, skip). */
function catalogueSearch(engine: string, env: () => Record<string, string> | null) {
describe(`catalogue search on ${engine}: the API and the results page over the demo catalogue`, function () {
  let t: TestApp;
  const api = (query: Record<string, string | number>) => request(t.app).get("/api/v1/search/products").query(query);

  before(async function () {
    const overrides = env();
    if (!overrides) return skipWithoutMeilisearch(this);
    t = await startTestApp(overrides);
    assert.equal(t.services.search.engine, engine === "Meilisearch" ? "meilisearch" : "embedded");
    await seedDemoCatalogue(t.areas);
    await t.services.searchSync.catchUp();
  });
  after(async () => stopTestApp(t));

  describe("Vietnamese queries (test/fixtures/search/queries.json)", () => {
    it("when the fixture is read, then it holds at least 40 queries of every kind", () => {
      assert.ok(fixture.queries.length >= 40);
      for (const kind of ["no diacritics", "capitals", "one typo", "multi-word", "synonym"]) {
        assert.ok(fixture.queries.some((query) => query.kind.startsWith(kind)), kind);
      }
    });

    for (const query of fixture.queries) {
      it(`when a buyer searches "${query.q}" (${query.kind}), then the expected listings come`, async () => {
        const res = await api({ q: query.q, perPage: 100 });
        assert.equal(res.status, 200);
        const slugs = (res.body.hits as Hit[]).map((hit) => hit.slug);
        if (query.none) assert.equal(res.body.total, 0, slugs.join(", "));
        if (query.top) assert.equal(slugs[0], query.top, slugs.join(", "));
        for (const slug of query.includes ?? []) assert.ok(slugs.includes(slug), `${slug} in ${slugs.join(", ")}`);
        if (query.total !== undefined) assert.equal(res.body.total, query.total, slugs.join(", "));
      });
    }
  });

  it("when a query is answered, then the JSON has the documented shape and each hit its fields, with a highlighted snippet", async () => {
    const res = await api({ q: "ho tieu", perPage: 5 });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ["facets", "hits", "page", "perPage", "tookMs", "total"]);
    assert.deepEqual(Object.keys(res.body.facets).sort(), ["category", "certification", "commune", "ocop"]);
    assert.equal(res.body.page, 1);
    assert.equal(res.body.perPage, 5);
    assert.equal(typeof res.body.tookMs, "number");
    const hit = (res.body.hits as Hit[]).find((h) => h.slug === "ho-tieu-den-chu-se-550-g-l-hcs")!;
    assert.ok(hit, "the OCOP pepper is found");
    assert.equal(hit.name, "Hồ tiêu đen Chư Sê 550 g/l");
    assert.equal(hit.url, "/san-pham/ho-tieu-den-chu-se-550-g-l-hcs");
    assert.deepEqual(hit.enterprise.slug, "htx-ho-tieu-huu-co-chu-se");
    assert.equal(hit.enterprise.verified, true);
    assert.equal(hit.price.base, 165000);
    assert.ok(hit.price.min <= hit.price.max);
    assert.equal(hit.unit, "kg");
    assert.equal(hit.moq, 50);
    assert.equal(hit.ocopStars, 5);
    assert.ok("imageUrl" in hit);
    assert.match(hit.snippet, /<mark>[^<]*(tiêu|Tiêu)[^<]*<\/mark>/);
    const stored = await t.models.products.findOne({ slug: hit.slug }).lean();
    assert.equal(hit.id, stored!._id.toString());
  });

  it("when the answer is asked in English, then names come in English where they exist", async () => {
    const res = await api({ q: "ho tieu", lang: "en", perPage: 1 });
    assert.equal(res.status, 200);
    const stored = await t.models.products.findOne({ slug: res.body.hits[0].slug }).lean();
    assert.equal(res.body.hits[0].name, stored!.name.en || stored!.name.vi);
  });

  // The last field: whether the unfiltered list can tell (distance is only known with `near`; every demo product is made in Vietnam).
  const filters: [string, Record<string, string>, (hit: Hit) => boolean, boolean?][] = [
    ["category (a parent)", { category: "nong-san" }, (hit) => ["ca-phe", "ho-tieu", "hat-dieu", "cao-su", "trai-cay", "rau-cu", "lua-gao", "mat-ong", "che", "gia-vi"].includes(hit.category.slug)],
    ["category", { category: "ho-tieu" }, (hit) => hit.category.slug === "ho-tieu"],
    ["commune", { commune: "xã Chư Sê" }, (hit) => hit.commune === "xã Chư Sê"],
    ["ocop", { ocop: "4" }, (hit) => (hit.ocopStars ?? 0) >= 4],
    ["certification", { certification: "organic" }, (hit) => hit.certifications.includes("organic")],
    ["madeInVietnam", { madeInVietnam: "true" }, (hit) => hit.madeInVietnam, false],
    ["priceMin/priceMax", { priceMin: "100000", priceMax: "200000" }, (hit) => hit.price.base >= 100000 && hit.price.base <= 200000],
    ["moqMax", { moqMax: "10" }, (hit) => hit.moq <= 10],
    ["inStock", { inStock: "false" }, (hit) => !hit.inStock],
    ["enterprise", { enterprise: "thuc-pham-bien-quy-nhon" }, (hit) => hit.enterprise.slug === "thuc-pham-bien-quy-nhon"],
    ["near + radiusKm", { near: "13.7765,109.2237", radiusKm: "30" }, (hit) => hit.distanceKm !== null && hit.distanceKm <= 30, false],
  ];
  for (const [name, query, holds, comparable = true] of filters) {
    it(`when filtered by ${name}, then every hit matches, some are found${comparable ? ", and no other listing matches" : ""}`, async () => {
      const [filtered, all] = await Promise.all([api({ ...query, perPage: 100 }), api({ perPage: 100 })]);
      assert.equal(filtered.status, 200, JSON.stringify(filtered.body));
      assert.ok(filtered.body.total > 0, "something matches");
      for (const hit of filtered.body.hits as Hit[]) assert.ok(holds(hit), `${hit.slug} matches ${name}`);
      if (!comparable) return;
      assert.ok(filtered.body.total < all.body.total, "something is left out");
      assert.equal((all.body.hits as Hit[]).filter(holds).length, filtered.body.total, "no matching listing is missed");
    });
  }

  it("when filtered by madeInVietnam=false, then the demo catalogue (all made in Vietnam) has nothing", async () => {
    const res = await api({ madeInVietnam: "false" });
    assert.equal(res.status, 200);
    assert.equal(res.body.total, 0);
  });

  it("when filters are combined, then hits match all of them", async () => {
    const res = await api({ q: "tieu", certification: "vietgap", ocop: "4" });
    assert.deepEqual((res.body.hits as Hit[]).map((hit) => hit.slug).sort(), ["ho-tieu-den-chu-se-550-g-l-hcs", "tieu-do-chin-cay-hcs"]);
  });

  it("when facets are counted, then each option's count is what filtering by it returns", async () => {
    const res = await api({ q: "ca phe" });
    const { facets, total } = res.body as { facets: Record<string, Record<string, number>>; total: number };
    assert.equal(Object.values(facets.category!).reduce((a, b) => a + b, 0), total);
    assert.equal(Object.values(facets.commune!).reduce((a, b) => a + b, 0), total);
    for (const [facet, param] of [["category", "category"], ["commune", "commune"], ["certification", "certification"]] as const) {
      const [value, count] = Object.entries(facets[facet]!)[0]!;
      const narrowed = await api({ q: "ca phe", [param]: value });
      assert.equal(narrowed.body.total, count, `${facet}=${value}`);
    }
    const ocop = await api({ q: "ca phe", ocop: "4" });
    assert.equal(ocop.body.total, (facets.ocop!["4"] ?? 0) + (facets.ocop!["5"] ?? 0));
  });

  it("when sorted by price, newest or distance, then the order holds", async () => {
    const asc = (await api({ sort: "price_asc", perPage: 100 })).body.hits as Hit[];
    const desc = (await api({ sort: "price_desc", perPage: 100 })).body.hits as Hit[];
    asc.slice(1).forEach((hit, i) => assert.ok(asc[i]!.price.base <= hit.price.base));
    desc.slice(1).forEach((hit, i) => assert.ok(desc[i]!.price.base >= hit.price.base));
    const near = (await api({ sort: "distance", near: "13.9833,108.0", radiusKm: "500", perPage: 100 })).body.hits as Hit[];
    assert.ok(near.length > 10);
    near.slice(1).forEach((hit, i) => assert.ok(near[i]!.distanceKm! <= hit.distanceKm!));
    const newest = (await api({ sort: "newest", perPage: 100 })).body.hits as Hit[];
    const dates = await Promise.all(newest.slice(0, 5).map((hit) => t.models.products.findOne({ slug: hit.slug }).lean()));
    dates.slice(1).forEach((doc, i) => assert.ok(dates[i]!.publishedAt!.getTime() >= doc!.publishedAt!.getTime()));
  });

  it("when paging, then pages do not overlap, perPage 100 is allowed and a page past the end is empty", async () => {
    const all = await api({ sort: "price_asc", perPage: 100 });
    const first = await api({ sort: "price_asc", perPage: 10, page: 1 });
    const second = await api({ sort: "price_asc", perPage: 10, page: 2 });
    assert.deepEqual([...first.body.hits, ...second.body.hits].map((hit: Hit) => hit.slug), (all.body.hits as Hit[]).slice(0, 20).map((hit) => hit.slug));
    const past = await api({ perPage: 10, page: 50 });
    assert.equal(past.status, 200);
    assert.equal(past.body.hits.length, 0);
    assert.equal(past.body.total, all.body.total);
  });

  const bad: [Record<string, string>, string][] = [
    [{ foo: "1" }, "foo"],
    [{ perPage: "101" }, "perPage"],
    [{ perPage: "0" }, "perPage"],
    [{ page: "0" }, "page"],
    [{ page: "abc" }, "page"],
    [{ page: "200", perPage: "100" }, "page"],
    [{ ocop: "9" }, "ocop"],
    [{ sort: "cheapest" }, "sort"],
    [{ sort: "distance" }, "sort"],
    [{ near: "north" }, "near"],
    [{ near: "95,10" }, "near"],
    [{ radiusKm: "10" }, "radiusKm"],
    [{ certification: "iso9001" }, "certification"],
    [{ priceMin: "-5" }, "priceMin"],
    [{ priceMin: "500", priceMax: "100" }, "priceMax"],
    [{ inStock: "maybe" }, "inStock"],
  ];
  for (const [query, parameter] of bad) {
    it(`when the API gets ${new URLSearchParams(query)}, then it answers 400 naming "${parameter}"`, async () => {
      const res = await api(query);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, "bad_parameter");
      assert.ok(Object.keys(res.body.error.fields).includes(parameter), JSON.stringify(res.body.error));
      assert.equal(typeof res.body.error.fields[parameter], "string");
      assert.doesNotMatch(res.body.error.fields[parameter], /^catalog\./, "the message is translated");
    });
  }

  it("when the results page is opened without JavaScript, then hits, facet links with counts and combinable filter URLs are there", async () => {
    const res = await request(t.app).get("/tim-kiem").query({ q: "ca phe" });
    assert.equal(res.status, 200);
    res.text = res.text.replace(/&#x3D;/g, "=");
    assert.match(res.text, /Kết quả tìm kiếm cho “ca phe”/);
    assert.match(res.text, /href="\/san-pham\/ca-phe-nhan-robusta-sang-18-pn"/);
    const facetLink = /<a href="(\/tim-kiem\?q=ca\+phe&amp;category=ca-phe-rang-xay)">Cà phê rang xay<\/a> <span class="muted">\((\d+)\)<\/span>/.exec(res.text);
    assert.ok(facetLink, "a category facet link with its count");
    const narrowed = await request(t.app).get(facetLink[1]!.replace(/&amp;/g, "&"));
    assert.equal(narrowed.status, 200);
    narrowed.text = narrowed.text.replace(/&#x3D;/g, "=");
    assert.match(narrowed.text, new RegExp(`${facetLink[2]} sản phẩm`));
    assert.match(narrowed.text, /href="\/tim-kiem\?q=ca\+phe&amp;category=ca-phe-rang-xay&amp;ocop=4"/, "another facet keeps the first");
    assert.match(narrowed.text, /aria-current="true">✓ Cà phê rang xay/);
  });

  it("when the results page is asked in English, then it speaks English", async () => {
    const res = await request(t.app).get("/tim-kiem").query({ q: "tieu", lang: "en" });
    assert.equal(res.status, 200);
    assert.match(res.text, /Search results for “tieu”/);
    assert.match(res.text, /Certification/);
  });

  it("when the results page gets a bad parameter, then it answers 400 with a page saying what is wrong", async () => {
    const res = await request(t.app).get("/tim-kiem").query({ perPage: "500" });
    assert.equal(res.status, 400);
    assert.match(res.text, /Tham số tìm kiếm không hợp lệ/);
  });

  it("when a buyer types the start of a word, then suggestions come for products, enterprises and categories", async () => {
    const res = await request(t.app).get("/api/v1/search/suggest").query({ q: "ca ph" });
    assert.equal(res.status, 200);
    assert.ok(res.body.products.some((p: { url: string }) => p.url.startsWith("/san-pham/ca-phe")));
    assert.ok(res.body.enterprises.some((e: { url: string }) => e.url === "/doanh-nghiep/ca-phe-cao-nguyen-pleiku"));
    assert.ok(res.body.categories.some((c: { url: string }) => c.url === "/tim-kiem?category=ca-phe"));
    const unknown = await request(t.app).get("/api/v1/search/suggest").query({ q: "ca", x: "1" });
    assert.equal(unknown.status, 400);
  });
});
}

catalogueSearch("the embedded engine", () => ({}));
catalogueSearch("Meilisearch", meilisearchEnv);

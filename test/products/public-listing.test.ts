import assert from "node:assert/strict";
import request from "supertest";
import { signIn } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { listingForm, makeEnterprise, makeMember, makeModerator, PASSWORD } from "./listing.fixtures.ts";

/** The product page, the storefront, the home page and search answer "is this listing public?" with one rule. */
describe("what the public sees of a listing", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
  });
  after(() => stopTestApp(t));

  async function everywhere(slug: string, name: string, enterpriseSlug: string) {
    await t.services.searchSync.runOnce();
    const [page, storefront, home, search] = await Promise.all([
      request(t.app).get(`/san-pham/${slug}`),
      request(t.app).get(`/doanh-nghiep/${enterpriseSlug}`),
      request(t.app).get("/"),
      request(t.app).get("/api/v1/search/products").query({ q: "tieu den chu se" }),
    ]);
    return {
      page: page.status === 200 && page.text.includes(name),
      storefront: storefront.text.includes(`/san-pham/${slug}`) && storefront.text.includes(name),
      home: home.text.includes(`/san-pham/${slug}`),
      search: search.body.hits.some((hit: { slug: string; name: string }) => hit.slug === slug && hit.name === name),
    };
  }

  it("when a published listing's edit awaits review, then the page, the storefront, the home page and search all still show its approved version", async function () {
    this.timeout(60_000);
    const enterprise = await makeEnterprise(t, "tieu");
    const owner = await makeMember(t, enterprise.id, "owner");
    const seller = await signIn(t.app, owner.email, PASSWORD);
    const base = `/doanh-nghiep/${enterprise.slug}/san-pham`;
    assert.equal((await seller.post(`${base}/moi`, { ...listingForm(), intent: "submit" })).status, 303);
    const doc = await t.models.products.findOne({ enterpriseId: enterprise.id, sku: "HT-DEN-01" }).lean();
    const moderator = await makeModerator(t);
    const mod = await signIn(t.app, moderator.email, PASSWORD);
    assert.equal((await mod.post(`/quan-tri/san-pham/${doc!._id}/duyet`, {}, "/quan-tri/san-pham")).status, 303);
    assert.deepEqual(await everywhere(doc!.slug, "Hồ tiêu đen Chư Sê", enterprise.slug), { page: true, storefront: true, home: true, search: true });

    // The owner renames it: the listing goes back to review, its approved version stays public.
    const edited = await seller.post(`${base}/HT-DEN-01/sua`, { ...listingForm({ name_vi: "Hồ tiêu đen Chư Sê loại đặc biệt" }), intent: "submit" }, `${base}/HT-DEN-01/sua`);
    assert.equal(edited.status, 303);
    assert.equal((await t.models.products.findById(doc!._id).lean())?.status, "pending");
    assert.deepEqual(await everywhere(doc!.slug, "Hồ tiêu đen Chư Sê", enterprise.slug), { page: true, storefront: true, home: true, search: true });
    const storefront = await request(t.app).get(`/doanh-nghiep/${enterprise.slug}`);
    assert.doesNotMatch(storefront.text, /loại đặc biệt/, "the storefront shows the approved name, not the edit under review");

    // Archived: gone from every one of them.
    assert.equal((await seller.post(`${base}/HT-DEN-01/luu-tru`, {}, base)).status, 303);
    assert.deepEqual(await everywhere(doc!.slug, "Hồ tiêu đen Chư Sê", enterprise.slug), { page: false, storefront: false, home: false, search: false });
  });
});

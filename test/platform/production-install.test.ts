import assert from "node:assert/strict";
import type { Express } from "express";
import request from "supertest";
import { REFERENCE_CATEGORIES } from "../../src/products/reference/category-taxonomy.ts";
import { registrationForm } from "../enterprises/enterprise-fixtures.ts";
import { listingForm } from "../products/listing.fixtures.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

const PASSWORD = "Cà phê Pleiku sáng sớm";

/**
 * A browser behind the production TLS proxy: every request says it came over HTTPS, and the
 * client keeps its cookies itself (the session cookie is `__Host-`, Secure, which a plain-HTTP
 * cookie jar would never send back).
 */
class ProxiedBrowser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly app: Express) {}

  private keep(res: request.Response) {
    for (const line of (res.headers["set-cookie"] as unknown as string[] | undefined) ?? []) {
      const [pair] = line.split(";");
      const [name, ...value] = pair!.split("=");
      this.cookies.set(name!, value.join("="));
    }
    return res;
  }

  private headers() {
    return { "X-Forwarded-Proto": "https", Cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ") };
  }

  async get(path: string) {
    return this.keep(await request(this.app).get(path).set(this.headers()));
  }

  /** Posts a form with the CSRF token read from `tokenFrom`, as a browser submitting it would. */
  async post(path: string, form: Record<string, string>, tokenFrom: string) {
    const page = await this.get(tokenFrom);
    const token = page.text.match(/name="_csrf" value="([^"]+)"/)?.[1];
    assert.ok(token, `${tokenFrom} carries a CSRF token (${page.status})`);
    return this.keep(await request(this.app).post(path).set(this.headers()).type("form").send({ ...form, _csrf: token }));
  }

  async signIn(email: string) {
    const res = await this.post("/dang-nhap", { email, password: PASSWORD }, "/dang-nhap");
    assert.equal(res.status, 303, `sign-in of ${email}`);
  }
}

describe("a production installation on an empty database", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({
      NODE_ENV: "production",
      SEED_DEMO: "false",
      SESSION_SECRET: "a-production-grade-secret-0123456789abcdef",
      STRIPE_SECRET_KEY: "sk_test_production_like",
      STRIPE_WEBHOOK_SECRET: "whsec_production_like",
      SMTP_URL: "smtp://127.0.0.1:1",
      TRUST_PROXY: "1",
    });
  });
  after(() => stopTestApp(t));

  it("when an enterprise registers with sectors, is verified and lists a product, then the product is found by search", async function () {
    this.timeout(60_000);
    assert.equal(t.config.seedDemo, false);
    assert.equal(await t.models.enterprises.countDocuments(), 0, "no demo enterprise");
    assert.equal(await t.models.products.countDocuments(), 0, "no demo product");
    assert.equal(await t.models.categories.countDocuments(), REFERENCE_CATEGORIES.length, "the taxonomy is reference data");

    // The first administrator comes from the command line; a seller signs up on the site.
    await t.services.users.upsertUser({ email: "admin@congthuong.gialai.gov.vn", password: PASSWORD, role: "admin", name: "Quản trị" });
    const seller = new ProxiedBrowser(t.app);
    const signedUp = await seller.post("/dang-ky", { name: "Rơ Mah Hiền", email: "hien@caphe-iagrai.vn", password: PASSWORD, passwordConfirm: PASSWORD }, "/dang-ky");
    assert.equal(signedUp.status, 303);

    const registered = await seller.post("/doanh-nghiep/dang-ky", registrationForm({ sectors: "ca-phe" }), "/doanh-nghiep/dang-ky");
    assert.equal(registered.status, 303, registered.text.slice(0, 300));
    const enterprise = await t.models.enterprises.findOne({ taxCode: "5901234567" }).lean();
    assert.deepEqual(enterprise?.sectors, ["ca-phe"]);

    const admin = new ProxiedBrowser(t.app);
    await admin.signIn("admin@congthuong.gialai.gov.vn");
    const verified = await admin.post(`/quan-tri/doanh-nghiep/${enterprise._id}/xac-minh`, {}, "/quan-tri/doanh-nghiep");
    assert.equal(verified.status, 303);

    const base = `/doanh-nghiep/${enterprise.slug}/san-pham`;
    const listed = await seller.post(`${base}/moi`, { ...listingForm({ category: "ca-phe", name_vi: "Cà phê Robusta nhân xô Ia Grai", sku: "CF-IAG-01" }), intent: "submit" }, `${base}/moi`);
    assert.equal(listed.status, 303, listed.text.slice(0, 300));
    const product = await t.models.products.findOne({ sku: "CF-IAG-01" }).lean();
    const approved = await admin.post(`/quan-tri/san-pham/${product!._id}/duyet`, {}, "/quan-tri/san-pham");
    assert.equal(approved.status, 303);

    let found: string[] = [];
    for (let attempt = 0; attempt < 40 && found.length === 0; attempt++) {
      await t.services.searchSync.runOnce();
      const res = await request(t.app).get("/api/v1/search/products").query({ q: "ca phe ia grai" }).set("X-Forwarded-Proto", "https");
      assert.equal(res.status, 200);
      found = res.body.hits.map((hit: { slug: string }) => hit.slug);
    }
    assert.deepEqual(found, [product!.slug]);
    const page = await request(t.app).get(`/san-pham/${product!.slug}`).set("X-Forwarded-Proto", "https").expect(200);
    assert.match(page.text, /Cà phê Robusta nhân xô Ia Grai/);
  });
});

import assert from "node:assert/strict";
import request from "supertest";
import { signIn } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { listingForm, makeEnterprise, makeMember, PASSWORD } from "./listing.fixtures.ts";

describe("the category taxonomy, managed by administrators at /quan-tri/danh-muc", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
    await t.services.users.upsertUser({ email: "admin@sct.gialai.gov.vn", password: PASSWORD, role: "admin", name: "Quản trị" });
    await t.services.users.upsertUser({ email: "kiemduyet@sct.gialai.gov.vn", password: PASSWORD, role: "moderator", name: "Kiểm duyệt" });
  });
  after(() => stopTestApp(t));

  const stored = (slug: string) => t.models.categories.findOne({ slug }).lean();
  const audited = async (slug: string) =>
    (await t.models.audit.find({ "subject.type": "category", "subject.id": slug }).sort({ at: 1, _id: 1 }).lean()).map((entry) => `${entry.action}:${entry.from ?? "-"}>${entry.to ?? "-"}`);

  it("when a moderator or a visitor asks for the page, then only administrators get it", async () => {
    const moderator = await signIn(t.app, "kiemduyet@sct.gialai.gov.vn", PASSWORD);
    assert.equal((await moderator.get("/quan-tri/danh-muc")).status, 403);
    assert.equal((await request(t.app).get("/quan-tri/danh-muc")).status, 303);
  });

  it("when an administrator adds, renames and reorders categories, then the taxonomy changes, each step audited", async () => {
    const admin = await signIn(t.app, "admin@sct.gialai.gov.vn", PASSWORD);
    const page = await admin.get("/quan-tri/danh-muc");
    assert.equal(page.status, 200);
    assert.match(page.text, /Cà phê nhân/);

    const added = await admin.post("/quan-tri/danh-muc", { parent: "nong-san", nameVi: "Ca cao", nameEn: "Cocoa" }, "/quan-tri/danh-muc");
    assert.equal(added.status, 303);
    assert.deepEqual(await stored("ca-cao").then((c) => ({ parent: c?.parent, vi: c?.name.vi, en: c?.name.en, retired: c?.retired })), { parent: "nong-san", vi: "Ca cao", en: "Cocoa", retired: false });

    const bad = await admin.post("/quan-tri/danh-muc", { parent: "ca-phe", nameVi: "X", nameEn: "" }, "/quan-tri/danh-muc");
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Tên phải có từ 2 đến 80 ký tự/);
    const twice = await admin.post("/quan-tri/danh-muc", { parent: "nong-san", nameVi: "Ca cao", nameEn: "Cocoa" }, "/quan-tri/danh-muc");
    assert.equal(twice.status, 409);

    assert.equal((await admin.post("/quan-tri/danh-muc/ca-cao/ten", { nameVi: "Ca cao lên men", nameEn: "Fermented cocoa" }, "/quan-tri/danh-muc")).status, 303);
    assert.equal((await stored("ca-cao"))?.name.en, "Fermented cocoa");

    const order = async () => (await t.services.categories.list()).filter((c) => c.parent === "nong-san").map((c) => c.slug);
    const before = await order();
    assert.equal(before.at(-1), "ca-cao");
    assert.equal((await admin.post("/quan-tri/danh-muc/ca-cao/thu-tu", { direction: "up" }, "/quan-tri/danh-muc")).status, 303);
    assert.deepEqual(await order(), [...before.slice(0, -2), "ca-cao", before.at(-2)!]);
    assert.deepEqual(await audited("ca-cao"), ["category.added:->offered", "category.renamed:Ca cao / Cocoa>Ca cao lên men / Fermented cocoa", `category.moved:${before.length}>${before.length - 1}`]);
  });

  it("when a category with listings is retired, then existing listings keep it but new listings and sectors can no longer take it", async () => {
    const enterprise = await makeEnterprise(t, "tieu");
    const owner = await makeMember(t, enterprise.id, "owner");
    const seller = await signIn(t.app, owner.email, PASSWORD);
    const base = `/doanh-nghiep/${enterprise.slug}/san-pham`;
    assert.equal((await seller.post(`${base}/moi`, listingForm({ category: "ho-tieu" }))).status, 303);

    const admin = await signIn(t.app, "admin@sct.gialai.gov.vn", PASSWORD);
    assert.equal((await admin.post("/quan-tri/danh-muc/ho-tieu/ngung", {}, "/quan-tri/danh-muc")).status, 303);
    assert.equal((await stored("ho-tieu"))?.retired, true);

    const form = await seller.get(`${base}/moi`);
    assert.doesNotMatch(form.text, /value="ho-tieu"/, "no longer offered on the new-listing form");
    const refused = await seller.post(`${base}/moi`, listingForm({ category: "ho-tieu", sku: "HT-MOI-02" }));
    assert.equal(refused.status, 422);
    assert.equal(await t.models.products.countDocuments({ enterpriseId: enterprise.id, sku: "HT-MOI-02" }), 0, "nothing written");

    const edit = await seller.get(`${base}/HT-DEN-01/sua`);
    assert.match(edit.text, /value="ho-tieu" selected/, "the existing listing keeps its category");
    const saved = await seller.post(`${base}/HT-DEN-01/sua`, listingForm({ category: "ho-tieu", stock: "1500" }), `${base}/HT-DEN-01/sua`);
    assert.equal(saved.status, 303);
    assert.equal((await t.models.products.findOne({ enterpriseId: enterprise.id, sku: "HT-DEN-01" }).lean())?.category, "ho-tieu");

    const registration = await seller.get("/doanh-nghiep/dang-ky");
    assert.doesNotMatch(registration.text, /value="ho-tieu"/, "not offered as a sector either");

    assert.equal((await admin.post("/quan-tri/danh-muc/ho-tieu/dung-lai", {}, "/quan-tri/danh-muc")).status, 303);
    assert.match((await seller.get(`${base}/moi`)).text, /value="ho-tieu"/);
    assert.deepEqual((await audited("ho-tieu")).slice(-2), ["category.retired:offered>retired", "category.restored:retired>offered"]);
  });

  it("when the English page is asked for, then it is in English", async () => {
    const admin = await signIn(t.app, "admin@sct.gialai.gov.vn", PASSWORD);
    const page = await admin.get("/quan-tri/danh-muc?lang=en");
    assert.match(page.text, /Product categories/);
    assert.match(page.text, /Green coffee/);
  });
});

import assert from "node:assert/strict";
import request from "supertest";
import { signIn } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { listingForm, makeEnterprise, makeMember, makeModerator, PASSWORD, seedCatalogue } from "./listing.fixtures.ts";

describe("product listings: CRUD by members, lifecycle, moderation, public page", () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
    await seedCatalogue(testApp);
  });
  after(() => stopTestApp(testApp));

  const stored = (enterpriseId: string, sku: string) => testApp.models.products.findOne({ enterpriseId, sku }).lean();
  const auditActions = async (productId: string) =>
    (await testApp.models.audit.find({ "subject.type": "product", "subject.id": productId }).sort({ at: 1, _id: 1 }).lean()).map(
      (entry) => `${entry.action}:${entry.from ?? "-"}>${entry.to ?? "-"}${entry.reason ? `:${entry.reason}` : ""}`,
    );

  async function ownerOfNewEnterprise(status: "verified" | "pending" = "verified") {
    const enterprise = await makeEnterprise(testApp, "tieu", status);
    const owner = await makeMember(testApp, enterprise.id, "owner");
    const agent = await signIn(testApp.app, owner.email, PASSWORD);
    return { enterprise, owner, agent, base: `/doanh-nghiep/${enterprise.slug}/san-pham` };
  }

  /** A listing taken through submit and approval: published, with its approved version. */
  async function publishedListing(overrides: Record<string, string> = {}) {
    const seller = await ownerOfNewEnterprise();
    const created = await seller.agent.post(`${seller.base}/moi`, { ...listingForm(overrides), intent: "submit" });
    assert.equal(created.status, 303, created.text.slice(0, 500));
    const doc = await stored(seller.enterprise.id, listingForm(overrides).sku);
    const moderator = await makeModerator(testApp);
    const mod = await signIn(testApp.app, moderator.email, PASSWORD);
    const approved = await mod.post(`/quan-tri/san-pham/${doc!._id}/duyet`, {}, "/quan-tri/san-pham");
    assert.equal(approved.status, 303);
    return { ...seller, doc: (await stored(seller.enterprise.id, doc!.sku))!, mod };
  }

  it("when an owner saves the create form as a draft, then a draft is stored with the tiers, the list shows it with its badge, and the creation is audited", async () => {
    const { enterprise, agent, base } = await ownerOfNewEnterprise();
    const res = await agent.post(`${base}/moi`, listingForm({ tier2_min: "", tier3_min: "" }));
    assert.equal(res.status, 303, res.text.slice(0, 400));
    assert.equal(res.headers.location, `${base}/HT-DEN-01/sua?ok=created`);
    const doc = await stored(enterprise.id, "HT-DEN-01");
    assert.ok(doc);
    assert.equal(doc.status, "draft");
    assert.deepEqual(doc.priceTiers.map((tier) => [tier.minQty, tier.priceVnd]), [[10, 150_000], [100, 140_000]]);
    assert.equal(doc.ocop?.stars, 4);
    assert.deepEqual(doc.certifications, ["vietgap"]);
    assert.deepEqual(doc.seasonMonths, [3]);
    assert.match(doc.slug, /^ho-tieu-den-chu-se-[a-f0-9]{6}$/);
    const list = await agent.get(base);
    assert.equal(list.status, 200);
    assert.match(list.text, /HT-DEN-01/);
    assert.match(list.text, /status-draft/);
    assert.deepEqual(await auditActions(doc._id.toString()), ["product.created:->draft"]);
  });

  it("when the form has decreasing tier quantities, a rising price and a bad HS code, then it is re-rendered (422) with each message on its row and nothing is stored", async () => {
    const { enterprise, agent, base } = await ownerOfNewEnterprise();
    const res = await agent.post(`${base}/moi`, listingForm({ tier1_min: "5", tier2_min: "200", tier2_price: "160000", hsCode: "0904" }));
    assert.equal(res.status, 422);
    assert.match(res.text, /Số lượng của mỗi mức phải lớn hơn mức trước/);
    assert.match(res.text, /Mã HS gồm đúng 8 chữ số/);
    assert.match(res.text, /id="tier1_min" name="tier1_min" inputmode="numeric" value="5" aria-invalid="true"/);
    assert.match(res.text, /value="Hồ tiêu đen Chư Sê"/, "what was typed is kept");
    assert.equal(await stored(enterprise.id, "HT-DEN-01"), null);
  });

  it("when a staff member edits a draft and submits it, then it is pending and both steps are audited", async () => {
    const { enterprise, agent, base } = await ownerOfNewEnterprise();
    await agent.post(`${base}/moi`, listingForm());
    const staff = await makeMember(testApp, enterprise.id, "staff");
    const staffAgent = await signIn(testApp.app, staff.email, PASSWORD);
    const edit = await staffAgent.post(`${base}/HT-DEN-01/sua`, listingForm({ name_vi: "Hồ tiêu đen Chư Sê loại 1" }), `${base}/HT-DEN-01/sua`);
    assert.equal(edit.status, 303, edit.text.slice(0, 300));
    const submit = await staffAgent.post(`${base}/HT-DEN-01/gui-duyet`, {}, `${base}/HT-DEN-01/sua`);
    assert.equal(submit.status, 303);
    const doc = await stored(enterprise.id, "HT-DEN-01");
    assert.equal(doc?.name.vi, "Hồ tiêu đen Chư Sê loại 1");
    assert.equal(doc?.status, "pending");
    assert.ok(doc.searchVersion >= 3, "each change bumped searchVersion");
    assert.deepEqual(await auditActions(doc._id.toString()), ["product.created:->draft", "product.edited:draft>draft", "product.submitted:draft>pending"]);
  });

  it("when a member of another enterprise opens, edits, submits or deletes the draft, then each answer is 404 and the draft is unchanged", async () => {
    const { enterprise, agent, base } = await ownerOfNewEnterprise();
    await agent.post(`${base}/moi`, listingForm());
    const other = await ownerOfNewEnterprise();
    const otherBase = `${other.base}`;
    assert.equal((await other.agent.get(`${base}`)).status, 404);
    assert.equal((await other.agent.get(`${base}/HT-DEN-01/sua`)).status, 404);
    assert.equal((await other.agent.post(`${base}/HT-DEN-01/sua`, listingForm({ name_vi: "Bị sửa" }))).status, 404);
    assert.equal((await other.agent.post(`${base}/HT-DEN-01/xoa`)).status, 404);
    assert.equal((await other.agent.post(`${base}/HT-DEN-01/gui-duyet`)).status, 404);
    // Through its own enterprise's address, the SKU of the other enterprise does not exist either.
    assert.equal((await other.agent.get(`${otherBase}/HT-DEN-01/sua`)).status, 404);
    assert.equal((await other.agent.post(`${otherBase}/HT-DEN-01/xoa`)).status, 404);
    const doc = await stored(enterprise.id, "HT-DEN-01");
    assert.equal(doc?.name.vi, "Hồ tiêu đen Chư Sê");
    assert.equal(doc?.status, "draft");
    assert.equal(await request(testApp.app).get(`/san-pham/${doc.slug}`).then((res) => res.status), 404, "a draft is not public");
  });

  it("when the owner deletes a draft, then it is gone and audited; a pending listing cannot be deleted (409) but can be archived", async () => {
    const { enterprise, agent, base } = await ownerOfNewEnterprise();
    await agent.post(`${base}/moi`, listingForm());
    const draft = await stored(enterprise.id, "HT-DEN-01");
    assert.equal((await agent.post(`${base}/HT-DEN-01/xoa`)).status, 303);
    assert.equal(await stored(enterprise.id, "HT-DEN-01"), null);
    assert.deepEqual(await auditActions(draft!._id.toString()), ["product.created:->draft", "product.deleted:draft>-"]);

    await agent.post(`${base}/moi`, { ...listingForm({ sku: "HT-2" }), intent: "submit" });
    assert.equal((await agent.post(`${base}/HT-2/xoa`)).status, 409);
    assert.equal((await agent.post(`${base}/HT-2/luu-tru`)).status, 303);
    assert.equal((await stored(enterprise.id, "HT-2"))?.status, "archived");
  });

  it("when an enterprise is not verified, then its member can save a draft but submitting is refused and the listing stays a draft", async () => {
    const { enterprise, agent, base } = await ownerOfNewEnterprise("pending");
    await agent.post(`${base}/moi`, listingForm());
    const res = await agent.post(`${base}/HT-DEN-01/gui-duyet`);
    assert.equal(res.status, 403);
    assert.equal((await stored(enterprise.id, "HT-DEN-01"))?.status, "draft");
  });

  it("when a moderator rejects with a reason and the seller edits and resubmits, then the reason is shown and every transition is audited", async () => {
    const { enterprise, agent, base } = await ownerOfNewEnterprise();
    await agent.post(`${base}/moi`, { ...listingForm(), intent: "submit" });
    const doc = (await stored(enterprise.id, "HT-DEN-01"))!;
    const moderator = await makeModerator(testApp);
    const mod = await signIn(testApp.app, moderator.email, PASSWORD);
    const queue = await mod.get("/quan-tri/san-pham");
    assert.match(queue.text, /Hồ tiêu đen Chư Sê/);
    const noReason = await mod.post(`/quan-tri/san-pham/${doc._id}/tu-choi`, { reason: "" }, "/quan-tri/san-pham");
    assert.equal(noReason.status, 422);
    assert.equal((await mod.post(`/quan-tri/san-pham/${doc._id}/tu-choi`, { reason: "Thiếu ảnh sản phẩm" }, "/quan-tri/san-pham")).status, 303);
    const page = await agent.get(`${base}/HT-DEN-01/sua`);
    assert.match(page.text, /Thiếu ảnh sản phẩm/);
    await agent.post(`${base}/HT-DEN-01/sua`, { ...listingForm({ name_vi: "Hồ tiêu đen Chư Sê sạch" }), intent: "submit" }, `${base}/HT-DEN-01/sua`);
    const after = (await stored(enterprise.id, "HT-DEN-01"))!;
    assert.equal(after.status, "pending");
    assert.equal(after.rejectionReason, null);
    assert.deepEqual(await auditActions(doc._id.toString()), [
      "product.created:->draft",
      "product.submitted:draft>pending",
      "product.rejected:pending>rejected:Thiếu ảnh sản phẩm",
      "product.edited:rejected>rejected",
      "product.submitted:rejected>pending",
    ]);
    // A normal user is not a moderator.
    assert.equal((await agent.get("/quan-tri/san-pham")).status, 403);
  });

  it("when a published listing's name is edited, then it goes back to pending while the public page keeps the approved name; a price or stock edit applies at once", async () => {
    const { enterprise, agent, base, doc, mod } = await publishedListing();
    assert.equal(doc.status, "published");
    assert.equal(doc.approved?.name.vi, "Hồ tiêu đen Chư Sê");
    const editPath = `${base}/HT-DEN-01/sua`;

    // Price and stock only: still published, the new price is public at once.
    const priced = await agent.post(editPath, listingForm({ tier0_price: "155000", tier1_price: "145000", stock: "1500" }), editPath);
    assert.equal(priced.status, 303);
    const afterPrice = (await stored(enterprise.id, "HT-DEN-01"))!;
    assert.equal(afterPrice.status, "published");
    assert.ok(afterPrice.searchVersion > doc.searchVersion);
    let publicPage = await request(testApp.app).get(`/san-pham/${doc.slug}`);
    assert.equal(publicPage.status, 200);
    assert.match(publicPage.text, /155\.000 ₫/);
    assert.match(publicPage.text, /1\.500 kg/);

    // The name: back to review, the approved version stays public.
    await agent.post(editPath, listingForm({ tier0_price: "155000", tier1_price: "145000", stock: "1500", name_vi: "Tiêu đen mới" }), editPath);
    const pending = (await stored(enterprise.id, "HT-DEN-01"))!;
    assert.equal(pending.status, "pending");
    assert.equal(pending.name.vi, "Tiêu đen mới");
    assert.equal(pending.approved?.name.vi, "Hồ tiêu đen Chư Sê");
    publicPage = await request(testApp.app).get(`/san-pham/${doc.slug}`);
    assert.equal(publicPage.status, 200);
    assert.match(publicPage.text, /Hồ tiêu đen Chư Sê/);
    assert.doesNotMatch(publicPage.text, /Tiêu đen mới/);
    assert.match(publicPage.text, /155\.000 ₫/);

    // Approval publishes the edit.
    await mod.post(`/quan-tri/san-pham/${doc._id}/duyet`, {}, "/quan-tri/san-pham");
    publicPage = await request(testApp.app).get(`/san-pham/${doc.slug}`);
    assert.match(publicPage.text, /Tiêu đen mới/);
    assert.deepEqual((await auditActions(doc._id.toString())).slice(-3), [
      "product.edited:published>published",
      "product.edited:published>pending",
      "product.approved:pending>published",
    ]);
  });

  it("when a description holds HTML, then the public page shows it as text, with the tiers, seller card, order links and structured data", async () => {
    const { doc } = await publishedListing({ sku: "XSS-1", description_vi: '<script>alert("x")</script><b>đậm</b>' });
    const res = await request(testApp.app).get(`/san-pham/${doc.slug}`);
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /<script>alert/);
    assert.doesNotMatch(res.text, /<b>đậm<\/b>/);
    assert.match(res.text, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;&lt;b&gt;đậm&lt;\/b&gt;/);
    assert.match(res.text, /10 – 99/);
    assert.match(res.text, /Từ 100 trở lên/);
    assert.match(res.text, /href="\/gio-hang\?them=/);
    assert.match(res.text, /href="\/bao-gia\?san-pham=/);
    assert.match(res.text, /Đã được Sở Công Thương xác minh/);
    const jsonLd = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(res.text);
    assert.ok(jsonLd);
    const data = JSON.parse(jsonLd[1]!);
    assert.equal(data["@type"], "Product");
    assert.equal(data.offers.lowPrice, 140_000);
    assert.match(data.description, /<script>/, "the data block holds the text, escaped as JSON");
  });

  it("when the seller's enterprise is no longer verified, then its published listing answers 404", async () => {
    const { enterprise, doc } = await publishedListing({ sku: "SUS-1" });
    await testApp.models.enterprises.updateOne({ _id: enterprise.id }, { $set: { status: "suspended" } });
    assert.equal((await request(testApp.app).get(`/san-pham/${doc.slug}`)).status, 404);
  });

  it("when listings are published, then the home page counts them per category", async () => {
    const before = await request(testApp.app).get("/");
    const count = (html: string) => Number(/href="\/tim-kiem\?category=ho-tieu"[\s\S]*?category-count[^>]*>(\d+)/.exec(html)?.[1]);
    const initial = count(before.text);
    await publishedListing({ sku: "HOME-1" });
    const after = await request(testApp.app).get("/");
    assert.equal(count(after.text), initial + 1);
  });
});

import assert from "node:assert/strict";
import { signIn } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { listingForm, makeEnterprise, makeMember, makeModerator, PASSWORD } from "../products/listing.fixtures.ts";

/** DESIGN: every decision about someone's enterprise or listing is notified to them, in-app and by email, in their language, with the reason. */
describe("the department's decisions on enterprises and listings reach their members", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
  });
  after(() => stopTestApp(t));

  const subjectsTo = async (email: string) => (await t.services.outbox!.latest(200)).filter((message) => message.to === email).map((message) => message.subject);

  it("when an enterprise is verified, suspended with a reason and reinstated, then the owner (Vietnamese) and the staff member (English) are told each, with the reason", async () => {
    const enterprise = await makeEnterprise(t, "caphe", "pending");
    const owner = await makeMember(t, enterprise.id, "owner");
    const staff = await makeMember(t, enterprise.id, "staff");
    await t.models.users.updateOne({ email: staff.email }, { $set: { language: "en" } });
    const moderator = await signIn(t.app, (await makeModerator(t)).email, PASSWORD);
    const decide = (id: string, action: string, form: Record<string, string> = {}) => moderator.post(`/quan-tri/doanh-nghiep/${id}/${action}`, form, "/quan-tri/doanh-nghiep");

    assert.equal((await decide(enterprise.id, "xac-minh")).status, 303);
    assert.equal((await decide(enterprise.id, "dinh-chi", { reason: "Giấy chứng nhận VietGAP đã hết hạn" })).status, 303);
    assert.equal((await decide(enterprise.id, "khoi-phuc")).status, 303);

    const ownerPage = await (await signIn(t.app, owner.email, PASSWORD)).get("/thong-bao");
    assert.match(ownerPage.text, /Sở Công Thương đã xác minh doanh nghiệp/);
    assert.match(ownerPage.text, /bị tạm ngừng hoạt động trên sàn\. Lý do: Giấy chứng nhận VietGAP đã hết hạn/);
    assert.match(ownerPage.text, /đã được khôi phục hoạt động/);
    assert.match(ownerPage.text, new RegExp(`href="/doanh-nghiep/${enterprise.slug}"`));
    const staffMail = await subjectsTo(staff.email);
    assert.ok(staffMail.some((subject) => /has been suspended on the exchange\. Reason: Giấy chứng nhận VietGAP đã hết hạn/.test(subject)), staffMail.join(" | "));
    assert.ok(staffMail.some((subject) => /verified/.test(subject)));
    assert.ok((await subjectsTo(owner.email)).some((subject) => /đã xác minh/.test(subject)), "the owner is emailed in Vietnamese");
  });

  it("when a listing is rejected with a reason and then approved, then the seller's members are told each, linked to the listing", async () => {
    const enterprise = await makeEnterprise(t, "tieu");
    const owner = await makeMember(t, enterprise.id, "owner");
    const seller = await signIn(t.app, owner.email, PASSWORD);
    const base = `/doanh-nghiep/${enterprise.slug}/san-pham`;
    assert.equal((await seller.post(`${base}/moi`, { ...listingForm(), intent: "submit" })).status, 303);
    const doc = (await t.models.products.findOne({ enterpriseId: enterprise.id, sku: "HT-DEN-01" }).lean())!;
    const moderator = await signIn(t.app, (await makeModerator(t)).email, PASSWORD);
    assert.equal((await moderator.post(`/quan-tri/san-pham/${doc._id}/tu-choi`, { reason: "Ảnh sản phẩm không rõ nhãn mác" }, "/quan-tri/san-pham")).status, 303);
    assert.equal((await seller.post(`${base}/HT-DEN-01/gui-duyet`, {}, `${base}/HT-DEN-01/sua`)).status, 303);
    assert.equal((await moderator.post(`/quan-tri/san-pham/${doc._id}/duyet`, {}, "/quan-tri/san-pham")).status, 303);

    const page = await seller.get("/thong-bao");
    assert.match(page.text, /Sản phẩm Hồ tiêu đen Chư Sê \(HT-DEN-01\) chưa được duyệt\. Lý do: Ảnh sản phẩm không rõ nhãn mác/);
    assert.match(page.text, /Sản phẩm Hồ tiêu đen Chư Sê \(HT-DEN-01\) đã được duyệt và hiển thị công khai/);
    assert.match(page.text, new RegExp(`href="${base}/HT-DEN-01/sua"`));
    const mail = await subjectsTo(owner.email);
    assert.ok(mail.some((subject) => subject.includes("chưa được duyệt")) && mail.some((subject) => subject.includes("đã được duyệt")), mail.join(" | "));
  });
});

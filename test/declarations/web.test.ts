import assert from "node:assert/strict";
import request from "supertest";
import { declarationParties, lastMonth, validDeclaration, validLine } from "../support/declarations.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { formFields, idFromLocation, submittedThroughForm, twoEnterprises } from "./declaration-form.fixtures.ts";

const moderatorActor = (id: string) => ({ kind: "user" as const, userId: id, role: "moderator" as const });
const system = { actor: { userId: null, email: null, kind: "system" as const }, ip: null, userAgent: null };

describe("declarations on the web: the enterprise's list, form, page, versions and receipt", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
  });
  after(() => stopTestApp(t));

  const stored = (id: string) => t.models.declarations.findById(id).lean();

  it("when a visitor who is not signed in opens /to-khai, then an explanation with a sign-in link is shown", async () => {
    const res = await request(t.app).get("/to-khai");
    assert.equal(res.status, 200);
    assert.match(res.text, /Khai báo xuất nhập khẩu trực tuyến/);
    assert.match(res.text, /href="\/dang-nhap\?returnTo=%2Fto-khai"/);
  });

  it("when an owner saves an incomplete draft, then everything typed is kept with its problems shown, and submitting it is refused (422) with each field's error and nothing submitted", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const period = lastMonth();
    const incomplete = {
      period: period.key,
      direction: "export",
      contact: { name: "Nguyễn Văn Ba", phone: "", email: "khong-hop-le" },
      lines: [validLine(period, { hsCode: "0901", quantity: "-5" }), { description: "Hạt điều", hsCode: "", partnerCountry: "Nhật Bản" }],
    };
    const saved = await owner.client.post("/to-khai/moi", formFields(incomplete, { dn: enterprise.slug }));
    assert.equal(saved.status, 303, saved.text.slice(0, 300));
    assert.match(saved.headers.location ?? "", /\/sua\?ok=saved$/);
    const id = idFromLocation(saved.headers.location);
    const draft = await stored(id);
    assert.equal(draft?.status, "draft");
    assert.equal(draft?.lines.length, 2);
    assert.equal(draft?.lines[0]!.hsCode, "0901");
    assert.equal(draft?.lines[1]!.partnerCountry, "JP", "a country typed by its Vietnamese name is stored as its code");
    assert.equal(draft?.contact.email, "khong-hop-le");

    const edit = await owner.client.get(saved.headers.location!);
    assert.equal(edit.status, 200);
    assert.match(edit.text, /Đã lưu bản nháp/);
    assert.match(edit.text, /id="line-0-hsCode-error">Mã HS gồm đúng 8 chữ số/);
    assert.match(edit.text, /id="line-0-quantity-error">Số lượng phải lớn hơn 0/);
    assert.match(edit.text, /id="contact-email-error">Thư điện tử không hợp lệ/);
    assert.match(edit.text, /value="Hạt điều"/);

    const submitted = await owner.client.post(`/to-khai/${id}/sua`, formFields(incomplete, { action: "submit", revision: draft.revision }));
    assert.equal(submitted.status, 422);
    assert.match(submitted.text, /Tờ khai còn lỗi, chưa thể nộp/);
    assert.match(submitted.text, /id="line-1-hsCode-error">Nhập mã HS/);
    assert.match(submitted.text, /id="contact-phone-error">Nhập số điện thoại/);
    assert.match(submitted.text, /value="Nguyễn Văn Ba"/, "what was typed is kept");
    const after = await stored(id);
    assert.equal(after?.status, "draft");
    assert.equal(after?.receiptNumber, "");
    assert.equal(await t.models.declarationVersions.countDocuments({ declarationId: after._id }), 0);
  });

  it("when a complete form is submitted, then the page shows the receipt number, the totals and the printable receipt", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const id = await submittedThroughForm(owner.client, enterprise.slug);
    const declaration = await stored(id);
    assert.equal(declaration?.status, "submitted");
    assert.match(declaration.receiptNumber, /^XNK-\d{4}-\d{6}$/);
    assert.equal(declaration?.totals.valueUsdCents, 4_608_000 + 1_362_500);

    const page = await owner.client.get(`/to-khai/${id}?ok=submitted`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`data-receipt-number>${declaration.receiptNumber}<`));
    assert.match(page.text, /59\.705,00 USD/);
    assert.match(page.text, /12\.500,00 EUR/);
    assert.match(page.text, /Nhật Bản/);

    const receipt = await owner.client.get(`/to-khai/${id}/bien-nhan`);
    assert.equal(receipt.status, 200);
    assert.match(receipt.text, /Giấy biên nhận hồ sơ/);
    assert.match(receipt.text, new RegExp(declaration.receiptNumber));
    assert.match(receipt.text, new RegExp(enterprise.taxCode));
    assert.match(receipt.text, /src="\/js\/print\.js"/);

    const list = await owner.client.get("/to-khai");
    assert.match(list.text, new RegExp(`data-declaration="${id}"`));
    assert.match(list.text, /Đã nộp/);
  });

  it("when a declaration is returned with a line note, corrected and resubmitted, then both versions are kept with their outcomes", async () => {
    const { enterprise, owner, moderator } = await declarationParties(t);
    const id = await submittedThroughForm(owner.client, enterprise.slug);
    await t.services.declarationReview.decide(system, moderatorActor(moderator.id), { declarationId: id, action: "start" });
    await t.services.declarationReview.decide(system, moderatorActor(moderator.id), {
      declarationId: id,
      action: "return",
      input: { note: "Bổ sung trị giá dòng hồ tiêu.", lineNotes: [{ line: 1, note: "Trị giá USD không khớp hóa đơn." }] },
    });

    const page = await owner.client.get(`/to-khai/${id}`);
    assert.match(page.text, /Trả lại để bổ sung/);
    assert.match(page.text, /data-review-note>Bổ sung trị giá dòng hồ tiêu\./);
    assert.match(page.text, /class="line-noted" data-line="2"/);
    assert.match(page.text, /Trị giá USD không khớp hóa đơn\./);

    const edit = await owner.client.get(`/to-khai/${id}/sua`);
    assert.equal(edit.status, 200);
    const { revision } = (await stored(id))!;
    const corrected = validDeclaration();
    corrected.lines[1] = { ...corrected.lines[1]!, valueUsd: "13700.00" };
    const res = await owner.client.post(`/to-khai/${id}/sua`, formFields(corrected, { action: "submit", revision }));
    assert.equal(res.status, 303, res.text.slice(0, 500));

    const after = await stored(id);
    assert.equal(after?.status, "submitted");
    assert.equal(after?.version, 2);
    const versions = await t.models.declarationVersions.find({ declarationId: after._id }).sort({ version: 1 }).lean();
    assert.deepEqual(versions.map((v) => [v.version, v.outcome.status]), [[1, "returned"], [2, ""]]);
    const resubmitted = await owner.client.get(`/to-khai/${id}`);
    assert.match(resubmitted.text, /data-version="1"/);
    assert.match(resubmitted.text, /data-version="2"/);
    const first = await owner.client.get(`/to-khai/${id}/phien-ban/1`);
    assert.equal(first.status, 200);
    assert.match(first.text, /13\.625,00 USD/, "the first version keeps what was first submitted");
    assert.match(first.text, /Trị giá USD không khớp hóa đơn\./);
  });

  it("when a member of another enterprise asks for a declaration, then it does not exist for them (404) and their list does not show it", async () => {
    const { enterprise, owner, other } = await twoEnterprises(t);
    const id = await submittedThroughForm(owner.client, enterprise.slug);
    for (const path of [`/to-khai/${id}`, `/to-khai/${id}/sua`, `/to-khai/${id}/bien-nhan`, `/to-khai/${id}/phien-ban/1`]) {
      assert.equal((await other.client.get(path)).status, 404, path);
    }
    assert.equal((await other.client.post(`/to-khai/${id}/xoa`)).status, 404);
    assert.equal((await other.client.get(`/to-khai/moi?dn=${enterprise.slug}`)).status, 404);
    const list = await other.client.get("/to-khai");
    assert.doesNotMatch(list.text, new RegExp(id));
    assert.equal((await stored(id))?.status, "submitted");
  });

  it("when the form's 'add a line' button is pressed without JavaScript, then the form comes back with one more row and nothing is saved", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const input = validDeclaration();
    const res = await owner.client.post("/to-khai/moi", formFields(input, { dn: enterprise.slug, action: "addLine" }));
    assert.equal(res.status, 200);
    assert.match(res.text, /name="lines\[2\]\[hsCode\]"/);
    assert.doesNotMatch(res.text, /name="lines\[3\]\[hsCode\]"/);
    assert.match(res.text, /value="Hạt tiêu đen"/);
    assert.equal(await t.models.declarations.countDocuments({ enterpriseId: enterprise.id }), 0);

    const removed = await owner.client.post("/to-khai/moi", formFields(input, { dn: enterprise.slug, action: "removeLine:0" }));
    assert.equal(removed.status, 200);
    assert.doesNotMatch(removed.text, /value="Cà phê Robusta/);
    assert.match(removed.text, /value="Hạt tiêu đen"/);
  });

  it("when a draft is deleted, then it is gone; a second draft for the same period and direction is refused with a link to the first (409)", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const first = await owner.client.post("/to-khai/moi", formFields(validDeclaration(), { dn: enterprise.slug }));
    const id = idFromLocation(first.headers.location);
    const second = await owner.client.post("/to-khai/moi", formFields(validDeclaration(), { dn: enterprise.slug }));
    assert.equal(second.status, 409);
    assert.match(second.text, new RegExp(`href="/to-khai/${id}"`));
    const deleted = await owner.client.post(`/to-khai/${id}/xoa`);
    assert.equal(deleted.status, 303);
    assert.equal(await stored(id), null);
  });

  it("when a draft is saved from a stale copy of the form (another tab saved it meanwhile), then the save is refused (409) with the reason and the newer save is kept", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const first = await owner.client.post("/to-khai/moi", formFields(validDeclaration(), { dn: enterprise.slug }));
    const id = idFromLocation(first.headers.location);
    const { revision } = (await stored(id))!;
    const newer = validDeclaration({ contact: { name: "Trần Văn Tư", phone: "0269 3824 567", email: "xnk@caphedakdoa.vn" } });
    assert.equal((await owner.client.post(`/to-khai/${id}/sua`, formFields(newer, { revision }))).status, 303);
    const stale = await owner.client.post(`/to-khai/${id}/sua`, formFields(validDeclaration(), { revision }));
    assert.equal(stale.status, 409);
    assert.match(stale.text, /Tờ khai vừa được thay đổi ở nơi khác/);
    assert.equal((await stored(id))?.contact.name, "Trần Văn Tư");
  });

  it("when the page is asked for in English, then the declaration's page and form render in English", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const id = await submittedThroughForm(owner.client, enterprise.slug);
    const page = await owner.client.get(`/to-khai/${id}?lang=en`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<html lang="en">/);
    assert.match(page.text, /Receipt number/);
    assert.match(page.text, /59,705\.00 USD/);
    assert.match(page.text, /Japan/);
    const form = await owner.client.get(`/to-khai/moi?dn=${enterprise.slug}&lang=en`);
    assert.match(form.text, /New import-export declaration/);
    assert.match(form.text, /Save draft/);
  });
});

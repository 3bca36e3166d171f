import assert from "node:assert/strict";
import request from "supertest";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { person, registrationForm, storedEnterprise } from "./enterprise-fixtures.ts";

describe("enterprise registration and storefront editing", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
  });
  after(() => stopTestApp(t));

  const countEnterprises = () => t.models.enterprises.countDocuments();

  it("when a signed-in user registers a valid enterprise, then it is stored pending with a slug without diacritics, the user is its owner, and the registration is audited", async () => {
    const { id: userId, client } = await person(t, "dangky.hople@example.vn");
    const res = await client.post("/doanh-nghiep/dang-ky", registrationForm({ taxCode: "5901000001", nameVi: "Hợp tác xã Nông nghiệp Ia Grai" }));
    assert.equal(res.status, 303, res.text.slice(0, 500));
    assert.equal(res.headers.location, "/doanh-nghiep/hop-tac-xa-nong-nghiep-ia-grai?ok=registered");

    const stored = await t.models.enterprises.findOne({ taxCode: "5901000001" }).lean();
    assert.ok(stored);
    assert.equal(stored.slug, "hop-tac-xa-nong-nghiep-ia-grai");
    assert.equal(stored.status, "pending");
    assert.equal(stored.verifiedAt, null);
    assert.equal(stored.address.commune, "xã Đak Đoa");
    assert.deepEqual(stored.location, { lat: 14.0156, lng: 108.1203 });
    assert.deepEqual(stored.sectors, ["ca-phe"]);
    assert.equal(stored.foundedYear, 2012);
    assert.equal(await t.services.memberships.roleIn(userId, stored._id.toString()), "owner");
    const audit = await t.models.audit.findOne({ action: "enterprise.registered", "subject.id": stored._id.toString() }).lean();
    assert.ok(audit);
    assert.equal(audit.to, "pending");
    assert.equal(audit.actor.userId, userId);

    // Its owner sees the pending storefront; the notice says it awaits verification.
    const page = await client.get(res.headers.location);
    assert.equal(page.status, 200);
    assert.match(page.text, /Chờ xác minh/);
  });

  it("when an anonymous visitor opens the registration form, then they are sent to sign in", async () => {
    const res = await request(t.app).get("/doanh-nghiep/dang-ky");
    assert.equal(res.status, 303);
    assert.match(res.headers.location!, /^\/dang-nhap\?returnTo=/);
  });

  it("when a signed-in user opens the registration form, then it lists the province's communes and the sectors, and carries the CSRF token", async () => {
    const { client } = await person(t, "dangky.mau@example.vn");
    const res = await client.get("/doanh-nghiep/dang-ky");
    assert.equal(res.status, 200);
    assert.match(res.text, /<option value="xã Chư Sê">xã Chư Sê<\/option>/);
    assert.match(res.text, /<option value="phường Quy Nhơn">phường Quy Nhơn<\/option>/);
    assert.match(res.text, /name="sectors" value="ho-tieu"/);
    assert.match(res.text, /name="_csrf" value="[^"]+"/);
    assert.equal(res.headers["cache-control"], "no-store");
  });

  for (const [label, overrides, field, message] of [
    ["a tax code of 9 digits", { taxCode: "590100000" }, "taxCode", /Mã số thuế phải gồm 10 chữ số/],
    ["a branch code without its 3 digits", { taxCode: "5901000002-01" }, "taxCode", /Mã số thuế phải gồm 10 chữ số/],
    ["no commune", { commune: "" }, "commune", /Vui lòng chọn xã\/phường/],
    ["a commune outside the province", { commune: "phường Bến Nghé" }, "commune", /Vui lòng chọn xã\/phường/],
    ["coordinates outside the province", { lat: "10.77", lng: "106.70" }, "lat", /Vĩ độ phải là số trong phạm vi tỉnh Gia Lai/],
    ["a certificate row without its number", { "certifications.1.kind": "vietgap", "certifications.1.issuer": "Cục Trồng trọt", "certifications.1.expiresAt": "2027-01-01" }, "cert-1-number", /Vui lòng nhập số chứng nhận/],
  ] as const) {
    it(`when the form has ${label}, then it answers 422 naming the field, keeps what was typed, and stores nothing`, async () => {
      const { client } = await person(t, `dangky.loi.${field}.${label.length}@example.vn`);
      const before = await countEnterprises();
      const res = await client.post("/doanh-nghiep/dang-ky", registrationForm({ ...overrides, taxCode: "taxCode" in overrides ? overrides.taxCode : "5901000009" }));
      assert.equal(res.status, 422);
      assert.match(res.text, message);
      assert.match(res.text, new RegExp(`id="${field}-error"`), `the error names ${field}`);
      assert.match(res.text, /value="Công ty TNHH Cà phê Đắk Đoa"/, "the name typed is kept");
      assert.equal(await countEnterprises(), before);
    });
  }

  it("when the MST is already registered, then the form answers 422 with a Vietnamese message on the tax code and stores nothing", async () => {
    const existing = await storedEnterprise(t, { taxCode: "5901000003" });
    const { client } = await person(t, "dangky.trung@example.vn");
    const before = await countEnterprises();
    const res = await client.post("/doanh-nghiep/dang-ky", registrationForm({ taxCode: existing.taxCode }));
    assert.equal(res.status, 422);
    assert.match(res.text, /id="taxCode-error">Mã số thuế này đã được đăng ký trên sàn/);
    assert.equal(await countEnterprises(), before);
  });

  it("when two enterprises share a name, then the second gets the slug with -2, and the slug stays when the name changes", async () => {
    const { client } = await person(t, "dangky.trungten@example.vn");
    const first = await client.post("/doanh-nghiep/dang-ky", registrationForm({ nameVi: "Công ty Hồ tiêu Chư Sê", taxCode: "5901000004" }));
    const second = await client.post("/doanh-nghiep/dang-ky", registrationForm({ nameVi: "Công ty Hồ tiêu Chư Sê", taxCode: "5901000005-001" }));
    assert.equal(first.headers.location, "/doanh-nghiep/cong-ty-ho-tieu-chu-se?ok=registered");
    assert.equal(second.headers.location, "/doanh-nghiep/cong-ty-ho-tieu-chu-se-2?ok=registered");

    const edit = await client.post("/doanh-nghiep/cong-ty-ho-tieu-chu-se-2/sua", registrationForm({ nameVi: "Công ty Gia vị Tây Nguyên", taxCode: "5901000005-001" }));
    assert.equal(edit.status, 303, edit.text.slice(0, 300));
    const stored = await t.models.enterprises.findOne({ taxCode: "5901000005-001" }).lean();
    assert.equal(stored?.name.vi, "Công ty Gia vị Tây Nguyên");
    assert.equal(stored?.slug, "cong-ty-ho-tieu-chu-se-2");
  });

  it("when a staff member tries to change the legal data, then it is refused with 403 and nothing changes; their contact edits are saved", async () => {
    const company = await storedEnterprise(t, { taxCode: "5901000006" });
    const staff = await person(t, "nhanvien.sua@example.vn");
    await t.models.memberships.create({ enterpriseId: company.id, userId: staff.id, role: "staff" });

    const page = await staff.client.get(`/doanh-nghiep/${company.slug}/sua`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /name="taxCode"/, "staff see no legal fields");

    const refused = await staff.client.post(`/doanh-nghiep/${company.slug}/sua`, registrationForm({ nameVi: "Tên mới do nhân viên đặt", taxCode: "5901000006", commune: "phường Pleiku" }));
    assert.equal(refused.status, 403);
    const unchanged = await t.models.enterprises.findById(company.id).lean();
    assert.equal(unchanged?.name.vi, company.name);

    const { nameVi: _n, nameEn: _e, taxCode: _t, kind: _k, ...contact } = registrationForm({ phone: "0269 3000 111", commune: "phường Pleiku" });
    const saved = await staff.client.post(`/doanh-nghiep/${company.slug}/sua`, contact);
    assert.equal(saved.status, 303, saved.text.slice(0, 300));
    const after = await t.models.enterprises.findById(company.id).lean();
    assert.equal(after?.phone, "0269 3000 111");
    assert.equal(after?.name.vi, company.name);
  });

  it("when a description contains HTML, then the storefront shows it escaped, in paragraphs", async () => {
    const company = await storedEnterprise(t, {
      description: { vi: "Đoạn một <script>alert(1)</script>\n\n<b>Đoạn hai</b> & \"ba\"", en: "" },
    });
    const res = await request(t.app).get(`/doanh-nghiep/${company.slug}`);
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /<script>alert\(1\)<\/script>/);
    assert.doesNotMatch(res.text, /<b>Đoạn hai<\/b>/);
    assert.match(res.text, /<p>Đoạn một &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/p>/);
    assert.match(res.text, /<p>&lt;b&gt;Đoạn hai&lt;\/b&gt; &amp; &quot;ba&quot;<\/p>/);
  });
});

import assert from "node:assert/strict";
import request from "supertest";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { person, publishedProduct, storedEnterprise } from "./enterprise-fixtures.ts";

describe("enterprise verification and the storefront's visibility", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
  });
  after(() => stopTestApp(t));

  const auditOf = (enterpriseId: string, action: string) =>
    t.models.audit.find({ action, "subject.type": "enterprise", "subject.id": enterpriseId }).lean();

  it("when an enterprise is pending, then visitors find it neither in the directory nor at its storefront (404), while its owner and moderators see it", async () => {
    const pending = await storedEnterprise(t, { status: "pending", verifiedAt: null, name: { vi: "Công ty Chờ Duyệt Ẩn", en: "" } });
    const directory = await request(t.app).get("/doanh-nghiep");
    assert.equal(directory.status, 200);
    assert.doesNotMatch(directory.text, /Công ty Chờ Duyệt Ẩn/);
    assert.equal((await request(t.app).get(`/doanh-nghiep/${pending.slug}`)).status, 404);

    const stranger = await person(t, "nguoila.an@example.vn");
    assert.equal((await stranger.client.get(`/doanh-nghiep/${pending.slug}`)).status, 404);

    const owner = await person(t, "chu.an@example.vn");
    await t.services.memberships.addOwner(pending.id, owner.id);
    const own = await owner.client.get(`/doanh-nghiep/${pending.slug}`);
    assert.equal(own.status, 200);
    assert.match(own.text, /Gian hàng chưa hiển thị công khai/);

    const moderator = await person(t, "kiemduyet.an@example.vn", "moderator");
    assert.equal((await moderator.client.get(`/doanh-nghiep/${pending.slug}`)).status, 200);
    const moderatorDirectory = await moderator.client.get("/doanh-nghiep?status=pending");
    assert.match(moderatorDirectory.text, /Công ty Chờ Duyệt Ẩn/);
  });

  it("when a user without a moderator role opens the verification page or acts on it, then they get 403", async () => {
    const pending = await storedEnterprise(t, { status: "pending", verifiedAt: null });
    const user = await person(t, "thuong.403@example.vn");
    assert.equal((await user.client.get("/quan-tri/doanh-nghiep")).status, 403);
    assert.equal((await user.client.post(`/quan-tri/doanh-nghiep/${pending.id}/xac-minh`, {})).status, 403);
    assert.equal((await user.client.get("/doanh-nghiep/xuat.csv")).status, 403);
    const stored = await t.models.enterprises.findById(pending.id).lean();
    assert.equal(stored?.status, "pending");
  });

  it("when a moderator verifies a pending enterprise, then it is verified with today's date, the action is audited, and its storefront shows the department's badge", async () => {
    const pending = await storedEnterprise(t, { status: "pending", verifiedAt: null, name: { vi: "Công ty Xác Minh Mới", en: "" } });
    const moderator = await person(t, "kiemduyet.xacminh@example.vn", "moderator");
    const list = await moderator.client.get("/quan-tri/doanh-nghiep");
    assert.equal(list.status, 200);
    assert.match(list.text, /Công ty Xác Minh Mới/);

    const res = await moderator.client.post(`/quan-tri/doanh-nghiep/${pending.id}/xac-minh`, { status: "pending" }, "/quan-tri/doanh-nghiep");
    assert.equal(res.status, 303);
    const stored = await t.models.enterprises.findById(pending.id).lean();
    assert.equal(stored?.status, "verified");
    assert.ok(stored?.verifiedAt && Date.now() - stored.verifiedAt.getTime() < 60_000);

    const [entry, ...more] = await auditOf(pending.id, "enterprise.verified");
    assert.equal(more.length, 0);
    assert.equal(entry?.from, "pending");
    assert.equal(entry?.to, "verified");
    assert.equal(entry?.reason, null);
    assert.equal(entry?.actor.userId, moderator.id);
    assert.equal(entry?.actor.email, "kiemduyet.xacminh@example.vn");

    const storefront = await request(t.app).get(`/doanh-nghiep/${pending.slug}`);
    assert.equal(storefront.status, 200);
    const today = new Intl.DateTimeFormat("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Asia/Ho_Chi_Minh" }).format(new Date());
    assert.match(storefront.text, new RegExp(`Đã được Sở Công Thương xác minh ngày ${today.replace(/\//g, "\\/")}`));

    // A second decision on the same application is refused: it is no longer pending.
    const again = await moderator.client.post(`/quan-tri/doanh-nghiep/${pending.id}/tu-choi`, { reason: "Hồ sơ thiếu giấy phép" }, "/quan-tri/doanh-nghiep");
    assert.equal(again.status, 409);
    assert.equal((await t.models.enterprises.findById(pending.id).lean())?.status, "verified");
  });

  it("when a moderator rejects without a reason, then 422 and nothing changes; with a reason, it is rejected and audited, and the owner edits and resubmits it to pending", async () => {
    const pending = await storedEnterprise(t, { status: "pending", verifiedAt: null });
    const owner = await person(t, "chu.bituchoi@example.vn");
    await t.services.memberships.addOwner(pending.id, owner.id);
    const moderator = await person(t, "kiemduyet.tuchoi@example.vn", "moderator");

    const noReason = await moderator.client.post(`/quan-tri/doanh-nghiep/${pending.id}/tu-choi`, { reason: " " }, "/quan-tri/doanh-nghiep");
    assert.equal(noReason.status, 422);
    assert.match(noReason.text, /Vui lòng ghi rõ lý do/);
    assert.equal((await t.models.enterprises.findById(pending.id).lean())?.status, "pending");
    assert.equal((await auditOf(pending.id, "enterprise.rejected")).length, 0);

    const reason = "Giấy chứng nhận đăng ký doanh nghiệp không khớp mã số thuế";
    const rejected = await moderator.client.post(`/quan-tri/doanh-nghiep/${pending.id}/tu-choi`, { reason }, "/quan-tri/doanh-nghiep");
    assert.equal(rejected.status, 303);
    const stored = await t.models.enterprises.findById(pending.id).lean();
    assert.equal(stored?.status, "rejected");
    assert.equal(stored?.statusReason, reason);
    const [entry] = await auditOf(pending.id, "enterprise.rejected");
    assert.deepEqual({ from: entry?.from, to: entry?.to, reason: entry?.reason, actor: entry?.actor.userId }, { from: "pending", to: "rejected", reason, actor: moderator.id });
    assert.equal((await request(t.app).get(`/doanh-nghiep/${pending.slug}`)).status, 404);

    const edit = await owner.client.get(`/doanh-nghiep/${pending.slug}/sua`);
    assert.match(edit.text, new RegExp(reason));
    assert.match(edit.text, /Gửi lại hồ sơ để xác minh/);
    const resubmitted = await owner.client.post(`/doanh-nghiep/${pending.slug}/gui-lai`, {});
    assert.equal(resubmitted.status, 303);
    assert.equal((await t.models.enterprises.findById(pending.id).lean())?.status, "pending");
    const [back] = await auditOf(pending.id, "enterprise.resubmitted");
    assert.deepEqual({ from: back?.from, to: back?.to, actor: back?.actor.userId }, { from: "rejected", to: "pending", actor: owner.id });
  });

  it("when a moderator suspends a verified enterprise and later reinstates it, then it disappears publicly meanwhile and keeps its first verification date", async () => {
    const verifiedAt = new Date("2025-10-06T00:00:00Z");
    const company = await storedEnterprise(t, { verifiedAt });
    const moderator = await person(t, "kiemduyet.dinhchi@example.vn", "moderator");
    const suspended = await moderator.client.post(`/quan-tri/doanh-nghiep/${company.id}/dinh-chi`, { reason: "Vi phạm quy định về ghi nhãn hàng hóa" }, "/quan-tri/doanh-nghiep");
    assert.equal(suspended.status, 303);
    assert.equal((await request(t.app).get(`/doanh-nghiep/${company.slug}`)).status, 404);
    const reinstated = await moderator.client.post(`/quan-tri/doanh-nghiep/${company.id}/khoi-phuc`, {}, "/quan-tri/doanh-nghiep");
    assert.equal(reinstated.status, 303);
    const stored = await t.models.enterprises.findById(company.id).lean();
    assert.equal(stored?.status, "verified");
    assert.equal(stored?.verifiedAt?.toISOString(), verifiedAt.toISOString());
    const actions = (await t.models.audit.find({ "subject.id": company.id }).sort({ at: 1 }).lean()).map((e) => `${e.action}:${e.from}->${e.to}`);
    assert.deepEqual(actions, ["enterprise.suspended:verified->suspended", "enterprise.reinstated:suspended->verified"]);
  });

  it("when a verified enterprise has OCOP products and certificates, then its storefront shows the highest OCOP stars, each certificate's validity (expired ones marked), a map link and its products by category", async () => {
    const company = await storedEnterprise(t, {
      location: { lat: 13.9833, lng: 108.0 },
      certifications: [
        { kind: "vietgap", number: "VG-2024-118", issuer: "Cục Trồng trọt", expiresAt: new Date("2099-06-30T00:00:00Z") },
        { kind: "haccp", number: "HACCP-0915", issuer: "Bureau Veritas", expiresAt: new Date("2020-01-31T00:00:00Z") },
      ],
    });
    await publishedProduct(t, company.id, { name: { vi: "Cà phê Robusta loại 1", en: "" }, ocop: { stars: 4, certificateNo: "OCOP-1", expiresAt: new Date("2099-01-01") } });
    await publishedProduct(t, company.id, { name: { vi: "Cà phê Robusta loại 2", en: "" }, ocop: { stars: 3, certificateNo: "OCOP-2", expiresAt: new Date("2099-01-01") } });
    await publishedProduct(t, company.id, { name: { vi: "Hạt tiêu đen", en: "" }, category: "ho-tieu" });
    await publishedProduct(t, company.id, { name: { vi: "Bản nháp không hiện", en: "" }, status: "draft", publishedAt: null });

    const res = await request(t.app).get(`/doanh-nghiep/${company.slug}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /badge-verified">Đã được Sở Công Thương xác minh ngày 06\/10\/2025/);
    assert.match(res.text, /OCOP 4★/);
    assert.doesNotMatch(res.text, /OCOP 5★/);
    assert.match(res.text, /VietGAP —\s*còn hiệu lực đến 30\/06\/2099/);
    assert.match(res.text, /badge badge-expired">\s*HACCP —\s*đã hết hạn ngày 31\/01\/2020/);
    assert.match(res.text.replace(/&#x3D;/g, "="), /href="https:\/\/www\.openstreetmap\.org\/\?mlat=13\.9833&amp;mlon=108#map=16\/13\.9833\/108"/);
    assert.match(res.text, /Hạt tiêu đen/);
    assert.doesNotMatch(res.text, /Bản nháp không hiện/);

    const pepper = await request(t.app).get(`/doanh-nghiep/${company.slug}?category=ho-tieu`);
    assert.match(pepper.text, /Hạt tiêu đen/);
    assert.doesNotMatch(pepper.text, /Cà phê Robusta loại 1/);
    const parent = await request(t.app).get(`/doanh-nghiep/${company.slug}?category=nong-san`);
    assert.match(parent.text, /Hạt tiêu đen/);
    assert.match(parent.text, /Cà phê Robusta loại 1/);
  });

  it("when a storefront has more than 12 published products, then they are paginated 12 per page", async () => {
    const company = await storedEnterprise(t);
    for (let i = 1; i <= 14; i += 1) {
      await publishedProduct(t, company.id, { name: { vi: `Mặt hàng số ${String(i).padStart(2, "0")}`, en: "" }, publishedAt: new Date(Date.UTC(2025, 0, i)) });
    }
    const first = await request(t.app).get(`/doanh-nghiep/${company.slug}`);
    assert.equal((first.text.match(/Mặt hàng số \d\d/g) ?? []).length, 12);
    assert.match(first.text.replace(/&#x3D;/g, "="), new RegExp(`href="/doanh-nghiep/${company.slug}\\?page=2"`));
    const second = await request(t.app).get(`/doanh-nghiep/${company.slug}?page=2`);
    assert.deepEqual(second.text.match(/Mặt hàng số \d\d/g)?.sort(), ["Mặt hàng số 01", "Mặt hàng số 02"]);
  });
});

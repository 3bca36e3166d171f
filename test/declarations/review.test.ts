import assert from "node:assert/strict";
import { Types } from "mongoose";
import { declarationParties, lastMonth, validDeclaration, validLine } from "../support/declarations.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

function expectStatus<R extends { status: number; text: string }>(res: R, status: number): R {
  assert.equal(res.status, status, res.text.slice(0, 500));
  return res;
}

const CONTEXT = { actor: { userId: null, email: null, kind: "user" as const }, ip: null, userAgent: null };

describe("the department's review of import-export declarations", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => stopTestApp(t));

  /** A verified enterprise with a submitted declaration, its owner, and a moderator. */
  async function submitted(input: Record<string, unknown> = {}) {
    const parties = await declarationParties(t);
    const filed = await t.services.declarations.file(
      CONTEXT,
      { kind: "user", userId: parties.owner.id, role: "user" },
      { enterpriseId: parties.enterprise.id, input: validDeclaration(input), channel: "upload" },
    );
    return { ...parties, id: filed._id.toString(), receiptNumber: filed.receiptNumber };
  }
  const stored = (id: string) => t.models.declarations.findById(id).lean().orFail();
  const reviewOf = (id: string) => `/quan-tri/to-khai/${id}`;

  it("when a moderator opens the queue, then the submitted declaration is listed with its receipt, enterprise, period, lines and total, and filters narrow it", async () => {
    const { moderator, enterprise, id, receiptNumber } = await submitted();
    const page = await moderator.client.get("/quan-tri/to-khai?lang=vi").expect(200);
    assert.match(page.text, new RegExp(`href="/quan-tri/to-khai/${id}">${receiptNumber}</a>`));
    assert.match(page.text, new RegExp(enterprise.name));
    assert.match(page.text, new RegExp(`<option value="${enterprise.id}">${enterprise.name}</option>`), "the enterprise filter offers it");
    assert.match(page.text, new RegExp(`<td>${lastMonth().key}</td>`));
    assert.match(page.text, /US\$|\$/);
    assert.ok(page.text.includes("59.705,00"), "total of the two lines: 46,080.00 + 13,625.00 USD");

    const byEnterprise = await moderator.client.get(`/quan-tri/to-khai?enterprise=${enterprise.id}&direction=export&period=${lastMonth().key}&status=submitted`).expect(200);
    assert.match(byEnterprise.text, new RegExp(receiptNumber));
    assert.match(byEnterprise.text, /Số tờ khai: 1/);
    const imports = await moderator.client.get(`/quan-tri/to-khai?enterprise=${enterprise.id}&direction=import`).expect(200);
    assert.doesNotMatch(imports.text, new RegExp(receiptNumber));
    const badPeriod = await moderator.client.get("/quan-tri/to-khai?period=2026-13").expect(422);
    assert.match(badPeriod.text, /Kỳ báo cáo không hợp lệ|Invalid reporting period/);
  });

  it("when a review is past its due date, then the overdue filter lists it flagged and the console counts it", async () => {
    const late = await submitted();
    const onTime = await submitted();
    await t.models.declarations.updateOne({ _id: late.id }, { $set: { reviewDueAt: new Date(Date.now() - 86_400_000) } });
    const page = await late.moderator.client.get("/quan-tri/to-khai?overdue=1&lang=vi").expect(200);
    assert.match(page.text, new RegExp(late.receiptNumber));
    assert.doesNotMatch(page.text, new RegExp(onTime.receiptNumber));
    assert.match(page.text, /<tr class="overdue">/);
    assert.match(page.text, /badge badge-expired">Quá hạn</);

    const console = await late.moderator.client.get("/quan-tri?lang=vi").expect(200);
    const waiting = await t.models.declarations.countDocuments({ status: "submitted" });
    assert.match(console.text, new RegExp(`Đang chờ xử lý: ${waiting}`));
    assert.match(console.text, /href="\/quan-tri\/to-khai\?overdue=1"><span class="badge badge-expired">Quá hạn xử lý: 1</);
  });

  it("when a moderator accepts before starting the review, then it is refused with the message and nothing changes", async () => {
    const { moderator, id } = await submitted();
    const res = expectStatus(await moderator.client.post(`${reviewOf(id)}/tiep-nhan?lang=vi`, {}, reviewOf(id)), 409);
    assert.match(res.text, /Không thể thực hiện|not possible/);
    const declaration = await stored(id);
    assert.equal(declaration.status, "submitted");
    assert.equal(declaration.acceptedSlot, id);
  });

  it("when a moderator starts the review and then accepts, then the declaration is accepted, audited and shown so", async () => {
    const { moderator, id } = await submitted();
    const started = expectStatus(await moderator.client.post(`${reviewOf(id)}/bat-dau`, {}, reviewOf(id)), 303);
    assert.equal(started.headers.location, `${reviewOf(id)}?ok=bat-dau`);
    assert.equal((await stored(id)).status, "under_review");
    expectStatus(await moderator.client.post(`${reviewOf(id)}/bat-dau`, {}, reviewOf(id)), 409);
    expectStatus(await moderator.client.post(`${reviewOf(id)}/tiep-nhan`, { note: "" }, reviewOf(id)), 303);
    const declaration = await stored(id);
    assert.equal(declaration.status, "accepted");
    assert.ok(declaration.decidedAt);
    const audit = await t.models.audit.find({ "subject.id": id }).lean();
    assert.deepEqual(audit.map((entry) => entry.action).filter((action) => action.startsWith("declaration.r") || action === "declaration.accepted").sort(), ["declaration.accepted", "declaration.review_started"]);
    const page = await moderator.client.get(`${reviewOf(id)}?lang=en`).expect(200);
    assert.match(page.text, /<span class="badge">Accepted<\/span>/);
    assert.doesNotMatch(page.text, /action="\/quan-tri\/to-khai\/[a-f\d]+\/tiep-nhan"/);
  });

  it("when a moderator rejects without a reason, then 422 with the message; with a reason, then rejected with it stored", async () => {
    const { moderator, id } = await submitted();
    expectStatus(await moderator.client.post(`${reviewOf(id)}/bat-dau`, {}, reviewOf(id)), 303);
    const refused = expectStatus(await moderator.client.post(`${reviewOf(id)}/tu-choi?lang=vi`, { reason: "  " }, reviewOf(id)), 422);
    assert.match(refused.text, /<p class="field-error" id="reject-reason-error">[^<]+<\/p>/);
    assert.equal((await stored(id)).status, "under_review");

    const reason = "Doanh nghiệp kê khai sai kỳ báo cáo";
    expectStatus(await moderator.client.post(`${reviewOf(id)}/tu-choi`, { reason }, reviewOf(id)), 303);
    const declaration = await stored(id);
    assert.equal(declaration.status, "rejected");
    assert.equal(declaration.review.reason, reason);
    const version = await t.models.declarationVersions.findOne({ declarationId: new Types.ObjectId(id) }).lean().orFail();
    assert.equal(version.outcome.status, "rejected");
    assert.equal(version.outcome.reason, reason);
  });

  it("when a moderator returns a declaration with a general note and a note per line, then both are stored on the declaration and on its version", async () => {
    const { moderator, id } = await submitted();
    expectStatus(await moderator.client.post(`${reviewOf(id)}/bat-dau`, {}, reviewOf(id)), 303);
    const form = await moderator.client.get(reviewOf(id)).expect(200);
    assert.match(form.text, /name="lineNote\[0\]" form="return-form"/);
    assert.match(form.text, /name="lineNote\[1\]" form="return-form"/);

    const note = "Đề nghị bổ sung chứng từ và kiểm tra lại trị giá";
    expectStatus(await moderator.client.post(`${reviewOf(id)}/tra-lai`, { note, "lineNote[0]": "", "lineNote[1]": "Trị giá USD không khớp hóa đơn" }, reviewOf(id)), 303);
    const declaration = await stored(id);
    assert.equal(declaration.status, "returned");
    assert.equal(declaration.review.note, note);
    assert.deepEqual(declaration.review.lineNotes, [{ line: 1, note: "Trị giá USD không khớp hóa đơn" }]);
    const version = await t.models.declarationVersions.findOne({ declarationId: new Types.ObjectId(id), version: 1 }).lean().orFail();
    assert.equal(version.outcome.status, "returned");
    assert.equal(version.outcome.note, note);
    assert.deepEqual(version.outcome.lineNotes, [{ line: 1, note: "Trị giá USD không khớp hóa đơn" }]);

    const page = await moderator.client.get(`${reviewOf(id)}?lang=vi`).expect(200);
    assert.match(page.text, /Ý kiến cho dòng 2: Trị giá USD không khớp hóa đơn/);
  });

  it("when a return names a line the declaration does not have, or says nothing, then 422 and the typed notes are kept", async () => {
    const { moderator, id } = await submitted();
    expectStatus(await moderator.client.post(`${reviewOf(id)}/bat-dau`, {}, reviewOf(id)), 303);
    const empty = expectStatus(await moderator.client.post(`${reviewOf(id)}/tra-lai?lang=vi`, { note: "" }, reviewOf(id)), 422);
    assert.match(empty.text, /id="return-note-error"/);
    const wrong = expectStatus(await moderator.client.post(`${reviewOf(id)}/tra-lai`, { note: "Kiểm tra lại", "lineNote[7]": "Dòng không tồn tại" }, reviewOf(id)), 422);
    assert.match(wrong.text, /Kiểm tra lại<\/textarea>/);
    assert.equal((await stored(id)).status, "under_review");
  });

  it("when someone who is not a moderator tries the queue, the review page or a move, then 403 and nothing changes", async () => {
    const { owner, id } = await submitted();
    await owner.client.get("/quan-tri/to-khai").expect(403);
    await owner.client.get(reviewOf(id)).expect(403);
    expectStatus(await owner.client.post(`${reviewOf(id)}/bat-dau`, {}, "/tai-khoan"), 403);
    assert.equal((await stored(id)).status, "submitted");
  });

  it("when a moderator opens a declaration, then the enterprise, lines, attachments' links and duplicate customs numbers are shown", async () => {
    const first = await submitted();
    // Another enterprise reports the same customs declaration number in the same period.
    const second = await submitted({ lines: [validLine(lastMonth(), { customsNumber: "305123456789" })] });
    const fileId = new Types.ObjectId();
    await t.models.declarations.updateOne(
      { _id: second.id },
      { $push: { attachments: { fileId, name: "hoa-don.pdf", kind: "invoice", contentType: "application/pdf", size: 20_480, uploadedAt: new Date() } } },
    );
    const page = await second.moderator.client.get(`${reviewOf(second.id)}?lang=vi`).expect(200);
    assert.match(page.text, new RegExp(second.enterprise.taxCode));
    assert.match(page.text, /Cà phê Robusta nhân xô, chưa rang/);
    assert.match(page.text, /Nhật Bản \(JP\)/);
    assert.match(page.text, new RegExp(`href="/to-khai/${second.id}/tep/${fileId.toString()}">hoa-don.pdf</a>`));
    assert.match(page.text, /Cảnh báo: các số tờ khai hải quan sau/);
    assert.match(page.text, /305123456789 <span class="badge badge-expired">Trùng số<\/span>/);
    assert.match(page.text, /Lần nộp thứ 1/);
    assert.ok(first.id);
  });
});

import assert from "node:assert/strict";
import { declarationParties, validDeclaration } from "../support/declarations.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

describe("declaration transitions are audited and notified (in-app and by email)", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => stopTestApp(t));

  it("when a declaration is submitted, taken for review and returned, then the enterprise and the department hear of each step, and the audit log has each move", async () => {
    const { enterprise, owner, moderator } = await declarationParties(t);
    const ownerEmail = (await t.models.users.findById(owner.id).lean())!.email;
    const staff = await t.services.users.upsertUser({ email: `nhan-vien-${process.pid}@caphedakdoa.vn`, password: "Cà phê Pleiku sáng sớm", role: "user", name: "Staff" });
    await t.models.users.updateOne({ _id: staff.user.id }, { $set: { language: "en" } });
    await t.models.memberships.create({ enterpriseId: enterprise.id, userId: staff.user.id, role: "staff" });

    // The owner files through the API's service path (as the ERP would); the department acts through its pages.
    const filed = await t.services.declarations.file(
      { actor: { userId: owner.id, email: ownerEmail, kind: "user" }, ip: null, userAgent: null },
      { kind: "user", userId: owner.id, role: "user" },
      { enterpriseId: enterprise.id, input: validDeclaration(), channel: "api" },
    );
    const id = filed._id.toString();
    const review = `/quan-tri/to-khai/${id}`;
    assert.equal((await moderator.client.post(`${review}/bat-dau`, {}, review)).status, 303);
    assert.equal((await moderator.client.post(`${review}/tra-lai`, { note: "Bổ sung hóa đơn thương mại cho dòng 2." }, review)).status, 303);

    const ownerPage = await owner.client.get("/thong-bao").expect(200);
    for (const text of [`Tờ khai ${filed.receiptNumber} đã được nộp`, `Tờ khai ${filed.receiptNumber} đang được Sở Công Thương xem xét`, `Tờ khai ${filed.receiptNumber} được trả lại để bổ sung`]) {
      assert.ok(ownerPage.text.includes(text), `the owner is told: ${text}`);
    }
    assert.match(ownerPage.text, new RegExp(`href="/to-khai/${id}"`));
    const moderatorPage = await moderator.client.get("/thong-bao").expect(200);
    assert.ok(moderatorPage.text.includes(`Tờ khai mới ${filed.receiptNumber}`), "the department is told of the new declaration");

    const mail = await t.services.outbox!.latest(50);
    const to = (address: string) => mail.filter((message) => message.to === address).map((message) => message.subject);
    assert.ok(to(ownerEmail).some((subject) => subject.includes("được trả lại để bổ sung")), "the owner gets the return by email, in Vietnamese");
    const staffEmail = `nhan-vien-${process.pid}@caphedakdoa.vn`;
    assert.ok(to(staffEmail).some((subject) => subject.includes("was returned for correction")), "a staff member who reads English gets it in English");
    assert.ok(mail.filter((message) => message.to === staffEmail).every((message) => message.text.includes(`/to-khai/${id}`)), "each email links to the declaration");

    const moves = await t.models.audit.find({ "subject.type": "declaration", "subject.id": id }).sort({ at: 1 }).lean();
    assert.deepEqual(
      moves.map((entry) => [entry.action, entry.from, entry.to]),
      [
        ["declaration.draft_created", null, "draft"],
        ["declaration.submitted", "draft", "submitted"],
        ["declaration.review_started", "submitted", "under_review"],
        ["declaration.returned", "under_review", "returned"],
      ],
    );
    assert.equal(moves.at(-1)?.actor.userId, moderator.id, "the audit names the moderator who returned it");
    assert.equal(moves.at(-1)?.reason, "Bổ sung hóa đơn thương mại cho dòng 2.");
  });
});

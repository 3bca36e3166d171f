import assert from "node:assert/strict";
import request from "supertest";
import { signIn } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { seedDemoCatalogue } from "../../src/seed/seed.ts";

const PASSWORD = "Cà phê Pleiku sáng sớm";

describe("the department's console", () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp();
    await seedDemoCatalogue(testApp.areas);
    await testApp.services.users.upsertUser({ email: "kiemduyet@sct.gialai.gov.vn", password: PASSWORD, role: "moderator" });
    await testApp.services.users.upsertUser({ email: "nguoimua@example.vn", password: PASSWORD, role: "user" });
  });
  after(() => stopTestApp(testApp));

  it("when a moderator opens /quan-tri, then it shows the pending enterprises and listings counted from the database", async () => {
    const moderator = await signIn(testApp.app, "kiemduyet@sct.gialai.gov.vn", PASSWORD);
    const page = await moderator.get("/quan-tri").expect(200);
    const pending = await testApp.models.enterprises.countDocuments({ status: "pending" });
    assert.ok(pending > 0);
    assert.match(page.text, new RegExp(`Đang chờ xử lý: ${pending}`));
    assert.doesNotMatch(page.text, /href="\/quan-tri\/nguoi-dung"/, "user management is for administrators");
  });

  it("when a buyer or a visitor opens /quan-tri, then the buyer gets 403 and the visitor is sent to sign in", async () => {
    const buyer = await signIn(testApp.app, "nguoimua@example.vn", PASSWORD);
    await buyer.get("/quan-tri").expect(403);
    const visitor = await request(testApp.app).get("/quan-tri").expect(303);
    assert.equal(visitor.headers.location, "/dang-nhap?returnTo=%2Fquan-tri");
  });
});

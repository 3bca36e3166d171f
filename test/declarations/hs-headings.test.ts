import assert from "node:assert/strict";
import request from "supertest";
import { declarationParties, lastMonth, validDeclaration, validLine } from "../support/declarations.ts";
import { hsCsvOrSkip } from "../support/shared-data.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

describe("declaration HS codes against a loaded nomenclature", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => stopTestApp(t));

  const ctx = { actor: { userId: null, email: null, kind: "system" as const }, ip: null, userAgent: null };

  async function erp() {
    const parties = await declarationParties(t);
    const { token } = await t.services.apiTokens.create(ctx, { enterpriseId: parties.enterprise.id, actorUserId: parties.owner.id, name: "ERP" });
    return { ...parties, auth: `Bearer ${token}` };
  }

  it("when no nomenclature is loaded, then a code in a real chapter with an unknown heading passes (format and chapter only)", async () => {
    const { auth } = await erp();
    const period = lastMonth();
    const res = await request(t.app)
      .post("/api/v1/declarations")
      .set("Authorization", auth)
      .send(validDeclaration({ lines: [validLine(period, { hsCode: "09990000" })] }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });

  it("when the public HS list is loaded, then an unknown heading is refused on its line and known headings pass", async function () {
    await t.services.nomenclature.importCsv(hsCsvOrSkip(this));
    const { enterprise, auth } = await erp();
    const period = lastMonth();
    const lines = [validLine(period), validLine(period, { hsCode: "0999.00.00", customsNumber: "305123456791" }), validLine(period, { hsCode: "9801.00.00", customsNumber: "305123456792" })];
    const res = await request(t.app).post("/api/v1/declarations").set("Authorization", auth).send(validDeclaration({ lines }));
    assert.equal(res.status, 422);
    const problems = Object.fromEntries(res.body.error.errors.map((error: { path: string; message: string }) => [error.path, error.message]));
    assert.deepEqual(Object.keys(problems).sort(), ["/lines/1/hsCode", "/lines/2/hsCode"]);
    assert.match(problems["/lines/1/hsCode"], /danh mục HS/);
    assert.match(problems["/lines/2/hsCode"], /chương/);
    assert.equal(await t.models.declarations.countDocuments({ enterpriseId: enterprise.id }), 0);

    const valid = await request(t.app).post("/api/v1/declarations").set("Authorization", auth).send(validDeclaration());
    assert.equal(valid.status, 201, JSON.stringify(valid.body));
  });
});

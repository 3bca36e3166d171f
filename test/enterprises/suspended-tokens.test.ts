import assert from "node:assert/strict";
import request from "supertest";
import { declarationParties } from "../support/declarations.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

describe("API tokens of a suspended enterprise", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => stopTestApp(t));

  it("when the department suspends an enterprise, then its tokens are refused (401) until it is reinstated", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const system = { actor: { userId: null, email: null, kind: "system" as const }, ip: null, userAgent: null };
    const { token } = await t.services.apiTokens.create(system, { enterpriseId: enterprise.id, actorUserId: owner.id, name: "ERP" });
    const call = () => request(t.app).get("/api/v1/declarations").set("Authorization", `Bearer ${token}`);
    assert.equal((await call()).status, 200);

    await t.services.enterpriseVerification.decide(system, { enterpriseId: enterprise.id, action: "suspend", reason: "Vi phạm quy chế sàn" });
    const refused = await call();
    assert.equal(refused.status, 401);
    assert.equal(await t.models.declarations.countDocuments({ enterpriseId: enterprise.id }), 0);

    await t.services.enterpriseVerification.decide(system, { enterpriseId: enterprise.id, action: "reinstate" });
    assert.equal((await call()).status, 200);
  });
});

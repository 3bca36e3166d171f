import assert from "node:assert/strict";
import request from "supertest";
import { declarationParties, lastMonth, validDeclaration, validLine } from "../support/declarations.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

describe("declaration API for an enterprise's ERP (bearer API token)", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => stopTestApp(t));

  const ctx = { actor: { userId: null, email: null, kind: "system" as const }, ip: null, userAgent: null };
  const api = () => request(t.app);

  async function erp() {
    const parties = await declarationParties(t);
    const { token } = await t.services.apiTokens.create(ctx, { enterpriseId: parties.enterprise.id, actorUserId: parties.owner.id, name: "ERP" });
    return { ...parties, auth: `Bearer ${token}` };
  }
  const stored = (enterpriseId: string) => t.models.declarations.find({ enterpriseId }).lean();
  const pathsOf = (body: { error: { errors: { path: string }[] } }) => body.error.errors.map((error) => error.path).sort();

  it("when the ERP posts a valid declaration, then it is filed (201 with the receipt) and the stored totals are the server's sums", async () => {
    const { enterprise, auth } = await erp();
    const res = await api().post("/api/v1/declarations").set("Authorization", auth).send(validDeclaration());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.receiptNumber, /^XNK-\d{4}-\d{6}$/);
    assert.equal(res.body.status, "submitted");
    assert.equal(res.body.version, 1);
    assert.equal(res.body.correctionOf, null);
    assert.ok(res.body.submittedAt && res.body.reviewDueAt);
    assert.equal(res.headers.location, `/api/v1/declarations/${res.body.id}`);
    assert.deepEqual(res.body.totals, {
      lineCount: 2,
      valueUsdCents: 4_608_000 + 1_362_500,
      valueUsd: "59705.00",
      byCurrency: [{ currency: "EUR", valueMinor: 1_250_000, value: "12500.00" }, { currency: "USD", valueMinor: 4_608_000, value: "46080.00" }],
    });

    const [doc] = await stored(enterprise.id);
    assert.equal(doc?._id.toString(), res.body.id);
    assert.equal(doc?.status, "submitted");
    assert.equal(doc?.totals.valueUsdCents, 5_970_500);
    assert.deepEqual(doc?.totals.byCurrency.map(({ currency, valueMinor }) => [currency, valueMinor]), [["EUR", 1_250_000], ["USD", 4_608_000]]);
    const version = await t.models.declarationVersions.findOne({ declarationId: doc._id }).lean();
    assert.equal(version?.channel, "api");
  });

  it("when a client sends its own totals, then they are refused as an unknown field and nothing is stored", async () => {
    const { enterprise, auth } = await erp();
    const res = await api().post("/api/v1/declarations").set("Authorization", auth).send({ ...validDeclaration(), totals: { valueUsdCents: 1 } });
    assert.equal(res.status, 422);
    assert.equal((await stored(enterprise.id)).length, 0);
  });

  it("when header and lines are bad, then the answer is 422 listing every problem with its JSON path, in Vietnamese, and nothing is stored", async () => {
    const { enterprise, auth } = await erp();
    const period = lastMonth();
    const body = validDeclaration({
      contact: { name: "Nguyễn Thị Hồng Nhung", phone: "0269 3824 567", email: "khong-phai-thu" },
      lines: [
        validLine(period, { hsCode: "0901.11" }),
        validLine(period, { hsCode: "7701.00.00" }),
        validLine(period, { hsCode: "9801.00.00" }),
        validLine(period, { partnerCountry: "XX" }),
        validLine(period, { quantity: "-5" }),
        validLine(period, { quantity: 0 }),
        validLine(period, { customsNumber: "30512345678" }),
        validLine(period, { customsNumber: "3051234567890" }),
        validLine(period, { currency: "" }),
        validLine(period),
      ],
    });
    const res = await api().post("/api/v1/declarations").set("Authorization", auth).send(body);
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.error.code, "validation_failed");
    assert.deepEqual(pathsOf(res.body), [
      "/contact/email",
      "/lines/0/hsCode",
      "/lines/1/hsCode",
      "/lines/2/hsCode",
      "/lines/3/partnerCountry",
      "/lines/4/quantity",
      "/lines/5/quantity",
      "/lines/6/customsNumber",
      "/lines/7/customsNumber",
      "/lines/8/currency",
    ].sort());
    const message = (path: string) => res.body.error.errors.find((error: { path: string }) => error.path === path)?.message;
    assert.match(message("/lines/1/hsCode"), /chương có thật/);
    assert.match(message("/lines/6/customsNumber"), /12 chữ số/);
    assert.match(message("/lines/8/currency"), /loại tiền/);
    assert.equal(res.body.error.fields["lines.3.partnerCountry"], message("/lines/3/partnerCountry"));
    assert.equal((await stored(enterprise.id)).length, 0);

    const english = await api().post("/api/v1/declarations").set("Authorization", auth).set("Accept-Language", "en-GB,en;q=0.9").send(body);
    assert.match(english.body.error.errors.find((error: { path: string }) => error.path === "/lines/6/customsNumber").message, /exactly 12 digits/i);
    const query = await api().post("/api/v1/declarations?lang=en").set("Authorization", auth).send({ ...body, period: "2026-13" });
    assert.match(query.body.error.errors.find((error: { path: string }) => error.path === "/period").message, /period/i);
  });

  it("when the body is malformed (no direction, lines not a list), then the answer is 422 naming those paths", async () => {
    const { auth } = await erp();
    const res = await api().post("/api/v1/declarations").set("Authorization", auth).send({ period: lastMonth().key, contact: {}, lines: "nhiều dòng" });
    assert.equal(res.status, 422);
    assert.deepEqual(pathsOf(res.body), ["/direction", "/lines"]);
  });

  it("when there is no token or a wrong one, then the answer is 401 and nothing is stored", async () => {
    const { enterprise } = await erp();
    const none = await api().post("/api/v1/declarations").send(validDeclaration());
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, "unauthenticated");
    const wrong = await api().post("/api/v1/declarations").set("Authorization", `Bearer glx_${"x".repeat(43)}`).send(validDeclaration());
    assert.equal(wrong.status, 401);
    assert.equal((await api().get("/api/v1/declarations")).status, 401);
    assert.equal((await stored(enterprise.id)).length, 0);
  });

  it("when a token names another enterprise (path or body), then the answer is 403, and that enterprise's declarations stay unseen", async () => {
    const mine = await erp();
    const other = await erp();
    const filed = await api().post("/api/v1/declarations").set("Authorization", other.auth).send(validDeclaration());
    assert.equal(filed.status, 201);

    const byPath = await api().post(`/api/v1/enterprises/${other.enterprise.id}/declarations`).set("Authorization", mine.auth).send(validDeclaration());
    assert.equal(byPath.status, 403);
    assert.equal(byPath.body.error.code, "forbidden");
    const bySlug = await api().post(`/api/v1/enterprises/${other.enterprise.slug}/declarations`).set("Authorization", mine.auth).send(validDeclaration());
    assert.equal(bySlug.status, 403);
    const byBody = await api().post("/api/v1/declarations").set("Authorization", mine.auth).send({ ...validDeclaration(), enterpriseId: other.enterprise.id });
    assert.equal(byBody.status, 403);
    assert.equal((await stored(mine.enterprise.id)).length, 0);

    const read = await api().get(`/api/v1/declarations/${filed.body.id}`).set("Authorization", mine.auth);
    assert.equal(read.status, 404);
    const list = await api().get("/api/v1/declarations").set("Authorization", mine.auth);
    assert.deepEqual(list.body.declarations, []);

    const ownPath = await api().post(`/api/v1/enterprises/${mine.enterprise.slug}/declarations`).set("Authorization", mine.auth).send(validDeclaration());
    assert.equal(ownPath.status, 201, JSON.stringify(ownPath.body));
  });

  it("when a declaration for the same period and direction is still open, then a second one is 409 naming it", async () => {
    const { enterprise, auth } = await erp();
    const first = await api().post("/api/v1/declarations").set("Authorization", auth).send(validDeclaration());
    assert.equal(first.status, 201);
    const second = await api().post("/api/v1/declarations").set("Authorization", auth).send(validDeclaration());
    assert.equal(second.status, 409);
    assert.equal(second.body.error.code, "conflict");
    assert.equal(second.body.error.existingId, first.body.id);
    assert.equal((await stored(enterprise.id)).length, 1);
    const imports = await api().post("/api/v1/declarations").set("Authorization", auth).send(validDeclaration({ direction: "import" }));
    assert.equal(imports.status, 201);
  });

  it("when the first declaration was accepted, then a second for the same period and direction is filed as its correction", async () => {
    const { auth, moderator } = await erp();
    const first = await api().post("/api/v1/declarations").set("Authorization", auth).send(validDeclaration());
    const department = { kind: "user" as const, userId: moderator.id, role: "moderator" as const };
    await t.services.declarationReview.decide(ctx, department, { declarationId: first.body.id, action: "start" });
    await t.services.declarationReview.decide(ctx, department, { declarationId: first.body.id, action: "accept" });

    const correction = await api().post("/api/v1/declarations").set("Authorization", auth).send(validDeclaration({ lines: [validLine()] }));
    assert.equal(correction.status, 201, JSON.stringify(correction.body));
    assert.equal(correction.body.correctionOf, first.body.id);
    assert.equal(correction.body.totals.lineCount, 1);
    const doc = await t.models.declarations.findById(correction.body.id).lean();
    assert.equal(doc?.correctionOf?.toString(), first.body.id);
  });

  it("when the ERP reads its declarations, then it gets the status, receipt and review notes, filtered by period", async () => {
    const { auth, moderator } = await erp();
    const filed = await api().post("/api/v1/declarations").set("Authorization", auth).send(validDeclaration());
    const department = { kind: "user" as const, userId: moderator.id, role: "moderator" as const };
    await t.services.declarationReview.decide(ctx, department, { declarationId: filed.body.id, action: "start" });
    await t.services.declarationReview.decide(ctx, department, {
      declarationId: filed.body.id,
      action: "return",
      input: { note: "Bổ sung trị giá USD của dòng 2.", lineNotes: [{ line: 1, note: "Tỷ giá chưa đúng." }] },
    });

    const one = await api().get(`/api/v1/declarations/${filed.body.id}`).set("Authorization", auth);
    assert.equal(one.status, 200);
    assert.equal(one.body.declaration.status, "returned");
    assert.equal(one.body.declaration.receiptNumber, filed.body.receiptNumber);
    assert.equal(one.body.declaration.review.note, "Bổ sung trị giá USD của dòng 2.");
    assert.deepEqual(one.body.declaration.review.lineNotes, [{ line: 1, note: "Tỷ giá chưa đúng." }]);
    assert.equal(one.body.declaration.lines.length, 2);
    assert.equal(one.body.declaration.history[0].version, 1);

    const list = await api().get(`/api/v1/declarations?period=${lastMonth().key}`).set("Authorization", auth);
    assert.deepEqual(list.body.declarations.map((item: { id: string }) => item.id), [filed.body.id]);
    const none = await api().get("/api/v1/declarations?period=2001-01").set("Authorization", auth);
    assert.deepEqual(none.body.declarations, []);
    const bad = await api().get("/api/v1/declarations?period=hom-qua").set("Authorization", auth);
    assert.equal(bad.status, 422);
    assert.deepEqual(pathsOf(bad.body), ["/period"]);
  });

  it("when the ERP posts 1,500 lines (beyond the site's 100 kB body limit), then the declaration is filed; the same body without a token is refused unread (401)", async () => {
    const { enterprise, auth } = await erp();
    const period = lastMonth();
    const lines = Array.from({ length: 1_500 }, (_, index) => validLine(period, { customsNumber: String(305_100_000_000 + index) }));
    const body = validDeclaration({ lines });
    assert.ok(JSON.stringify(body).length > 300_000);
    const res = await api().post("/api/v1/declarations").set("Authorization", auth).send(body);
    assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 300));
    assert.equal(res.body.totals.lineCount, 1_500);
    assert.equal(res.body.totals.valueUsdCents, 1_500 * 4_608_000);
    const anonymous = await api().post("/api/v1/declarations").send(body);
    assert.equal(anonymous.status, 401);
    assert.equal((await stored(enterprise.id)).length, 1);
  });

  it("when the body hides a query operator, then the body guard still refuses it (400)", async () => {
    const { auth } = await erp();
    const res = await api().post("/api/v1/declarations").set("Authorization", auth).send({ ...validDeclaration(), contact: { $where: "1" } });
    assert.equal(res.status, 400);
  });
});

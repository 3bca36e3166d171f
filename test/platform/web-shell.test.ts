import assert from "node:assert/strict";
import request from "supertest";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

describe("web shell: pages, languages, errors", () => {
  let testApp: TestApp | undefined;
  before(async () => {
    testApp = await startTestApp();
  });
  after(() => stopTestApp(testApp));

  it("when a visitor opens the home page, then it is Vietnamese, styled, and under a CSP", async () => {
    const res = await request(testApp!.app).get("/").expect(200);
    assert.match(res.text, /<html lang="vi"/);
    assert.match(res.text, /Sàn giao dịch thương mại Gia Lai/);
    assert.match(res.text, /href="\/css\/site.css"/);
    assert.match(res.headers["content-security-policy"] ?? "", /script-src 'self'/);
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    assert.match(res.headers["x-request-id"] ?? "", /^[\w-]{8,}$/);
    assert.doesNotMatch(res.text, /returned an object|key '[\w.]+ \((vi|en)\)'/, "every message key resolves to text");
  });

  it("when the visitor picks English, then the page is English and the choice is remembered", async () => {
    const first = await request(testApp!.app).get("/?lang=en").expect(200);
    assert.match(first.text, /<html lang="en"/);
    assert.match(first.text, /Gia Lai Trade Exchange/);
    const cookie = (first.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("lang=en"));
    assert.ok(cookie, "a lang cookie is set");
    assert.match(cookie, /HttpOnly/i);
    const later = await request(testApp!.app).get("/").set("Cookie", "lang=en").expect(200);
    assert.match(later.text, /<html lang="en"/);
    const back = await request(testApp!.app).get("/?lang=vi").set("Cookie", "lang=en").expect(200);
    assert.match(back.text, /<html lang="vi"/);
  });

  it("when the language asked for is not offered, then the page stays Vietnamese", async () => {
    const res = await request(testApp!.app).get("/?lang=fr").expect(200);
    assert.match(res.text, /<html lang="vi"/);
    assert.equal(res.headers["set-cookie"], undefined);
  });

  it("when a page does not exist, then a 404 page says so in the visitor's language", async () => {
    const vi = await request(testApp!.app).get("/khong-co-trang-nay").expect(404);
    assert.match(vi.text, /Không tìm thấy trang/);
    assert.match(vi.headers["content-type"] ?? "", /text\/html/);
    const en = await request(testApp!.app).get("/no-such-page?lang=en").expect(404);
    assert.match(en.text, /Page not found/);
  });

  it("when an /api/ path does not exist, then the answer is JSON with a code and a request id", async () => {
    const res = await request(testApp!.app).get("/api/v1/nothing").set("X-Request-Id", "test-request-0001").expect(404);
    assert.equal(res.body.error.code, "not_found");
    assert.equal(res.body.error.requestId, "test-request-0001");
    assert.match(res.body.error.message, /không tồn tại/);
  });

  it("when a JSON body is malformed, then the API answers 400 in JSON", async () => {
    const res = await request(testApp!.app)
      .post("/api/v1/anything")
      .set("Content-Type", "application/json")
      .send("{not json")
      .expect(400);
    assert.equal(res.body.error.code, "entity_parse_failed");
  });

  it("when a body is larger than 100 kB, then it is refused with 413 before anything reads it", async () => {
    const res = await request(testApp!.app)
      .post("/api/v1/anything")
      .set("Content-Type", "application/json")
      .send(JSON.stringify({ text: "x".repeat(150_000) }))
      .expect(413);
    assert.equal(res.body.error.code, "entity_too_large");
  });

  it("when a JSON body hides a query operator deep inside, then it is refused with 400 naming the key", async () => {
    const res = await request(testApp!.app)
      .post("/api/v1/anything")
      .send({ filter: { nested: [{ price: { $where: "sleep(1000)" } }] } })
      .expect(400);
    assert.equal(res.body.error.key, "$where");
  });

  it("when static assets are requested, then they are served compressed", async () => {
    const res = await request(testApp!.app).get("/css/site.css").set("Accept-Encoding", "gzip").expect(200);
    assert.equal(res.headers["content-encoding"], "gzip");
  });

  it("when everything is up, then /healthz says ok for the database and the search index, with no index lag", async () => {
    const res = await request(testApp!.app).get("/healthz").expect(200);
    assert.deepEqual(res.body, { status: "ok", db: "ok", search: "ok", searchLag: 0 });
  });
});

describe("web shell when its services fail", () => {
  let testApp: TestApp | undefined;
  beforeEach(async () => {
    testApp = await startTestApp();
  });
  afterEach(() => stopTestApp(testApp));

  it("when the database connection is lost, then /healthz is 503 naming db, and pages answer 500 in the visitor's language", async () => {
    await testApp!.infrastructure.connection.close();
    const health = await request(testApp!.app).get("/healthz").expect(503);
    assert.equal(health.body.status, "down");
    assert.equal(health.body.db, "down");
    assert.equal(health.body.search, "ok");
    assert.ok(health.body.errors.db);

    const vi = await request(testApp!.app).get("/").expect(500);
    assert.match(vi.text, /Hệ thống đang gặp sự cố/);
    const en = await request(testApp!.app).get("/").set("Cookie", "lang=en").expect(500);
    assert.match(en.text, /<html lang="en"/);
    assert.doesNotMatch(en.text, /Mongo|Error:|\s+at \S+ \(/, "no internals leak to the visitor");
  });

  it("when the search index is closed, then /healthz is 503 naming search", async () => {
    await testApp!.infrastructure.search.close();
    const health = await request(testApp!.app).get("/healthz").expect(503);
    assert.deepEqual({ db: health.body.db, search: health.body.search }, { db: "ok", search: "down" });
  });
});

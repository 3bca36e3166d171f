import assert from "node:assert/strict";
import request from "supertest";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

describe("a configured Meilisearch that is unreachable at start-up", function () {
  let t: TestApp | undefined;
  afterEach(async () => stopTestApp(t));

  it("when the app starts, then it starts anyway, /healthz reports search down with the database up, and search answers 503", async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    t = await startTestApp({ MEILI_HOST: "http://127.0.0.1:9", MEILI_API_KEY: "test-key" });
    assert.equal(t.services.search.engine, "meilisearch");

    const health = await request(t.app).get("/healthz");
    assert.equal(health.status, 503);
    assert.equal(health.body.db, "ok");
    assert.equal(health.body.search, "down");
    assert.ok(health.body.errors.search);

    const search = await request(t.app).get("/api/v1/search/products?q=ca%20phe");
    assert.equal(search.status, 503);
    // The start-up catch-up fails (the worker retries it) rather than marking anything indexed.
    await assert.rejects(t.services.searchSync.catchUp());
  });
});

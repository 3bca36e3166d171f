import assert from "node:assert/strict";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

describe("concurrent updates of one document on FerretDB", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => stopTestApp(t));

  it("when two requests update different fields of the same document at the same moment, then neither update is lost", async () => {
    // FerretDB 1.24 on SQLite read-modify-writes outside a transaction; without the app's update turn
    // this probe lost one of the two updates in about a third of the pairs.
    const probes = t.infrastructure.connection.db!.collection<{ a: number; b: number; tags: string[] }>("concurrency_probe");
    const pairs = 150;
    let lost = 0;
    for (let pair = 0; pair < pairs; pair += 1) {
      const { insertedId } = await probes.insertOne({ a: 0, b: 0, tags: [] });
      await Promise.all([
        probes.updateOne({ _id: insertedId }, { $set: { a: 1 }, $push: { tags: "a" } }),
        probes.findOneAndUpdate({ _id: insertedId }, { $set: { b: 1 }, $push: { tags: "b" } }),
      ]);
      const doc = await probes.findOne({ _id: insertedId });
      if (doc?.a !== 1 || doc.b !== 1 || doc.tags.length !== 2) lost += 1;
    }
    assert.equal(lost, 0, `${lost} of ${pairs} pairs lost an update`);
  });

  it("when many requests increment one counter at once, then every increment counts", async () => {
    const counters = t.infrastructure.connection.db!.collection<{ _id: string; value: number }>("concurrency_counter");
    await counters.insertOne({ _id: "hits", value: 0 });
    await Promise.all(Array.from({ length: 100 }, () => counters.updateOne({ _id: "hits" }, { $inc: { value: 1 } })));
    assert.equal((await counters.findOne({ _id: "hits" }))?.value, 100);
  });
});

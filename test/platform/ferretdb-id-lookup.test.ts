import assert from "node:assert/strict";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

describe("the embedded FerretDB finds documents by _id through its index", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => stopTestApp(t));

  it("when a document is looked up by _id, then SQLite searches the _id index instead of scanning the table", async () => {
    // Unfixed, FerretDB 1.24 compares `->'$._id'` while its index is on `->"_id"`: every lookup,
    // update and delete by _id was a full scan (scripts/setup-tools.ts builds it with the fix).
    const db = t.infrastructure.connection.db!;
    const { insertedIds } = await db.collection("id_lookup_probe").insertMany(Array.from({ length: 50 }, (_, n) => ({ n })));
    const explained = await db.command({ explain: { find: "id_lookup_probe", filter: { _id: insertedIds[37] } } });
    const plan = (explained.queryPlanner?.Plan ?? []) as string[];
    assert.ok(plan.some((step) => /SEARCH .* USING INDEX .*__id_/.test(step)), `query plan: ${plan.join(" | ")}`);
    assert.equal(explained.filterPushdown, true);

    const updated = await db.collection("id_lookup_probe").updateOne({ _id: insertedIds[37] }, { $set: { seen: true } });
    assert.equal(updated.modifiedCount, 1);
    assert.deepEqual(await db.collection("id_lookup_probe").findOne({ _id: insertedIds[37] }, { projection: { _id: 0 } }), { n: 37, seen: true });
  });
});

import assert from "node:assert/strict";
import { UpdateTurns, type UpdateScope } from "../../src/platform/db/update-turns.ts";

/** Starts `scope`'s turn and holds it until `release()`; `started` says whether it has begun. */
function hold(turns: UpdateTurns, scope: UpdateScope) {
  let release!: () => void;
  const entry = { started: false, release: () => release(), done: Promise.resolve() };
  entry.done = turns.run(scope, () => {
    entry.started = true;
    return new Promise<void>((resolve) => (release = resolve));
  });
  return entry;
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("update turns (per collection, per document)", () => {
  it("when updates name different documents or collections, then they run together; the same document waits", async () => {
    const turns = new UpdateTurns("per-document");
    const a = hold(turns, { collection: "products", documents: ["o:1"] });
    const b = hold(turns, { collection: "products", documents: ["o:2"] });
    const sameAsA = hold(turns, { collection: "products", documents: ["o:1"] });
    const other = hold(turns, { collection: "sessions", documents: "all" });
    await tick();
    assert.deepEqual([a.started, b.started, sameAsA.started, other.started], [true, true, false, true]);
    a.release();
    await a.done;
    await tick();
    assert.equal(sameAsA.started, true);
    for (const entry of [b, sameAsA, other]) entry.release();
  });

  it("when a whole-collection update arrives, then it waits for the document updates in flight and later ones wait for it", async () => {
    const turns = new UpdateTurns("per-document");
    const doc = hold(turns, { collection: "products", documents: ["o:1"] });
    const whole = hold(turns, { collection: "products", documents: "all" });
    const later = hold(turns, { collection: "products", documents: ["o:2"] });
    await tick();
    assert.deepEqual([doc.started, whole.started, later.started], [true, false, false]);
    doc.release();
    await doc.done;
    await tick();
    assert.deepEqual([whole.started, later.started], [true, false]);
    whole.release();
    await whole.done;
    await tick();
    assert.equal(later.started, true);
    later.release();
  });

  it("when the mode is global, then every update waits for the one before, whatever it names", async () => {
    const turns = new UpdateTurns("global");
    const first = hold(turns, { collection: "products", documents: ["o:1"] });
    const second = hold(turns, { collection: "sessions", documents: ["s:x"] });
    await tick();
    assert.deepEqual([first.started, second.started], [true, false]);
    first.release();
    await first.done;
    await tick();
    assert.equal(second.started, true);
    second.release();
  });

  it("when an update fails, then its turn is released", async () => {
    const turns = new UpdateTurns("per-document");
    await assert.rejects(turns.run({ collection: "c", documents: "all" }, () => Promise.reject(new Error("refused"))), /refused/);
    assert.equal(await turns.run({ collection: "c", documents: "all" }, async () => "next"), "next");
  });
});

import assert from "node:assert/strict";
import { mongo, Schema } from "mongoose";
import { harness } from "../support/harness.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

type Probe = { _id: mongo.ObjectId; slug: string; a: number; b: number; tags: string[] };

/** A fresh probe document; `intact` says whether it kept both `$set`s and all `tags` pushes. */
const fresh = (slug: string) => ({ _id: new mongo.ObjectId(), slug, a: 0, b: 0, tags: [] as string[] });
const intact = (doc: Probe | null, tags: number) => doc?.a === 1 && doc.b === 1 && doc.tags.length === tags;

describe("concurrent updates on FerretDB", () => {
  let t: TestApp;
  let db: mongo.Db;
  before(async () => {
    t = await startTestApp();
    db = t.infrastructure.connection.db!;
  });
  after(() => stopTestApp(t));

  /** Runs `round` `rounds` times on fresh documents; returns how many rounds lost an update. */
  async function lostRounds(rounds: number, round: () => Promise<boolean>): Promise<number> {
    let lost = 0;
    for (let i = 0; i < rounds; i += 1) if (!(await round())) lost += 1;
    return lost;
  }

  it("when two requests update different fields of the same document at the same moment, then neither update is lost", async () => {
    // FerretDB 1.24 on SQLite read-modify-writes outside a transaction; without the app's update turn
    // this probe lost one of the two updates in about a third of the pairs.
    const probes = db.collection<Probe>("concurrency_probe");
    const lost = await lostRounds(150, async () => {
      const doc = fresh("x");
      await probes.insertOne(doc);
      await Promise.all([
        probes.updateOne({ _id: doc._id }, { $set: { a: 1 }, $push: { tags: "a" } }),
        probes.findOneAndUpdate({ _id: doc._id }, { $set: { b: 1 }, $push: { tags: "b" } }),
      ]);
      return intact(await probes.findOne({ _id: doc._id }), 2);
    });
    assert.equal(lost, 0, `${lost} of 150 pairs lost an update`);
  });

  it("when many requests increment one counter at once, then every increment counts", async () => {
    const counters = db.collection<{ _id: string; value: number }>("concurrency_counter");
    await counters.insertOne({ _id: "hits", value: 0 });
    await Promise.all(Array.from({ length: 100 }, () => counters.updateOne({ _id: "hits" }, { $inc: { value: 1 } })));
    assert.equal((await counters.findOne({ _id: "hits" }))?.value, 100);
  });

  it("when twenty documents of one collection are updated at once, each twice, then no update is lost and none fails", async () => {
    const probes = db.collection<Probe>("concurrency_many");
    const lost = await lostRounds(20, async () => {
      const docs = Array.from({ length: 20 }, (_, i) => fresh(`m${i}`));
      await probes.insertMany(docs);
      await Promise.all(
        docs.flatMap((doc) => [
          probes.updateOne({ _id: doc._id }, { $set: { a: 1 }, $push: { tags: "a" } }),
          probes.findOneAndUpdate({ _id: doc._id }, { $set: { b: 1 }, $push: { tags: "b" } }),
        ]),
      );
      const stored = await probes.find({ _id: { $in: docs.map((doc) => doc._id) } }).toArray();
      return stored.length === 20 && stored.every((doc) => intact(doc, 2));
    });
    assert.equal(lost, 0, `${lost} of 20 rounds lost an update`);
  });

  it("when one document is updated at once by _id, by _id with a condition, by another field and by updateMany, then every update counts", async () => {
    const probes = db.collection<Probe>("concurrency_filters");
    const lost = await lostRounds(60, async () => {
      const doc = fresh(`f${new mongo.ObjectId().toHexString()}`);
      await probes.insertOne(doc);
      await Promise.all([
        probes.updateOne({ _id: doc._id }, { $set: { a: 1 }, $push: { tags: "id" } }),
        probes.findOneAndUpdate({ _id: doc._id, a: { $gte: 0 } }, { $push: { tags: "id+condition" } }),
        probes.updateOne({ slug: doc.slug }, { $set: { b: 1 }, $push: { tags: "slug" } }),
        probes.updateMany({ slug: doc.slug }, { $push: { tags: "many" } }),
        probes.replaceOne({ _id: new mongo.ObjectId() }, { slug: "none", a: 0, b: 0, tags: [] }),
      ]);
      return intact(await probes.findOne({ _id: doc._id }), 4);
    });
    assert.equal(lost, 0, `${lost} of 60 rounds lost an update`);
  });

  it("when bulk writes (by _id and by another field) race single updates of the same documents, then every update counts", async () => {
    const probes = db.collection<Probe>("concurrency_bulk");
    const lost = await lostRounds(15, async () => {
      const docs = Array.from({ length: 40 }, (_, i) => fresh(`b${i}-${new mongo.ObjectId().toHexString()}`));
      await probes.insertMany(docs);
      await Promise.all([
        probes.bulkWrite(docs.map((doc) => ({ updateOne: { filter: { _id: doc._id }, update: { $set: { a: 1 }, $push: { tags: "bulk-id" } } } })), { ordered: false }),
        probes.bulkWrite(docs.map((doc) => ({ updateOne: { filter: { slug: doc.slug }, update: { $push: { tags: "bulk-slug" } } } }))),
        ...docs.map((doc) => probes.updateOne({ _id: doc._id }, { $set: { b: 1 }, $push: { tags: "single" } })),
      ]);
      const stored = await probes.find({ _id: { $in: docs.map((doc) => doc._id) } }).toArray();
      return stored.length === 40 && stored.every((doc) => intact(doc, 3));
    });
    assert.equal(lost, 0, `${lost} of 15 rounds lost an update`);
  });

  it("when models, connection.collection() and a client.db() collection (as connect-mongo uses) update one document at once, then every update counts", async () => {
    const { connection } = t.infrastructure;
    const Model = connection.model("ConcurrencyModel", new Schema({ slug: String, a: Number, b: Number, tags: [String] }), "concurrency_paths");
    const viaClient = connection.getClient().db(connection.name).collection<Probe>("concurrency_paths");
    const lost = await lostRounds(60, async () => {
      const doc = fresh(`p${new mongo.ObjectId().toHexString()}`);
      await viaClient.insertOne(doc);
      await Promise.all([
        Model.findByIdAndUpdate(doc._id, { $set: { a: 1 }, $push: { tags: "model" } }),
        Model.bulkWrite([{ updateOne: { filter: { slug: doc.slug }, update: { $push: { tags: "model-bulk" } } } }]),
        connection.collection<Probe>("concurrency_paths").updateOne({ _id: doc._id }, { $push: { tags: "connection" } }),
        viaClient.updateOne({ _id: doc._id }, { $set: { b: 1 }, $push: { tags: "client" } }),
      ]);
      return intact(await viaClient.findOne({ _id: doc._id }), 4);
    });
    assert.equal(lost, 0, `${lost} of 60 rounds lost an update`);
  });

  it("when updates of ten collections run at once, then none fails (SQLite waits for its one writer) and every update counts", async () => {
    const collections = Array.from({ length: 10 }, (_, i) => db.collection<{ _id: string; value: number }>(`concurrency_table_${i}`));
    await Promise.all(collections.map((collection) => collection.insertOne({ _id: "n", value: 0 })));
    for (let round = 0; round < 30; round += 1) {
      await Promise.all(collections.flatMap((collection) => [collection.updateOne({ _id: "n" }, { $inc: { value: 1 } }), collection.updateMany({}, { $inc: { value: 1 } })]));
    }
    const values = await Promise.all(collections.map(async (collection) => (await collection.findOne({ _id: "n" }))?.value));
    assert.deepEqual(values, collections.map(() => 60));
  });

  it("when another client of the same FerretDB updates, then it is not guarded, and its concurrent pairs do lose updates (the probe detects the bug)", async () => {
    // The guard is this connection's, not the driver's: a second client keeps the driver's own methods.
    const other = new mongo.MongoClient(harness.mongoUri);
    try {
      const probes = other.db(t.infrastructure.connection.name).collection<Probe>("concurrency_unguarded");
      assert.equal(probes.updateOne, mongo.Collection.prototype.updateOne);
      const lost = await lostRounds(150, async () => {
        const doc = fresh("u");
        await probes.insertOne(doc);
        await Promise.all([
          probes.updateOne({ _id: doc._id }, { $set: { a: 1 }, $push: { tags: "a" } }),
          probes.updateOne({ _id: doc._id }, { $set: { b: 1 }, $push: { tags: "b" } }),
        ]);
        return intact(await probes.findOne({ _id: doc._id }), 2);
      });
      assert.ok(lost > 0, "FerretDB no longer loses concurrent updates: the guard in serial-updates.ts may be removable");
    } finally {
      await other.close();
    }
  });
});

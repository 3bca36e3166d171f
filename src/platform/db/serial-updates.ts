import { mongo, type Connection } from "mongoose";
import { UpdateTurns, type UpdateScope, type UpdateTurnsMode } from "./update-turns.ts";

/**
 * FerretDB 1.x on SQLite applies an update as read → modify (in FerretDB) → write, outside one
 * transaction (FerretDB issue #3040): two updates of the same document at the same moment can each
 * write back the version it read, and one of them is silently lost. Measured here on v1.24.2: 64
 * of 200 pairs of concurrent `$set`s of *different* fields lost one of the two. MongoDB applies
 * every update to a document atomically, so the app's conditional updates rely on it.
 *
 * Until the backend does the same, the one connection that talks to FerretDB takes turns for its
 * updates (update-turns.ts): an update whose filter pins `_id` waits only for updates that may
 * touch that document; any other update (another filter, a multi-document bulk write) has its
 * collection to itself. Collections never wait for each other, and reads, inserts and deletes
 * never wait. SQLite admits one writer at a time per file anyway and waits for a busy one
 * (no SQLITE_BUSY reached the app in test/platform/serial-updates.test.ts). It protects one
 * process: a second process writing to the same FerretDB at the same moment (a CLI task beside
 * the server) is not covered; on MongoDB, where it is not needed, nothing is changed.
 */
type Driver = Record<string, (...args: any[]) => any>;

const SINGLE_UPDATES = ["updateOne", "updateMany", "replaceOne", "findOneAndUpdate", "findOneAndReplace"] as const;
const BULK_BUILDERS = ["initializeOrderedBulkOp", "initializeUnorderedBulkOp"] as const;
const guarded = new WeakSet<object>();

/** True when the server behind `connection` is FerretDB (its buildInfo names its version). */
export async function isFerretDb(connection: Connection): Promise<boolean> {
  const info = await connection.db!.admin().command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === "string";
}

/**
 * The key of the one document a filter can match, when it pins `_id` to a plain value; otherwise
 * null (the update may touch any document). Numbers of every BSON type share a key, as they match.
 */
export function documentKey(filter: unknown): string | null {
  if (!filter || typeof filter !== "object") return null;
  const id = (filter as Record<string, unknown>)._id;
  switch (typeof id) {
    case "string":
      return `s:${id}`;
    case "number":
      return Number.isFinite(id) ? `n:${id}` : null;
    case "object": {
      const bsonType = (id as { _bsontype?: string } | null)?._bsontype;
      if (bsonType === "ObjectId") return `o:${(id as mongo.ObjectId).toHexString()}`;
      if (bsonType === "Int32" || bsonType === "Double" || bsonType === "Long") return `n:${Number((id as { valueOf(): unknown }).valueOf())}`;
      return null;
    }
    default:
      return null;
  }
}

/** What a bulk operation's update batches may touch; null when it updates nothing (inserts and deletes only). */
function bulkScope(bulk: mongo.OrderedBulkOperation | mongo.UnorderedBulkOperation, collection: string): UpdateScope | null {
  const keys: string[] = [];
  for (const batch of bulk.batches) {
    if (batch.batchType !== mongo.BatchType.UPDATE) continue;
    for (const statement of batch.operations as { q: unknown }[]) {
      const key = documentKey(statement.q);
      if (key === null) return { collection, documents: "all" };
      keys.push(key);
    }
  }
  return keys.length > 0 ? { collection, documents: keys } : null;
}

/** Makes `collection`'s updates (and bulk writes, which insertMany also goes through) take their turn. */
function guardCollection(collection: mongo.Collection, turns: UpdateTurns): mongo.Collection {
  if (guarded.has(collection)) return collection;
  guarded.add(collection);
  const self = collection as unknown as Driver;
  const name = collection.collectionName;
  for (const method of SINGLE_UPDATES) {
    const original = self[method]!.bind(collection);
    self[method] = (filter: unknown, ...rest: unknown[]) => {
      const key = documentKey(filter);
      return turns.run({ collection: name, documents: key === null ? "all" : [key] }, () => original(filter, ...rest));
    };
  }
  for (const method of BULK_BUILDERS) {
    const original = self[method]!.bind(collection);
    self[method] = (...args: unknown[]) => {
      const bulk = original(...args) as mongo.OrderedBulkOperation;
      const execute = bulk.execute.bind(bulk);
      bulk.execute = (options) => {
        // The old global queue also held inserts-only bulk writes; kept so the benchmark compares like with like.
        const scope = turns.mode === "global" ? { collection: name, documents: "all" as const } : bulkScope(bulk, name);
        return scope ? turns.run(scope, () => execute(options)) : execute(options);
      };
      return bulk;
    };
  }
  return collection;
}

/** Makes every collection handed out by `db` guarded. */
function guardDb(db: mongo.Db, turns: UpdateTurns): mongo.Db {
  if (guarded.has(db)) return db;
  guarded.add(db);
  const collection = db.collection.bind(db);
  db.collection = ((name: string, options?: mongo.CollectionOptions) => guardCollection(collection(name, options), turns)) as typeof db.collection;
  return db;
}

/**
 * Makes the updates sent through `connection` take turns, whoever sends them: its models and
 * `connection.collection()`, `connection.db`, and everything else given its MongoClient
 * (connect-mongo's sessions call `client.db(name).collection(...)`). Only this connection's client
 * is changed; other connections and the driver's classes are not. Call it once, right after the
 * connection opens. `mode: "global"` is for the benchmark only.
 */
export function serializeUpdates(connection: Connection, options: { mode?: UpdateTurnsMode } = {}): void {
  const turns = new UpdateTurns(options.mode ?? "per-document");
  const client = connection.getClient();
  if (guarded.has(client)) throw new Error("this connection's updates already take turns");
  guarded.add(client);
  const db = client.db.bind(client);
  client.db = ((name?: string, dbOptions?: mongo.DbOptions) => guardDb(db(name, dbOptions), turns));
  guardDb(connection.db!, turns);
  // Models compiled before the connection opened already hold their driver collection.
  for (const model of Object.values(connection.collections)) {
    const driverCollection = (model as unknown as { collection: mongo.Collection | null }).collection;
    if (driverCollection) guardCollection(driverCollection, turns);
  }
}

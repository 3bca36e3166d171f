import mongoose, { type Connection } from "mongoose";

/**
 * FerretDB 1.x on SQLite applies an update as read → modify (in FerretDB) → write, outside one
 * transaction (FerretDB issue #3040): two updates of the same document at the same moment can each
 * write back the version it read, and one of them is silently lost. Measured here on v1.24.2: 64
 * of 200 pairs of concurrent `$set`s of *different* fields lost one of the two. MongoDB applies
 * every update to a document atomically, so the app's conditional updates rely on it.
 *
 * Until the backend does the same, a process connected to FerretDB sends its updates one at a time
 * (reads, inserts and deletes still run concurrently). SQLite admits one writer at a time anyway,
 * so this costs little throughput. It protects one process: a second process writing to the same
 * FerretDB at the same moment (a CLI task beside the server) is not covered; on MongoDB, where it
 * is not needed, nothing is changed.
 */
const UPDATE_METHODS = ["updateOne", "updateMany", "replaceOne", "findOneAndUpdate", "findOneAndReplace", "bulkWrite"] as const;

let tail: Promise<unknown> = Promise.resolve();
let installed = false;

/** Runs `task` after every update queued before it has settled. */
function inTurn<T>(task: () => Promise<T>): Promise<T> {
  const turn = tail.then(task, task);
  tail = turn.catch(() => undefined);
  return turn;
}

/** True when the server behind `connection` is FerretDB (its buildInfo names its version). */
export async function isFerretDb(connection: Connection): Promise<boolean> {
  const info = await connection.db!.admin().command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === "string";
}

/** Makes this process's updates run one at a time (every connection of the MongoDB driver Mongoose uses). */
export function serializeUpdates(): void {
  if (installed) return;
  installed = true;
  const prototype = mongoose.mongo.Collection.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of UPDATE_METHODS) {
    const original = prototype[method]!;
    prototype[method] = function (this: unknown, ...args: unknown[]) {
      return inTurn(() => original.apply(this, args));
    };
  }
}

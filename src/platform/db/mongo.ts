import mongoose, { type Connection } from "mongoose";
import { isFerretDb, serializeUpdates } from "./serial-updates.ts";
import type { UpdateTurnsMode } from "./update-turns.ts";

/**
 * Opens a connection to `uri`, using database `dbName`. Models are registered on it by each area.
 * `updateTurns` chooses how FerretDB's updates take turns; only the write-guard benchmark sets it.
 */
export async function connectMongo(uri: string, dbName: string, options: { updateTurns?: UpdateTurnsMode } = {}): Promise<Connection> {
  // Filters built from user input must never carry query operators; strict queries drop
  // unknown paths. Library-wide options, so they hold for every connection and model.
  mongoose.set("strictQuery", true);
  mongoose.set("sanitizeFilter", true);
  const connection = mongoose.createConnection(uri, {
    dbName,
    autoIndex: true,
    // Fail fast when the database is gone instead of queueing queries until a timeout.
    bufferCommands: false,
    serverSelectionTimeoutMS: 10_000,
    maxPoolSize: 20,
  });
  await connection.asPromise();
  // FerretDB can lose one of two concurrent updates of a document: they take turns on this connection.
  if (await isFerretDb(connection)) serializeUpdates(connection, { mode: options.updateTurns });
  return connection;
}

export async function pingMongo(connection: Connection): Promise<void> {
  if (connection.readyState !== 1 || !connection.db) throw new Error("not connected");
  await connection.db.admin().command({ ping: 1 });
}

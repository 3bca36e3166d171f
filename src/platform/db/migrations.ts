import { Schema, type Connection, type Model } from "mongoose";
import type { Logger } from "../logger.ts";

/**
 * A versioned change to the data every installation needs (reference data, a backfill). `up` must be
 * idempotent: two instances starting at once may both run it before either records it.
 */
export type Migration = { id: string; up(): Promise<unknown> };

type Applied = { _id: string; appliedAt: Date };
const appliedSchema = new Schema<Applied>({ _id: String, appliedAt: { type: Date, required: true } }, { versionKey: false });

/** Runs, in order, the migrations this database has not recorded yet, and records each one done. */
export async function runMigrations(connection: Connection, migrations: readonly Migration[], logger: Logger): Promise<string[]> {
  const applied: Model<Applied> = (connection.models.AppliedMigration as Model<Applied> | undefined) ?? connection.model<Applied>("AppliedMigration", appliedSchema, "migrations");
  const done = new Set((await applied.find().select({ _id: 1 }).lean()).map((row) => row._id));
  const ran: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.id)) continue;
    const result = await migration.up();
    await applied.updateOne({ _id: migration.id }, { $setOnInsert: { appliedAt: new Date() } }, { upsert: true });
    logger.info({ migration: migration.id, result }, "migration applied");
    ran.push(migration.id);
  }
  return ran;
}

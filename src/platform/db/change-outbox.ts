import { Schema, Types, type Connection, type Model } from "mongoose";

/**
 * An outbox of changed ids (DESIGN.md, "Index sync without transactions"): a write that another
 * process must follow inserts `{ ref, at }` here right after it. The reader reads this small
 * collection instead of the written one (on FerretDB any filter but `_id` alone scans the
 * collection) and deletes the entries it handled. An insert never loses an update (no
 * read-modify-write), and an entry that lands late is read by the next poll: the reader keeps no
 * position, it takes the oldest entries left. A crash between the write and its entry loses the
 * entry, not the change: the owner's reconciliation (a full read, rarely) is the safety net.
 */
export interface ChangeEntry {
  _id: Types.ObjectId;
  ref: Types.ObjectId;
  at: Date;
}

export type ChangeEntryModel = Model<ChangeEntry>;

/** The model of one outbox collection (`collection`), registered once on the connection as `name`. */
export function changeEntryModel(connection: Connection, name: string, collection: string): ChangeEntryModel {
  const schema = new Schema<ChangeEntry>(
    { ref: { type: Schema.Types.ObjectId, required: true }, at: { type: Date, required: true, default: () => new Date() } },
    { strict: "throw", versionKey: false, collection },
  );
  return (connection.models[name] as ChangeEntryModel | undefined) ?? connection.model<ChangeEntry>(name, schema);
}

/** Writing and reading one outbox. A failed `record` is reported to `onLost`, never thrown: the write it follows is done. */
export function createChangeOutbox(entries: ChangeEntryModel, onLost: (error: unknown) => void = () => undefined) {
  return {
    async record(ids: readonly { toString(): string }[]): Promise<void> {
      const unique = [...new Set(ids.map(String))].filter((id) => Types.ObjectId.isValid(id));
      if (unique.length === 0) return;
      const at = new Date();
      await entries.insertMany(unique.map((id) => ({ ref: new Types.ObjectId(id), at })), { ordered: false }).then(() => undefined, onLost);
    },
    /** The oldest entries (the outbox stays small: handled entries are deleted, so scanning it is cheap). */
    async pending(limit: number): Promise<{ id: string; ref: string; at: Date }[]> {
      const docs = await entries.find().sort({ _id: 1 }).limit(limit).lean<ChangeEntry[]>();
      return docs.map((doc) => ({ id: doc._id.toString(), ref: doc.ref.toString(), at: doc.at }));
    },
    /** Deletes handled entries, each by `_id` (FerretDB's primary key), in one round trip. */
    async done(ids: string[]): Promise<void> {
      if (ids.length === 0) return;
      await entries.bulkWrite(ids.map((id) => ({ deleteOne: { filter: { _id: new Types.ObjectId(id) } } })), { ordered: false });
    },
  };
}

export type ChangeOutbox = ReturnType<typeof createChangeOutbox>;

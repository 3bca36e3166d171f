import { Schema, type Connection, type Model } from "mongoose";

/**
 * The search sync's notes: a watermark per polled collection ("products", "enterprises": the last
 * (updatedAt, _id) read) and the token naming the MongoDB data the index was built from ("source").
 */
export interface SearchSyncState {
  _id: string;
  at: Date;
  lastId: string;
  value: string;
}

const searchSyncStateSchema = new Schema<SearchSyncState>(
  {
    _id: { type: String, required: true },
    at: { type: Date, default: () => new Date(0) },
    lastId: { type: String, default: "" },
    value: { type: String, default: "" },
  },
  { strict: "throw", versionKey: false, collection: "search_sync_state" },
);

export type SearchSyncStateModel = Model<SearchSyncState>;

export function searchSyncStateModel(connection: Connection): SearchSyncStateModel {
  return (connection.models.SearchSyncState as SearchSyncStateModel | undefined) ??
    connection.model<SearchSyncState>("SearchSyncState", searchSyncStateSchema);
}

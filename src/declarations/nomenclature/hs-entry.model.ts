import { Schema, type Connection, type Model } from "mongoose";

/** One row of an HS nomenclature edition: a chapter (2 digits), heading (4), subheading (6) or national line (8). */
export interface HsEntry {
  code: string;
  description: string;
  /** The code one level up ("09" for "0901"); for a chapter whatever the file named (e.g. "TOTAL"). */
  parent: string;
  level: number;
  /** The import that wrote the row; only the edition named by the pointer is in use. */
  edition: string;
}

const hsEntrySchema = new Schema<HsEntry>(
  {
    code: { type: String, required: true },
    description: { type: String, required: true },
    parent: { type: String, default: "" },
    level: { type: Number, required: true, enum: [2, 4, 6, 8] },
    edition: { type: String, required: true },
  },
  { strict: "throw", versionKey: false, collection: "hs_entries" },
);
hsEntrySchema.index({ edition: 1, code: 1 }, { unique: true });

export type HsEntryModel = Model<HsEntry>;

export function hsEntryModel(connection: Connection): HsEntryModel {
  return (connection.models.HsEntry as HsEntryModel | undefined) ?? connection.model<HsEntry>("HsEntry", hsEntrySchema);
}

/** The one document (`_id: "active"`) naming the edition in use: flipping it switches nomenclatures at once. */
export interface HsPointer {
  _id: string;
  edition: string;
  entries: number;
  importedAt: Date;
}

const hsPointerSchema = new Schema<HsPointer>(
  {
    _id: { type: String, required: true },
    edition: { type: String, required: true },
    entries: { type: Number, required: true },
    importedAt: { type: Date, required: true },
  },
  { strict: "throw", versionKey: false, collection: "hs_nomenclature" },
);

export type HsPointerModel = Model<HsPointer>;

export function hsPointerModel(connection: Connection): HsPointerModel {
  return (connection.models.HsPointer as HsPointerModel | undefined) ?? connection.model<HsPointer>("HsPointer", hsPointerSchema);
}

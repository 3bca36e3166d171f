import { Schema, type Types, type Connection, type Model } from "mongoose";

export const IMPORT_STATUSES = ["queued", "running", "done", "failed"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportJob {
  enterpriseId: Types.ObjectId;
  userId: Types.ObjectId;
  /** Who to write in the audit log and the products' history, as at upload. */
  actor: { email: string | null; ip: string | null; userAgent: string | null };
  fileName: string;
  fileKind: "csv" | "xlsx";
  /** The upload in GridFS (bucket "imports") until the job ends. */
  fileId: Types.ObjectId | null;
  mode: "full" | "price-stock";
  status: ImportStatus;
  totalRows: number;
  processedRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Spreadsheet rows whose batches were written (rejected rows inside them were not). */
  writtenRanges: { first: number; last: number }[];
  /** Rows sent to the products service and confirmed written. */
  writtenRows: number;
  failure: { key: string; detail: string } | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Bumped after each batch: a running job whose heartbeat stopped belongs to a process that died. */
  heartbeatAt: Date | null;
}

const importJobSchema = new Schema<ImportJob>(
  {
    enterpriseId: { type: Schema.Types.ObjectId, required: true, ref: "Enterprise" },
    userId: { type: Schema.Types.ObjectId, required: true, ref: "User" },
    actor: {
      email: { type: String, default: null },
      ip: { type: String, default: null },
      userAgent: { type: String, default: null },
    },
    fileName: { type: String, required: true },
    fileKind: { type: String, required: true, enum: ["csv", "xlsx"] },
    fileId: { type: Schema.Types.ObjectId, default: null },
    mode: { type: String, required: true, enum: ["full", "price-stock"] },
    status: { type: String, required: true, enum: IMPORT_STATUSES, default: "queued" },
    totalRows: { type: Number, required: true },
    processedRows: { type: Number, default: 0 },
    created: { type: Number, default: 0 },
    updated: { type: Number, default: 0 },
    unchanged: { type: Number, default: 0 },
    rejected: { type: Number, default: 0 },
    writtenRanges: { type: [{ _id: false, first: Number, last: Number }], default: [] },
    writtenRows: { type: Number, default: 0 },
    failure: { type: new Schema({ key: String, detail: String }, { _id: false }), default: null },
    queuedAt: { type: Date, required: true },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    heartbeatAt: { type: Date, default: null },
  },
  { strict: "throw" },
);
importJobSchema.index({ status: 1, queuedAt: 1 });
importJobSchema.index({ enterpriseId: 1, queuedAt: -1 });

/**
 * A refused row of a job, kept apart from the job so that progress updates stay small (FerretDB
 * rewrites a whole document on each update). At most one per data row: 10,000 per job.
 */
export interface ImportRejection {
  jobId: Types.ObjectId;
  row: number;
  sku: string;
  reasons: { column: string | null; key: string; values: Record<string, string | number> }[];
}

const importRejectionSchema = new Schema<ImportRejection>(
  {
    jobId: { type: Schema.Types.ObjectId, required: true, ref: "ImportJob" },
    row: { type: Number, required: true },
    sku: { type: String, default: "" },
    reasons: {
      type: [{ _id: false, column: { type: String, default: null }, key: { type: String, required: true }, values: { type: Schema.Types.Mixed, default: {} } }],
      default: [],
    },
  },
  { strict: "throw" },
);
importRejectionSchema.index({ jobId: 1, row: 1 }, { unique: true });

export type ImportJobModel = Model<ImportJob>;
export type ImportRejectionModel = Model<ImportRejection>;

export function importJobModel(connection: Connection): ImportJobModel {
  return (connection.models.ImportJob as ImportJobModel | undefined) ?? connection.model<ImportJob>("ImportJob", importJobSchema);
}

export function importRejectionModel(connection: Connection): ImportRejectionModel {
  return (
    (connection.models.ImportRejection as ImportRejectionModel | undefined) ??
    connection.model<ImportRejection>("ImportRejection", importRejectionSchema)
  );
}

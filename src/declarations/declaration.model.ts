import { Schema, type Types, type Connection, type Model } from "mongoose";
import { DIRECTIONS, type Contact, type Direction } from "./declaration.header.ts";
import { LINE_FIELDS, type StoredLine } from "./declaration.fields.ts";
import type { Period } from "./declaration.period.ts";

export const DECLARATION_STATUSES = ["draft", "submitted", "under_review", "returned", "accepted", "rejected", "superseded"] as const;
export type DeclarationStatus = (typeof DECLARATION_STATUSES)[number];
export const ATTACHMENT_KINDS = ["invoice", "packing_list", "certificate_of_origin", "other"] as const;

export type Totals = { lineCount: number; valueUsdCents: number; byCurrency: { currency: string; valueMinor: number }[] };
export type LineNote = { line: number; note: string };
export type Attachment = {
  fileId: Types.ObjectId;
  name: string;
  kind: (typeof ATTACHMENT_KINDS)[number];
  contentType: string;
  size: number;
  uploadedAt: Date;
};

export interface Declaration {
  enterpriseId: Types.ObjectId;
  /** The enterprise as its record stood when the declaration was last saved or submitted. */
  enterprise: { name: string; taxCode: string; address: string };
  period: Period;
  direction: Direction;
  contact: Contact;
  lines: StoredLine[];
  totals: Totals;
  /** How many validation problems remain (a draft may have some; a submitted declaration has none). */
  problemCount: number;
  status: DeclarationStatus;
  /** XNK-<year>-<000123>, given at the first submission and kept through corrections; "" before. */
  receiptNumber: string;
  /** 0 until first submitted; each submission adds one and keeps a copy in declaration_versions. */
  version: number;
  /** Bumped by every write: an edit names the revision it started from, so two editors cannot overwrite each other. */
  revision: number;
  submittedAt: Date | null;
  reviewDueAt: Date | null;
  decidedAt: Date | null;
  review: { note: string; lineNotes: LineNote[]; reason: string };
  /** The accepted declaration (same enterprise, period, direction) this one corrects. */
  correctionOf: Types.ObjectId | null;
  supersededBy: Types.ObjectId | null;
  /** Customs declaration numbers also reported in another declaration of the same period. */
  duplicateCustomsNumbers: string[];
  attachments: Attachment[];
  /**
   * Unique slots (FerretDB has no partial indexes, so the values are always set): while a declaration is
   * open (draft…returned) `openSlot` is "<enterprise>:<period>:<direction>" — one open declaration per
   * slot; once accepted, `acceptedSlot` takes that value — one accepted declaration per slot. Otherwise
   * each holds the declaration's own id.
   */
  openSlot: string;
  acceptedSlot: string;
  createdBy: Types.ObjectId | null;
  updatedBy: Types.ObjectId | null;
  createdAt: Date;
  updatedAt: Date;
}

const lineSchema = new Schema<StoredLine>(
  {
    ...Object.fromEntries(LINE_FIELDS.map((field) => [field, { type: String, default: "" }])),
    quantityValue: { type: Number },
    valueMinor: { type: Number },
    valueUsdCents: { type: Number },
  },
  { _id: false, strict: "throw" },
);

const declarationSchema = new Schema<Declaration>(
  {
    enterpriseId: { type: Schema.Types.ObjectId, required: true, index: true },
    enterprise: { name: { type: String, required: true }, taxCode: { type: String, required: true }, address: { type: String, default: "" } },
    period: {
      kind: { type: String, required: true, enum: ["month", "quarter"] },
      year: { type: Number, required: true },
      number: { type: Number, required: true },
      key: { type: String, required: true },
    },
    direction: { type: String, required: true, enum: DIRECTIONS },
    contact: { name: { type: String, default: "" }, phone: { type: String, default: "" }, email: { type: String, default: "" } },
    lines: { type: [lineSchema], default: [] },
    totals: {
      lineCount: { type: Number, required: true, default: 0 },
      valueUsdCents: { type: Number, required: true, default: 0 },
      byCurrency: { type: [{ _id: false, currency: String, valueMinor: Number }], default: [] },
    },
    problemCount: { type: Number, required: true, default: 0 },
    status: { type: String, required: true, enum: DECLARATION_STATUSES, default: "draft" },
    receiptNumber: { type: String, default: "" },
    version: { type: Number, required: true, default: 0 },
    revision: { type: Number, required: true, default: 0 },
    submittedAt: { type: Date, default: null },
    reviewDueAt: { type: Date, default: null },
    decidedAt: { type: Date, default: null },
    review: {
      note: { type: String, default: "" },
      lineNotes: { type: [{ _id: false, line: Number, note: String }], default: [] },
      reason: { type: String, default: "" },
    },
    correctionOf: { type: Schema.Types.ObjectId, default: null },
    supersededBy: { type: Schema.Types.ObjectId, default: null },
    duplicateCustomsNumbers: { type: [String], default: [] },
    attachments: {
      type: [
        {
          _id: false,
          fileId: { type: Schema.Types.ObjectId, required: true },
          name: { type: String, required: true },
          kind: { type: String, required: true, enum: ATTACHMENT_KINDS },
          contentType: { type: String, required: true },
          size: { type: Number, required: true },
          uploadedAt: { type: Date, required: true },
        },
      ],
      default: [],
    },
    openSlot: { type: String, required: true, unique: true },
    acceptedSlot: { type: String, required: true, unique: true },
    createdBy: { type: Schema.Types.ObjectId, default: null },
    updatedBy: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true, strict: "throw" },
);
declarationSchema.index({ status: 1, reviewDueAt: 1 });
declarationSchema.index({ "period.key": 1, direction: 1 });

export type DeclarationModel = Model<Declaration>;

export function declarationModel(connection: Connection): DeclarationModel {
  return (connection.models.Declaration as DeclarationModel | undefined) ?? connection.model<Declaration>("Declaration", declarationSchema);
}

/** Each submitted version, exactly as submitted, with the review it received: the history. Only ever inserted and then given its review. */
export interface DeclarationVersion {
  declarationId: Types.ObjectId;
  version: number;
  submittedAt: Date;
  submittedBy: Types.ObjectId | null;
  channel: "web" | "upload" | "api";
  snapshot: Pick<Declaration, "enterprise" | "period" | "direction" | "contact" | "lines" | "totals" | "attachments">;
  outcome: { status: string; note: string; lineNotes: LineNote[]; reason: string; decidedAt: Date | null };
}

const versionSchema = new Schema<DeclarationVersion>(
  {
    declarationId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    submittedAt: { type: Date, required: true },
    submittedBy: { type: Schema.Types.ObjectId, default: null },
    channel: { type: String, required: true, enum: ["web", "upload", "api"] },
    snapshot: { type: Schema.Types.Mixed, required: true },
    outcome: {
      status: { type: String, default: "" },
      note: { type: String, default: "" },
      lineNotes: { type: [{ _id: false, line: Number, note: String }], default: [] },
      reason: { type: String, default: "" },
      decidedAt: { type: Date, default: null },
    },
  },
  { strict: "throw", versionKey: false, collection: "declaration_versions" },
);
versionSchema.index({ declarationId: 1, version: 1 }, { unique: true });

export type DeclarationVersionModel = Model<DeclarationVersion>;

export function declarationVersionModel(connection: Connection): DeclarationVersionModel {
  return (
    (connection.models.DeclarationVersion as DeclarationVersionModel | undefined) ??
    connection.model<DeclarationVersion>("DeclarationVersion", versionSchema)
  );
}

/** Receipt numbers: one counter per year, and a unique record per number (the counter alone is not exclusive on FerretDB). */
export interface Receipt {
  number: string;
  declarationId: Types.ObjectId;
  year: number;
  issuedAt: Date;
}

const receiptSchema = new Schema<Receipt>(
  {
    number: { type: String, required: true, unique: true },
    declarationId: { type: Schema.Types.ObjectId, required: true, unique: true },
    year: { type: Number, required: true },
    issuedAt: { type: Date, required: true },
  },
  { strict: "throw", versionKey: false, collection: "declaration_receipts" },
);

export type ReceiptModel = Model<Receipt>;

export function receiptModel(connection: Connection): ReceiptModel {
  return (connection.models.DeclarationReceipt as ReceiptModel | undefined) ?? connection.model<Receipt>("DeclarationReceipt", receiptSchema);
}

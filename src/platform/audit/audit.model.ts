import { Schema, type Connection, type Model } from "mongoose";

/** One state change someone cares about: who, what, when, from which state to which, why, from where. */
export interface AuditEntry {
  at: Date;
  actor: { userId: string | null; email: string | null; kind: "user" | "token" | "system" | "anonymous" };
  action: string;
  subject: { type: string; id: string };
  from: string | null;
  to: string | null;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

const FORBIDDEN = "the audit log is append-only";

const auditSchema = new Schema<AuditEntry>(
  {
    at: { type: Date, required: true },
    actor: {
      userId: { type: String, default: null },
      email: { type: String, default: null },
      kind: { type: String, required: true, enum: ["user", "token", "system", "anonymous"] },
    },
    action: { type: String, required: true },
    subject: { type: { type: String, required: true }, id: { type: String, required: true } },
    from: { type: String, default: null },
    to: { type: String, default: null },
    reason: { type: String, default: null },
    ip: { type: String, default: null },
    userAgent: { type: String, default: null },
    details: { type: Schema.Types.Mixed, default: {} },
  },
  { strict: "throw", versionKey: false, collection: "audit_log" },
);
auditSchema.index({ at: -1 });
auditSchema.index({ "subject.type": 1, "subject.id": 1, at: -1 });
auditSchema.index({ "actor.userId": 1, at: -1 });

// Append-only: every update and delete through the model is refused.
for (const operation of [
  "updateOne",
  "updateMany",
  "findOneAndUpdate",
  "findOneAndReplace",
  "replaceOne",
  "deleteOne",
  "deleteMany",
  "findOneAndDelete",
] as const) {
  auditSchema.pre(operation, function () {
    throw new Error(FORBIDDEN);
  });
}

export type AuditModel = Model<AuditEntry>;

export function auditModel(connection: Connection): AuditModel {
  return (connection.models.AuditEntry as AuditModel | undefined) ?? connection.model<AuditEntry>("AuditEntry", auditSchema);
}

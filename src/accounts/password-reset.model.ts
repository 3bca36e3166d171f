import { Schema, type Types, type Connection, type Model } from "mongoose";

/** A password reset: the token itself is only ever in the email; we keep its SHA-256. Single use, expiring. */
export interface PasswordReset {
  userId: Types.ObjectId;
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  createdAt: Date;
}

const passwordResetSchema = new Schema<PasswordReset>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    tokenHash: { type: String, required: true, unique: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: "throw" },
);
passwordResetSchema.index({ userId: 1 });

export type PasswordResetModel = Model<PasswordReset>;

export function passwordResetModel(connection: Connection): PasswordResetModel {
  return (connection.models.PasswordReset as PasswordResetModel | undefined) ?? connection.model<PasswordReset>("PasswordReset", passwordResetSchema);
}

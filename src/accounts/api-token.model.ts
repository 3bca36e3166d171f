import { Schema, type Types, type Connection, type Model } from "mongoose";

/** A named API token of one enterprise (its ERP, a reseller's integration). Only the hash is stored. */
export interface ApiToken {
  enterpriseId: Types.ObjectId;
  name: string;
  /** sha256 (hex) of the whole token. */
  tokenHash: string;
  /** The first characters of the token ("glx_AbCd"), so people can tell their tokens apart. */
  prefix: string;
  createdBy: Types.ObjectId;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: Types.ObjectId | null;
  createdAt: Date;
  updatedAt: Date;
}

const apiTokenSchema = new Schema<ApiToken>(
  {
    enterpriseId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true, trim: true },
    tokenHash: { type: String, required: true, unique: true },
    prefix: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    revokedBy: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true, strict: "throw" },
);
apiTokenSchema.index({ enterpriseId: 1, createdAt: -1 });

export type ApiTokenModel = Model<ApiToken>;

export function apiTokenModel(connection: Connection): ApiTokenModel {
  return (connection.models.ApiToken as ApiTokenModel | undefined) ?? connection.model<ApiToken>("ApiToken", apiTokenSchema);
}

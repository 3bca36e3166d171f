import { Schema, type Types, type Connection, type Model } from "mongoose";
import { MEMBERSHIP_ROLES, type MembershipRole } from "./membership.model.ts";

export const INVITATION_STATUSES = ["pending", "accepted", "declined", "cancelled", "expired"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** An owner's invitation for an email address to join an enterprise; answered once, valid for 7 days. */
export interface Invitation {
  enterpriseId: Types.ObjectId;
  /** Snapshot for the email and the invitee's page (accounts does not read enterprises). */
  enterpriseName: { vi: string; en: string };
  email: string;
  role: MembershipRole;
  status: InvitationStatus;
  /**
   * `<enterpriseId>:<email>` while pending, `answered:<invitationId>` afterwards: a unique index over an
   * always-set field gives "one pending invitation per enterprise and address" without a partial index,
   * which FerretDB refuses.
   */
  pendingKey: string;
  /** sha256 (hex) of the random token carried by the email link; the token itself is never stored. */
  tokenHash: string;
  invitedBy: Types.ObjectId;
  expiresAt: Date;
  respondedAt: Date | null;
  respondedBy: Types.ObjectId | null;
  createdAt: Date;
  updatedAt: Date;
}

const invitationSchema = new Schema<Invitation>(
  {
    enterpriseId: { type: Schema.Types.ObjectId, required: true },
    enterpriseName: { vi: { type: String, required: true }, en: { type: String, default: "" } },
    email: { type: String, required: true },
    role: { type: String, required: true, enum: MEMBERSHIP_ROLES },
    status: { type: String, required: true, enum: INVITATION_STATUSES, default: "pending" },
    pendingKey: { type: String, required: true, unique: true },
    tokenHash: { type: String, required: true, unique: true },
    invitedBy: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
    respondedAt: { type: Date, default: null },
    respondedBy: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true, strict: "throw" },
);
invitationSchema.index({ email: 1, status: 1 });
invitationSchema.index({ enterpriseId: 1, status: 1 });

export const pendingKeyOf = (enterpriseId: string, email: string) => `${enterpriseId}:${email}`;
export const answeredKey = (invitationId: { toString(): string }) => `answered:${invitationId.toString()}`;

export type InvitationModel = Model<Invitation>;

export function invitationModel(connection: Connection): InvitationModel {
  return (connection.models.Invitation as InvitationModel | undefined) ?? connection.model<Invitation>("Invitation", invitationSchema);
}

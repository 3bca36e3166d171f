import { Schema, type Types, type Connection, type Model } from "mongoose";

export const MEMBERSHIP_ROLES = ["owner", "staff"] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

/** A user's role in one enterprise: owners invite and remove staff and transfer ownership; staff manage listings and orders. */
export interface Membership {
  enterpriseId: Types.ObjectId;
  userId: Types.ObjectId;
  role: MembershipRole;
  /** The invitation that created the membership, if any: tells a concurrent accept of it apart from an older membership. */
  invitationId?: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

const membershipSchema = new Schema<Membership>(
  {
    enterpriseId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    role: { type: String, required: true, enum: MEMBERSHIP_ROLES },
    invitationId: { type: Schema.Types.ObjectId },
  },
  { timestamps: true, strict: "throw" },
);
membershipSchema.index({ enterpriseId: 1, userId: 1 }, { unique: true });
membershipSchema.index({ userId: 1 });

export type MembershipModel = Model<Membership>;

export function membershipModel(connection: Connection): MembershipModel {
  return (connection.models.Membership as MembershipModel | undefined) ?? connection.model<Membership>("Membership", membershipSchema);
}

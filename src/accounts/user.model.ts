import { Schema, type Connection, type Model } from "mongoose";

export const ROLES = ["user", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  email: string;
  passwordHash: string;
  name: string;
  role: Role;
  language: "vi" | "en";
  /** Bumped by a password change or reset: sessions signed in under an older version end ("sign out everywhere"). */
  authVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<User>(
  {
    /** Normalised (trimmed, lower-case): the unique index makes addresses unique case-insensitively. */
    email: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true },
    name: { type: String, required: true, trim: true },
    role: { type: String, required: true, enum: ROLES, default: "user" },
    language: { type: String, enum: ["vi", "en"], default: "vi" },
    authVersion: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, strict: "throw" },
);

export type UserModel = Model<User>;

export function userModel(connection: Connection): UserModel {
  return (connection.models.User as UserModel | undefined) ?? connection.model<User>("User", userSchema);
}

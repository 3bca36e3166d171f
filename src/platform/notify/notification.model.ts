import { Schema, type Types, type Connection, type Model } from "mongoose";

/** One in-app message to one person: an i18n key and its values, translated when shown, and where it leads. */
export interface Notification {
  userId: Types.ObjectId;
  /** The i18n key of the sentence (e.g. "declarations.notify.returned"). */
  key: string;
  params: Record<string, string | number>;
  /** A same-site path ("/to-khai/…"). */
  link: string;
  readAt: Date | null;
  createdAt: Date;
}

const notificationSchema = new Schema<Notification>(
  {
    userId: { type: Schema.Types.ObjectId, required: true, ref: "User" },
    key: { type: String, required: true },
    params: { type: Schema.Types.Mixed, default: {} },
    link: { type: String, required: true },
    // Always written explicitly (insertMany, $set), never through $setOnInsert: FerretDB drops nulls there.
    readAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { strict: "throw", versionKey: false, collection: "notifications", minimize: false },
);
notificationSchema.index({ userId: 1, createdAt: -1 });

export type NotificationModel = Model<Notification>;

export function notificationModel(connection: Connection): NotificationModel {
  return (connection.models.Notification as NotificationModel | undefined) ?? connection.model<Notification>("Notification", notificationSchema);
}

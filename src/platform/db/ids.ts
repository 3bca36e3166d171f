import { Types } from "mongoose";

/** True when `id` is the 24 hexadecimal digits of an ObjectId (a path typed by hand or a stale link is not). */
export const isObjectId = (id: string): boolean => /^[a-f\d]{24}$/i.test(id);

/** The ObjectId named by `id`, or null when it is not one. */
export function asObjectId(id: string): Types.ObjectId | null {
  return isObjectId(id) ? new Types.ObjectId(id) : null;
}

/** MongoDB's (and FerretDB's) duplicate key error: a unique index refused the write. */
export const isDuplicateKey = (error: unknown): boolean => (error as { code?: number } | null)?.code === 11000;

/** The ObjectIds among `ids`; the others (not ids at all) are dropped. */
export const asObjectIds = (ids: string[]): Types.ObjectId[] => ids.filter(isObjectId).map((id) => new Types.ObjectId(id));

import { Types } from "mongoose";

/** The ObjectId named by `id`, or null when it is not one (a path typed by hand, a stale link). */
export function asObjectId(id: string): Types.ObjectId | null {
  return /^[a-f\d]{24}$/i.test(id) ? new Types.ObjectId(id) : null;
}

/** MongoDB's (and FerretDB's) duplicate key error: a unique index refused the write. */
export const isDuplicateKey = (error: unknown) => (error as { code?: number } | null)?.code === 11000;

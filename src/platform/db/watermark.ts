import { trusted, Types } from "mongoose";

/** How far a reader has read a collection in (updatedAt, _id) order: the last pair it passed. */
export type Watermark = { at: Date; lastId: string };

/** The filter of documents written after the watermark, in (updatedAt, _id) order. */
export function afterWatermark(mark: Watermark): Record<string, unknown> {
  return mark.lastId
    ? { $or: [{ updatedAt: trusted({ $gt: mark.at }) }, { updatedAt: mark.at, _id: trusted({ $gt: new Types.ObjectId(mark.lastId) }) }] }
    : { updatedAt: trusted({ $gt: mark.at }) };
}

import { trusted, Types } from "mongoose";
import type { SearchSyncStateModel } from "./search-sync-state.model.ts";

/** How far the sync has read a collection: the last (updatedAt, _id) it passed. */
export type Watermark = { at: Date; lastId: string };

type Stamped = { _id: Types.ObjectId; updatedAt?: Date };

/** The sync worker's read positions, stored in MongoDB so that a restart resumes where it stopped. */
export function createWatermarks(states: SearchSyncStateModel, skewMs: number) {
  return {
    async watermark(name: string): Promise<Watermark> {
      const state = await states.findById(name).lean();
      return { at: state?.at ?? new Date(0), lastId: state?.lastId ?? "" };
    },

    async saveWatermark(name: string, mark: Watermark): Promise<void> {
      await states.updateOne({ _id: name }, { $set: { at: mark.at, lastId: mark.lastId } }, { upsert: true });
    },

    /** Documents written after the watermark, in (updatedAt, _id) order. */
    after: (mark: Watermark) =>
      mark.lastId
        ? { $or: [{ updatedAt: trusted({ $gt: mark.at }) }, { updatedAt: mark.at, _id: trusted({ $gt: new Types.ObjectId(mark.lastId) }) }] }
        : { updatedAt: trusted({ $gt: mark.at }) },

    /** The last read document old enough (beyond the clock skew) to move the watermark to. */
    nextMark(docs: Stamped[]): Watermark | null {
      const horizon = Date.now() - skewMs;
      for (let i = docs.length - 1; i >= 0; i--) {
        const at = docs[i]!.updatedAt;
        if (at && at.getTime() <= horizon) return { at, lastId: docs[i]!._id.toString() };
      }
      return null;
    },

    /** Where a run that read `docs` goes on from (younger than the skew included). */
    lastOf(docs: Stamped[]): Watermark | null {
      const doc = docs.at(-1);
      return doc?.updatedAt ? { at: doc.updatedAt, lastId: doc._id.toString() } : null;
    },
  };
}

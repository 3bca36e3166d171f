import type { Watermark } from "../platform/db/watermark.ts";
import type { SearchSyncStateModel } from "./search-sync-state.model.ts";

export type { Watermark } from "../platform/db/watermark.ts";

type Stamped = { id: string; updatedAt?: Date };

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

    /** The last read document old enough (beyond the clock skew) to move the watermark to. */
    nextMark(docs: Stamped[]): Watermark | null {
      const horizon = Date.now() - skewMs;
      for (let i = docs.length - 1; i >= 0; i--) {
        const at = docs[i]!.updatedAt;
        if (at && at.getTime() <= horizon) return { at, lastId: docs[i]!.id };
      }
      return null;
    },

    /** Where a run that read `docs` goes on from (younger than the skew included). */
    lastOf(docs: Stamped[]): Watermark | null {
      const doc = docs.at(-1);
      return doc?.updatedAt ? { at: doc.updatedAt, lastId: doc.id } : null;
    },
  };
}

import { trusted, type Connection, type Types } from "mongoose";
import { changeEntryModel, type ChangeOutbox } from "../platform/db/change-outbox.ts";
import { isObjectId } from "../platform/db/ids.ts";
import { afterWatermark, type Watermark } from "../platform/db/watermark.ts";
import type { Enterprise, EnterpriseModel } from "./enterprise.model.ts";
import { isVisibleEnterprise } from "./enterprise.service.ts";

/** An enterprise as the search index receives it; `visible` is the enterprises area's public rule. */
export type EnterpriseFeedItem = {
  id: string;
  slug: string;
  name: { vi: string; en: string };
  visible: boolean;
  commune: string;
  location: { lat: number; lng: number } | null;
  updatedAt: Date;
};

type Doc = Enterprise & { _id: Types.ObjectId };

const itemOf = (doc: Doc): EnterpriseFeedItem => {
  const { lat, lng } = doc.location ?? {};
  return {
    id: doc._id.toString(),
    slug: doc.slug,
    name: { vi: doc.name.vi, en: doc.name.en || "" },
    visible: isVisibleEnterprise(doc),
    commune: doc.address?.commune ?? "",
    location: typeof lat === "number" && typeof lng === "number" ? { lat, lng } : null,
    updatedAt: doc.updatedAt,
  };
};

/**
 * The enterprises' outbox (`enterprise_changes`): the registry's edits and the department's
 * decisions record the enterprise's id after their write, so the sync does not scan the
 * enterprises every poll (480 ms a poll at 2,000 on FerretDB, a third of its time).
 */
export const enterpriseChangeModel = (connection: Connection) => changeEntryModel(connection, "EnterpriseChange", "enterprise_changes");

/** What the catalog's index sync reads from the enterprises area: its outbox, changes since a watermark, some by id, or all. */
export function createEnterpriseSearchFeed({ enterprises, changes }: { enterprises: EnterpriseModel; changes: Pick<ChangeOutbox, "pending" | "done"> }) {
  return {
    pendingChanges: (limit: number) => changes.pending(limit),
    clearChanges: (ids: string[]) => changes.done(ids),
    /** Written since a watermark, by `updatedAt`: a scan on FerretDB, for the rare reconciliation. */
    async changedSince(mark: Watermark, limit: number): Promise<EnterpriseFeedItem[]> {
      return (await enterprises.find(afterWatermark(mark)).sort({ updatedAt: 1, _id: 1 }).limit(limit).lean<Doc[]>()).map(itemOf);
    },
    /** By id: a few as primary-key lookups (FerretDB scans the collection for `$in`), more with one `$in`. */
    async byIds(ids: string[]): Promise<EnterpriseFeedItem[]> {
      const valid = ids.filter(isObjectId);
      const docs =
        valid.length <= 16
          ? (await Promise.all(valid.map((id) => enterprises.findById(id).lean<Doc>()))).filter((doc): doc is Doc => doc !== null)
          : await enterprises.find({ _id: trusted({ $in: valid }) }).lean<Doc[]>();
      return docs.map(itemOf);
    },
    async all(): Promise<EnterpriseFeedItem[]> {
      return (await enterprises.find().lean<Doc[]>()).map(itemOf);
    },
  };
}

export type EnterpriseSearchFeed = ReturnType<typeof createEnterpriseSearchFeed>;

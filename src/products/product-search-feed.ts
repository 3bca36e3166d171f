import { trusted, Types } from "mongoose";
import { afterWatermark, type Watermark } from "../platform/db/watermark.ts";
import type { Product, ProductModel } from "./product.model.ts";
import { publicView, type PublicProduct } from "./product.visibility.ts";
import type { SearchChanges } from "./product-search-changes.ts";

/**
 * A listing as the search index receives it: `listing` is its public view, or null when it is not
 * public (the index then drops it). `searchVersion` > `indexedVersion` marks a change not yet indexed.
 */
export type SearchFeedItem = {
  id: string;
  enterpriseId: string;
  updatedAt: Date;
  searchVersion: number;
  indexedVersion: number;
  listing: PublicProduct | null;
};

type Doc = Product & { _id: Types.ObjectId };

const itemOf = (doc: Doc): SearchFeedItem => ({
  id: doc._id.toString(),
  enterpriseId: doc.enterpriseId.toString(),
  updatedAt: doc.updatedAt,
  searchVersion: doc.searchVersion,
  indexedVersion: doc.indexedVersion,
  listing: publicView(doc),
});

/** Statuses under which a listing can be public (the rule itself: product.visibility.ts). */
const CANDIDATES = { status: trusted({ $in: ["published", "pending", "rejected"] as Product["status"][] }) };

/**
 * FerretDB answers `_id` equality from its primary key but scans the collection for `$in`: up to
 * BY_KEY ids go one by one (LOOKUPS at a time; ~1 ms each), more with one `$in`.
 */
const BY_KEY = 1000;
const LOOKUPS = 16;

/**
 * What the catalog's index sync reads from the products area, instead of reading (and writing)
 * the products collection itself: changes since a watermark, listings by id, every public
 * candidate for a rebuild, and the mark that a version was indexed.
 */
export function createProductSearchFeed({ products, changes }: { products: ProductModel; changes: Pick<SearchChanges, "pending" | "done"> }) {
  return {
    /** The outbox of searchable changes, oldest first: the steady-state read, whatever the catalogue's size. */
    pendingChanges: (limit: number) => changes.pending(limit),
    /** Deletes outbox entries once their listings are indexed. */
    clearChanges: (ids: string[]) => changes.done(ids),

    /** Listings written since a watermark, by `updatedAt`: a scan of the collection on FerretDB, for the rare reconciliation. */
    async changedSince(mark: Watermark, limit: number): Promise<SearchFeedItem[]> {
      const docs = await products.find(afterWatermark(mark)).sort({ updatedAt: 1, _id: 1 }).limit(limit).lean<Doc[]>();
      return docs.map(itemOf);
    },

    async byIds(ids: string[]): Promise<SearchFeedItem[]> {
      const valid = ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
      if (valid.length > BY_KEY) return (await products.find({ _id: trusted({ $in: valid }) }).lean<Doc[]>()).map(itemOf);
      const docs: Doc[] = [];
      for (let i = 0; i < valid.length; i += LOOKUPS) {
        const found = await Promise.all(valid.slice(i, i + LOOKUPS).map((id) => products.findById(id).lean<Doc>()));
        docs.push(...found.filter((doc): doc is Doc => doc !== null));
      }
      return docs.map(itemOf);
    },

    countCandidates: () => products.countDocuments(CANDIDATES),

    /** Every listing that may be public, for a rebuild, streamed. */
    async *candidates(): AsyncGenerator<SearchFeedItem> {
      for await (const doc of products.find(CANDIDATES).lean<Doc[]>().cursor({ batchSize: 1000 })) yield itemOf(doc);
    },

    /**
     * Records that each listing is indexed up to the version pushed: `indexedVersion` becomes the
     * larger of its value and that version (`$max`), so a write that bumped `searchVersion` meanwhile
     * stays dirty. The filter is the `_id` alone, which FerretDB answers by primary key; any second
     * condition (or `$in`) scans the collection. One bulk write: one round trip for the batch.
     */
    async markIndexed(items: { id: string; searchVersion: number }[]): Promise<void> {
      if (items.length === 0) return;
      await products.bulkWrite(
        items.map((item) => ({ updateOne: { filter: { _id: new Types.ObjectId(item.id) }, update: { $max: { indexedVersion: item.searchVersion } }, timestamps: false } })),
        { ordered: false },
      );
    },
  };
}

export type ProductSearchFeed = ReturnType<typeof createProductSearchFeed>;

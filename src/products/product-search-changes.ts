import type { Connection } from "mongoose";
import { changeEntryModel, createChangeOutbox } from "../platform/db/change-outbox.ts";

/**
 * The products' outbox of searchable changes (`product_changes`, platform/db/change-outbox.ts):
 * every write that bumps a listing's `searchVersion` builds its update with `searchable` and then
 * records the listing's id, so the search sync reads this small collection instead of the
 * products (on FerretDB a filter on products but `_id` alone scans them all: 21–26 s at 100,000).
 * A listing whose entry was lost stays dirty (`searchVersion` > `indexedVersion`): the sync's rare
 * reconciliation finds it.
 */
export const productChangeModel = (connection: Connection) => changeEntryModel(connection, "ProductChange", "product_changes");

/** The update that marks a listing dirty for the index: every searchable write goes through it. */
export function searchable<U extends Record<string, unknown>>(update: U): U & { $inc: { searchVersion: number } } {
  const inc = (update.$inc ?? {}) as Record<string, number>;
  return { ...update, $inc: { ...inc, searchVersion: 1 } };
}

export const createSearchChanges = createChangeOutbox;
export type SearchChanges = ReturnType<typeof createChangeOutbox>;

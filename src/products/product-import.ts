import { trusted, type Types } from "mongoose";
import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import { ValidationError } from "../platform/errors.ts";
import { fieldsOf, planEdit, productSlug } from "./product.lifecycle.ts";
import type { PriceTier, Product, ProductModel } from "./product.model.ts";
import { priceTiersSchema, type ProductInput } from "./product.schemas.ts";
import { searchable, type SearchChanges } from "./product-search-changes.ts";

export const IMPORT_BATCH = 500;

type Doc = Product & { _id: Types.ObjectId };
type PriceStockUpdate = { sku: string; priceTiers?: PriceTier[]; stock?: number | null };
type Deps = {
  products: ProductModel;
  audit: AuditLog;
  assertAccess: (ctx: AuditContext, enterpriseId: string) => Promise<Types.ObjectId>;
  leafCategories: () => Promise<Set<string>>;
  changes: Pick<SearchChanges, "record">;
};

type WriteErrorLike = { index?: number; code?: number; err?: { index?: number; code?: number } };
/** The indexes of operations a bulk write refused as duplicates (another writer inserted the same SKU first). */
function duplicateIndexes(error: unknown): Set<number> | null {
  const writeErrors = (error as { writeErrors?: WriteErrorLike[] | WriteErrorLike }).writeErrors;
  if (!writeErrors) return null;
  const list = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
  if (list.some((entry) => (entry.code ?? entry.err?.code) !== 11000)) return null;
  return new Set(list.map((entry) => entry.index ?? entry.err?.index ?? -1));
}

/** Splits rows into batches of at most `size` with no SKU twice in one batch (a later row updates an earlier one). */
function batches<T extends { sku: string }>(rows: T[], size: number): T[][] {
  const result: T[][] = [];
  let current: T[] = [];
  let seen = new Set<string>();
  for (const row of rows) {
    if (current.length >= size || seen.has(row.sku)) {
      result.push(current);
      current = [];
      seen = new Set();
    }
    current.push(row);
    seen.add(row.sku);
  }
  if (current.length > 0) result.push(current);
  return result;
}

/**
 * The bulk writes behind the spreadsheet import and the bulk price/stock update. Idempotent by
 * (enterpriseId, sku) — the unique index is the guard against duplicates — and written in batches
 * of 500 bulk operations; each batch is complete on its own, so an interrupted import loses nothing
 * already written and a retry reports those rows as "unchanged".
 */
export function createProductImport({ products, audit, assertAccess, leafCategories, changes }: Deps) {
  /** A batch of searchable updates, then its outbox entries (the sync's poll indexes imports). */
  const writeSearchable = async (ops: { updateOne: { filter: { _id: Types.ObjectId } } }[]) => {
    await products.bulkWrite(ops as any[], { ordered: false });
    await changes.record(ops.map((op) => op.updateOne.filter._id));
  };
  const existing = async (owner: Types.ObjectId, skus: string[]) => {
    const docs = await products.find({ enterpriseId: owner, sku: trusted({ $in: skus }) }).lean<Doc[]>();
    return new Map(docs.map((doc) => [doc.sku, doc]));
  };

  /** Inserts rows as new drafts; returns the indexes the unique indexes refused (SKU exists, or a slug collided). */
  async function insertNew(owner: Types.ObjectId, rows: ProductInput[]): Promise<Set<number>> {
    const ops = rows.map((row) => ({
      insertOne: { document: { ...fieldsOf(row), enterpriseId: owner, sku: row.sku, slug: productSlug(row.name.vi), status: "draft", images: [] } },
    }));
    try {
      await products.bulkWrite(ops as any[], { ordered: false });
      return new Set();
    } catch (error) {
      const refused = duplicateIndexes(error);
      if (!refused) throw error;
      return refused;
    }
  }

  /**
   * One batch. `known` holds the enterprise's listings by SKU, read once per import session:
   * FerretDB answers a query on (enterpriseId, sku) by scanning the collection, so a per-batch
   * lookup costs seconds on a large catalogue. Known SKUs are compared and updated by `_id`; the
   * others are inserted, and only the rows the unique index then refuses (written meanwhile by
   * someone else) are looked up afresh.
   */
  async function importBatch(ctx: AuditContext, owner: Types.ObjectId, rows: ProductInput[], known: Map<string, Doc>) {
    const now = new Date();
    const outcomes = new Map<string, "created" | "updated" | "unchanged">();
    const resubmitted: Doc[] = [];
    const update = async (pairs: [ProductInput, Doc][]) => {
      const ops: any[] = [];
      for (const [row, doc] of pairs) {
        const plan = planEdit(doc, fieldsOf(row), now);
        if (!plan) {
          outcomes.set(row.sku, "unchanged");
          continue;
        }
        if (plan.transition) resubmitted.push(doc);
        ops.push({ updateOne: { filter: { _id: doc._id, status: doc.status }, update: searchable({ $set: plan.set }) } });
        known.set(row.sku, { ...doc, ...plan.set });
        outcomes.set(row.sku, "updated");
      }
      if (ops.length > 0) await writeSearchable(ops);
    };
    await update(rows.filter((row) => known.has(row.sku)).map((row) => [row, known.get(row.sku)!]));
    let pending = rows.filter((row) => !known.has(row.sku));
    for (let attempt = 0; attempt < 3 && pending.length > 0; attempt++) {
      const refused = await insertNew(owner, pending);
      pending.forEach((row, index) => refused.has(index) || outcomes.set(row.sku, "created"));
      const duplicates = pending.filter((_, index) => refused.has(index));
      const found = duplicates.length > 0 ? await existing(owner, duplicates.map((row) => row.sku)) : new Map<string, Doc>();
      await update(duplicates.filter((row) => found.has(row.sku)).map((row) => [row, found.get(row.sku)!]));
      pending = duplicates.filter((row) => !found.has(row.sku));
    }
    if (pending.length > 0) throw new Error(`import: could not insert ${pending.length} rows (slug collisions)`);
    for (const doc of resubmitted) {
      await audit.record(ctx, { action: "product.edited", subject: { type: "product", id: doc._id.toString() }, from: "published", to: "pending", details: { sku: doc.sku, via: "import" } });
    }
    const result = rows.map((row) => ({ sku: row.sku, outcome: outcomes.get(row.sku)! }));
    const created = result.filter((entry) => entry.outcome === "created").map((entry) => entry.sku);
    const updated = result.filter((entry) => entry.outcome === "updated").map((entry) => entry.sku);
    if (created.length + updated.length > 0) {
      await audit.record(ctx, { action: "product.imported", subject: { type: "enterprise", id: owner.toString() }, to: "draft", details: { created, updated } });
    }
    return result;
  }

  /** The enterprise's listings by SKU: one scan, shared by every batch of an import session. */
  const snapshotOf = async (owner: Types.ObjectId) =>
    new Map((await products.find({ enterpriseId: owner }).lean<Doc[]>()).map((doc) => [doc.sku, doc]));

  /**
   * An import session (one uploaded file): its batches share one snapshot of the enterprise's
   * listings, read on first need.
   */
  function openImportSession(ctx: AuditContext, enterpriseId: string) {
    let snapshot: Promise<{ owner: Types.ObjectId; known: Map<string, Doc> }> | null = null;
    const state = () =>
      (snapshot ??= assertAccess(ctx, enterpriseId).then(async (owner) => ({ owner, known: await snapshotOf(owner) })));
    return {
      async importRows(rows: ProductInput[]): Promise<{ sku: string; outcome: "created" | "updated" | "unchanged" }[]> {
        const { owner, known } = await state();
        const leaves = await leafCategories();
        const unknown = Object.fromEntries(rows.flatMap((row, index) => (leaves.has(row.category) ? [] : [[`${index}.category`, "products.errors.categoryUnknown"]])));
        if (Object.keys(unknown).length > 0) throw new ValidationError(unknown);
        const outcomes = [];
        for (const batch of batches(rows, IMPORT_BATCH)) outcomes.push(...(await importBatch(ctx, owner, batch, known)));
        return outcomes;
      },
      async updatePriceStock(updates: PriceStockUpdate[]): Promise<{ sku: string; outcome: "updated" | "unchanged" | "not_found" }[]> {
        const { owner, known } = await state();
        return priceStock(ctx, owner, updates, known);
      },
    };
  }

  /** Price tiers and/or stock by SKU; these apply at once, whatever the listing's state. */
  async function priceStock(ctx: AuditContext, owner: Types.ObjectId, updates: PriceStockUpdate[], known: Map<string, Doc>) {
    const problems: Record<string, string> = {};
    updates.forEach((update, index) => {
      if (update.priceTiers === undefined) return;
      const parsed = priceTiersSchema.safeParse(update.priceTiers);
      if (!parsed.success) problems[`${index}.priceTiers`] = parsed.error.issues[0]!.message;
    });
    if (Object.keys(problems).length > 0) throw new ValidationError(problems);
    const outcomes: { sku: string; outcome: "updated" | "unchanged" | "not_found" }[] = [];
    for (const batch of batches(updates, IMPORT_BATCH)) {
      const ops: any[] = [];
      const changed: string[] = [];
      for (const update of batch) {
        const doc = known.get(update.sku);
        if (!doc) {
          outcomes.push({ sku: update.sku, outcome: "not_found" });
          continue;
        }
        const next: Record<string, unknown> = {};
        if (update.priceTiers !== undefined) next.priceTiers = update.priceTiers.map((tier) => ({ minQty: tier.minQty, priceVnd: tier.priceVnd }));
        if (update.stock !== undefined) next.stock = update.stock;
        const plan = planEdit(doc, next, new Date());
        if (!plan) {
          outcomes.push({ sku: update.sku, outcome: "unchanged" });
          continue;
        }
        ops.push({ updateOne: { filter: { _id: doc._id }, update: searchable({ $set: plan.set }) } });
        known.set(update.sku, { ...doc, ...plan.set });
        outcomes.push({ sku: update.sku, outcome: "updated" });
        changed.push(update.sku);
      }
      if (ops.length > 0) {
        await writeSearchable(ops);
        await audit.record(ctx, { action: "product.pricesUpdated", subject: { type: "enterprise", id: owner.toString() }, details: { skus: changed } });
      }
    }
    return outcomes;
  }

  return {
    openImportSession,

    /**
     * Creates drafts for new SKUs and updates existing ones by (enterpriseId, sku) under the lifecycle
     * rules (a published listing goes back to review when a reviewed field changes). The same rows
     * twice → "unchanged". Unknown categories are refused before anything is written
     * (ValidationError keyed "<row index>.category"; check with `leafCategories()` first).
     * For many batches of one file, use one `openImportSession` instead: it reads the catalogue once.
     */
    importRows(ctx: AuditContext, enterpriseId: string, rows: ProductInput[]) {
      return openImportSession(ctx, enterpriseId).importRows(rows);
    },

    /** Price tiers and/or stock by SKU; these apply at once, whatever the listing's state. */
    updatePriceStock(ctx: AuditContext, enterpriseId: string, updates: PriceStockUpdate[]) {
      return openImportSession(ctx, enterpriseId).updatePriceStock(updates);
    },
  };
}

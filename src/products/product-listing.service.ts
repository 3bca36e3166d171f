import { Types } from "mongoose";
import type { EnterpriseService } from "../enterprises/index.ts";
import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../platform/errors.ts";
import type { ImageStore } from "../platform/images/image-store.ts";
import type { NotifyEnterprise } from "../platform/notify/index.ts";
import type { CategoryService } from "./category.service.ts";
import { createProductImport } from "./product-import.ts";
import { createProductModeration } from "./product-moderation.ts";
import { CAN_ARCHIVE, CAN_SUBMIT, fieldsOf, planEdit, productSlug, type ProductStatus } from "./product.lifecycle.ts";
import { MAX_IMAGES, type Product, type ProductModel } from "./product.model.ts";
import type { ProductInput } from "./product.schemas.ts";
import { searchable, type SearchChanges } from "./product-search-changes.ts";
import { isDuplicateKey, isObjectId } from "../platform/db/ids.ts";

export type ListingDeps = {
  products: ProductModel;
  categories: Pick<CategoryService, "offeredLeaves">;
  audit: AuditLog;
  images: ImageStore;
  enterprises: Pick<EnterpriseService, "findSummaries">;
  /** The user's role in the enterprise (accounts' membership service), to check people acting on its listings. */
  roleIn?: (userId: string, enterpriseId: string) => Promise<string | null>;
  /**
   * Told the ids of listings just written with a new `searchVersion` (the composition root passes
   * the search sync's fast path). Must not throw; the sync's poll stays the safety net.
   */
  onProductsChanged?: (productIds: string[]) => void;
  /** The outbox every searchable write records its listings in (product-search-changes.ts). */
  changes: Pick<SearchChanges, "record">;
  /** Tells the seller's members of the department's decisions on their listings. */
  notifyEnterprise: NotifyEnterprise;
};

export type ListingDoc = Product & { _id: Types.ObjectId };
const duplicateOf = (error: unknown) => Object.keys((error as { keyPattern?: object }).keyPattern ?? {});

/**
 * An enterprise's own listings: create, edit, submit, archive, delete drafts, images, the moderators'
 * approve/reject, and the bulk writes of the import. Every method is scoped to one enterprise (its
 * id comes from the membership check or the API token) and checks again that a person acting is a
 * member of it: enterprise A never reads or changes enterprise B's listings.
 */
export function createProductListingService(deps: ListingDeps) {
  const { products, categories, audit, images, enterprises, roleIn } = deps;
  /** After a searchable write: its outbox entries, then the sync's fast path. */
  const changed = async (...ids: { toString(): string }[]) => {
    await deps.changes.record(ids);
    deps.onProductsChanged?.(ids.map(String));
  };

  async function assertAccess(ctx: AuditContext, enterpriseId: string): Promise<Types.ObjectId> {
    if (!isObjectId(enterpriseId)) throw new NotFoundError();
    if (ctx.actor.kind === "anonymous") throw new ForbiddenError();
    if (ctx.actor.kind === "user" && roleIn) {
      if (!ctx.actor.userId || !(await roleIn(ctx.actor.userId, enterpriseId))) throw new NotFoundError();
    }
    return new Types.ObjectId(enterpriseId);
  }

  async function assertVerified(enterpriseId: Types.ObjectId): Promise<void> {
    const summary = (await enterprises.findSummaries([enterpriseId])).get(enterpriseId.toString());
    if (!summary?.verified) throw new ForbiddenError("products.errors.enterpriseNotVerified");
  }

  /** A new or changed category must be an offered second-level one; a listing keeps a category retired since. */
  async function assertCategory(category: string, field = "category"): Promise<void> {
    if (!(await categories.offeredLeaves()).has(category)) throw new ValidationError({ [field]: "products.errors.categoryUnknown" });
  }

  async function findOwn(ctx: AuditContext, enterpriseId: string, sku: string): Promise<ListingDoc> {
    const owner = await assertAccess(ctx, enterpriseId);
    const doc = await products.findOne({ enterpriseId: owner, sku: String(sku) }).lean<ListingDoc>();
    if (!doc) throw new NotFoundError();
    return doc;
  }

  const record = (ctx: AuditContext, doc: { _id: Types.ObjectId; sku: string; enterpriseId: Types.ObjectId }, action: string, from: string | null, to: string | null, extra: { reason?: string | null; details?: Record<string, unknown> } = {}) =>
    audit.record(ctx, {
      action,
      subject: { type: "product", id: doc._id.toString() },
      from,
      to,
      reason: extra.reason ?? null,
      details: { sku: doc.sku, enterpriseId: doc.enterpriseId.toString(), ...extra.details },
    });

  /** A guarded status change: only from one of `from`, atomically. */
  async function transition(ctx: AuditContext, doc: ListingDoc, to: ProductStatus, action: string, set: Record<string, unknown> = {}, reason: string | null = null) {
    const updated = await products.findOneAndUpdate(
      { _id: doc._id, status: doc.status },
      searchable({ $set: { status: to, ...set } }),
      { returnDocument: "after" },
    );
    if (!updated) throw new ConflictError("products.errors.changedMeanwhile");
    await changed(doc._id);
    await record(ctx, doc, action, doc.status, to, { reason });
    return updated.toObject() as ListingDoc;
  }

  async function submitDoc(ctx: AuditContext, doc: ListingDoc) {
    if (!CAN_SUBMIT.includes(doc.status)) throw new ConflictError("products.errors.cannotSubmit");
    await assertVerified(doc.enterpriseId);
    return transition(ctx, doc, "pending", "product.submitted", { submittedAt: new Date(), rejectionReason: null });
  }

  /** Applies an edit under the lifecycle rules; returns the stored listing. */
  async function applyEdit(ctx: AuditContext, doc: ListingDoc, next: Record<string, unknown>) {
    const plan = planEdit(doc, next, new Date());
    if (!plan) return { doc, changed: [] as string[] };
    const updated = await products.findOneAndUpdate(
      { _id: doc._id, status: doc.status, updatedAt: doc.updatedAt },
      searchable({ $set: plan.set }),
      { returnDocument: "after" },
    );
    if (!updated) throw new ConflictError("products.errors.changedMeanwhile");
    await changed(doc._id);
    await record(ctx, doc, "product.edited", plan.transition?.from ?? doc.status, plan.transition?.to ?? doc.status, {
      details: { fields: plan.changed },
    });
    return { doc: updated.toObject() as ListingDoc, changed: plan.changed };
  }

  const leafCategories = () => categories.offeredLeaves();
  const importer = createProductImport({ products, audit, assertAccess, leafCategories, changes: deps.changes });
  const moderation = createProductModeration({ products, audit, images, enterprises, notifyEnterprise: deps.notifyEnterprise });

  return {
    ...importer,
    ...moderation,
    // Bulk imports are left to the sync's poll; a moderator's decision is indexed at once.
    approve: async (ctx: AuditContext, productId: string) => {
      const updated = await moderation.approve(ctx, productId);
      await changed(updated._id);
      return updated;
    },
    reject: async (ctx: AuditContext, productId: string, reason: string) => {
      const updated = await moderation.reject(ctx, productId, reason);
      await changed(updated._id);
      return updated;
    },
    leafCategories,

    /** The enterprise's listings in every state, newest change first, a page at a time. */
    async listOwn(ctx: AuditContext, enterpriseId: string, paging: { page?: number; perPage?: number } = {}) {
      const owner = await assertAccess(ctx, enterpriseId);
      const perPage = Math.min(Math.max(Math.trunc(paging.perPage ?? 50), 1), 500);
      const total = await products.countDocuments({ enterpriseId: owner });
      const pages = Math.max(Math.ceil(total / perPage), 1);
      const page = Math.min(Math.max(Math.trunc(paging.page ?? 1) || 1, 1), pages);
      const items = await products
        .find({ enterpriseId: owner })
        .sort({ updatedAt: -1, _id: 1 })
        .skip((page - 1) * perPage)
        .limit(perPage)
        .lean<ListingDoc[]>();
      return { items, total, page, pages, perPage };
    },

    get: findOwn,

    async create(ctx: AuditContext, enterpriseId: string, input: ProductInput, options: { submit?: boolean } = {}) {
      const owner = await assertAccess(ctx, enterpriseId);
      await assertCategory(input.category);
      if (options.submit) await assertVerified(owner);
      let created: ListingDoc | null = null;
      for (let attempt = 0; !created; attempt++) {
        try {
          const doc = await products.create({ ...fieldsOf(input), enterpriseId: owner, sku: input.sku, slug: productSlug(input.name.vi), status: "draft", images: [] });
          created = doc.toObject();
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          if (duplicateOf(error).includes("sku") || attempt >= 3) throw new ValidationError({ sku: "products.errors.skuTaken" });
        }
      }
      await record(ctx, created, "product.created", null, "draft");
      return options.submit ? submitDoc(ctx, created) : created;
    },

    /** The seller's edit of every field (the SKU is the listing's key and does not change). */
    async update(ctx: AuditContext, enterpriseId: string, sku: string, input: ProductInput, options: { submit?: boolean } = {}) {
      const doc = await findOwn(ctx, enterpriseId, sku);
      if (input.sku !== doc.sku) throw new ValidationError({ sku: "products.errors.skuImmutable" });
      if (input.category !== doc.category) await assertCategory(input.category);
      const result = await applyEdit(ctx, doc, fieldsOf(input));
      if (options.submit && CAN_SUBMIT.includes(result.doc.status)) return { ...result, doc: await submitDoc(ctx, result.doc) };
      return result;
    },

    async submit(ctx: AuditContext, enterpriseId: string, sku: string) {
      return submitDoc(ctx, await findOwn(ctx, enterpriseId, sku));
    },

    async archive(ctx: AuditContext, enterpriseId: string, sku: string) {
      const doc = await findOwn(ctx, enterpriseId, sku);
      if (!CAN_ARCHIVE.includes(doc.status)) throw new ConflictError("products.errors.cannotArchive");
      return transition(ctx, doc, "archived", "product.archived");
    },

    async deleteDraft(ctx: AuditContext, enterpriseId: string, sku: string): Promise<void> {
      const doc = await findOwn(ctx, enterpriseId, sku);
      if (doc.status !== "draft") throw new ConflictError("products.errors.onlyDraftsDeleted");
      const result = await products.deleteOne({ _id: doc._id, status: "draft" });
      if (result.deletedCount !== 1) throw new ConflictError("products.errors.changedMeanwhile");
      await record(ctx, doc, "product.deleted", "draft", null);
      for (const imageId of doc.images ?? []) await images.delete(imageId);
    },

    /** Adds images (each checked by content); all or none. A published listing goes back to review. */
    async addImages(ctx: AuditContext, enterpriseId: string, sku: string, buffers: Buffer[]) {
      const doc = await findOwn(ctx, enterpriseId, sku);
      if (buffers.length === 0) throw new ValidationError({ images: "images.errors.none" });
      if ((doc.images ?? []).length + buffers.length > MAX_IMAGES) throw new ValidationError({ images: "images.errors.tooMany" });
      for (const buffer of buffers) await images.inspect(buffer);
      const saved: string[] = [];
      try {
        for (const buffer of buffers) saved.push(await images.save(buffer));
        return await applyEdit(ctx, doc, { images: [...(doc.images ?? []), ...saved] });
      } catch (error) {
        for (const imageId of saved) await images.delete(imageId);
        throw error;
      }
    },

    async removeImage(ctx: AuditContext, enterpriseId: string, sku: string, imageId: string) {
      const doc = await findOwn(ctx, enterpriseId, sku);
      if (!(doc.images ?? []).includes(imageId)) throw new NotFoundError();
      const result = await applyEdit(ctx, doc, { images: (doc.images ?? []).filter((id) => id !== imageId) });
      if (!(doc.approved?.images ?? []).includes(imageId)) await images.delete(imageId);
      return result;
    },

    /** Edits from the API: the given fields over the stored ones, under the same rules. */
    async patch(ctx: AuditContext, enterpriseId: string, sku: string, input: ProductInput, options: { submit?: boolean } = {}) {
      return this.update(ctx, enterpriseId, sku, input, options);
    },
  };
}

export type ProductListingService = ReturnType<typeof createProductListingService>;

import { Types } from "mongoose";
import type { EnterpriseService } from "../enterprises/index.ts";
import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import { ConflictError, NotFoundError } from "../platform/errors.ts";
import type { ImageStore } from "../platform/images/image-store.ts";
import type { NotifyEnterprise } from "../platform/notify/index.ts";
import { snapshotOf } from "./product.lifecycle.ts";
import type { Product, ProductModel } from "./product.model.ts";
import { searchable } from "./product-search-changes.ts";
import { isObjectId } from "../platform/db/ids.ts";

type Doc = Product & { _id: Types.ObjectId };

export type PendingListing = {
  id: string;
  sku: string;
  slug: string;
  name: { vi: string; en: string };
  category: string;
  submittedAt: Date | null;
  enterprise: { slug: string; name: { vi: string; en: string } } | null;
  /** A new listing, or an edit of a published one (whose approved version stays public meanwhile). */
  isEdit: boolean;
  /** What the moderator approves: the listing as it stands now. */
  description: string;
  unit: string;
  priceTiers: { minQty: number; priceVnd: number }[];
  images: string[];
  ocopStars: number | null;
};

/** The department's review of listings: pending ones, approve, reject with a reason. Routes check the role. */
export function createProductModeration({ products, audit, images, enterprises, notifyEnterprise }: {
  products: ProductModel;
  audit: AuditLog;
  images: ImageStore;
  enterprises: Pick<EnterpriseService, "findSummaries">;
  /** Tells the seller's members of the decision, with the reason. */
  notifyEnterprise: NotifyEnterprise;
}) {
  async function pendingDoc(productId: string): Promise<Doc> {
    if (!isObjectId(productId)) throw new NotFoundError();
    const doc = await products.findById(productId).lean<Doc>();
    if (!doc) throw new NotFoundError();
    if (doc.status !== "pending") throw new ConflictError("products.errors.notPending");
    return doc;
  }

  async function move(ctx: AuditContext, doc: Doc, to: "published" | "rejected", set: Record<string, unknown>, reason: string | null) {
    const updated = await products.findOneAndUpdate(
      { _id: doc._id, status: "pending", updatedAt: doc.updatedAt },
      searchable({ $set: { status: to, ...set } }),
      { returnDocument: "after" },
    );
    if (!updated) throw new ConflictError("products.errors.changedMeanwhile");
    await audit.record(ctx, {
      action: to === "published" ? "product.approved" : "product.rejected",
      subject: { type: "product", id: doc._id.toString() },
      from: "pending",
      to,
      reason,
      details: { sku: doc.sku, enterpriseId: doc.enterpriseId.toString() },
    });
    const owner = (await enterprises.findSummaries([doc.enterpriseId])).get(doc.enterpriseId.toString());
    if (owner) {
      await notifyEnterprise(owner.id, {
        key: `products.decisionNotices.${to}`,
        params: { name: doc.name.vi, sku: doc.sku, reason: reason ?? "" },
        link: `/doanh-nghiep/${owner.slug}/san-pham/${encodeURIComponent(doc.sku)}/sua`,
      });
    }
    return updated.toObject() as Doc;
  }

  return {
    async listPending(limit = 200): Promise<PendingListing[]> {
      const docs = await products.find({ status: "pending" }).sort({ submittedAt: 1, _id: 1 }).limit(limit).lean<Doc[]>();
      const owners = await enterprises.findSummaries([...new Set(docs.map((doc) => doc.enterpriseId.toString()))].map((id) => new Types.ObjectId(id)));
      return docs.map((doc) => {
        const owner = owners.get(doc.enterpriseId.toString());
        return {
          id: doc._id.toString(),
          sku: doc.sku,
          slug: doc.slug,
          name: { vi: doc.name.vi, en: doc.name.en || doc.name.vi },
          category: doc.category,
          submittedAt: doc.submittedAt ?? null,
          enterprise: owner ? { slug: owner.slug, name: owner.name } : null,
          isEdit: Boolean(doc.approved),
          description: doc.description?.vi ?? "",
          unit: doc.unit,
          priceTiers: doc.priceTiers.map((tier) => ({ minQty: tier.minQty, priceVnd: tier.priceVnd })),
          images: doc.images ?? [],
          ocopStars: doc.ocop?.stars ?? null,
        };
      });
    },

    /** Publishes the listing as it stands: its public fields become the approved version. */
    async approve(ctx: AuditContext, productId: string) {
      const doc = await pendingDoc(productId);
      const now = new Date();
      const updated = await move(ctx, doc, "published", { approved: snapshotOf(doc, now), publishedAt: doc.publishedAt ?? now, rejectionReason: null }, null);
      // Images only the replaced approved version showed are no longer referenced.
      for (const imageId of doc.approved?.images ?? []) if (!(doc.images ?? []).includes(imageId)) await images.delete(imageId);
      return updated;
    },

    async reject(ctx: AuditContext, productId: string, reason: string) {
      const doc = await pendingDoc(productId);
      return move(ctx, doc, "rejected", { rejectionReason: reason }, reason);
    },
  };
}

import { trusted, type Types } from "mongoose";
import { isObjectId } from "../platform/db/ids.ts";
import type { Enterprise, EnterpriseModel } from "./enterprise.model.ts";
import { postalAddress } from "./member-enterprises.ts";

export type EnterpriseSummary = {
  id: string;
  slug: string;
  name: { vi: string; en: string };
  kind: string;
  commune: string;
  verified: boolean;
  /** The logo's image id ("" when none): `/anh/<id>/400.webp`. */
  logoImageId: string;
};

/** The rule of who the public sees: verified enterprises only (suspended, rejected and pending ones are hidden). */
export const isVisibleEnterprise = (doc: Pick<Enterprise, "status">): boolean => doc.status === "verified";

/** An enterprise as it declares to the department: name, MST and postal address from its record. */
export type DeclarantRecord = { name: string; taxCode: string; address: string };

/** Read side of enterprises used by public pages and by the other areas. Only verified enterprises are public. */
export function createEnterpriseService({ enterprises }: { enterprises: EnterpriseModel }) {
  const toSummary = (doc: {
    _id: Types.ObjectId;
    slug: string;
    name: { vi: string; en?: string | null };
    kind: string;
    status: string;
    address: { commune: string };
    logoImageId?: string;
  }): EnterpriseSummary => ({
    id: doc._id.toString(),
    slug: doc.slug,
    name: { vi: doc.name.vi, en: doc.name.en || doc.name.vi },
    kind: doc.kind,
    commune: doc.address.commune,
    verified: isVisibleEnterprise(doc as Pick<Enterprise, "status">),
    logoImageId: doc.logoImageId ?? "",
  });

  return {
    async countVerified(): Promise<number> {
      return enterprises.countDocuments({ status: "verified" });
    },

    async countCommunes(): Promise<number> {
      const rows = await enterprises.aggregate<{ _id: string }>([
        { $match: { status: "verified" } },
        { $group: { _id: "$address.commune" } },
      ]);
      return rows.length;
    },

    async listRecentlyVerified(limit: number): Promise<EnterpriseSummary[]> {
      const docs = await enterprises.find({ status: "verified" }).sort({ verifiedAt: -1, _id: 1 }).limit(limit).lean();
      return docs.map(toSummary);
    },

    async countPending(): Promise<number> {
      return enterprises.countDocuments({ status: "pending" });
    },

    /** Whether the enterprise may act (list, file, use its API tokens): verified, or pending its first verification. */
    async mayAct(enterpriseId: string): Promise<boolean> {
      if (!isObjectId(enterpriseId)) return false;
      const status = (await enterprises.findById(enterpriseId, { status: 1 }).lean())?.status;
      return status === "verified" || status === "pending";
    },

    async declarantRecord(enterpriseId: string): Promise<DeclarantRecord | null> {
      if (!isObjectId(enterpriseId)) return null;
      const record = await enterprises.findById(enterpriseId, { name: 1, taxCode: 1, address: 1 }).lean();
      return record && { name: record.name.vi, taxCode: record.taxCode, address: postalAddress(record.address) };
    },

    /** The declarant's record with its contact, by slug (the demo declarations name their enterprises so). */
    async declarantBySlug(slug: string): Promise<(DeclarantRecord & { id: string; phone: string; email: string }) | null> {
      const doc = await enterprises.findOne({ slug }).lean();
      return doc && { id: doc._id.toString(), name: doc.name.vi, taxCode: doc.taxCode, address: postalAddress(doc.address), phone: doc.phone ?? "", email: doc.email ?? "" };
    },

    /** Of these enterprises, the ids of those the public may see. */
    async visibleIds(ids: Types.ObjectId[]): Promise<Set<string>> {
      const docs = await enterprises.find({ _id: trusted({ $in: ids }) }, { status: 1 }).lean();
      return new Set(docs.filter(isVisibleEnterprise).map((doc) => doc._id.toString()));
    },

    async findSummaries(ids: Types.ObjectId[]): Promise<Map<string, EnterpriseSummary>> {
      const docs = await enterprises.find({ _id: trusted({ $in: ids }) }).lean();
      return new Map(docs.map((doc) => [doc._id.toString(), toSummary(doc)]));
    },
  };
}

export type EnterpriseService = ReturnType<typeof createEnterpriseService>;

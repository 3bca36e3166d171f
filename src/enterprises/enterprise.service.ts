import { trusted, type Types } from "mongoose";
import type { EnterpriseModel } from "./enterprise.model.ts";

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

/** Read side of enterprises used by public pages. Only verified enterprises are public. */
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
    verified: doc.status === "verified",
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

    async findSummaries(ids: Types.ObjectId[]): Promise<Map<string, EnterpriseSummary>> {
      const docs = await enterprises.find({ _id: trusted({ $in: ids }) }).lean();
      return new Map(docs.map((doc) => [doc._id.toString(), toSummary(doc)]));
    },
  };
}

export type EnterpriseService = ReturnType<typeof createEnterpriseService>;

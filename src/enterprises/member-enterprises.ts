import { trusted, Types } from "mongoose";
import type { MembershipService } from "../accounts/index.ts";
import type { Enterprise, EnterpriseModel } from "./enterprise.model.ts";

export type MemberEnterprise = { id: string; slug: string; name: string; nameEn: string; taxCode: string; address: string; role: "owner" | "staff" };

/** An enterprise's address as it is written on papers: street, commune, province. */
export const postalAddress = (address: Enterprise["address"]): string => `${address.street}, ${address.commune}, tỉnh Gia Lai`;

/**
 * The enterprises a person acts for (those they are a member of), with the record forms show
 * read-only: name, MST and address as the enterprise registered them.
 */
export function createMemberEnterprises({ memberships, enterprises }: { memberships: Pick<MembershipService, "enterprisesOf">; enterprises: EnterpriseModel }) {
  async function list(userId: string): Promise<MemberEnterprise[]> {
    const rows = await memberships.enterprisesOf(userId);
    if (rows.length === 0) return [];
    const roles = new Map(rows.map((row) => [row.enterpriseId, row.role]));
    const ids = rows.map((row) => new Types.ObjectId(row.enterpriseId));
    const docs = await enterprises.find({ _id: trusted({ $in: ids }) }, { slug: 1, name: 1, taxCode: 1, address: 1 }).lean();
    return docs
      .map((doc) => ({
        id: doc._id.toString(),
        slug: doc.slug,
        name: doc.name.vi,
        nameEn: doc.name.en || doc.name.vi,
        taxCode: doc.taxCode,
        address: postalAddress(doc.address),
        role: roles.get(doc._id.toString())!,
      }))
      .sort((a, b) => a.name.localeCompare(b.name, "vi"));
  }

  return {
    list,
    /** The enterprise named by its slug (or id), if the person is one of its members. */
    async find(slugOrId: string, userId: string): Promise<MemberEnterprise | null> {
      return (await list(userId)).find((enterprise) => enterprise.slug === slugOrId || enterprise.id === slugOrId) ?? null;
    },
  };
}

export type MemberEnterprises = ReturnType<typeof createMemberEnterprises>;

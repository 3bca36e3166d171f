import { trusted, Types } from "mongoose";
import type { MembershipModel } from "../accounts/membership.model.ts";
import type { EnterpriseModel } from "../enterprises/enterprise.model.ts";

export type MemberEnterprise = { id: string; slug: string; name: string; nameEn: string; taxCode: string; address: string; role: "owner" | "staff" };

/**
 * The enterprises a person files declarations for (those they are a member of), with the record the
 * form shows read-only: name, MST and address as the enterprise registered them.
 */
export function createMemberEnterprises({ memberships, enterprises }: { memberships: MembershipModel; enterprises: EnterpriseModel }) {
  async function list(userId: string): Promise<MemberEnterprise[]> {
    if (!Types.ObjectId.isValid(userId)) return [];
    const rows = await memberships.find({ userId: new Types.ObjectId(userId) }).lean();
    if (rows.length === 0) return [];
    const roles = new Map(rows.map((row) => [row.enterpriseId.toString(), row.role]));
    const docs = await enterprises.find({ _id: trusted({ $in: rows.map((row) => row.enterpriseId) }) }, { slug: 1, name: 1, taxCode: 1, address: 1 }).lean();
    return docs
      .map((doc) => ({
        id: doc._id.toString(),
        slug: doc.slug,
        name: doc.name.vi,
        nameEn: doc.name.en || doc.name.vi,
        taxCode: doc.taxCode,
        address: `${doc.address.street}, ${doc.address.commune}, tỉnh Gia Lai`,
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

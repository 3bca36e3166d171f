import type { EnterpriseAccess } from "../accounts/index.ts";
import type { MembershipService } from "../accounts/index.ts";
import type { Enterprise, EnterpriseModel } from "./enterprise.model.ts";
import { isObjectId } from "../platform/db/ids.ts";

export type EnterpriseRecord = {
  id: string;
  slug: string;
  name: { vi: string; en: string };
  taxCode: string;
  status: Enterprise["status"];
};

/**
 * Enterprises as seen by their members: the `lookup` that `requireMembership` needs (slug or id →
 * the enterprise and the user's role in it), and the record shown on members' pages and the API.
 */
export function createEnterpriseAccess({ enterprises, memberships }: { enterprises: EnterpriseModel; memberships: Pick<MembershipService, "roleIn"> }) {
  async function findBySlugOrId(slugOrId: string) {
    if (!slugOrId || slugOrId.length > 200) return null;
    const bySlug = await enterprises.findOne({ slug: slugOrId }).lean();
    if (bySlug || !isObjectId(slugOrId)) return bySlug;
    return enterprises.findById(slugOrId).lean();
  }

  return {
    async lookup(slugOrId: string, userId: string): Promise<EnterpriseAccess | null> {
      const enterprise = await findBySlugOrId(slugOrId);
      if (!enterprise) return null;
      const enterpriseId = enterprise._id.toString();
      const role = await memberships.roleIn(userId, enterpriseId);
      return role ? { enterpriseId, slug: enterprise.slug, role } : null;
    },

    async record(enterpriseId: string): Promise<EnterpriseRecord | null> {
      if (!isObjectId(enterpriseId)) return null;
      const doc = await enterprises.findById(enterpriseId).lean();
      if (!doc) return null;
      return {
        id: doc._id.toString(),
        slug: doc.slug,
        name: { vi: doc.name.vi, en: doc.name.en || doc.name.vi },
        taxCode: doc.taxCode,
        status: doc.status,
      };
    },
  };
}

export type EnterpriseAccessService = ReturnType<typeof createEnterpriseAccess>;

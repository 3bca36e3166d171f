import type { MembershipService } from "../accounts/index.ts";
import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import { NotFoundError } from "../platform/errors.ts";
import type { ImageStore } from "../platform/images/image-store.ts";
import type { EnterpriseModel } from "./enterprise.model.ts";
import { isObjectId } from "../platform/db/ids.ts";

export const ENTERPRISE_IMAGE_KINDS = ["logo", "banner"] as const;
export type EnterpriseImageKind = (typeof ENTERPRISE_IMAGE_KINDS)[number];
export const isEnterpriseImageKind = (value: string): value is EnterpriseImageKind => (ENTERPRISE_IMAGE_KINDS as readonly string[]).includes(value);

const FIELD = { logo: "logoImageId", banner: "bannerImageId" } as const;

type Deps = {
  enterprises: EnterpriseModel;
  images: Pick<ImageStore, "save" | "delete">;
  audit: AuditLog;
  memberships: Pick<MembershipService, "roleIn">;
};

/**
 * The storefront's logo and banner. They are not legal data: owners and staff alike may change them.
 * The new image is stored and the enterprise pointed at it before the old one is deleted, so an
 * interruption leaves at worst an orphaned file in GridFS, never an enterprise without its image.
 */
export function createEnterpriseImages({ enterprises, images, audit, memberships }: Deps) {
  async function assertMember(enterpriseId: string, userId: string): Promise<void> {
    if (!isObjectId(enterpriseId)) throw new NotFoundError();
    const role = await memberships.roleIn(userId, enterpriseId);
    if (role !== "owner" && role !== "staff") throw new NotFoundError();
  }

  return {
    /** Stores `buffer` (content-checked: UnsupportedImageError otherwise) as the logo or the banner, replacing the old one. */
    async set(context: AuditContext, { enterpriseId, userId, kind, buffer }: { enterpriseId: string; userId: string; kind: EnterpriseImageKind; buffer: Buffer }): Promise<string> {
      await assertMember(enterpriseId, userId);
      const field = FIELD[kind];
      const imageId = await images.save(buffer, { banner: kind === "banner" });
      // findOneAndUpdate returns the document as it was: the old id, read atomically with the change.
      const before = await enterprises.findOneAndUpdate({ _id: enterpriseId }, { $set: { [field]: imageId } }).lean().catch(async (error: unknown) => {
        await images.delete(imageId);
        throw error;
      });
      if (!before) {
        await images.delete(imageId);
        throw new NotFoundError();
      }
      const previous = before[field] ?? null;
      await audit.record(context, { action: `enterprise.${kind}_changed`, subject: { type: "enterprise", id: enterpriseId }, from: previous, to: imageId });
      if (previous && previous !== imageId) await images.delete(previous);
      return imageId;
    },

    /** Removes the logo or the banner; removing one that is not there changes nothing. */
    async remove(context: AuditContext, { enterpriseId, userId, kind }: { enterpriseId: string; userId: string; kind: EnterpriseImageKind }): Promise<void> {
      await assertMember(enterpriseId, userId);
      const field = FIELD[kind];
      const before = await enterprises.findOneAndUpdate({ _id: enterpriseId }, { $unset: { [field]: 1 } }).lean();
      if (!before) throw new NotFoundError();
      const previous = before[field];
      if (!previous) return;
      await audit.record(context, { action: `enterprise.${kind}_removed`, subject: { type: "enterprise", id: enterpriseId }, from: previous, to: null });
      await images.delete(previous);
    },
  };
}

export type EnterpriseImages = ReturnType<typeof createEnterpriseImages>;

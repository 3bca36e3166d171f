import type { ChangeOutbox } from "../platform/db/change-outbox.ts";
import { trusted, type Types } from "mongoose";
import type { MembershipService } from "../accounts/index.ts";
import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../platform/errors.ts";
import { foldVietnamese } from "../platform/search/fold.ts";
import type { Enterprise, EnterpriseModel } from "./enterprise.model.ts";
import type { SectorCatalogue } from "./enterprise.ports.ts";
import type { ProfileInput } from "./enterprise.schemas.ts";
import { isDuplicateKey, isObjectId } from "../platform/db/ids.ts";

type Deps = {
  enterprises: EnterpriseModel;
  sectors: SectorCatalogue;
  audit: AuditLog;
  memberships: Pick<MembershipService, "addOwner" | "roleIn">;
  /** The outbox the search sync reads (name, place and visibility are searchable). */
  changes: Pick<ChangeOutbox, "record">;
};

/** Paths under /doanh-nghiep/ that a slug must never take. */
const RESERVED_SLUGS = new Set(["dang-ky", "xuat", "xuat-csv", "xuat-xlsx", "moi", "sua"]);

/** "Công ty TNHH Cà phê Đắk Đoa" → "cong-ty-tnhh-ca-phe-dak-doa". */
export function slugFromName(name: string): string {
  const base = foldVietnamese(name).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
  return base || "doanh-nghiep";
}

/** The stored fields a profile sets (the slug and the status are never among them). */
function profileFields(input: ProfileInput) {
  return {
    name: { vi: input.nameVi, en: input.nameEn },
    taxCode: input.taxCode,
    kind: input.kind,
    address: { street: input.street, commune: input.commune },
    phone: input.phone,
    email: input.email ?? "",
    website: input.website ?? "",
    description: { vi: input.descriptionVi, en: input.descriptionEn },
    sectors: [...new Set(input.sectors)],
    certifications: input.certifications,
  };
}

/**
 * Registration and the owner's edits of an enterprise. The slug is fixed at registration (links
 * stay valid when the name changes); the MST is unique; only owners change legal data.
 */
export function createEnterpriseRegistry({ enterprises, sectors: catalogue, audit, memberships, changes }: Deps) {
  /** Every sector is a category still offered, or one the enterprise already had (a retired category stays). */
  async function assertSectorsExist(sectors: string[], current: string[] = []): Promise<void> {
    if (sectors.length === 0) return;
    const offered = new Set((await catalogue.list()).filter((c) => c.offered || current.includes(c.slug)).map((c) => c.slug));
    if (!sectors.every((sector) => offered.has(sector))) throw new ValidationError({ sectors: "enterprises.errors.sectorInvalid" });
  }

  async function assertTaxCodeFree(taxCode: string, except?: Types.ObjectId): Promise<void> {
    const holder = await enterprises.findOne({ taxCode }, { _id: 1 }).lean();
    if (holder && !(except && holder._id.equals(except))) throw new ValidationError({ taxCode: "enterprises.errors.taxCodeTaken" });
  }

  /** The base slug, or the base with the first free suffix (-2, -3…). */
  async function freeSlug(name: string): Promise<string> {
    const base = slugFromName(name);
    const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const taken = new Set(
      (await enterprises.find({ slug: trusted({ $regex: `^${escaped}(-\\d+)?$` }) }, { slug: 1 }).lean()).map((doc) => doc.slug),
    );
    if (!taken.has(base) && !RESERVED_SLUGS.has(base)) return base;
    for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  async function findOwned(enterpriseId: string, userId: string) {
    if (!isObjectId(enterpriseId)) throw new NotFoundError();
    const [doc, role] = await Promise.all([enterprises.findById(enterpriseId).lean(), memberships.roleIn(userId, enterpriseId)]);
    if (!doc || !role) throw new NotFoundError();
    return { doc, role };
  }

  return {
    /** A new enterprise, `pending` until a moderator verifies it; the registering user becomes its owner. */
    async register(context: AuditContext, { userId, input }: { userId: string; input: ProfileInput }): Promise<{ id: string; slug: string }> {
      await assertSectorsExist(input.sectors);
      await assertTaxCodeFree(input.taxCode);
      const doc: Partial<Enterprise> = { ...profileFields(input), status: "pending", verifiedAt: null, statusReason: "", statusChangedAt: new Date() };
      if (input.lat !== undefined && input.lng !== undefined) doc.location = { lat: input.lat, lng: input.lng };
      if (input.foundedYear !== undefined) doc.foundedYear = input.foundedYear;

      // Two registrations may race for a slug or an MST: the unique indexes decide, and we retry the slug.
      for (let attempt = 0; ; attempt += 1) {
        const slug = await freeSlug(input.nameVi);
        try {
          const created = await enterprises.create({ ...doc, slug });
          const id = created._id.toString();
          await memberships.addOwner(id, userId, context);
          await audit.record(context, { action: "enterprise.registered", subject: { type: "enterprise", id }, to: "pending", details: { slug, taxCode: input.taxCode } });
          return { id, slug };
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          await assertTaxCodeFree(input.taxCode);
          if (attempt >= 5) throw error;
        }
      }
    },

    /**
     * The storefront edit. Staff may change the contact and storefront fields; the legal data (names,
     * MST, kind) belongs to owners: a staff member sending a change to it is refused (403).
     */
    async update(context: AuditContext, { enterpriseId, userId, input }: { enterpriseId: string; userId: string; input: ProfileInput }): Promise<void> {
      const { doc, role } = await findOwned(enterpriseId, userId);
      const legalBefore = { nameVi: doc.name.vi, nameEn: doc.name.en ?? "", taxCode: doc.taxCode, kind: doc.kind };
      const legalAfter = { nameVi: input.nameVi, nameEn: input.nameEn, taxCode: input.taxCode, kind: input.kind };
      const legalChanged = (Object.keys(legalBefore) as (keyof typeof legalBefore)[]).filter((key) => legalBefore[key] !== legalAfter[key]);
      if (legalChanged.length > 0 && role !== "owner") throw new ForbiddenError("enterprises.errors.legalOwnerOnly");
      await assertSectorsExist(input.sectors, doc.sectors);
      if (input.taxCode !== doc.taxCode) await assertTaxCodeFree(input.taxCode, doc._id);

      const set: Record<string, unknown> = profileFields(input);
      const unset: Record<string, 1> = {};
      if (input.lat !== undefined && input.lng !== undefined) set.location = { lat: input.lat, lng: input.lng };
      else unset.location = 1;
      if (input.foundedYear !== undefined) set.foundedYear = input.foundedYear;
      else unset.foundedYear = 1;
      try {
        await enterprises.updateOne({ _id: doc._id }, { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) }, { runValidators: true });
        await changes.record([doc._id]);
      } catch (error) {
        if (isDuplicateKey(error)) throw new ValidationError({ taxCode: "enterprises.errors.taxCodeTaken" });
        throw error;
      }
      await audit.record(context, {
        action: legalChanged.length > 0 ? "enterprise.legal_updated" : "enterprise.updated",
        subject: { type: "enterprise", id: enterpriseId },
        details: legalChanged.length > 0 ? { fields: legalChanged, before: legalBefore, after: legalAfter } : {},
      });
    },

    /** A rejected enterprise's owner sends it back for verification after correcting it. */
    async resubmit(context: AuditContext, { enterpriseId, userId }: { enterpriseId: string; userId: string }): Promise<void> {
      const { role } = await findOwned(enterpriseId, userId);
      if (role !== "owner") throw new ForbiddenError("enterprises.errors.ownerOnly");
      const updated = await enterprises.findOneAndUpdate(
        { _id: enterpriseId, status: "rejected" },
        { $set: { status: "pending", statusChangedAt: new Date() } },
      );
      if (!updated) throw new ConflictError("enterprises.errors.notRejected");
      await changes.record([updated._id]);
      await audit.record(context, { action: "enterprise.resubmitted", subject: { type: "enterprise", id: enterpriseId }, from: "rejected", to: "pending" });
    },
  };
}

export type EnterpriseRegistry = ReturnType<typeof createEnterpriseRegistry>;

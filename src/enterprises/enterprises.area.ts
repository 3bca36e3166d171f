import type { Logger } from "../platform/logger.ts";
import { trusted, type Connection, type Types } from "mongoose";
import type { MembershipService } from "../accounts/index.ts";
import type { AuditLog } from "../platform/audit/audit.service.ts";
import type { Migration } from "../platform/db/migrations.ts";
import { upsertBySlug } from "../platform/db/upsert-by-slug.ts";
import type { ImageStore } from "../platform/images/image-store.ts";
import type { NotifyEnterprise } from "../platform/notify/index.ts";
import { createEnterpriseAccess } from "./enterprise-access.ts";
import { createEnterpriseDirectory } from "./enterprise-directory.service.ts";
import { createEnterpriseImages } from "./enterprise-images.service.ts";
import { createEnterpriseRegistry } from "./enterprise-registry.service.ts";
import { createEnterpriseSearchFeed, enterpriseChangeModel } from "./enterprise-search-feed.ts";
import { createChangeOutbox } from "../platform/db/change-outbox.ts";
import { createEnterpriseVerification } from "./enterprise-verification.service.ts";
import { enterpriseModel } from "./enterprise.model.ts";
import type { SectorCatalogue, StorefrontListings } from "./enterprise.ports.ts";
import { createEnterpriseService } from "./enterprise.service.ts";
import { createMemberEnterprises } from "./member-enterprises.ts";

export type EnterprisesAreaDeps = {
  connection: Connection;
  audit: AuditLog;
  images: ImageStore;
  memberships: Pick<MembershipService, "addOwner" | "roleIn" | "enterprisesOf">;
  /** The category taxonomy (products area), which also lists the sectors. */
  sectors: SectorCatalogue;
  /** The public listings (products area), for OCOP figures; passed late because products depends on enterprises. */
  listings: () => Pick<StorefrontListings, "ocopStarsOf">;
  logger: Pick<Logger, "warn">;
  /** Tells the enterprise's members of the department's decisions. */
  notifyEnterprise: NotifyEnterprise;
};

/** A demo enterprise, inserted once by slug. */
export type DemoEnterpriseRecord = Record<string, unknown> & { slug: string };

/** The enterprises area: registry, verification, directory, storefront images. Its model stays inside. */
export function createEnterprisesArea(deps: EnterprisesAreaDeps) {
  const { connection, audit, memberships } = deps;
  const enterprises = enterpriseModel(connection);
  const changeEntries = enterpriseChangeModel(connection);
  const changes = createChangeOutbox(changeEntries, (error) => deps.logger.warn({ err: error }, "an enterprise change missed the outbox; the search reconciliation will find it"));
  return {
    enterprises: createEnterpriseService({ enterprises }),
    access: createEnterpriseAccess({ enterprises, memberships }),
    registry: createEnterpriseRegistry({ enterprises, sectors: deps.sectors, audit, memberships, changes }),
    verification: createEnterpriseVerification({ enterprises, audit, changes, notifyEnterprise: deps.notifyEnterprise }),
    directory: createEnterpriseDirectory({ enterprises, listings: { ocopStarsOf: (ids) => deps.listings().ocopStarsOf(ids) } }),
    images: createEnterpriseImages({ enterprises, images: deps.images, audit, memberships }),
    memberEnterprises: createMemberEnterprises({ memberships, enterprises }),
    searchFeed: createEnterpriseSearchFeed({ enterprises, changes }),
    migrations: [] as Migration[],
    init: () => Promise.all([enterprises.init(), changeEntries.init()]),
    async seedDemo(records: readonly DemoEnterpriseRecord[]): Promise<{ inserted: number; ids: Map<string, Types.ObjectId> }> {
      const inserted = await upsertBySlug(enterprises, [...records]);
      // The connection sanitizes filters (sanitizeFilter), so the operator must be marked as ours.
      const owners = await enterprises.find({ slug: trusted({ $in: records.map((record) => record.slug) }) }, { _id: 1, slug: 1 }).lean();
      return { inserted, ids: new Map(owners.map((owner) => [owner.slug, owner._id])) };
    },
    async isEmpty(): Promise<boolean> {
      return (await enterprises.findOne({}, { _id: 1 }).lean()) === null;
    },
  };
}

export type EnterprisesArea = ReturnType<typeof createEnterprisesArea>;

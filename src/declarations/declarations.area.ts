import type { Connection } from "mongoose";
import type { AuditLog } from "../platform/audit/audit.service.ts";
import type { Migration } from "../platform/db/migrations.ts";
import type { Logger } from "../platform/logger.ts";
import { createDeclarationAccess, type RoleIn } from "./declaration-access.ts";
import { createDeclarationAttachments } from "./declaration-attachments.service.ts";
import { seedDemoDeclarations, type DemoDeclarant } from "./declaration-demo.ts";
import { createDeclarationReview } from "./declaration-review.service.ts";
import { createDeclarationStatistics } from "./declaration-statistics.service.ts";
import { createUploadReports } from "./declaration-upload.reports.ts";
import { declarationModel, declarationVersionModel, receiptModel } from "./declaration.model.ts";
import { createDeclarationService, type EnterpriseRecord, type Notice } from "./declaration.service.ts";
import { hsEntryModel, hsPointerModel } from "./nomenclature/hs-entry.model.ts";
import { createNomenclature } from "./nomenclature/nomenclature.service.ts";

export type DeclarationsAreaDeps = {
  connection: Connection;
  audit: AuditLog;
  logger: Logger;
  /** The person's role in an enterprise (accounts' memberships). */
  roleIn: RoleIn;
  /** The declarant's name, MST and address, from the enterprises area's record. */
  enterpriseRecord: (enterpriseId: string) => Promise<EnterpriseRecord | null>;
  notifyEnterprise: (enterpriseId: string, notice: Notice) => Promise<void>;
  notifyDepartment: (notice: Notice) => Promise<void>;
  reviewWorkingDays: number;
};

/**
 * The declarations area: the enterprise files (form, spreadsheet, API), the department reviews,
 * the statistics of accepted declarations, the HS nomenclature. Its models stay inside.
 */
export function createDeclarationsArea(deps: DeclarationsAreaDeps) {
  const { connection, audit, logger } = deps;
  const models = {
    declarations: declarationModel(connection),
    versions: declarationVersionModel(connection),
    receipts: receiptModel(connection),
    hsEntries: hsEntryModel(connection),
    hsPointer: hsPointerModel(connection),
  };
  const access = createDeclarationAccess(deps.roleIn);
  // Without a nomenclature (`npm run hs:import -- file.csv`), HS codes are checked for format and chapter only.
  const nomenclature = createNomenclature({ entries: models.hsEntries, pointer: models.hsPointer, logger });
  const common = { declarations: models.declarations, versions: models.versions, access, audit };
  return {
    access,
    nomenclature,
    declarations: createDeclarationService({
      ...common,
      receipts: models.receipts,
      enterpriseRecord: deps.enterpriseRecord,
      headings: async (codes) => ((await nomenclature.isLoaded()) ? nomenclature.lookup(codes) : null),
      notifyEnterprise: deps.notifyEnterprise,
      notifyDepartment: deps.notifyDepartment,
      reviewWorkingDays: deps.reviewWorkingDays,
    }),
    review: createDeclarationReview({ ...common, notifyEnterprise: deps.notifyEnterprise }),
    attachments: createDeclarationAttachments({ connection, ...common }),
    statistics: createDeclarationStatistics({ declarations: models.declarations }),
    uploadReports: createUploadReports(connection),
    migrations: [] as Migration[],
    init: () => Promise.all(Object.values(models).map((model) => model.init())),
    /** A year of accepted demo declarations, written only into an empty collection. */
    seedDemo: (declarantBySlug: (slug: string) => Promise<DemoDeclarant | null>) =>
      seedDemoDeclarations({ declarations: models.declarations, versions: models.versions, receipts: models.receipts, declarantBySlug }),
  };
}

export type DeclarationsArea = ReturnType<typeof createDeclarationsArea>;

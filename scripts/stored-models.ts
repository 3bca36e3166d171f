/**
 * The stored documents, for tests and benchmarks to assert what was written (and to set up states no page
 * offers). The application's areas keep their models private; tests reach the same collections
 * through the same model definitions on the test app's connection.
 */
import type { Connection } from "mongoose";
import { apiTokenModel } from "../src/accounts/api-token.model.ts";
import { invitationModel } from "../src/accounts/invitation.model.ts";
import { membershipModel } from "../src/accounts/membership.model.ts";
import { passwordResetModel } from "../src/accounts/password-reset.model.ts";
import { userModel } from "../src/accounts/user.model.ts";
import { searchSyncStateModel } from "../src/catalog/search-sync-state.model.ts";
import { declarationModel, declarationVersionModel, receiptModel } from "../src/declarations/declaration.model.ts";
import { hsEntryModel, hsPointerModel } from "../src/declarations/nomenclature/hs-entry.model.ts";
import { enterpriseModel } from "../src/enterprises/enterprise.model.ts";
import { enterpriseChangeModel } from "../src/enterprises/enterprise-search-feed.ts";
import { auditModel } from "../src/platform/audit/audit.model.ts";
import { outboxModel } from "../src/platform/mail/mail.ts";
import { notificationModel } from "../src/platform/notify/notification.model.ts";
import { categoryModel } from "../src/products/category.model.ts";
import { importJobModel, importRejectionModel } from "../src/products/import/import.model.ts";
import { productModel } from "../src/products/product.model.ts";
import { productChangeModel } from "../src/products/product-search-changes.ts";

export function storedModels(connection: Connection) {
  return {
    users: userModel(connection),
    passwordResets: passwordResetModel(connection),
    audit: auditModel(connection),
    outbox: outboxModel(connection),
    enterprises: enterpriseModel(connection),
    enterpriseChanges: enterpriseChangeModel(connection),
    products: productModel(connection),
    productChanges: productChangeModel(connection),
    categories: categoryModel(connection),
    memberships: membershipModel(connection),
    invitations: invitationModel(connection),
    apiTokens: apiTokenModel(connection),
    importJobs: importJobModel(connection),
    importRejections: importRejectionModel(connection),
    searchSyncStates: searchSyncStateModel(connection),
    notifications: notificationModel(connection),
    hsEntries: hsEntryModel(connection),
    hsPointer: hsPointerModel(connection),
    declarations: declarationModel(connection),
    declarationVersions: declarationVersionModel(connection),
    declarationReceipts: receiptModel(connection),
  };
}

export type StoredModels = ReturnType<typeof storedModels>;

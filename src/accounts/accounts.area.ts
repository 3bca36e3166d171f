import type { Connection } from "mongoose";
import type { AuditLog } from "../platform/audit/audit.service.ts";
import type { Migration } from "../platform/db/migrations.ts";
import type { Translate } from "../platform/i18n/i18n.ts";
import type { Mailer } from "../platform/mail/mail.ts";
import { apiTokenModel } from "./api-token.model.ts";
import { createApiTokenService } from "./api-token.service.ts";
import { createAuthService } from "./auth.service.ts";
import { invitationModel } from "./invitation.model.ts";
import { membershipModel } from "./membership.model.ts";
import { createMembershipService } from "./membership.service.ts";
import { passwordResetModel } from "./password-reset.model.ts";
import { createUserAdminService } from "./user-admin.service.ts";
import { userModel } from "./user.model.ts";
import { createUserService } from "./user.service.ts";

export type AccountsAreaDeps = {
  connection: Connection;
  audit: AuditLog;
  mailer: Mailer;
  translate: Translate;
  baseUrl: string;
  /** Whether an enterprise may act now (the enterprises area's rule), for its API tokens. */
  enterpriseMayAct: (enterpriseId: string) => Promise<boolean>;
};

/** The accounts area: people, sign-in, memberships of enterprises, API tokens. Its models stay inside. */
export function createAccountsArea(deps: AccountsAreaDeps) {
  const { connection, audit, mailer, translate, baseUrl } = deps;
  const models = {
    users: userModel(connection),
    passwordResets: passwordResetModel(connection),
    memberships: membershipModel(connection),
    invitations: invitationModel(connection),
    apiTokens: apiTokenModel(connection),
  };
  const memberships = createMembershipService({ memberships: models.memberships, invitations: models.invitations, users: models.users, audit, mailer, baseUrl });
  return {
    users: createUserService({ users: models.users }),
    auth: createAuthService({ users: models.users, resets: models.passwordResets, audit, mailer, translate, baseUrl }),
    memberships,
    apiTokens: createApiTokenService({ tokens: models.apiTokens, memberships, audit, enterpriseMayAct: deps.enterpriseMayAct }),
    userAdmin: createUserAdminService({ users: models.users, audit }),
    migrations: [] as Migration[],
    init: () => Promise.all(Object.values(models).map((model) => model.init())),
  };
}

export type AccountsArea = ReturnType<typeof createAccountsArea>;

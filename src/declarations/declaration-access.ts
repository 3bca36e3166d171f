import { ForbiddenError, NotFoundError } from "../platform/errors.ts";

/** Who is acting on declarations: a signed-in person, or an enterprise's ERP through its API token. */
export type DeclarationActor =
  | { kind: "user"; userId: string; role: "user" | "moderator" | "admin" }
  | { kind: "token"; tokenId: string; enterpriseId: string };

export type RoleIn = (userId: string, enterpriseId: string) => Promise<"owner" | "staff" | null>;

export const isDepartment = (actor: DeclarationActor) => actor.kind === "user" && (actor.role === "moderator" || actor.role === "admin");

/**
 * Declarations are read by the enterprise's members (or its token) and by the department; only the
 * enterprise files and edits them. Anyone else is told the declaration does not exist.
 */
export function createDeclarationAccess(roleIn: RoleIn) {
  async function isMember(actor: DeclarationActor, enterpriseId: string): Promise<boolean> {
    if (actor.kind === "token") return actor.enterpriseId === enterpriseId;
    return (await roleIn(actor.userId, enterpriseId)) !== null;
  }

  return {
    isMember,
    /** Refuses anyone but the enterprise and the department; tells whether the reader is one of the enterprise's (who may change it). */
    async assertCanRead(actor: DeclarationActor, enterpriseId: string): Promise<{ member: boolean }> {
      if (await isMember(actor, enterpriseId)) return { member: true };
      if (isDepartment(actor)) return { member: false };
      throw new NotFoundError();
    },
    async assertCanFile(actor: DeclarationActor, enterpriseId: string): Promise<void> {
      if (await isMember(actor, enterpriseId)) return;
      if (isDepartment(actor)) throw new ForbiddenError("declarations.errors.departmentCannotFile");
      throw new NotFoundError();
    },
    assertDepartment(actor: DeclarationActor): void {
      if (!isDepartment(actor)) throw new ForbiddenError();
    },
  };
}

export type DeclarationAccess = ReturnType<typeof createDeclarationAccess>;

export const actorUserId = (actor: DeclarationActor): string | null => (actor.kind === "user" ? actor.userId : null);

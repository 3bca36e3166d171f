import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import { ConflictError, NotFoundError } from "../platform/errors.ts";
import type { Role, UserModel } from "./user.model.ts";
import { asObjectId } from "../platform/db/ids.ts";

export const USERS_PER_PAGE = 50;

export type AdminUserRow = { id: string; email: string; name: string; role: Role; createdAt: Date };
export type UserPage = { items: AdminUserRow[]; total: number; page: number; pages: number };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The administrators' side of accounts: who has which global role. */
export function createUserAdminService({ users, audit }: { users: UserModel; audit: AuditLog }) {
  const countAdmins = () => users.countDocuments({ role: "admin" });

  return {
    /** A page of users, by address; `email` matches any part of the address. */
    async listUsers(query: { role?: Role; email?: string; page: number }): Promise<UserPage> {
      const filter: Record<string, unknown> = {};
      if (query.role) filter.role = query.role;
      if (query.email) filter.email = new RegExp(escapeRegExp(query.email.toLowerCase()));
      const total = await users.countDocuments(filter);
      const pages = Math.max(1, Math.ceil(total / USERS_PER_PAGE));
      const page = Math.min(query.page, pages);
      const docs = await users
        .find(filter)
        .sort({ email: 1 })
        .skip((page - 1) * USERS_PER_PAGE)
        .limit(USERS_PER_PAGE)
        .lean();
      const items = docs.map((doc) => ({ id: doc._id.toString(), email: doc.email, name: doc.name, role: doc.role, createdAt: doc.createdAt }));
      return { items, total, page, pages };
    },

    /**
     * Sets a user's global role. The platform never loses its last administrator: an administrator
     * cannot demote themselves while they are the only one.
     */
    async changeRole(context: AuditContext, input: { actorUserId: string; userId: string; role: Role }): Promise<{ from: Role; to: Role }> {
      const id = asObjectId(input.userId);
      const user = id && (await users.findById(id).lean());
      if (!user) throw new NotFoundError("adminUsers.errors.notFound");
      const from = user.role;
      const to = input.role;
      if (from === to) return { from, to };
      const demotesAdmin = from === "admin";
      if (demotesAdmin && (await countAdmins()) <= 1) throw new ConflictError("adminUsers.errors.lastAdmin");
      // Conditional on the role read: two administrators editing the same account cannot lose an update.
      const result = await users.updateOne({ _id: user._id, role: from }, { $set: { role: to } });
      if (result.modifiedCount === 0) throw new ConflictError("adminUsers.errors.changedMeanwhile");
      // Two last administrators demoting each other at once could both pass the count: undo if none is left.
      if (demotesAdmin && (await countAdmins()) === 0) {
        await users.updateOne({ _id: user._id, role: to }, { $set: { role: "admin" } });
        throw new ConflictError("adminUsers.errors.lastAdmin");
      }
      await audit.record(context, {
        action: "user.role_changed",
        subject: { type: "user", id: input.userId },
        from,
        to,
        details: { email: user.email, selfChange: input.actorUserId === input.userId },
      });
      return { from, to };
    },
  };
}

export type UserAdminService = ReturnType<typeof createUserAdminService>;

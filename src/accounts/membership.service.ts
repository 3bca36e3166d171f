import { trusted } from "mongoose";
import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import { SYSTEM_ACTOR } from "../platform/audit/audit.service.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../platform/errors.ts";
import type { Mailer } from "../platform/mail/mail.ts";
import { createInvitationService } from "./invitation.service.ts";
import type { InvitationModel } from "./invitation.model.ts";
import type { MembershipModel, MembershipRole } from "./membership.model.ts";
import type { UserModel } from "./user.model.ts";
import { asObjectId, isDuplicateKey } from "../platform/db/ids.ts";

export type MemberSummary = { userId: string; name: string; email: string; role: MembershipRole; since: Date };

const SYSTEM_CONTEXT: AuditContext = { actor: SYSTEM_ACTOR, ip: null, userAgent: null };

/**
 * Who belongs to which enterprise, and how people are invited, removed and handed ownership.
 * FerretDB has no transactions: each change is ordered so that a failure between two writes
 * leaves a valid state (never an enterprise without an owner, never a used invitation reusable).
 */
export function createMembershipService(deps: {
  memberships: MembershipModel;
  invitations: InvitationModel;
  users: UserModel;
  audit: AuditLog;
  mailer: Mailer;
  baseUrl: string;
}) {
  const { memberships, users, audit } = deps;

  async function roleIn(userId: string, enterpriseId: string): Promise<MembershipRole | null> {
    const user = asObjectId(userId);
    const enterprise = asObjectId(enterpriseId);
    if (!user || !enterprise) return null;
    const membership = await memberships.findOne({ enterpriseId: enterprise, userId: user }).lean();
    return membership?.role ?? null;
  }

  async function assertOwner(enterpriseId: string, userId: string): Promise<void> {
    if ((await roleIn(userId, enterpriseId)) !== "owner") throw new ForbiddenError("members.errors.ownerOnly");
  }

  const countOwners = (enterpriseId: string) => memberships.countDocuments({ enterpriseId: asObjectId(enterpriseId)!, role: "owner" });

  return {
    roleIn,
    assertOwner,

    /** The enterprises a person is a member of, with their role in each. */
    async enterprisesOf(userId: string): Promise<{ enterpriseId: string; role: MembershipRole }[]> {
      const user = asObjectId(userId);
      if (!user) return [];
      const rows = await memberships.find({ userId: user }, { enterpriseId: 1, role: 1 }).lean();
      return rows.map((row) => ({ enterpriseId: row.enterpriseId.toString(), role: row.role }));
    },
    ...createInvitationService({ ...deps, assertOwner }),

    /** The registering user becomes the first owner of a new enterprise. */
    async addOwner(enterpriseId: string, userId: string, context: AuditContext = SYSTEM_CONTEXT): Promise<void> {
      const filter = { enterpriseId: asObjectId(enterpriseId)!, userId: asObjectId(userId)! };
      try {
        await memberships.create({ ...filter, role: "owner" });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        await memberships.updateOne(filter, { $set: { role: "owner" } });
      }
      await audit.record(context, {
        action: "membership.owner_added",
        subject: { type: "enterprise", id: enterpriseId },
        to: "owner",
        details: { userId },
      });
    },

    /** Members with their names and addresses: owners first, then by the date they joined. */
    async listMembers(enterpriseId: string): Promise<MemberSummary[]> {
      const id = asObjectId(enterpriseId);
      if (!id) return [];
      const rows = await memberships.find({ enterpriseId: id }).sort({ createdAt: 1, _id: 1 }).lean();
      const people = await users.find({ _id: trusted({ $in: rows.map((row) => row.userId) }) }).lean();
      const byId = new Map(people.map((person) => [person._id.toString(), person]));
      return rows
        .map((row) => {
          const person = byId.get(row.userId.toString());
          return { userId: row.userId.toString(), name: person?.name ?? "", email: person?.email ?? "", role: row.role, since: row.createdAt };
        })
        .sort((a, b) => Number(b.role === "owner") - Number(a.role === "owner"));
    },

    /** An owner removes a member (themselves too, while another owner remains). */
    async removeMember(context: AuditContext, input: { enterpriseId: string; actorUserId: string; userId: string }): Promise<void> {
      await assertOwner(input.enterpriseId, input.actorUserId);
      const enterpriseId = asObjectId(input.enterpriseId)!;
      const userId = asObjectId(input.userId);
      const target = userId && (await memberships.findOne({ enterpriseId, userId }).lean());
      if (!target) throw new NotFoundError("members.errors.notMember");
      if (target.role === "owner" && (await countOwners(input.enterpriseId)) <= 1) {
        throw new ConflictError("members.errors.lastOwner");
      }
      await memberships.deleteOne({ _id: target._id });
      // Two owners removing each other at once could both pass the count: put one back if none is left.
      if (target.role === "owner" && (await countOwners(input.enterpriseId)) === 0) {
        await memberships.create({ enterpriseId, userId: target.userId, role: "owner" }).catch(() => undefined);
        throw new ConflictError("members.errors.lastOwner");
      }
      const person = await users.findById(target.userId).lean();
      await audit.record(context, {
        action: "membership.removed",
        subject: { type: "enterprise", id: input.enterpriseId },
        from: target.role,
        to: null,
        details: { userId: input.userId, email: person?.email ?? null },
      });
    },

    /** The owner hands the enterprise to another member and stays on as staff. */
    async transferOwnership(context: AuditContext, input: { enterpriseId: string; actorUserId: string; toUserId: string }): Promise<void> {
      await assertOwner(input.enterpriseId, input.actorUserId);
      if (input.toUserId === input.actorUserId) throw new ConflictError("members.errors.selfTransfer");
      const enterpriseId = asObjectId(input.enterpriseId)!;
      const toUserId = asObjectId(input.toUserId);
      // Promote first, then demote: a failure in between leaves two owners, never none.
      const before = toUserId && (await memberships.findOneAndUpdate({ enterpriseId, userId: toUserId }, { $set: { role: "owner" } }, { returnDocument: "before" }));
      if (!before) throw new NotFoundError("members.errors.notMember");
      if (before.role === "owner") throw new ConflictError("members.errors.alreadyOwner");
      await memberships.updateOne({ enterpriseId, userId: asObjectId(input.actorUserId)!, role: "owner" }, { $set: { role: "staff" } });
      await audit.record(context, {
        action: "membership.ownership_transferred",
        subject: { type: "enterprise", id: input.enterpriseId },
        from: input.actorUserId,
        to: input.toUserId,
        details: { previousOwnerRole: "staff" },
      });
    },
  };
}

export type MembershipService = ReturnType<typeof createMembershipService>;

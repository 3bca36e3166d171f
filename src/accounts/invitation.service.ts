import { trusted, type Types } from "mongoose";
import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import { hashToken, randomToken } from "../platform/secrets.ts";
import { ConflictError, NotFoundError } from "../platform/errors.ts";
import type { Mailer } from "../platform/mail/mail.ts";
import { answeredKey, pendingKeyOf, type Invitation, type InvitationModel } from "./invitation.model.ts";
import type { MembershipModel, MembershipRole } from "./membership.model.ts";
import { normaliseEmail } from "./user.schemas.ts";
import type { UserModel } from "./user.model.ts";
import { asObjectId, isDuplicateKey } from "../platform/db/ids.ts";

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export type InvitationSummary = {
  id: string;
  enterpriseId: string;
  enterpriseName: { vi: string; en: string };
  email: string;
  role: MembershipRole;
  expiresAt: Date;
  createdAt: Date;
};
type InvitedUser = { id: string; email: string };

function toInvitationSummary(doc: Invitation & { _id: Types.ObjectId }): InvitationSummary {
  return {
    id: doc._id.toString(),
    enterpriseId: doc.enterpriseId.toString(),
    enterpriseName: { vi: doc.enterpriseName.vi, en: doc.enterpriseName.en || doc.enterpriseName.vi },
    email: doc.email,
    role: doc.role,
    expiresAt: doc.expiresAt,
    createdAt: doc.createdAt,
  };
}

function invitationMail(input: { enterpriseName: string; inviterName: string; role: MembershipRole; link: string; expiresAt: Date }) {
  const roleVi = input.role === "owner" ? "chủ sở hữu" : "nhân viên";
  const expiresVi = new Intl.DateTimeFormat("vi-VN", { dateStyle: "long", timeZone: "Asia/Ho_Chi_Minh" }).format(input.expiresAt);
  const expiresEn = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "Asia/Ho_Chi_Minh" }).format(input.expiresAt);
  return {
    subject: `Lời mời tham gia ${input.enterpriseName} trên Sàn giao dịch thương mại Gia Lai`,
    text: [
      `${input.inviterName} mời bạn tham gia doanh nghiệp ${input.enterpriseName} trên Sàn giao dịch thương mại Gia Lai với vai trò ${roleVi}.`,
      `Để chấp nhận hoặc từ chối, vui lòng đăng nhập bằng chính địa chỉ email này và mở liên kết: ${input.link}`,
      `Lời mời có hiệu lực đến hết ngày ${expiresVi}. Nếu bạn không chờ đợi lời mời này, vui lòng bỏ qua thư.`,
      "",
      `${input.inviterName} invited you to join ${input.enterpriseName} on the Gia Lai Trade Exchange as ${input.role}.`,
      `To accept or decline, sign in with this email address and open: ${input.link}`,
      `The invitation is valid until ${expiresEn}. If you did not expect it, you can ignore this message.`,
    ].join("\n"),
  };
}

/**
 * Invitations to join an enterprise: one pending per (enterprise, address), valid for 7 days, answered
 * once by the invited address's user. Part of the membership service (see createMembershipService).
 */
export function createInvitationService(deps: {
  memberships: MembershipModel;
  invitations: InvitationModel;
  users: UserModel;
  audit: AuditLog;
  mailer: Mailer;
  baseUrl: string;
  assertOwner(enterpriseId: string, userId: string): Promise<void>;
}) {
  const { memberships, invitations, users, audit, mailer, baseUrl, assertOwner } = deps;

  /** Why an invitation could not be answered: unknown (or someone else's) 404, answered or expired 409. */
  async function explainUnanswerable(invitationId: Types.ObjectId, email: string): Promise<never> {
    const invitation = await invitations.findById(invitationId).lean();
    if (!invitation || invitation.email !== email) throw new NotFoundError("invitations.errors.notFound");
    if (invitation.status !== "pending") throw new ConflictError("invitations.errors.alreadyAnswered");
    throw new ConflictError("invitations.errors.expired");
  }

  /** Frees the pending slot of (enterprise, email) when what holds it has expired. */
  async function releaseExpired(key: string, now: Date): Promise<void> {
    const holder = await invitations.findOne({ pendingKey: key }).lean();
    if (!holder) return;
    if (holder.expiresAt > now) throw new ConflictError("members.errors.alreadyInvited");
    await invitations.updateOne(
      { _id: holder._id, pendingKey: key },
      { $set: { status: "expired", pendingKey: answeredKey(holder._id) } },
    );
  }

  return {
    /** Pending, unexpired invitations of an enterprise (for its owners). */
    async listPendingInvitations(enterpriseId: string): Promise<InvitationSummary[]> {
      const id = asObjectId(enterpriseId);
      if (!id) return [];
      const docs = await invitations
        .find({ enterpriseId: id, status: "pending", expiresAt: trusted({ $gt: new Date() }) })
        .sort({ createdAt: -1 })
        .lean();
      return docs.map(toInvitationSummary);
    },

    /** An owner invites an address; the invitee answers at /tai-khoan/loi-moi after signing in with it. */
    async invite(
      context: AuditContext,
      input: { enterpriseId: string; enterpriseName: { vi: string; en: string }; actorUserId: string; email: string; role: MembershipRole },
    ): Promise<InvitationSummary> {
      await assertOwner(input.enterpriseId, input.actorUserId);
      const email = normaliseEmail(input.email);
      const enterpriseId = asObjectId(input.enterpriseId)!;
      const invitee = await users.findOne({ email }).lean();
      if (invitee && (await memberships.exists({ enterpriseId, userId: invitee._id }))) {
        throw new ConflictError("members.errors.alreadyMember");
      }
      const now = new Date();
      const key = pendingKeyOf(input.enterpriseId, email);
      await releaseExpired(key, now);
      const token = randomToken();
      let created;
      try {
        created = await invitations.create({
          enterpriseId,
          enterpriseName: input.enterpriseName,
          email,
          role: input.role,
          status: "pending",
          pendingKey: key,
          tokenHash: hashToken(token),
          invitedBy: asObjectId(input.actorUserId)!,
          expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        });
      } catch (error) {
        if (isDuplicateKey(error)) throw new ConflictError("members.errors.alreadyInvited");
        throw error;
      }
      const inviter = await users.findById(input.actorUserId).lean();
      const link = `${baseUrl.replace(/\/$/, "")}/tai-khoan/loi-moi?ma=${token}`;
      try {
        await mailer.send({
          to: email,
          ...invitationMail({ enterpriseName: input.enterpriseName.vi, inviterName: inviter?.name ?? "", role: input.role, link, expiresAt: created.expiresAt }),
        });
      } catch (error) {
        // Unsent, the invitation would block a retry for a week: withdraw it and let the owner try again.
        await invitations.updateOne({ _id: created._id }, { $set: { status: "cancelled", pendingKey: answeredKey(created._id) } });
        throw error;
      }
      await audit.record(context, {
        action: "membership.invited",
        subject: { type: "enterprise", id: input.enterpriseId },
        from: null,
        to: "pending",
        details: { invitationId: created._id.toString(), email, role: input.role },
      });
      return toInvitationSummary(created.toObject());
    },

    /** An owner withdraws a pending invitation. */
    async cancelInvitation(context: AuditContext, input: { enterpriseId: string; actorUserId: string; invitationId: string }): Promise<void> {
      await assertOwner(input.enterpriseId, input.actorUserId);
      const id = asObjectId(input.invitationId);
      const invitation = id && (await invitations.findOne({ _id: id, enterpriseId: asObjectId(input.enterpriseId)!, status: "pending" }).lean());
      if (!invitation) throw new NotFoundError("invitations.errors.notFound");
      const result = await invitations.updateOne(
        { _id: invitation._id, status: "pending" },
        { $set: { status: "cancelled", pendingKey: answeredKey(invitation._id), respondedAt: new Date() } },
      );
      if (result.modifiedCount === 0) throw new ConflictError("invitations.errors.alreadyAnswered");
      await audit.record(context, {
        action: "membership.invitation_cancelled",
        subject: { type: "enterprise", id: input.enterpriseId },
        from: "pending",
        to: "cancelled",
        details: { invitationId: input.invitationId, email: invitation.email },
      });
    },

    /** Pending, unexpired invitations addressed to the user's email. */
    async listInvitationsFor(user: { email: string }): Promise<InvitationSummary[]> {
      const docs = await invitations
        .find({ email: normaliseEmail(user.email), status: "pending", expiresAt: trusted({ $gt: new Date() }) })
        .sort({ createdAt: -1 })
        .lean();
      return docs.map(toInvitationSummary);
    },

    /** The invitation an emailed link points at, whoever it is for; null when unknown or no longer open. */
    async findOpenInvitationByToken(token: string): Promise<InvitationSummary | null> {
      if (!/^[\w-]{43}$/.test(token)) return null;
      const doc = await invitations.findOne({ tokenHash: hashToken(token), status: "pending" }).lean();
      return doc && doc.expiresAt > new Date() ? toInvitationSummary(doc) : null;
    },

    /**
     * The invited address's user joins. The invitation is claimed by a conditional update, then the
     * membership is created under the unique (enterprise, user) index. FerretDB 1.24 does not make the
     * conditional update exclusive (several racing requests may all "claim" it), so the unique index
     * decides: a request that finds the membership already created from this same invitation lost the race.
     */
    async acceptInvitation(context: AuditContext, input: { invitationId: string; user: InvitedUser }): Promise<InvitationSummary> {
      const id = asObjectId(input.invitationId);
      if (!id) throw new NotFoundError("invitations.errors.notFound");
      const email = normaliseEmail(input.user.email);
      const userId = asObjectId(input.user.id)!;
      const now = new Date();
      const claimed = await invitations.findOneAndUpdate(
        { _id: id, email, status: "pending", expiresAt: trusted({ $gt: now }) },
        { $set: { status: "accepted", respondedAt: now, respondedBy: userId, pendingKey: answeredKey(id) } },
        { returnDocument: "before" },
      );
      if (!claimed) return explainUnanswerable(id, email);
      try {
        await memberships.create({ enterpriseId: claimed.enterpriseId, userId, role: claimed.role, invitationId: id });
      } catch (error) {
        if (!isDuplicateKey(error)) {
          // Give the invitation back so that it can be accepted once the database answers again.
          await invitations
            .updateOne({ _id: id, status: "accepted" }, { $set: { status: "pending", respondedAt: null, respondedBy: null, pendingKey: claimed.pendingKey } })
            .catch(() => undefined);
          throw error;
        }
        const existing = await memberships.findOne({ enterpriseId: claimed.enterpriseId, userId }).lean();
        if (existing?.invitationId?.equals(id)) throw new ConflictError("invitations.errors.alreadyAnswered");
        // Already a member: an owner invitation still promotes; a staff one never demotes.
        if (claimed.role === "owner") {
          await memberships.updateOne({ enterpriseId: claimed.enterpriseId, userId }, { $set: { role: "owner" } });
        }
      }
      await audit.record(context, {
        action: "membership.invitation_accepted",
        subject: { type: "enterprise", id: claimed.enterpriseId.toString() },
        from: "pending",
        to: "accepted",
        details: { invitationId: input.invitationId, userId: input.user.id, email, role: claimed.role },
      });
      return toInvitationSummary(claimed.toObject());
    },

    async declineInvitation(context: AuditContext, input: { invitationId: string; user: InvitedUser }): Promise<void> {
      const id = asObjectId(input.invitationId);
      if (!id) throw new NotFoundError("invitations.errors.notFound");
      const email = normaliseEmail(input.user.email);
      const now = new Date();
      const declined = await invitations.findOneAndUpdate(
        { _id: id, email, status: "pending" },
        { $set: { status: "declined", respondedAt: now, respondedBy: asObjectId(input.user.id)!, pendingKey: answeredKey(id) } },
        { returnDocument: "before" },
      );
      if (!declined) return explainUnanswerable(id, email);
      await audit.record(context, {
        action: "membership.invitation_declined",
        subject: { type: "enterprise", id: declined.enterpriseId.toString() },
        from: "pending",
        to: "declined",
        details: { invitationId: input.invitationId, userId: input.user.id, email },
      });
    },

  };
}

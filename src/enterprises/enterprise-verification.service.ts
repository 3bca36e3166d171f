import type { ChangeOutbox } from "../platform/db/change-outbox.ts";
import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import type { NotifyEnterprise } from "../platform/notify/index.ts";
import { ConflictError, NotFoundError, ValidationError } from "../platform/errors.ts";
import type { Enterprise, EnterpriseModel } from "./enterprise.model.ts";
import { isObjectId } from "../platform/db/ids.ts";

type Status = Enterprise["status"];

/** The department's decisions: which state each one leaves from, where it goes, whether it needs a reason. */
export const TRANSITIONS = {
  verify: { from: "pending", to: "verified", reason: false, audit: "enterprise.verified" },
  reject: { from: "pending", to: "rejected", reason: true, audit: "enterprise.rejected" },
  suspend: { from: "verified", to: "suspended", reason: true, audit: "enterprise.suspended" },
  reinstate: { from: "suspended", to: "verified", reason: false, audit: "enterprise.reinstated" },
} as const satisfies Record<string, { from: Status; to: Status; reason: boolean; audit: string }>;

export type VerificationAction = keyof typeof TRANSITIONS;

/**
 * Moderators move an enterprise through pending → verified | rejected, verified → suspended → verified.
 * Each move is one conditional update (the expected state in the filter), so two moderators acting at
 * once cannot both succeed; every move is audited with from, to and reason, and told to the
 * enterprise's members with the reason.
 */
export function createEnterpriseVerification({ enterprises, audit, changes, notifyEnterprise }: {
  enterprises: EnterpriseModel;
  audit: AuditLog;
  changes: Pick<ChangeOutbox, "record">;
  notifyEnterprise: NotifyEnterprise;
}) {
  return {
    async decide(
      context: AuditContext,
      { enterpriseId, action, reason = "" }: { enterpriseId: string; action: VerificationAction; reason?: string },
    ): Promise<{ from: Status; to: Status }> {
      const rule = TRANSITIONS[action];
      if (rule.reason && reason.trim().length < 5) throw new ValidationError({ reason: "enterprises.errors.reasonRequired" });
      if (!isObjectId(enterpriseId)) throw new NotFoundError();
      const now = new Date();
      const set: Record<string, unknown> = { status: rule.to, statusChangedAt: now, statusReason: reason.trim() };
      // Reinstating keeps the date of the first verification; a fresh verification records today.
      if (action === "verify") set.verifiedAt = now;
      const before = await enterprises.findOneAndUpdate({ _id: enterpriseId, status: rule.from }, { $set: set });
      if (!before) {
        const exists = await enterprises.exists({ _id: enterpriseId });
        if (!exists) throw new NotFoundError();
        throw new ConflictError("enterprises.errors.transitionRefused");
      }
      // Visibility is searchable: the search sync reads this outbox.
      await changes.record([before._id]);
      await audit.record(context, {
        action: rule.audit,
        subject: { type: "enterprise", id: enterpriseId },
        from: rule.from,
        to: rule.to,
        reason: reason.trim() || null,
      });
      await notifyEnterprise(enterpriseId, {
        key: `enterprises.decisionNotices.${action}`,
        params: { name: before.name.vi, reason: reason.trim() },
        link: `/doanh-nghiep/${before.slug}`,
      });
      return { from: rule.from, to: rule.to };
    },
  };
}

export type EnterpriseVerification = ReturnType<typeof createEnterpriseVerification>;

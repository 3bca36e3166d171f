import { trusted, Types } from "mongoose";
import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import { ConflictError, NotFoundError, ValidationError } from "../platform/errors.ts";
import { actorUserId, type DeclarationAccess, type DeclarationActor } from "./declaration-access.ts";
import type { DeclarationModel, DeclarationStatus, DeclarationVersionModel, LineNote } from "./declaration.model.ts";
import type { Notice } from "./declaration.service.ts";
import { isDuplicateKey, isObjectId } from "../platform/db/ids.ts";

/** The department's moves: from which state, to which, and what each needs. */
export const REVIEW_TRANSITIONS = {
  start: { from: ["submitted"], to: "under_review", audit: "declaration.review_started", notice: "declarations.notices.underReview" },
  accept: { from: ["under_review"], to: "accepted", audit: "declaration.accepted", notice: "declarations.notices.accepted" },
  return: { from: ["under_review"], to: "returned", audit: "declaration.returned", notice: "declarations.notices.returned" },
  reject: { from: ["under_review"], to: "rejected", audit: "declaration.rejected", notice: "declarations.notices.rejected" },
} as const satisfies Record<string, { from: DeclarationStatus[]; to: DeclarationStatus; audit: string; notice: string }>;

export type ReviewAction = keyof typeof REVIEW_TRANSITIONS;

export type ReviewInput = { note?: string; lineNotes?: LineNote[]; reason?: string };

export type QueueFilters = { status?: DeclarationStatus; period?: string; direction?: "export" | "import"; enterpriseId?: string; overdue?: boolean };

/**
 * The department's review: submitted → under review → accepted | returned (notes per line) | rejected
 * (a reason). Each move is one conditional update on the expected state, audited, recorded on the
 * version it judged, and notified to the enterprise.
 */
export function createDeclarationReview(deps: {
  declarations: DeclarationModel;
  versions: DeclarationVersionModel;
  access: DeclarationAccess;
  audit: AuditLog;
  notifyEnterprise: (enterpriseId: string, notice: Notice) => Promise<void>;
  now?: () => Date;
}) {
  const { declarations, versions, access, audit } = deps;
  const now = deps.now ?? (() => new Date());

  const OPEN = { status: trusted({ $in: ["submitted", "under_review"] as DeclarationStatus[] }) };

  function reviewOf(action: ReviewAction, input: ReviewInput, lineCount: number) {
    const note = (input.note ?? "").normalize("NFC").trim();
    const reason = (input.reason ?? "").normalize("NFC").trim();
    const lineNotes = (input.lineNotes ?? [])
      .map(({ line, note: text }) => ({ line, note: text.normalize("NFC").trim() }))
      .filter(({ note: text }) => text !== "");
    const errors: Record<string, string> = {};
    lineNotes.forEach(({ line }, index) => {
      if (!Number.isInteger(line) || line < 0 || line >= lineCount) errors[`lineNotes.${index}.line`] = "declarations.errors.lineNoteLine";
    });
    if (action === "return" && note.length < 5 && lineNotes.length === 0) errors.note = "declarations.errors.returnNoteRequired";
    if (action === "reject" && reason.length < 5) errors.reason = "declarations.errors.rejectReasonRequired";
    if ([note, reason, ...lineNotes.map((entry) => entry.note)].some((text) => text.length > 2_000)) errors.note ??= "declarations.errors.tooLong";
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return { note, lineNotes, reason };
  }

  /** Accepting a correction retires the accepted declaration it corrects first, then takes its slot. */
  async function acceptSlot(declaration: { _id: Types.ObjectId; openSlot: string; correctionOf: Types.ObjectId | null }) {
    const slot = declaration.openSlot;
    const current = await declarations.findOne({ acceptedSlot: slot }, { _id: 1 }).lean();
    if (current && !current._id.equals(declaration._id)) {
      await declarations.updateOne(
        { _id: current._id, status: "accepted" },
        { $set: { status: "superseded", acceptedSlot: current._id.toString(), supersededBy: declaration._id }, $inc: { revision: 1 } },
      );
    }
    return { acceptedSlot: slot, openSlot: declaration._id.toString(), correctionOf: current && !current._id.equals(declaration._id) ? current._id : declaration.correctionOf };
  }

  return {
    /** The console's figures: declarations waiting for review, and those past their due date. */
    async queueCounts(): Promise<{ waiting: number; overdue: number }> {
      const [waiting, overdue] = await Promise.all([
        declarations.countDocuments(OPEN),
        declarations.countDocuments({ ...OPEN, reviewDueAt: trusted({ $lt: now() }) }),
      ]);
      return { waiting, overdue };
    },

    async decide(context: AuditContext, actor: DeclarationActor, { declarationId, action, input = {} }: { declarationId: string; action: ReviewAction; input?: ReviewInput }) {
      access.assertDepartment(actor);
      if (!isObjectId(declarationId)) throw new NotFoundError();
      const declaration = await declarations.findById(declarationId).lean();
      if (!declaration) throw new NotFoundError();
      const rule = REVIEW_TRANSITIONS[action];
      if (!(rule.from as readonly string[]).includes(declaration.status)) throw new ConflictError("declarations.errors.transitionRefused");
      const review = action === "start" ? null : reviewOf(action, input, declaration.lines.length);
      const at = now();

      const set: Record<string, unknown> = { status: rule.to, updatedBy: actorUserId(actor) };
      if (review) Object.assign(set, { review, decidedAt: at });
      if (action === "accept") Object.assign(set, await acceptSlot(declaration));
      if (action === "reject") set.openSlot = declaration._id.toString();
      let updated;
      try {
        updated = await declarations.findOneAndUpdate(
          { _id: declaration._id, status: trusted({ $in: rule.from }), revision: declaration.revision },
          { $set: set, $inc: { revision: 1 } },
          { returnDocument: "after" },
        ).lean();
      } catch (error) {
        if (isDuplicateKey(error)) throw new ConflictError("declarations.errors.alreadyAccepted");
        throw error;
      }
      if (!updated) throw new ConflictError("declarations.errors.changedMeanwhile");

      if (review) {
        await versions.updateOne(
          { declarationId: declaration._id, version: declaration.version },
          { $set: { outcome: { status: rule.to, ...review, decidedAt: at } } },
        );
      }
      await audit.record(context, {
        action: rule.audit,
        subject: { type: "declaration", id: declarationId },
        from: declaration.status,
        to: rule.to,
        reason: review ? review.reason || review.note || null : null,
        details: { receiptNumber: declaration.receiptNumber, version: declaration.version, lineNotes: review?.lineNotes.length ?? 0 },
      });
      await deps.notifyEnterprise(declaration.enterpriseId.toString(), {
        key: rule.notice,
        params: { receiptNumber: declaration.receiptNumber },
        link: `/to-khai/${declarationId}`,
      });
      return updated;
    },

    /** The review queue, oldest due first; `overdue` keeps those whose review date has passed. */
    async queue(actor: DeclarationActor, filters: QueueFilters, { page = 1, perPage = 50 }: { page?: number; perPage?: number } = {}) {
      access.assertDepartment(actor);
      const query: Record<string, unknown> = {
        status: filters.status ?? trusted({ $in: ["submitted", "under_review"] }),
      };
      if (filters.status === "draft") query.status = trusted({ $in: [] }); // drafts are the enterprise's own business
      if (filters.period) query["period.key"] = filters.period;
      if (filters.direction) query.direction = filters.direction;
      if (filters.enterpriseId && isObjectId(filters.enterpriseId)) query.enterpriseId = new Types.ObjectId(filters.enterpriseId);
      if (filters.overdue) {
        query.reviewDueAt = trusted({ $lt: now() });
        if (!filters.status) query.status = trusted({ $in: ["submitted", "under_review"] });
      }
      const [items, total] = await Promise.all([
        declarations.find(query, { lines: 0 }).sort({ reviewDueAt: 1, _id: 1 }).skip((page - 1) * perPage).limit(perPage).lean(),
        declarations.countDocuments(query),
      ]);
      const at = now();
      return {
        items: items.map((item) => ({ ...item, overdue: isOverdue(item, at) })),
        total,
        page,
        perPage,
      };
    },
  };
}

/** A review is overdue while it is still waiting (submitted or under review) after its due date. */
export function isOverdue(declaration: { status: string; reviewDueAt: Date | null }, at: Date): boolean {
  return (declaration.status === "submitted" || declaration.status === "under_review") && !!declaration.reviewDueAt && declaration.reviewDueAt < at;
}

export type DeclarationReview = ReturnType<typeof createDeclarationReview>;

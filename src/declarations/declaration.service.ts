import { trusted, Types } from "mongoose";
import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import { ConflictError, NotFoundError, ValidationError } from "../platform/errors.ts";
import { actorUserId, type DeclarationAccess, type DeclarationActor } from "./declaration-access.ts";
import { checkInput, inputOf, type HeadingLookup } from "./declaration-checks.ts";
import { blockingErrors, totalsOf, type CheckedDeclaration } from "./declaration.header.ts";
import type { Declaration, DeclarationModel, DeclarationVersion, DeclarationVersionModel, ReceiptModel } from "./declaration.model.ts";
import { vietnamToday } from "./declaration.period.ts";
import { addWorkingDays } from "./reference/working-days.ts";
import { issueReceiptNumber } from "./receipt-number.ts";
import { isDuplicateKey, isObjectId } from "../platform/db/ids.ts";

export type EnterpriseRecord = { name: string; taxCode: string; address: string };
export type Notice = { key: string; params?: Record<string, string | number>; link: string };
export type Channel = DeclarationVersion["channel"];

const EDITABLE = ["draft", "returned"] as const;
const slotOf = (enterpriseId: string, periodKey: string, direction: string) => `${enterpriseId}:${periodKey}:${direction}`;

export type DeclarationDeps = {
  declarations: DeclarationModel;
  versions: DeclarationVersionModel;
  receipts: ReceiptModel;
  access: DeclarationAccess;
  audit: AuditLog;
  enterpriseRecord: (enterpriseId: string) => Promise<EnterpriseRecord | null>;
  headings: HeadingLookup;
  notifyEnterprise: (enterpriseId: string, notice: Notice) => Promise<void>;
  notifyDepartment: (notice: Notice) => Promise<void>;
  reviewWorkingDays: number;
  now?: () => Date;
};

/**
 * The enterprise's side of declarations: drafts saved at any time (what was typed is kept, with its
 * problems listed), submission (strict checks, a receipt number, the review's due date, a copy of the
 * version), corrections after a return, and reading. Every write names the revision it started from.
 */
export function createDeclarationService(deps: DeclarationDeps) {
  const { declarations, versions, access, audit } = deps;
  const now = deps.now ?? (() => new Date());

  async function load(id: string) {
    if (!isObjectId(id)) throw new NotFoundError();
    const declaration = await declarations.findById(id).lean();
    if (!declaration) throw new NotFoundError();
    return declaration;
  }

  async function check(input: unknown): Promise<CheckedDeclaration> {
    return checkInput(input, { today: vietnamToday(now()), headings: deps.headings });
  }

  async function enterpriseOf(enterpriseId: string): Promise<EnterpriseRecord> {
    const record = await deps.enterpriseRecord(enterpriseId);
    if (!record) throw new NotFoundError();
    return record;
  }

  function contentOf(checked: CheckedDeclaration) {
    return {
      period: checked.period!,
      direction: checked.direction,
      contact: checked.contact,
      lines: checked.lines,
      totals: totalsOf(checked.lines),
      problemCount: Object.keys(checked.errors).length,
    };
  }

  async function create(actor: DeclarationActor, enterpriseId: string, checked: CheckedDeclaration) {
    const id = new Types.ObjectId();
    try {
      await declarations.create({
        _id: id,
        enterpriseId: new Types.ObjectId(enterpriseId),
        enterprise: await enterpriseOf(enterpriseId),
        ...contentOf(checked),
        openSlot: slotOf(enterpriseId, checked.period!.key, checked.direction),
        acceptedSlot: id.toString(),
        createdBy: actorUserId(actor),
        updatedBy: actorUserId(actor),
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw await openConflict(enterpriseId, checked);
      throw error;
    }
    return id.toString();
  }

  async function openConflict(enterpriseId: string, checked: CheckedDeclaration): Promise<ConflictError> {
    const existing = await declarations.findOne({ openSlot: slotOf(enterpriseId, checked.period!.key, checked.direction) }, { _id: 1, receiptNumber: 1 }).lean();
    return new ConflictError("declarations.errors.openExists", { existingId: existing?._id.toString() ?? null, receiptNumber: existing?.receiptNumber ?? "" });
  }

  async function submitStored(context: AuditContext, actor: DeclarationActor, id: string, channel: Channel): Promise<Declaration & { _id: Types.ObjectId }> {
    const declaration = await load(id);
    const enterpriseId = declaration.enterpriseId.toString();
    await access.assertCanFile(actor, enterpriseId);
    if (!(EDITABLE as readonly string[]).includes(declaration.status)) throw new ConflictError("declarations.errors.notEditable");
    const checked = await check(inputOf(declaration));
    if (Object.keys(checked.errors).length > 0) throw new ValidationError(checked.errors, "declarations.errors.notReady");

    const at = now();
    const slot = slotOf(enterpriseId, checked.period!.key, checked.direction);
    const accepted = await declarations.findOne({ acceptedSlot: slot }, { _id: 1 }).lean();
    const receiptNumber = declaration.receiptNumber || (await issueReceiptNumber(deps.receipts, declaration._id, at));
    const content = { ...contentOf(checked), enterprise: await enterpriseOf(enterpriseId) };
    const version = declaration.version + 1;
    // The version's copy first: a retry after an interruption rewrites the same copy.
    await versions.updateOne(
      { declarationId: declaration._id, version },
      { $set: { submittedAt: at, submittedBy: actorUserId(actor), channel, snapshot: { ...content, attachments: declaration.attachments } } },
      { upsert: true },
    );
    const set = {
      ...content,
      status: "submitted",
      receiptNumber,
      version,
      submittedAt: at,
      reviewDueAt: addWorkingDays(at, deps.reviewWorkingDays),
      decidedAt: null,
      correctionOf: accepted?._id ?? null,
      duplicateCustomsNumbers: await duplicateCustomsNumbers([declaration._id, ...(accepted ? [accepted._id] : [])], checked),
      updatedBy: actorUserId(actor),
    };
    const updated = await declarations.findOneAndUpdate(
      { _id: declaration._id, revision: declaration.revision, status: trusted({ $in: EDITABLE }) },
      { $set: set, $inc: { revision: 1 } },
      { returnDocument: "after" },
    ).lean();
    if (!updated) throw new ConflictError("declarations.errors.changedMeanwhile");

    await audit.record(context, {
      action: version === 1 ? "declaration.submitted" : "declaration.resubmitted",
      subject: { type: "declaration", id },
      from: declaration.status,
      to: "submitted",
      details: { receiptNumber, version, channel, lines: content.totals.lineCount, correctionOf: set.correctionOf?.toString() ?? null },
    });
    const notice = { params: { receiptNumber }, link: `/to-khai/${id}` };
    await deps.notifyEnterprise(enterpriseId, { key: "declarations.notices.submitted", ...notice });
    await deps.notifyDepartment({ key: "declarations.notices.received", params: { receiptNumber, enterprise: content.enterprise.name }, link: `/quan-tri/to-khai/${id}` });
    return updated;
  }

  /**
   * Customs declaration numbers of these lines already reported in another live declaration of the
   * same period (not counting the declaration itself and the accepted one it corrects).
   */
  async function duplicateCustomsNumbers(exclude: Types.ObjectId[], checked: CheckedDeclaration): Promise<string[]> {
    const numbers = [...new Set(checked.lines.map((line) => line.customsNumber))];
    const others = await declarations
      .find(
        {
          _id: trusted({ $nin: exclude }),
          "period.key": checked.period!.key,
          status: trusted({ $in: ["submitted", "under_review", "returned", "accepted"] }),
          "lines.customsNumber": trusted({ $in: numbers }),
        },
        { "lines.customsNumber": 1 },
      )
      .lean<{ lines: { customsNumber: string }[] }[]>();
    const seen = new Set(others.flatMap((other) => other.lines.map((line) => line.customsNumber)));
    return numbers.filter((number) => seen.has(number));
  }

  /**
   * Saves a draft (new when `declarationId` is absent). Incomplete or wrong values are kept and
   * listed as `problems`; only a missing period or direction refuses the save.
   */
  async function saveDraft(
    context: AuditContext,
    actor: DeclarationActor,
    { enterpriseId, declarationId, revision, input }: { enterpriseId?: string; declarationId?: string; revision?: number; input: unknown },
  ): Promise<{ id: string; revision: number; problems: Record<string, string> }> {
    const checked = await check(input);
    const blocking = blockingErrors(checked.errors);
    if (Object.keys(blocking).length > 0) throw new ValidationError(blocking);

    if (!declarationId) {
      if (!enterpriseId || !isObjectId(enterpriseId)) throw new NotFoundError();
      await access.assertCanFile(actor, enterpriseId);
      const id = await create(actor, enterpriseId, checked);
      await audit.record(context, { action: "declaration.draft_created", subject: { type: "declaration", id }, to: "draft" });
      return { id, revision: 0, problems: checked.errors };
    }

    const existing = await load(declarationId);
    const owner = existing.enterpriseId.toString();
    await access.assertCanFile(actor, owner);
    if (!(EDITABLE as readonly string[]).includes(existing.status)) throw new ConflictError("declarations.errors.notEditable");
    try {
      const updated = await declarations.findOneAndUpdate(
        { _id: existing._id, revision: revision ?? existing.revision, status: trusted({ $in: EDITABLE }) },
        { $set: { ...contentOf(checked), openSlot: slotOf(owner, checked.period!.key, checked.direction), updatedBy: actorUserId(actor) }, $inc: { revision: 1 } },
        { returnDocument: "after" },
      ).lean();
      if (!updated) throw new ConflictError("declarations.errors.changedMeanwhile");
      return { id: declarationId, revision: updated.revision, problems: checked.errors };
    } catch (error) {
      if (isDuplicateKey(error)) throw await openConflict(owner, checked);
      throw error;
    }
  }

  return {
    /** Checks without saving: the form's "check" button and the upload's first pass. */
    check,

    saveDraft,

    /** Submits a saved draft, or resubmits a returned declaration after correction. */
    async submit(context: AuditContext, actor: DeclarationActor, { declarationId, channel = "web" }: { declarationId: string; channel?: Channel }) {
      return submitStored(context, actor, declarationId, channel);
    },

    /**
     * Files a complete declaration in one step (the spreadsheet upload and the ERP API): everything
     * is checked first and nothing is written while any problem remains.
     */
    async file(context: AuditContext, actor: DeclarationActor, { enterpriseId, input, channel }: { enterpriseId: string; input: unknown; channel: Channel }) {
      if (!isObjectId(enterpriseId)) throw new NotFoundError();
      await access.assertCanFile(actor, enterpriseId);
      const checked = await check(input);
      if (Object.keys(checked.errors).length > 0) throw new ValidationError(checked.errors, "declarations.errors.notReady");
      const id = await create(actor, enterpriseId, checked);
      await audit.record(context, { action: "declaration.draft_created", subject: { type: "declaration", id }, to: "draft", details: { channel } });
      return submitStored(context, actor, id, channel);
    },

    /**
     * Replaces a draft's or a returned declaration's content with a complete one and submits it (a
     * correction sent as a spreadsheet): everything is checked first and nothing is written on error.
     */
    async replace(context: AuditContext, actor: DeclarationActor, { declarationId, input, channel }: { declarationId: string; input: unknown; channel: Channel }) {
      const checked = await check(input);
      if (Object.keys(checked.errors).length > 0) throw new ValidationError(checked.errors, "declarations.errors.notReady");
      await saveDraft(context, actor, { declarationId, input });
      return submitStored(context, actor, declarationId, channel);
    },

    /** Deletes a draft that was never submitted (a submitted declaration is never deleted). */
    async discardDraft(context: AuditContext, actor: DeclarationActor, declarationId: string): Promise<void> {
      const declaration = await load(declarationId);
      await access.assertCanFile(actor, declaration.enterpriseId.toString());
      const result = await declarations.deleteOne({ _id: declaration._id, status: "draft", version: 0 });
      if (result.deletedCount !== 1) throw new ConflictError("declarations.errors.notDiscardable");
      await audit.record(context, { action: "declaration.draft_discarded", subject: { type: "declaration", id: declarationId }, from: "draft" });
    },

    /** One declaration with its submitted versions (newest first), for its enterprise or the department; `canFile` when the reader may change it. */
    async get(actor: DeclarationActor, declarationId: string) {
      const declaration = await load(declarationId);
      // The department reads every declaration but files none: only the enterprise's members may change it.
      const { member: canFile } = await access.assertCanRead(actor, declaration.enterpriseId.toString());
      const history = await versions.find({ declarationId: declaration._id }).sort({ version: -1 }).lean();
      return { declaration, history, canFile };
    },

    /** An enterprise's declarations, newest first (headers only). */
    async listForEnterprise(actor: DeclarationActor, enterpriseId: string, { limit = 100 }: { limit?: number } = {}) {
      if (!isObjectId(enterpriseId)) throw new NotFoundError();
      await access.assertCanRead(actor, enterpriseId);
      return declarations
        .find({ enterpriseId: new Types.ObjectId(enterpriseId) }, { lines: 0 })
        .sort({ updatedAt: -1 })
        .limit(limit)
        .lean();
    },
  };
}

export type DeclarationService = ReturnType<typeof createDeclarationService>;

import type { Readable } from "node:stream";
import { trusted, Types, type Connection } from "mongoose";
import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import { ConflictError, NotFoundError, ValidationError } from "../platform/errors.ts";
import type { DeclarationAccess, DeclarationActor } from "./declaration-access.ts";
import { ATTACHMENT_KINDS, type Attachment, type DeclarationModel, type DeclarationStatus, type DeclarationVersionModel } from "./declaration.model.ts";
import { isObjectId } from "../platform/db/ids.ts";
import { createFileStore } from "../platform/files/file-store.ts";

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;
export const BUCKET = "declaration_files";

const EDITABLE: DeclarationStatus[] = ["draft", "returned"];
type Kind = Attachment["kind"];
export const isAttachmentKind = (value: string): value is Kind => (ATTACHMENT_KINDS as readonly string[]).includes(value);

/** The type of a file judged by its first bytes (never by its name): PDF, JPEG or PNG; null otherwise. */
export function sniffContentType(data: Buffer): "application/pdf" | "image/jpeg" | "image/png" | null {
  if (data.subarray(0, 5).toString("latin1") === "%PDF-") return "application/pdf";
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "image/jpeg";
  if (data.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return "image/png";
  return null;
}

/** A file name as shown and offered on download: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.normalize("NFC").split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim().slice(-200);
  return clean || "tep-dinh-kem";
}

/**
 * A declaration's supporting documents (invoices, packing lists, certificates of origin) in GridFS,
 * shared by every app instance. Added or removed only while the enterprise may edit the declaration;
 * read by its members and the department. No transactions: the file is written first and then named
 * in the declaration (a conditional update on status and count); if that update fails, the file goes.
 */
export function createDeclarationAttachments(deps: { connection: Connection; declarations: DeclarationModel; versions: DeclarationVersionModel; access: DeclarationAccess; audit: AuditLog; now?: () => Date }) {
  const { declarations, versions, access, audit } = deps;
  const now = deps.now ?? (() => new Date());
  const files = createFileStore(deps.connection, BUCKET);

  async function load(declarationId: string) {
    if (!isObjectId(declarationId)) throw new NotFoundError();
    const declaration = await declarations.findById(declarationId, { enterpriseId: 1, status: 1, attachments: 1 }).lean();
    if (!declaration) throw new NotFoundError();
    return declaration;
  }

  const write = (fileId: Types.ObjectId, name: string, data: Buffer, metadata: Record<string, unknown>) => files.save(name, data, { id: fileId, metadata });
  const deleteFile = (fileId: Types.ObjectId) => files.remove(fileId).catch(() => undefined);

  return {
    async add(context: AuditContext, actor: DeclarationActor, input: { declarationId: string; name: string; kind: string; data: Buffer }): Promise<Attachment> {
      const declaration = await load(input.declarationId);
      await access.assertCanFile(actor, declaration.enterpriseId.toString());
      if (!EDITABLE.includes(declaration.status)) throw new ConflictError("declarations.errors.notEditable");
      if (!isAttachmentKind(input.kind)) throw new ValidationError({ kind: "declarations.web.attachments.errors.kind" });
      if (input.data.length === 0) throw new ValidationError({ file: "declarations.web.attachments.errors.missing" });
      if (input.data.length > MAX_ATTACHMENT_BYTES) throw new ValidationError({ file: "declarations.web.attachments.errors.tooLarge" });
      const contentType = sniffContentType(input.data);
      if (!contentType) throw new ValidationError({ file: "declarations.web.attachments.errors.type" });
      if (declaration.attachments.length >= MAX_ATTACHMENTS) throw new ValidationError({ file: "declarations.web.attachments.errors.tooMany" });

      const attachment: Attachment = {
        fileId: new Types.ObjectId(),
        name: cleanFileName(input.name),
        kind: input.kind,
        contentType,
        size: input.data.length,
        uploadedAt: now(),
      };
      await write(attachment.fileId, attachment.name, input.data, { declarationId: declaration._id, contentType });
      let result;
      try {
        result = await declarations.updateOne(
          { _id: declaration._id, status: trusted({ $in: EDITABLE }), [`attachments.${MAX_ATTACHMENTS - 1}`]: trusted({ $exists: false }) },
          { $push: { attachments: attachment } },
        );
      } catch (error) {
        await deleteFile(attachment.fileId);
        throw error;
      }
      if (result.modifiedCount !== 1) {
        await deleteFile(attachment.fileId);
        throw new ConflictError("declarations.web.attachments.errors.changedMeanwhile");
      }
      await audit.record(context, {
        action: "declaration.attachment_added",
        subject: { type: "declaration", id: input.declarationId },
        details: { fileId: attachment.fileId.toString(), name: attachment.name, kind: attachment.kind, size: attachment.size },
      });
      return attachment;
    },

    async remove(context: AuditContext, actor: DeclarationActor, { declarationId, fileId }: { declarationId: string; fileId: string }): Promise<void> {
      const declaration = await load(declarationId);
      await access.assertCanFile(actor, declaration.enterpriseId.toString());
      const file = declaration.attachments.find((entry) => entry.fileId.toString() === fileId);
      if (!file) throw new NotFoundError();
      if (!EDITABLE.includes(declaration.status)) throw new ConflictError("declarations.errors.notEditable");
      // The name goes first: a file no declaration names is harmless, a name without its file is not.
      // FerretDB's $pull does not match embedded documents by a field: the list is rewritten, guarded by
      // its length and the file's presence (files are only appended, so an unchanged length is an unchanged list).
      const count = declaration.attachments.length;
      const result = await declarations.updateOne(
        {
          _id: declaration._id,
          status: trusted({ $in: EDITABLE }),
          "attachments.fileId": file.fileId,
          [`attachments.${count - 1}`]: trusted({ $exists: true }),
          [`attachments.${count}`]: trusted({ $exists: false }),
        },
        { $set: { attachments: declaration.attachments.filter((entry) => !entry.fileId.equals(file.fileId)) } },
      );
      if (result.modifiedCount !== 1) throw new ConflictError("declarations.web.attachments.errors.changedMeanwhile");
      // Submitted versions keep the names of the files they were submitted with: those files stay.
      const submittedWith = await versions.countDocuments({ declarationId: declaration._id, "snapshot.attachments.fileId": file.fileId });
      if (submittedWith === 0) await deleteFile(file.fileId);
      await audit.record(context, {
        action: "declaration.attachment_removed",
        subject: { type: "declaration", id: declarationId },
        details: { fileId, name: file.name, kind: file.kind },
      });
    },

    /** A file to download, for the enterprise's members and the department; anyone else: not found. */
    async open(actor: DeclarationActor, { declarationId, fileId }: { declarationId: string; fileId: string }): Promise<{ stream: Readable; name: string; contentType: string; size: number }> {
      const declaration = await load(declarationId);
      await access.assertCanRead(actor, declaration.enterpriseId.toString());
      let file: Attachment | undefined = declaration.attachments.find((entry) => entry.fileId.toString() === fileId);
      if (!file && isObjectId(fileId)) {
        // A file named by an earlier submitted version (since removed from the declaration) is still readable.
        const version = await versions.findOne({ declarationId: declaration._id, "snapshot.attachments.fileId": new Types.ObjectId(fileId) }).lean();
        file = version?.snapshot?.attachments?.find((entry) => entry.fileId.toString() === fileId);
      }
      if (!file) throw new NotFoundError();
      const [stored] = await files.find({ _id: file.fileId }, 1);
      if (!stored) throw new NotFoundError();
      return { stream: files.open(file.fileId), name: file.name, contentType: file.contentType, size: stored.length };
    },
  };
}

export type DeclarationAttachments = ReturnType<typeof createDeclarationAttachments>;

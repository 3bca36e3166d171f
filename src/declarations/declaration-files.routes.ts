import { Router, type NextFunction, type Request, type Response } from "express";
import { requireAuth } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { ValidationError } from "../platform/errors.ts";
import type { Csrf } from "../platform/web/csrf.ts";
import { uploadParser } from "../platform/web/uploads.ts";
import { MAX_ATTACHMENT_BYTES, type DeclarationAttachments } from "./declaration-attachments.service.ts";
import { renderDeclarationPage, webActor, type PageDeps } from "./declaration-pages.ts";
import { isObjectId } from "../platform/db/ids.ts";

const declarationId = (req: Request, _res: Response, next: NextFunction) => (isObjectId(String(req.params.id)) ? next() : next("route"));

/** A file over 10 MB is refused before it is read whole (413). */
/** One attachment of at most 10 MB, in memory. */
const fileUpload = () =>
  uploadParser({ field: "file", maxFiles: 1, maxBytes: MAX_ATTACHMENT_BYTES, storage: "memory", fields: 5, messages: { tooLarge: "declarations.web.attachments.errors.tooLarge", wrongFiles: "declarations.web.attachments.errors.missing" } });

/**
 * A declaration's attachments: upload (multipart; the CSRF token checked right after parsing),
 * removal, and download — only for the enterprise's members and the department (anyone else: 404).
 */
export function declarationFilesRouter(deps: PageDeps & { attachments: DeclarationAttachments; csrf: Pick<Csrf, "afterUpload"> }): Router {
  const router = Router();
  const { attachments, csrf } = deps;
  const back = (req: Request, id: string) => (req.body?.back === "sua" ? `/to-khai/${id}/sua` : `/to-khai/${id}`);

  // POST /to-khai/:id/tep — add a PDF, JPEG or PNG (checked by its content), at most 10 MB and 10 files.
  router.post("/to-khai/:id/tep", declarationId, requireAuth, fileUpload(), csrf.afterUpload, async (req, res) => {
    const id = String(req.params.id);
    const kind = String(req.body?.kind ?? "");
    try {
      if (!req.file) throw new ValidationError({ file: "declarations.web.attachments.errors.missing" });
      await attachments.add(auditContextOf(req), webActor(req), { declarationId: id, name: req.file.originalname, kind, data: req.file.buffer });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const key = Object.values(error.fieldErrors)[0] ?? error.messageKey;
      return renderDeclarationPage(deps, req, res, id, { status: 422, uploadError: req.t(key), uploadKind: kind });
    }
    res.redirect(303, `${back(req, id)}?ok=fileAdded`);
  });

  // POST /to-khai/:id/tep/:fileId/xoa — remove an attachment (draft or returned only).
  router.post("/to-khai/:id/tep/:fileId/xoa", declarationId, requireAuth, async (req, res) => {
    const id = String(req.params.id);
    await attachments.remove(auditContextOf(req), webActor(req), { declarationId: id, fileId: String(req.params.fileId) });
    res.redirect(303, `${back(req, id)}?ok=fileRemoved`);
  });

  // GET /to-khai/:id/tep/:fileId — download, never cached by shared caches.
  router.get("/to-khai/:id/tep/:fileId", declarationId, requireAuth, async (req, res) => {
    const file = await attachments.open(webActor(req), { declarationId: String(req.params.id), fileId: String(req.params.fileId) });
    const ascii = file.name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").replace(/[^\x20-\x7e]/g, "_");
    res.set({
      "Content-Type": file.contentType,
      "Content-Length": String(file.size),
      "Content-Disposition": `${file.contentType === "application/pdf" ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    });
    file.stream.on("error", (error) => res.destroy(error)).pipe(res);
  });

  return router;
}

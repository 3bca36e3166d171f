import { Router, type RequestHandler } from "express";
import multer from "multer";
import { currentUser, requireMembership, type EnterpriseAccess } from "../accounts/index.ts";
import { enterpriseAccessOf } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { AppError, NotFoundError } from "../platform/errors.ts";
import { MAX_IMAGE_BYTES } from "../platform/images/image-store.ts";
import type { Csrf } from "../platform/web/csrf.ts";
import { isEnterpriseImageKind, type EnterpriseImages } from "./enterprise-images.service.ts";

/** An upload refused by the parser: a file over 5 MB (413), or not one file in the `image` field (422). */
class UploadRefusedError extends AppError {
  constructor(status: 413 | 422, messageKey: string) {
    super(status, status === 413 ? "payload_too_large" : "validation_failed", messageKey);
  }
}

/** Multer with memory storage: one file of at most 5 MB in the field `image`. */
function singleImageUpload(): RequestHandler {
  const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 5 } }).single("image");
  return (req, res, next) =>
    parse(req, res, (error: unknown) => {
      if (!error) return next();
      const code = (error as { code?: string }).code;
      if (code === "LIMIT_FILE_SIZE") return next(new UploadRefusedError(413, "images.errors.tooLarge"));
      if (code === "LIMIT_FILE_COUNT" || code === "LIMIT_UNEXPECTED_FILE") return next(new UploadRefusedError(422, "enterprises.images.errors.oneFile"));
      next(error);
    });
}

/** POST /doanh-nghiep/:slug/anh/(logo|banner) uploads, …/xoa removes; owners and staff, back to the edit page. */
export function enterpriseImagesRouter({ enterpriseImages, csrf, lookup }: {
  enterpriseImages: EnterpriseImages;
  csrf: Pick<Csrf, "afterUpload">;
  lookup: (slugOrId: string, userId: string) => Promise<EnterpriseAccess | null>;
}): Router {
  const router = Router();
  const member = requireMembership("slug", ["owner", "staff"], lookup);
  const editUrl = (access: EnterpriseAccess) => `/doanh-nghiep/${encodeURIComponent(access.slug)}/sua`;
  const kindOf = (value: unknown) => {
    const kind = String(value ?? "");
    if (!isEnterpriseImageKind(kind)) throw new NotFoundError();
    return kind;
  };

  router.post("/doanh-nghiep/:slug/anh/:kind", ...member, (req, _res, next) => next(isEnterpriseImageKind(String(req.params.kind)) ? undefined : new NotFoundError()), singleImageUpload(), csrf.afterUpload, async (req, res) => {
    const access = enterpriseAccessOf(res);
    const kind = kindOf(req.params.kind);
    if (!req.file) throw new UploadRefusedError(422, "images.errors.none");
    // A file that is not a JPEG, PNG or WebP image throws UnsupportedImageError (422) with its message.
    await enterpriseImages.set(auditContextOf(req), { enterpriseId: access.enterpriseId, userId: currentUser(req).id, kind, buffer: req.file.buffer });
    res.redirect(303, `${editUrl(access)}?ok=${kind}Saved`);
  });

  router.post("/doanh-nghiep/:slug/anh/:kind/xoa", ...member, async (req, res) => {
    const access = enterpriseAccessOf(res);
    const kind = kindOf(req.params.kind);
    await enterpriseImages.remove(auditContextOf(req), { enterpriseId: access.enterpriseId, userId: currentUser(req).id, kind });
    res.redirect(303, `${editUrl(access)}?ok=${kind}Removed`);
  });

  return router;
}

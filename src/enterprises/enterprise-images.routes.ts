import { Router } from "express";
import { currentUser, requireMembership, type EnterpriseAccess } from "../accounts/index.ts";
import { enterpriseAccessOf } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { NotFoundError } from "../platform/errors.ts";
import { MAX_IMAGE_BYTES } from "../platform/images/image-store.ts";
import type { Csrf } from "../platform/web/csrf.ts";
import { uploadParser, UploadRefusedError } from "../platform/web/uploads.ts";
import { isEnterpriseImageKind, type EnterpriseImages } from "./enterprise-images.service.ts";

/** One image of at most 5 MB in the field `image`, in memory. */
const imageUpload = () =>
  uploadParser({ field: "image", maxFiles: 1, maxBytes: MAX_IMAGE_BYTES, storage: "memory", fields: 5, messages: { tooLarge: "images.errors.tooLarge", wrongFiles: "enterprises.images.errors.oneFile" } });

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

  router.post("/doanh-nghiep/:slug/anh/:kind", ...member, (req, _res, next) => next(isEnterpriseImageKind(String(req.params.kind)) ? undefined : new NotFoundError()), imageUpload(), csrf.afterUpload, async (req, res) => {
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

import { Router } from "express";
import { requireMembership, type EnterpriseAccess } from "../accounts/index.ts";
import { enterpriseAccessOf } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { NotFoundError, ValidationError } from "../platform/errors.ts";
import { isImageSize, MAX_IMAGE_BYTES, UnsupportedImageError, type ImageStore } from "../platform/images/image-store.ts";
import type { Csrf } from "../platform/web/csrf.ts";
import { uploadParser, UploadRefusedError } from "../platform/web/uploads.ts";
import { MAX_IMAGES } from "./product.model.ts";
import type { ProductListingService } from "./product-listing.service.ts";

/** Up to 8 images of 5 MB each, in memory. */
const imageUpload = () =>
  uploadParser({ field: "images", maxFiles: MAX_IMAGES, maxBytes: MAX_IMAGE_BYTES, storage: "memory", messages: { tooLarge: "images.errors.tooLarge", wrongFiles: "images.errors.tooMany" } });

/**
 * Listing images: upload (multipart; the CSRF token checked right after parsing), removal, and
 * `/anh/<id>/<size>.webp` from GridFS with a year of immutable caching and an ETag.
 */
export function productImagesRouter({ listings, images, csrf, lookup }: {
  listings: ProductListingService;
  images: ImageStore;
  csrf: Pick<Csrf, "afterUpload">;
  lookup: (slugOrId: string, userId: string) => Promise<EnterpriseAccess | null>;
}): Router {
  const router = Router();
  const member = requireMembership("slug", ["owner", "staff"], lookup);
  const editUrl = (access: EnterpriseAccess, sku: string) => `/doanh-nghiep/${encodeURIComponent(access.slug)}/san-pham/${encodeURIComponent(sku)}/sua`;

  router.post("/doanh-nghiep/:slug/san-pham/:sku/anh", ...member, imageUpload(), csrf.afterUpload, async (req, res) => {
    const access = enterpriseAccessOf(res);
    const sku = String(req.params.sku ?? "");
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    try {
      await listings.addImages(auditContextOf(req), access.enterpriseId, sku, files.map((file) => file.buffer));
    } catch (error) {
      if (!(error instanceof UnsupportedImageError || error instanceof ValidationError)) throw error;
      const key = error instanceof ValidationError ? Object.values(error.fieldErrors)[0]! : error.messageKey;
      throw new UploadRefusedError(422, key);
    }
    res.redirect(303, `${editUrl(access, sku)}?ok=imageAdded`);
  });

  router.post("/doanh-nghiep/:slug/san-pham/:sku/anh/:imageId/xoa", ...member, async (req, res) => {
    const access = enterpriseAccessOf(res);
    const sku = String(req.params.sku ?? "");
    await listings.removeImage(auditContextOf(req), access.enterpriseId, sku, String(req.params.imageId ?? ""));
    res.redirect(303, `${editUrl(access, sku)}?ok=imageRemoved`);
  });

  router.get("/anh/:imageId/:file", async (req, res) => {
    const match = /^(\d+)\.webp$/.exec(String(req.params.file ?? ""));
    if (!match || !isImageSize(match[1]!)) throw new NotFoundError();
    const stored = await images.open(String(req.params.imageId ?? ""), match[1]);
    if (!stored) throw new NotFoundError();
    res.set({ "Cache-Control": "public, max-age=31536000, immutable", ETag: stored.etag, "Content-Type": "image/webp" });
    if (req.get("if-none-match") === stored.etag) {
      stored.stream.destroy();
      res.status(304).end();
      return;
    }
    res.set("Content-Length", String(stored.length));
    stored.stream.on("error", (error) => res.destroy(error)).pipe(res);
  });

  return router;
}

import { Router, type Request, type Response } from "express";
import { requireRole } from "../accounts/index.ts";
import { formatDateTime, renderRefusal } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { parseInput } from "../platform/validation.ts";
import type { ProductListingService } from "./product-listing.service.ts";
import { tierRanges } from "./product.pricing.ts";
import { rejectSchema } from "./product.schemas.ts";
import { langOf } from "../platform/i18n/i18n.ts";

const VIEW = "moderation/products";
const NOTICES = new Set(["approved", "rejected"]);

/** /quan-tri/san-pham — listings awaiting the department's review; approve, or reject with a reason. */
export function productModerationRouter({ listings }: { listings: ProductListingService }): Router {
  const router = Router();
  const moderators = requireRole("moderator", "admin");

  async function page(req: Request, extra: Record<string, unknown> = {}) {
    const lang = langOf(req);
    const pending = await listings.listPending();
    const ok = String(req.query.ok ?? "");
    return {
      title: req.t("products.moderation.title"),
      notice: NOTICES.has(ok) ? req.t(`products.moderation.notices.${ok}`) : null,
      listings: pending.map((item) => ({
        id: item.id,
        sku: item.sku,
        name: item.name[lang],
        enterpriseName: item.enterprise?.name[lang] ?? "",
        enterpriseSlug: item.enterprise?.slug ?? "",
        submitted: formatDateTime(item.submittedAt, lang),
        kindLabel: req.t(item.isEdit ? "products.moderation.kindEdit" : "products.moderation.kindNew"),
        publicUrl: item.isEdit ? `/san-pham/${item.slug}` : null,
        rejectError: extra.rejectFor === item.id ? extra.rejectError : null,
        paragraphs: item.description.split(/\n\s*\n/).map((text) => text.trim()).filter(Boolean),
        unit: item.unit,
        tiers: tierRanges(item.priceTiers),
        images: item.images.map((id) => `/anh/${id}/400.webp`),
        ocopStars: item.ocopStars,
      })),
    };
  }

  router.get("/quan-tri/san-pham", ...moderators, async (req, res) => {
    res.render(VIEW, await page(req));
  });

  router.post("/quan-tri/san-pham/:id/duyet", ...moderators, async (req: Request, res: Response) => {
    try {
      await listings.approve(auditContextOf(req), String(req.params.id ?? ""));
    } catch (error) {
      return renderRefusal(req, res, VIEW, await page(req), error);
    }
    res.redirect(303, "/quan-tri/san-pham?ok=approved");
  });

  router.post("/quan-tri/san-pham/:id/tu-choi", ...moderators, async (req: Request, res: Response) => {
    const id = String(req.params.id ?? "");
    try {
      const { reason } = parseInput(rejectSchema, req.body);
      await listings.reject(auditContextOf(req), id, reason);
    } catch (error) {
      const errors = (error as { fieldErrors?: Record<string, string> }).fieldErrors;
      const extra = errors?.reason ? { rejectFor: id, rejectError: req.t(errors.reason) } : {};
      return renderRefusal(req, res, VIEW, await page(req, extra), error);
    }
    res.redirect(303, "/quan-tri/san-pham?ok=rejected");
  });

  return router;
}

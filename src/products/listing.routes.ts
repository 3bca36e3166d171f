import { Router, type Request, type Response } from "express";
import { Types } from "mongoose";
import { requireMembership, type EnterpriseAccess } from "../accounts/index.ts";
import { enterpriseAccessOf, formatDateTime } from "../accounts/index.ts";
import type { EnterpriseService } from "../enterprises/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { parseInput } from "../platform/validation.ts";
import { keepValues } from "../platform/web/forms.ts";
import { formOptions, formToInput, NEW_LISTING_VALUES, renderListingRefusal, valuesOf } from "./listing.form.ts";
import type { ProductListingService } from "./product-listing.service.ts";
import { productInputSchema } from "./product.schemas.ts";
import type { CategoryService } from "./category.service.ts";
import { isPublicListing } from "./product.visibility.ts";
import { tierRanges } from "./product.pricing.ts";
import { CAN_ARCHIVE, CAN_SUBMIT } from "./product.lifecycle.ts";
import { langOf } from "../platform/i18n/i18n.ts";

export type ListingRouterDeps = {
  listings: ProductListingService;
  categories: Pick<CategoryService, "list">;
  enterprises: Pick<EnterpriseService, "findSummaries">;
  lookup: (slugOrId: string, userId: string) => Promise<EnterpriseAccess | null>;
};

const FORM = "products/form";
const NOTICES = new Set(["created", "saved", "submitted", "archived", "deleted", "imageAdded", "imageRemoved"]);
const STATUS_BADGE: Record<string, string> = { published: "badge-verified", pending: "badge-pending", rejected: "badge-rejected" };

/** /doanh-nghiep/:slug/san-pham… — an enterprise's own listings, for its owners and staff. */
export function listingRouter({ listings, categories, enterprises, lookup }: ListingRouterDeps): Router {
  const router = Router();
  const member = requireMembership("slug", ["owner", "staff"], lookup);
  const base = (access: EnterpriseAccess) => `/doanh-nghiep/${encodeURIComponent(access.slug)}/san-pham`;
  const sku = (req: Request) => String(req.params.sku ?? "");

  async function enterpriseOf(access: EnterpriseAccess, lang: "vi" | "en") {
    const summary = (await enterprises.findSummaries([new Types.ObjectId(access.enterpriseId)])).get(access.enterpriseId);
    return { name: summary ? summary.name[lang] : access.slug, slug: access.slug, verified: summary?.verified ?? false };
  }

  /** The locals of the create/edit form. */
  async function formPage(req: Request, res: Response, values: Record<string, unknown>, sku: string | null) {
    const access = enterpriseAccessOf(res);
    const lang = langOf(req);
    const [enterprise, taxonomy] = await Promise.all([enterpriseOf(access, lang), categories.list()]);
    const locals: Record<string, unknown> = {
      title: req.t(sku ? "products.form.editTitle" : "products.form.newTitle"),
      enterprise,
      base: base(access),
      values,
      options: formOptions(req, values, taxonomy),
      isNew: !sku,
      action: sku ? `${base(access)}/${encodeURIComponent(sku)}/sua` : `${base(access)}/moi`,
    };
    if (sku) {
      const doc = await listings.get(auditContextOf(req), access.enterpriseId, sku);
      locals.listing = {
        sku: doc.sku,
        slug: doc.slug,
        status: doc.status,
        statusLabel: req.t(`products.status.${doc.status}`),
        badge: STATUS_BADGE[doc.status] ?? "",
        rejectionReason: doc.status === "rejected" ? doc.rejectionReason : null,
        awaitingReviewOfEdit: doc.status === "pending" && Boolean(doc.approved),
        images: (doc.images ?? []).map((id) => ({ id, url: `/anh/${id}/400.webp` })),
        canAddImages: (doc.images ?? []).length < 8,
        canSubmit: CAN_SUBMIT.includes(doc.status),
        canArchive: CAN_ARCHIVE.includes(doc.status),
        canDelete: doc.status === "draft",
        isPublic: isPublicListing(doc),
      };
      const ok = String(req.query.ok ?? "");
      if (NOTICES.has(ok)) locals.notice = req.t(`products.notices.${ok}`);
    }
    return locals;
  }

  router.get("/doanh-nghiep/:slug/san-pham", ...member, async (req, res) => {
    const access = enterpriseAccessOf(res);
    const lang = langOf(req);
    const [enterprise, result] = await Promise.all([
      enterpriseOf(access, lang),
      listings.listOwn(auditContextOf(req), access.enterpriseId, { page: Number(req.query.trang) || 1, perPage: 50 }),
    ]);
    const docs = result.items;
    const ok = String(req.query.ok ?? "");
    res.render("products/listings", {
      title: req.t("products.list.title"),
      enterprise,
      base: base(access),
      notice: NOTICES.has(ok) ? req.t(`products.notices.${ok}`) : null,
      pagination: {
        total: result.total,
        page: result.page,
        pages: result.pages,
        previous: result.page > 1 ? `${base(access)}?trang=${result.page - 1}` : null,
        next: result.page < result.pages ? `${base(access)}?trang=${result.page + 1}` : null,
      },
      listings: docs.map((doc) => ({
        sku: doc.sku,
        name: lang === "en" ? doc.name.en || doc.name.vi : doc.name.vi,
        status: doc.status,
        statusLabel: req.t(`products.status.${doc.status}`),
        badge: STATUS_BADGE[doc.status] ?? "",
        priceFrom: Math.min(...doc.priceTiers.map((tier) => tier.priceVnd)),
        unit: doc.unit,
        stock: doc.stock,
        updated: formatDateTime(doc.updatedAt, lang),
        editUrl: `${base(access)}/${encodeURIComponent(doc.sku)}/sua`,
        publicUrl: isPublicListing(doc) ? `/san-pham/${doc.slug}` : null,
        tiers: tierRanges(doc.priceTiers).length,
      })),
    });
  });

  router.get("/doanh-nghiep/:slug/san-pham/moi", ...member, async (req, res) => {
    res.render(FORM, await formPage(req, res, { ...NEW_LISTING_VALUES }, null));
  });

  router.post("/doanh-nghiep/:slug/san-pham/moi", ...member, async (req, res) => {
    const access = enterpriseAccessOf(res);
    const { input, tierRows } = formToInput(req.body ?? {});
    try {
      const parsed = parseInput(productInputSchema, input);
      const submit = req.body?.intent === "submit";
      const doc = await listings.create(auditContextOf(req), access.enterpriseId, parsed, { submit });
      res.redirect(303, `${base(access)}/${encodeURIComponent(doc.sku)}/sua?ok=${submit ? "submitted" : "created"}`);
    } catch (error) {
      renderListingRefusal(req, res, FORM, await formPage(req, res, keepValues(req.body), null), error, tierRows);
    }
  });

  router.get("/doanh-nghiep/:slug/san-pham/:sku/sua", ...member, async (req, res) => {
    const access = enterpriseAccessOf(res);
    const doc = await listings.get(auditContextOf(req), access.enterpriseId, sku(req));
    res.render(FORM, await formPage(req, res, valuesOf(doc), doc.sku));
  });

  router.post("/doanh-nghiep/:slug/san-pham/:sku/sua", ...member, async (req, res) => {
    const access = enterpriseAccessOf(res);
    const { input, tierRows } = formToInput({ ...req.body, sku: sku(req) });
    try {
      const parsed = parseInput(productInputSchema, input);
      const submit = req.body?.intent === "submit";
      await listings.update(auditContextOf(req), access.enterpriseId, sku(req), parsed, { submit });
      res.redirect(303, `${base(access)}/${encodeURIComponent(sku(req))}/sua?ok=${submit ? "submitted" : "saved"}`);
    } catch (error) {
      renderListingRefusal(req, res, FORM, await formPage(req, res, { ...keepValues(req.body), sku: sku(req) }, sku(req)), error, tierRows);
    }
  });

  const action = (path: string, run: (ctx: ReturnType<typeof auditContextOf>, enterpriseId: string, sku: string) => Promise<unknown>, notice: string, toList = false) =>
    router.post(`/doanh-nghiep/:slug/san-pham/:sku/${path}`, ...member, async (req, res) => {
      const access = enterpriseAccessOf(res);
      try {
        await run(auditContextOf(req), access.enterpriseId, sku(req));
      } catch (error) {
        const doc = await listings.get(auditContextOf(req), access.enterpriseId, sku(req));
        return renderListingRefusal(req, res, FORM, await formPage(req, res, valuesOf(doc), doc.sku), error, []);
      }
      res.redirect(303, toList ? `${base(access)}?ok=${notice}` : `${base(access)}/${encodeURIComponent(sku(req))}/sua?ok=${notice}`);
    });

  action("gui-duyet", (ctx, id, s) => listings.submit(ctx, id, s), "submitted");
  action("luu-tru", (ctx, id, s) => listings.archive(ctx, id, s), "archived");
  action("xoa", (ctx, id, s) => listings.deleteDraft(ctx, id, s), "deleted", true);

  return router;
}

import { Router, type Request, type Response } from "express";
import { currentUser, requireAuth, requireMembership, type EnterpriseAccess } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { ConflictError, NotFoundError } from "../platform/errors.ts";
import { keepValues, renderFormErrors } from "../platform/web/forms.ts";
import type { EnterpriseDirectory } from "./enterprise-directory.service.ts";
import type { SectorCatalogue } from "./enterprise.ports.ts";
import { enterpriseView, formOptions, profileValuesOf } from "./enterprise-pages.ts";
import type { EnterpriseRegistry } from "./enterprise-registry.service.ts";
import { parseProfile } from "./enterprise.schemas.ts";

type Deps = {
  registry: EnterpriseRegistry;
  directory: EnterpriseDirectory;
  categories: SectorCatalogue;
  /** slug → the enterprise and the user's role in it (src/enterprises/enterprise-access.ts). */
  lookup: (slugOrId: string, userId: string) => Promise<EnterpriseAccess | null>;
};

const VIEW = "enterprises/form";
const EDIT_NOTICES = new Set(["saved", "logoSaved", "logoRemoved", "bannerSaved", "bannerRemoved"]);

/** /doanh-nghiep/dang-ky (register), /doanh-nghiep/:slug/sua (edit the storefront), /doanh-nghiep/:slug/gui-lai (resubmit). */
export function registrationRouter({ registry, directory, categories: sectors, lookup }: Deps): Router {
  const router = Router();
  const anyMember = requireMembership("slug", ["owner", "staff"], lookup);
  const ownerOnly = requireMembership("slug", ["owner"], lookup);
  const accessOf = (res: Response) => res.locals.enterpriseAccess as EnterpriseAccess;

  async function formLocals(req: Request, values: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const categories = await sectors.list();
    req.res?.set("Cache-Control", "no-store"); // forms are personal: never cached
    return { values, ...formOptions(req, values, categories), ...extra };
  }

  router.get("/doanh-nghiep/dang-ky", requireAuth, async (req, res) => {
    res.render(VIEW, await formLocals(req, {}, { title: req.t("enterprises.register.title"), mode: "register", legalEditable: true }));
  });

  // POST /doanh-nghiep/dang-ky — a new enterprise, pending verification; the user becomes its owner.
  router.post("/doanh-nghiep/dang-ky", requireAuth, async (req, res) => {
    try {
      const input = parseProfile(req.body ?? {});
      const { slug } = await registry.register(auditContextOf(req), { userId: currentUser(req).id, input });
      res.redirect(303, `/doanh-nghiep/${slug}?ok=registered`);
    } catch (error) {
      const locals = await formLocals(req, keepValues(req.body), { title: req.t("enterprises.register.title"), mode: "register", legalEditable: true });
      renderFormErrors(req, res, VIEW, locals, error);
    }
  });

  async function editLocals(req: Request, res: Response, values?: Record<string, unknown>) {
    const { enterpriseId, role } = accessOf(res);
    const entry = await directory.findById(enterpriseId);
    if (!entry) throw new NotFoundError();
    const enterprise = enterpriseView(entry, req);
    return formLocals(req, values ?? profileValuesOf(entry), {
      title: req.t("enterprises.edit.title", { name: enterprise.name }),
      mode: "edit",
      enterprise,
      legalEditable: role === "owner",
      canResubmit: role === "owner" && entry.status === "rejected",
      notice: EDIT_NOTICES.has(String(req.query.ok ?? "")) ? req.t(`enterprises.notices.${String(req.query.ok)}`) : null,
    });
  }

  router.get("/doanh-nghiep/:slug/sua", ...anyMember, async (req, res) => {
    res.render(VIEW, await editLocals(req, res));
  });

  // POST /doanh-nghiep/:slug/sua — staff see no legal fields; the stored ones fill in for them, and a change to them is refused (403).
  router.post("/doanh-nghiep/:slug/sua", ...anyMember, async (req, res) => {
    const { enterpriseId, slug, role } = accessOf(res);
    const userId = currentUser(req).id;
    let body = (req.body ?? {}) as Record<string, unknown>;
    if (role !== "owner") {
      const entry = await directory.findById(enterpriseId);
      if (!entry) throw new NotFoundError();
      const stored = profileValuesOf(entry);
      body = { nameVi: stored.nameVi, nameEn: stored.nameEn, taxCode: stored.taxCode, kind: stored.kind, ...body };
    }
    try {
      const input = parseProfile(body);
      await registry.update(auditContextOf(req), { enterpriseId, userId, input });
      res.redirect(303, `/doanh-nghiep/${slug}/sua?ok=saved`);
    } catch (error) {
      renderFormErrors(req, res, VIEW, await editLocals(req, res, keepValues(body)), error);
    }
  });

  // POST /doanh-nghiep/:slug/gui-lai — a rejected enterprise, corrected, goes back to the moderators.
  router.post("/doanh-nghiep/:slug/gui-lai", ...ownerOnly, async (req, res) => {
    const { enterpriseId, slug } = accessOf(res);
    try {
      await registry.resubmit(auditContextOf(req), { enterpriseId, userId: currentUser(req).id });
      res.redirect(303, `/doanh-nghiep/${slug}?ok=resubmitted`);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      res.status(409).render(VIEW, { ...(await editLocals(req, res)), formError: req.t(error.messageKey) });
    }
  });

  return router;
}

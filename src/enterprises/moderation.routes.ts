import { Router, type Request, type Response } from "express";
import { requireRole } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { ConflictError, NotFoundError } from "../platform/errors.ts";
import { parseInput } from "../platform/validation.ts";
import { renderFormErrors } from "../platform/web/forms.ts";
import type { EnterpriseDirectory } from "./enterprise-directory.service.ts";
import { enterpriseView, pageLinks } from "./enterprise-pages.ts";
import type { EnterpriseVerification, VerificationAction } from "./enterprise-verification.service.ts";
import { ENTERPRISE_STATUSES } from "./enterprise.model.ts";
import { directoryQuerySchema, reasonSchema } from "./enterprise.schemas.ts";

type Deps = { directory: EnterpriseDirectory; verification: EnterpriseVerification };

const BASE = "/quan-tri/doanh-nghiep";
const VIEW = "moderation/enterprises";
/** Path segment → decision. */
const ACTIONS: Record<string, VerificationAction> = { "xac-minh": "verify", "tu-choi": "reject", "dinh-chi": "suspend", "khoi-phuc": "reinstate" };
const NOTICES = new Set(["verify", "reject", "suspend", "reinstate"]);

/** /quan-tri/doanh-nghiep — moderators verify or reject new enterprises, suspend and reinstate verified ones. */
export function enterpriseModerationRouter({ directory, verification }: Deps): Router {
  const router = Router();
  const moderatorsOnly = requireRole("moderator", "admin");

  async function page(req: Request, res: Response, extra: Record<string, unknown> = {}, chosen: unknown = req.query.status) {
    const status = ENTERPRISE_STATUSES.find((s) => s === chosen) ?? "pending";
    const query = { ...parseInput(directoryQuerySchema, { page: req.query.page }), status, sort: "newest" as const };
    const result = await directory.list(query, { moderator: true });
    res.set("Cache-Control", "no-store");
    const done = String(req.query.ok ?? "");
    return {
      title: req.t("enterprises.moderation.title"),
      status,
      tabs: ENTERPRISE_STATUSES.map((s) => ({ status: s, label: req.t(`enterprises.status.${s}`), current: s === status, href: `${BASE}?status=${s}` })),
      items: result.items.map((entry) => ({
        ...enterpriseView(entry, req),
        canVerify: entry.status === "pending",
        canSuspend: entry.status === "verified",
        canReinstate: entry.status === "suspended",
      })),
      total: result.total,
      pagination: pageLinks(BASE, { status }, result.page, result.pages),
      notice: NOTICES.has(done) ? req.t(`enterprises.moderation.done.${done}`) : null,
      ...extra,
    };
  }

  router.get(BASE, ...moderatorsOnly, async (req, res) => {
    res.render(VIEW, await page(req, res));
  });

  // POST /quan-tri/doanh-nghiep/:id/(xac-minh|tu-choi|dinh-chi|khoi-phuc) — one decision, audited.
  router.post(`${BASE}/:id/:action`, ...moderatorsOnly, async (req, res) => {
    const action = ACTIONS[String(req.params.action)];
    if (!Object.hasOwn(ACTIONS, String(req.params.action)) || !action) throw new NotFoundError();
    const enterpriseId = String(req.params.id);
    const back = String(req.body?.status ?? "");
    const backStatus = ENTERPRISE_STATUSES.find((s) => s === back) ?? "pending";
    try {
      const { reason } = action === "reject" || action === "suspend" ? parseInput(reasonSchema, req.body ?? {}) : { reason: String(req.body?.reason ?? "").slice(0, 1000) };
      await verification.decide(auditContextOf(req), { enterpriseId, action, reason });
      res.redirect(303, `${BASE}?status=${backStatus}&ok=${action}`);
    } catch (error) {
      if (error instanceof ConflictError) {
        res.status(409).render(VIEW, await page(req, res, { formError: req.t(error.messageKey) }, backStatus));
        return;
      }
      renderFormErrors(req, res, VIEW, await page(req, res, { failedId: enterpriseId, reasonValue: String(req.body?.reason ?? "") }, backStatus), error);
    }
  });

  return router;
}

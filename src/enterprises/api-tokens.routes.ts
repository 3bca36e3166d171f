import { Router, type Request, type Response } from "express";
import { createApiTokenSchema } from "../accounts/index.ts";
import type { ApiTokenService } from "../accounts/index.ts";
import { currentUser, requireMembership } from "../accounts/index.ts";
import { enterpriseAccessOf, formatDateTime, pathId, renderRefusal } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { parseInput } from "../platform/validation.ts";
import { keepValues } from "../platform/web/forms.ts";
import type { EnterpriseAccessService } from "./enterprise-access.ts";
import { langOf } from "../platform/i18n/i18n.ts";

type Deps = { apiTokens: ApiTokenService; access: EnterpriseAccessService };

const VIEW = "enterprises/api-tokens";

/** /doanh-nghiep/:slug/api-token — owners create and revoke the enterprise's API tokens. */
export function apiTokensRouter({ apiTokens, access }: Deps): Router {
  const router = Router();
  const ownerOnly = requireMembership("slug", ["owner"], access.lookup);

  async function page(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const { enterpriseId, slug } = enterpriseAccessOf(res);
    const lang = langOf(req);
    const [enterprise, tokens] = await Promise.all([access.record(enterpriseId), apiTokens.list(enterpriseId)]);
    res.set("Cache-Control", "no-store");
    return {
      title: req.t("apiTokens.title"),
      enterprise: { name: enterprise ? enterprise.name[lang] : slug, slug },
      base: `/doanh-nghiep/${encodeURIComponent(slug)}`,
      tokens: tokens.map((token) => ({
        id: token.id,
        name: token.name,
        prefix: token.prefix,
        created: formatDateTime(token.createdAt, lang),
        lastUsed: formatDateTime(token.lastUsedAt, lang),
        revoked: formatDateTime(token.revokedAt, lang),
        active: token.revokedAt === null,
      })),
      notice: req.query.ok === "revoked" ? req.t("apiTokens.notices.revoked") : null,
      values: { name: "" },
      ...extra,
    };
  }

  router.get("/doanh-nghiep/:slug/api-token", ...ownerOnly, async (req, res) => {
    res.render(VIEW, await page(req, res));
  });

  // POST /doanh-nghiep/:slug/api-token — the new token is shown on this response only, never again.
  router.post("/doanh-nghiep/:slug/api-token", ...ownerOnly, async (req, res) => {
    const { enterpriseId } = enterpriseAccessOf(res);
    try {
      const { name } = parseInput(createApiTokenSchema, req.body);
      const { token, summary } = await apiTokens.create(auditContextOf(req), { enterpriseId, actorUserId: currentUser(req).id, name });
      res.status(201).render(VIEW, await page(req, res, { newToken: { value: token, name: summary.name } }));
    } catch (error) {
      renderRefusal(req, res, VIEW, await page(req, res, { values: keepValues(req.body) }), error);
    }
  });

  // POST /doanh-nghiep/:slug/api-token/:tokenId/thu-hoi — revoke; requests with it fail from now on.
  router.post("/doanh-nghiep/:slug/api-token/:tokenId/thu-hoi", ...ownerOnly, async (req, res) => {
    const { enterpriseId, slug } = enterpriseAccessOf(res);
    const tokenId = pathId(req, "tokenId");
    try {
      await apiTokens.revoke(auditContextOf(req), { enterpriseId, actorUserId: currentUser(req).id, tokenId });
      res.redirect(303, `/doanh-nghiep/${encodeURIComponent(slug)}/api-token?ok=revoked`);
    } catch (error) {
      renderRefusal(req, res, VIEW, await page(req, res), error);
    }
  });

  return router;
}

import { Router } from "express";
import { UnauthenticatedError } from "../accounts/index.ts";
import type { Principal } from "../accounts/index.ts";
import { ForbiddenError, NotFoundError } from "../platform/errors.ts";
import type { EnterpriseAccessService } from "./enterprise-access.ts";

/** The JSON API about the calling token's own enterprise; mounted behind bearer authentication. */
export function enterpriseApiRouter({ access }: { access: Pick<EnterpriseAccessService, "record"> }): Router {
  const router = Router();

  // GET /api/v1/enterprise — the token's enterprise, and only that one.
  router.get("/api/v1/enterprise", async (req, res) => {
    const principal = req.user as Principal | undefined;
    if (!principal) throw new UnauthenticatedError();
    // A person's session names no single enterprise: this resource belongs to tokens.
    if (principal.kind !== "token") throw new ForbiddenError("apiTokens.errors.tokenRequired");
    const enterprise = await access.record(principal.enterpriseId);
    if (!enterprise) throw new NotFoundError();
    res.set("Cache-Control", "no-store").json({
      id: enterprise.id,
      slug: enterprise.slug,
      name: enterprise.name,
      taxCode: enterprise.taxCode,
      status: enterprise.status,
    });
  });

  return router;
}

import { Router } from "express";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import type { Csrf } from "../platform/web/csrf.ts";
import { keepValues, renderFormErrors } from "../platform/web/forms.ts";
import type { RateLimits } from "../platform/web/rate-limits.ts";
import type { AuthService } from "./auth.service.ts";

type Deps = { auth: AuthService; csrf: Csrf; rateLimits: RateLimits };

/** /quen-mat-khau (ask for a link) and /dat-lai-mat-khau/:token (set a new password). */
export function passwordResetRouter({ auth, csrf, rateLimits }: Deps): Router {
  const router = Router();

  router.get("/quen-mat-khau", csrf.provideToken, (req, res) => {
    res.render("accounts/forgot-password", { title: req.t("auth.reset.title"), values: {} });
  });

  router.post("/quen-mat-khau", ...rateLimits.passwordReset, async (req, res) => {
    const view = { title: req.t("auth.reset.title"), values: keepValues(req.body), csrfToken: csrf.generateToken(req) };
    try {
      await auth.requestPasswordReset(auditContextOf(req), req.body, req.language === "en" ? "en" : "vi");
      res.render("accounts/forgot-password", { ...view, sent: true });
    } catch (error) {
      renderFormErrors(req, res, "accounts/forgot-password", view, error);
    }
  });

  router.get("/dat-lai-mat-khau/:token", csrf.provideToken, async (req, res) => {
    const usable = await auth.isResetTokenUsable(String(req.params.token));
    res.status(usable ? 200 : 410).render("accounts/reset-password", { title: req.t("auth.reset.title"), usable, token: String(req.params.token) });
  });

  router.post("/dat-lai-mat-khau/:token", async (req, res) => {
    try {
      await auth.resetPassword(auditContextOf(req), String(req.params.token), req.body);
      res.redirect(303, "/dang-nhap?reset=1");
    } catch (error) {
      renderFormErrors(req, res, "accounts/reset-password", {
        title: req.t("auth.reset.title"),
        usable: true,
        token: String(req.params.token),
        csrfToken: csrf.generateToken(req),
      }, error);
    }
  });

  return router;
}

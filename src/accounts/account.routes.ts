import { Router } from "express";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { LANGUAGE_COOKIE } from "../platform/i18n/i18n.ts";
import type { Csrf } from "../platform/web/csrf.ts";
import { keepValues, renderFormErrors } from "../platform/web/forms.ts";
import type { AuthService } from "./auth.service.ts";
import { currentUser, requireAuth } from "./guards.ts";

type Deps = { auth: AuthService; csrf: Csrf; production: boolean };

/** /tai-khoan — account settings: name, language, password. */
export function accountRouter({ auth, csrf, production }: Deps): Router {
  const router = Router();
  const page = (req: Parameters<typeof currentUser>[0], extra: Record<string, unknown> = {}) => {
    const user = currentUser(req);
    return {
      title: req.t("auth.account.title"),
      account: { name: user.name, email: user.email, role: req.t(`auth.roles.${user.role}`), language: user.language },
      values: { name: user.name, language: user.language },
      saved: req.query.saved === "profile" ? req.t("auth.account.profileSaved") : req.query.saved === "password" ? req.t("auth.account.passwordSaved") : null,
      csrfToken: csrf.generateToken(req),
      ...extra,
    };
  };

  router.get("/tai-khoan", requireAuth, (req, res) => {
    res.render("accounts/account", page(req));
  });

  router.post("/tai-khoan", requireAuth, async (req, res) => {
    try {
      const user = await auth.updateProfile(auditContextOf(req), currentUser(req).id, req.body);
      res.cookie(LANGUAGE_COOKIE, user.language, { maxAge: 365 * 24 * 3600 * 1000, sameSite: "lax", httpOnly: true, secure: production });
      res.redirect(303, "/tai-khoan?saved=profile");
    } catch (error) {
      renderFormErrors(req, res, "accounts/account", page(req, { values: keepValues(req.body) }), error);
    }
  });

  // POST /tai-khoan/mat-khau — a new password ends every other session; this one carries on.
  router.post("/tai-khoan/mat-khau", requireAuth, async (req, res) => {
    try {
      const user = await auth.changePassword(auditContextOf(req), currentUser(req).id, req.body);
      req.session.authVersion = user.authVersion;
      res.redirect(303, "/tai-khoan?saved=password");
    } catch (error) {
      renderFormErrors(req, res, "accounts/account", page(req, { passwordErrors: true }), error);
    }
  });

  return router;
}

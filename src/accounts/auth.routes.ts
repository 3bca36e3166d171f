import { Router, type NextFunction, type Request, type Response } from "express";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import type { Csrf } from "../platform/web/csrf.ts";
import { keepValues, renderFormErrors } from "../platform/web/forms.ts";
import type { RateLimits } from "../platform/web/rate-limits.ts";
import { LANGUAGE_COOKIE } from "../platform/i18n/i18n.ts";
import type { AuthService } from "./auth.service.ts";
import { safeReturnTo } from "./guards.ts";
import type { AppPassport } from "./passport.ts";
import type { SignedInUser } from "./principal.ts";
import { sessionCookieName } from "./session.ts";
import { signInSchema } from "./user.schemas.ts";

type Deps = { auth: AuthService; passport: AppPassport; csrf: Csrf; rateLimits: RateLimits; production: boolean };

const lang = (req: Request) => (req.language === "en" ? "en" : "vi");

/** Signs the user in on this session: a new session id (Passport regenerates it), the sign-in time and auth version. */
function logIn(req: Request, res: Response, user: SignedInUser, production: boolean): Promise<void> {
  return new Promise((resolve, reject) =>
    req.logIn(user, (error) => {
      if (error) return reject(error);
      req.session.signedInAt = Date.now();
      req.session.authVersion = user.authVersion;
      res.cookie(LANGUAGE_COOKIE, user.language, { maxAge: 365 * 24 * 3600 * 1000, sameSite: "lax", httpOnly: true, secure: production });
      resolve();
    }),
  );
}

/** /dang-ky (register), /dang-nhap (sign in), /dang-xuat (sign out). */
export function authRouter({ auth, passport, csrf, rateLimits, production }: Deps): Router {
  const router = Router();

  router.get("/dang-ky", csrf.provideToken, (req, res) => {
    res.render("accounts/register", { title: req.t("auth.register.title"), values: {} });
  });

  router.post("/dang-ky", ...rateLimits.register, async (req, res) => {
    const view = { title: req.t("auth.register.title"), values: keepValues(req.body), csrfToken: csrf.generateToken(req) };
    try {
      const user = await auth.register(auditContextOf(req), req.body, lang(req));
      await logIn(req, res, user, production);
      res.redirect(303, "/tai-khoan");
    } catch (error) {
      renderFormErrors(req, res, "accounts/register", view, error);
    }
  });

  router.get("/dang-nhap", csrf.provideToken, (req, res) => {
    res.render("accounts/sign-in", {
      title: req.t("auth.signIn.title"),
      values: { returnTo: safeReturnTo(req.query.returnTo) },
      notice: req.query.reset === "1" ? req.t("auth.reset.done") : null,
    });
  });

  router.post("/dang-nhap", ...rateLimits.signIn, (req: Request, res: Response, next: NextFunction) => {
    const parsed = signInSchema.safeParse(req.body);
    const returnTo = safeReturnTo(parsed.success ? parsed.data.returnTo : "/");
    const failed = () =>
      res.status(401).render("accounts/sign-in", {
        title: req.t("auth.signIn.title"),
        values: { email: parsed.success ? parsed.data.email : "", returnTo },
        formError: req.t("auth.errors.signInFailed"),
        csrfToken: csrf.generateToken(req),
      });
    if (!parsed.success) return failed();
    passport.authenticate("local", (error: unknown, user: SignedInUser | false) => {
      if (error) return next(error);
      if (!user) return failed();
      logIn(req, res, user, production).then(() => res.redirect(303, returnTo), next);
    })(req, res, next);
  });

  router.post("/dang-xuat", (req, res, next) => {
    req.logout((error) => {
      if (error) return next(error);
      req.session.destroy((destroyError) => {
        if (destroyError) return next(destroyError);
        res.clearCookie(sessionCookieName(production), { path: "/" });
        res.redirect(303, "/");
      });
    });
  });

  return router;
}

import type { Request, RequestHandler } from "express";
import { csrfSync } from "csrf-sync";

/**
 * CSRF protection with the synchronizer-token pattern (csrf-sync): a token kept in the session,
 * sent back in the `_csrf` form field or the `X-CSRF-Token` header of every state-changing request.
 * Requests authenticated by a bearer token carry no ambient credentials and are exempt, as is
 * Stripe's webhook (verified by its signature). Multipart bodies (uploads) are not parsed yet when
 * the global check runs: their routes put `afterUpload` right after the upload parser (multer).
 */
export function createCsrf() {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => (req.body?._csrf as string | undefined) ?? req.get("x-csrf-token"),
    skipCsrfProtection: (req) =>
      req.path === "/webhooks/stripe" || (req.user?.kind === "token" && Boolean(req.get("authorization"))),
    errorConfig: { statusCode: 403, code: "EBADCSRFTOKEN", message: "invalid csrf token" },
  });
  const uploadCheck = csrfSync({
    getTokenFromRequest: (req) => (req.body?._csrf as string | undefined) ?? req.get("x-csrf-token"),
    errorConfig: { statusCode: 403, code: "EBADCSRFTOKEN", message: "invalid csrf token" },
  });
  const globalCheck = csrfSynchronisedProtection as RequestHandler;
  const protect: RequestHandler = (req, res, next) => (req.is("multipart/form-data") ? next() : globalCheck(req, res, next));

  /** Puts a token in `res.locals.csrfToken` for the page's forms (creates the session if needed). */
  const provideToken: RequestHandler = (req, res, next) => {
    res.locals.csrfToken = generateToken(req);
    next();
  };

  /** Signed-in pages always carry a token (the header's sign-out form); anonymous ones only when a form needs it. */
  const provideTokenWhenSignedIn: RequestHandler = (req, res, next) => {
    if (req.user?.kind === "user") res.locals.csrfToken = generateToken(req);
    next();
  };

  return {
    protect,
    /** For multipart routes, right after the upload parser: the same check, on the parsed `_csrf` field. */
    afterUpload: uploadCheck.csrfSynchronisedProtection as RequestHandler,
    provideToken,
    provideTokenWhenSignedIn,
    generateToken: (req: Request) => generateToken(req),
  };
}

export type Csrf = ReturnType<typeof createCsrf>;

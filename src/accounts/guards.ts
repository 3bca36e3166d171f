import type { NextFunction, Request, RequestHandler, Response } from "express";
import { AppError, ForbiddenError, NotFoundError } from "../platform/errors.ts";
import { isSignedInUser, type SignedInUser } from "./principal.ts";
import type { MembershipRole } from "./membership.model.ts";
import type { Role } from "./user.model.ts";

export class UnauthenticatedError extends AppError {
  constructor() {
    super(401, "unauthenticated", "errors.unauthenticated.message");
  }
}

/**
 * A same-site path to return to after sign-in, or "/" — never another origin: no "//host",
 * no "/\host", no scheme, no control characters.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== "string" || value.length > 2_000) return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\\]/.test(value)) return "/";
  return value;
}

/** The signed-in user of a request (a person, not a token), or throws 401. */
export function currentUser(req: Request): SignedInUser {
  if (!isSignedInUser(req.user)) throw new UnauthenticatedError();
  return req.user;
}

/** Pages: an anonymous visitor is sent to sign in and brought back; the API answers 401. */
export const requireAuth: RequestHandler = (req, res, next) => {
  if (isSignedInUser(req.user)) return next();
  if (req.path.startsWith("/api/") || req.method !== "GET") return next(new UnauthenticatedError());
  res.redirect(303, `/dang-nhap?returnTo=${encodeURIComponent(safeReturnTo(req.originalUrl))}`);
};

/** Only users holding one of `roles` (global roles: user, moderator, admin). */
export function requireRole(...roles: Role[]): RequestHandler[] {
  return [
    requireAuth,
    (req, _res, next) => {
      const user = currentUser(req);
      if (!roles.includes(user.role)) return next(new ForbiddenError("errors.forbidden.role", { roles: roles.join(", ") }));
      next();
    },
  ];
}

export type EnterpriseAccess = { enterpriseId: string; slug: string; role: MembershipRole };

/**
 * Enterprise-scoped routes: resolves the enterprise named by `req.params[param]` and the signed-in
 * user's membership in it, and puts both in `res.locals.enterpriseAccess`. Not a member: 404 (the
 * enterprise's private pages are not revealed); a member without the role: 403. Services check again.
 */
export function requireMembership(
  param: string,
  roles: MembershipRole[],
  lookup: (slugOrId: string, userId: string) => Promise<EnterpriseAccess | null>,
): RequestHandler[] {
  return [
    requireAuth,
    async (req: Request, res: Response, next: NextFunction) => {
      const user = currentUser(req);
      const access = await lookup(String(req.params[param] ?? ""), user.id);
      if (!access) return next(new NotFoundError());
      if (!roles.includes(access.role)) {
        return next(new ForbiddenError("errors.forbidden.membership", { roles: roles.join(", ") }));
      }
      res.locals.enterpriseAccess = access;
      next();
    },
  ];
}

import type { RequestHandler } from "express";
import { isSignedInUser } from "./principal.ts";

/**
 * Ends a signed-in session that passed its absolute lifetime, or that began before the user's
 * last password change (authVersion moved on: "sign out everywhere"). The visitor continues anonymous.
 */
export function sessionPolicy({ absoluteMs }: { absoluteMs: number }): RequestHandler {
  return (req, _res, next) => {
    if (!isSignedInUser(req.user) || !req.session) return next();
    const tooOld = Date.now() - (req.session.signedInAt ?? 0) > absoluteMs;
    const superseded = req.session.authVersion !== req.user.authVersion;
    if (!tooOld && !superseded) return next();
    req.session.regenerate((error) => {
      req.user = undefined;
      next(error);
    });
  };
}

import type { RequestHandler } from "express";
import { isLanguage } from "../platform/i18n/i18n.ts";
import type { AuthService } from "./auth.service.ts";
import { isSignedInUser } from "./principal.ts";

/** A signed-in user's `?lang=` choice is remembered on their account too, for their other devices. */
export function languagePreference(auth: AuthService): RequestHandler {
  return (req, _res, next) => {
    const requested = req.query.lang;
    if (!isSignedInUser(req.user) || !isLanguage(requested) || requested === req.user.language) return next();
    auth.rememberLanguage(req.user.id, requested).then(() => next(), next);
  };
}

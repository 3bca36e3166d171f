import type { RequestHandler } from "express";
import { Passport } from "passport";
import { Strategy as BearerStrategy } from "passport-http-bearer";
import { Strategy as LocalStrategy } from "passport-local";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import type { AuthService } from "./auth.service.ts";
import type { TokenPrincipal } from "./principal.ts";

export type TokenVerifier = (token: string) => Promise<TokenPrincipal | null>;

/**
 * Every Passport strategy in one place, on an instance of our own (no global singleton):
 * `local` (email + password form fields) for people, `bearer` (API tokens) for machine clients.
 * The session holds the user id only.
 */
export function createPassport({ auth, verifyToken }: { auth: AuthService; verifyToken: TokenVerifier }) {
  const passport = new Passport();
  passport.use(
    "local",
    new LocalStrategy({ usernameField: "email", passwordField: "password", passReqToCallback: true }, (req, email, password, done) => {
      auth.authenticate(auditContextOf(req), email, password).then((user) => done(null, user ?? false), done);
    }),
  );
  passport.use(
    "bearer",
    new BearerStrategy((token, done) => {
      verifyToken(token).then((principal) => done(null, principal ?? false), done);
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: string, done) => {
    auth.findSignedIn(id).then((user) => done(null, user ?? false), done);
  });
  return passport;
}

export type AppPassport = ReturnType<typeof createPassport>;

/** API requests with `Authorization: Bearer`: authenticated by token, no session, no cookies. */
export function bearerAuthentication(passport: AppPassport): RequestHandler {
  const authenticate = passport.authenticate("bearer", { session: false }) as RequestHandler;
  return (req, res, next) => (req.get("authorization")?.startsWith("Bearer ") ? authenticate(req, res, next) : next());
}

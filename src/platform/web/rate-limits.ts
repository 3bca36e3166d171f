import type { Request, RequestHandler } from "express";
import { rateLimit, type Options, type RateLimitInfo } from "express-rate-limit";
import type { Connection } from "mongoose";
import { AppError } from "../errors.ts";
import { hashToken } from "../secrets.ts";
import { MongoRateLimitStore } from "./rate-limit-store.ts";

export class TooManyRequestsError extends AppError {
  constructor(seconds: number) {
    super(429, "too_many_requests", "errors.tooMany.message", { seconds });
  }
}

export type RateLimitSettings = {
  windowMs: number;
  signInPerAccount: number;
  signInPerIp: number;
  registerPerIp: number;
  resetPerAccount: number;
  tokenPerMinute: number;
};

const emailKey = (req: Request) => String(req.body?.email ?? "").normalize("NFC").trim().toLowerCase().slice(0, 254);

/** The limiters of the sensitive routes, counted in MongoDB, answering 429 with the wait in seconds. */
export function createRateLimits(connection: Connection, settings: RateLimitSettings) {
  const limiter = (name: string, options: Partial<Options>): RequestHandler =>
    rateLimit({
      windowMs: settings.windowMs,
      standardHeaders: "draft-8",
      legacyHeaders: false,
      store: new MongoRateLimitStore(connection, `${name}:`),
      // By default keyed by req.ip (which honours TRUST_PROXY), IPv6 grouped by /56.
      handler: (req, _res, next) => {
        const resetTime = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit?.resetTime?.getTime() ?? Date.now() + settings.windowMs;
        next(new TooManyRequestsError(Math.max(1, Math.ceil((resetTime - Date.now()) / 1000))));
      },
      ...options,
    });

  return {
    signIn: [
      limiter("signin-ip", { limit: settings.signInPerIp }),
      // Failures only: a successful sign-in (a redirect) gives its attempt back.
      limiter("signin-account", { limit: settings.signInPerAccount, keyGenerator: emailKey, skipSuccessfulRequests: true }),
    ],
    register: [limiter("register-ip", { limit: settings.registerPerIp })],
    passwordReset: [
      limiter("reset-ip", { limit: settings.registerPerIp }),
      limiter("reset-account", { limit: settings.resetPerAccount, keyGenerator: emailKey }),
    ],
    apiToken: limiter("token", {
      windowMs: 60_000,
      limit: settings.tokenPerMinute,
      keyGenerator: (req) => hashToken(req.get("authorization") ?? "none").slice(0, 32),
    }),
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;

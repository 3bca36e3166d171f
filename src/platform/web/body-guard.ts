import type { RequestHandler } from "express";
import { BadRequestError } from "../errors.ts";

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** The first key that could smuggle a query operator or touch a prototype, at any depth. */
function findDangerousKey(value: unknown, depth = 0): string | null {
  if (depth > 32) return "(too deep)";
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findDangerousKey(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value === null || typeof value !== "object") return null;
  for (const key of Object.keys(value)) {
    if (key.startsWith("$") || FORBIDDEN_KEYS.has(key)) return key;
    const found = findDangerousKey((value as Record<string, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses (400) request bodies and query strings carrying `$operators` or `__proto__` keys. Mongoose's
 * sanitizeFilter would defuse them in filters; refusing them at the door keeps them out of updates too.
 */
export const bodyGuard: RequestHandler = (req, _res, next) => {
  const key = findDangerousKey(req.body) ?? findDangerousKey(req.query);
  if (key) return next(new BadRequestError("errors.badRequest.forbiddenKey", { key }));
  next();
};

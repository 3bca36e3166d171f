import type { Request, Response } from "express";
import { ConflictError, NotFoundError } from "../platform/errors.ts";
import { renderFormErrors } from "../platform/web/forms.ts";
import type { EnterpriseAccess } from "./guards.ts";
import { objectIdSchema } from "./membership.schemas.ts";

// Small helpers shared by the membership, invitation, API token and user administration pages.


/** A date and time as people in Gia Lai read it, in the visitor's language. */
export function formatDateTime(date: Date | null | undefined, lang: "vi" | "en"): string {
  if (!date) return "";
  return new Intl.DateTimeFormat(lang === "en" ? "en-US" : "vi-VN", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Ho_Chi_Minh",
  }).format(date);
}

export const enterpriseAccessOf = (res: Response) => res.locals.enterpriseAccess as EnterpriseAccess;

/** A user or invitation id from the path; anything else is a page that does not exist. */
export function pathId(req: Request, name: string): string {
  const parsed = objectIdSchema.safeParse(req.params[name]);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

/**
 * A failed form: 422 with the fields marked, or 409 with the rule that refused it (already invited,
 * last owner…), on the page the person was on. Anything else goes to the error handler.
 */
export function renderRefusal(req: Request, res: Response, view: string, locals: Record<string, unknown>, error: unknown): void {
  if (error instanceof ConflictError) {
    res.status(409).render(view, { ...locals, formError: req.t(error.messageKey, error.details) });
    return;
  }
  renderFormErrors(req, res, view, locals, error);
}


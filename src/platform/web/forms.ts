import type { Request, Response } from "express";
import { ValidationError } from "../errors.ts";

/**
 * Re-renders a form after a validation failure (422) with what the person typed and one
 * translated message per field; any other error goes on to the one error handler.
 */
export function renderFormErrors(
  req: Request,
  res: Response,
  view: string,
  locals: Record<string, unknown>,
  error: unknown,
): void {
  if (!(error instanceof ValidationError)) throw error;
  const errors = Object.fromEntries(Object.entries(error.fieldErrors).map(([field, key]) => [field, req.t(key)]));
  res.status(422).render(view, { ...locals, errors, formError: req.t(error.messageKey) });
}

/** The submitted fields to show again, without any password. */
export function keepValues(body: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body ?? {}).filter(([key]) => !/password|_csrf/i.test(key)));
}

/**
 * Typed errors that services throw and the one error middleware turns into a page or JSON.
 * `messageKey` is an i18n key; the message shown to people is translated at the edge.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(messageKey = "errors.badRequest.message", details: Record<string, unknown> = {}) {
    super(400, "bad_request", messageKey, details);
  }
}

export class ForbiddenError extends AppError {
  constructor(messageKey = "errors.forbidden.message", details: Record<string, unknown> = {}) {
    super(403, "forbidden", messageKey, details);
  }
}

export class NotFoundError extends AppError {
  constructor(messageKey = "errors.notFound.message", details: Record<string, unknown> = {}) {
    super(404, "not_found", messageKey, details);
  }
}

export class ConflictError extends AppError {
  constructor(messageKey: string, details: Record<string, unknown> = {}) {
    super(409, "conflict", messageKey, details);
  }
}

/** One message per bad field, keyed by the field's path ("email", "lines.2.hsCode"). */
export class ValidationError extends AppError {
  constructor(
    readonly fieldErrors: Record<string, string>,
    messageKey = "errors.validation.message",
  ) {
    super(422, "validation_failed", messageKey, { fields: fieldErrors });
  }
}

import type { ErrorRequestHandler, Request, RequestHandler } from "express";
import type { Logger } from "pino";
import { AppError, NotFoundError } from "../errors.ts";

const HEADING_BY_STATUS: Record<number, string> = {
  400: "badRequest",
  401: "unauthenticated",
  403: "forbidden",
  404: "notFound",
  413: "badRequest",
  422: "badRequest",
  429: "tooMany",
};

type HttpError = Error & { status?: number; statusCode?: number; type?: string; code?: string };

/** Maps anything thrown to a status, a stable code and an i18n message key. */
function describe(error: unknown): { status: number; code: string; messageKey: string; details: Record<string, unknown> } {
  if (error instanceof AppError) {
    return { status: error.status, code: error.code, messageKey: error.messageKey, details: error.details };
  }
  const httpError = error as HttpError;
  if (httpError?.code === "EBADCSRFTOKEN") {
    return { status: 403, code: "csrf_invalid", messageKey: "errors.csrf.message", details: {} };
  }
  const status = httpError?.status ?? httpError?.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    // body-parser and friends: malformed JSON (400), body too large (413), ...
    const code = httpError.type?.replace(/\W+/g, "_") ?? "bad_request";
    const messageKey = status === 413 ? "errors.tooLarge.message" : "errors.badRequest.message";
    return { status, code, messageKey, details: {} };
  }
  return { status: 500, code: "internal_error", messageKey: "errors.server.message", details: {} };
}

export const wantsJson = (req: Request) => req.path.startsWith("/api/") || req.path === "/healthz";

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFoundError());

/** The one error path: typed errors become a page in the visitor's language, or JSON under /api/. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, code, messageKey, details } = describe(error);
    if (status >= 500) (req.log ?? logger).error({ err: error }, "request failed");
    if (res.headersSent) {
      res.end();
      return;
    }
    const t = req.t ?? ((key: string) => key);
    const message = t(messageKey, details);
    // Field problems are i18n keys: translate each for the person or program reading them.
    const fields = details.fields as Record<string, string> | undefined;
    const shown = fields ? { ...details, fields: Object.fromEntries(Object.entries(fields).map(([field, key]) => [field, t(key)])) } : details;
    const requestId = String(req.id ?? "");
    res.status(status);
    if (wantsJson(req)) {
      res.json({ error: { code, message, ...shown, requestId } });
      return;
    }
    const heading = t(`errors.${HEADING_BY_STATUS[status] ?? "server"}.heading`);
    res.render("errors/error", { title: heading, status, heading, message, requestId }, (renderError, html) => {
      if (renderError) {
        logger.error({ err: renderError }, "error page failed to render");
        res.type("text/plain").send(`${status} ${heading}\n${message}`);
        return;
      }
      res.send(html);
    });
  };
}

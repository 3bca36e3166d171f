import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from "express";
import type { Translate } from "../platform/i18n/i18n.ts";
import { UnauthenticatedError } from "../accounts/index.ts";
import type { Principal, TokenPrincipal } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { AppError, ForbiddenError, ValidationError } from "../platform/errors.ts";
import type { DeclarationActor } from "./declaration-access.ts";
import type { Declaration } from "./declaration.model.ts";
import { formatMinor } from "./declaration.amounts.ts";
import { parsePeriod } from "./declaration.period.ts";
import type { DeclarationService } from "./declaration.service.ts";
import { minorDigits } from "./reference/currencies.ts";

type Language = "vi" | "en";
type Deps = {
  declarations: Pick<DeclarationService, "file" | "get" | "listForEnterprise">;
  /** The token's enterprise's slug, so that a path may name the enterprise by slug as well as by id. */
  enterpriseSlug: (enterpriseId: string) => Promise<string | null>;
  translate: Translate;
};

type Stored = Declaration & { _id: { toString(): string } };

/** The paths of this API, for the body parser mounted ahead of the site's own (see `declarationApiEntry`). */
export const DECLARATION_API_PATHS = ["/api/v1/declarations", "/api/v1/enterprises/:enterprise/declarations"];

/**
 * Mounted in app.ts before the site's 100 kB JSON parser: an ERP files a whole declaration (up to
 * 10,000 lines) in one body, so these paths take up to 8 MB — but only from a caller with a bearer
 * token. Without one the answer is 401 at once, before any body is read (and before the session's
 * CSRF check, which would otherwise answer 403 to a program that simply forgot its token).
 */
export function declarationApiEntry(): RequestHandler {
  const json = express.json({ limit: "8mb" });
  return (req, res, next) => (req.get("authorization") ? json(req, res, next) : next(new UnauthenticatedError()));
}

/** The calling enterprise's API token; a person's session names no single enterprise. */
function tokenOf(req: Request): TokenPrincipal {
  const principal = req.user as Principal | undefined;
  if (!principal) throw new UnauthenticatedError();
  if (principal.kind !== "token") throw new ForbiddenError("apiTokens.errors.tokenRequired");
  return principal;
}

const actorOf = (token: TokenPrincipal): DeclarationActor => ({ kind: "token", tokenId: token.id, enterpriseId: token.enterpriseId });

/** Programs ask in English with `?lang=en` or `Accept-Language: en`; Vietnamese otherwise. */
function apiLanguage(req: Request): Language {
  const query = req.query.lang;
  if (query === "en" || query === "vi") return query;
  return req.acceptsLanguages("vi", "en") === "en" ? "en" : "vi";
}

/** "lines.2.hsCode" → "/lines/2/hsCode" (a JSON Pointer into the body that was sent). */
export const jsonPointer = (path: string) => (path === "_form" ? "" : `/${path.split(".").map((part) => part.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`);

function totalsJson(totals: Declaration["totals"]) {
  return {
    lineCount: totals.lineCount,
    valueUsdCents: totals.valueUsdCents,
    valueUsd: formatMinor(totals.valueUsdCents, 2),
    byCurrency: totals.byCurrency.map(({ currency, valueMinor }) => ({ currency, valueMinor, value: formatMinor(valueMinor, minorDigits(currency)) })),
  };
}

/** What the ERP keeps after filing: the receipt. */
export function receiptJson(declaration: Omit<Stored, "lines">) {
  return {
    id: declaration._id.toString(),
    receiptNumber: declaration.receiptNumber || null,
    status: declaration.status,
    period: declaration.period.key,
    direction: declaration.direction,
    submittedAt: declaration.submittedAt,
    reviewDueAt: declaration.reviewDueAt,
    version: declaration.version,
    correctionOf: declaration.correctionOf ? declaration.correctionOf.toString() : null,
    totals: totalsJson(declaration.totals),
  };
}

function declarationJson(declaration: Stored, history: { version: number; submittedAt: Date; channel: string; outcome?: { status: string; note: string; reason: string; decidedAt: Date | null } }[]) {
  return {
    ...receiptJson(declaration),
    decidedAt: declaration.decidedAt,
    contact: declaration.contact,
    lines: declaration.lines.map(({ quantityValue: _q, valueMinor: _v, valueUsdCents: _u, ...line }) => line),
    review: { note: declaration.review.note, lineNotes: declaration.review.lineNotes.map(({ line, note }) => ({ line, note })), reason: declaration.review.reason },
    supersededBy: declaration.supersededBy ? declaration.supersededBy.toString() : null,
    duplicateCustomsNumbers: declaration.duplicateCustomsNumbers,
    history: history.map(({ version, submittedAt, channel, outcome }) => ({ version, submittedAt, channel, outcome: outcome ?? null })),
  };
}

/**
 * /api/v1/declarations — an enterprise's ERP files its declarations with its API token (the token
 * IS the enterprise: naming another one is 403). A bad declaration is 422 listing every problem with
 * its JSON Pointer; an unfinished declaration for the same period and direction is 409.
 */
export function declarationApiRouter({ declarations, enterpriseSlug, translate }: Deps): Router {
  const router = Router();

  /** A path or body naming an enterprise must name the token's own (by id or slug). */
  async function assertOwnEnterprise(token: TokenPrincipal, named: unknown): Promise<void> {
    if (named === undefined) return;
    if (named === token.enterpriseId) return;
    if (typeof named === "string" && named !== "" && named === (await enterpriseSlug(token.enterpriseId))) return;
    throw new ForbiddenError("declarations.api.errors.otherEnterprise");
  }

  async function fileFor(req: Request, named: unknown) {
    const token = tokenOf(req);
    const { enterpriseId: fromBody, ...input } = (req.body ?? {}) as Record<string, unknown>;
    await assertOwnEnterprise(token, named);
    await assertOwnEnterprise(token, fromBody);
    const declaration = await declarations.file(auditContextOf(req), actorOf(token), { enterpriseId: token.enterpriseId, input, channel: "api" });
    return receiptJson(declaration);
  }

  // POST /api/v1/declarations — files and submits a complete declaration: 201 with the receipt.
  router.post("/api/v1/declarations", async (req, res) => {
    const receipt = await fileFor(req, undefined);
    res.status(201).location(`/api/v1/declarations/${receipt.id}`).json(receipt);
  });

  // POST /api/v1/enterprises/:enterprise/declarations — the same, the enterprise named in the path.
  router.post("/api/v1/enterprises/:enterprise/declarations", async (req, res) => {
    const receipt = await fileFor(req, String(req.params.enterprise ?? ""));
    res.status(201).location(`/api/v1/declarations/${receipt.id}`).json(receipt);
  });

  // GET /api/v1/declarations?period=2026-03&direction=export — the enterprise's declarations, newest first.
  router.get("/api/v1/declarations", async (req, res) => {
    const token = tokenOf(req);
    const period = typeof req.query.period === "string" && req.query.period !== "" ? parsePeriod(req.query.period) : undefined;
    if (period === null) throw new ValidationError({ period: "declarations.api.errors.periodFilter" });
    const direction = req.query.direction === "export" || req.query.direction === "import" ? req.query.direction : undefined;
    const list = await declarations.listForEnterprise(actorOf(token), token.enterpriseId, { limit: 500 });
    const chosen = list.filter((item) => (!period || item.period.key === period.key) && (!direction || item.direction === direction));
    res.set("Cache-Control", "no-store").json({ declarations: chosen.map(receiptJson) });
  });

  // GET /api/v1/declarations/:id — status, receipt, review notes and the submitted versions.
  router.get("/api/v1/declarations/:id", async (req, res) => {
    const token = tokenOf(req);
    const { declaration, history } = await declarations.get(actorOf(token), String(req.params.id ?? ""));
    res.set("Cache-Control", "no-store").json({ declaration: declarationJson(declaration, history) });
  });

  /**
   * The API's errors in the one envelope of /api (`{ error: { code, message, …, requestId } }`), in
   * the program's language; a validation failure also lists every problem as `errors: [{ path, message }]`
   * with JSON Pointers (besides `fields`, keyed by dotted path, as elsewhere in the API).
   */
  const apiErrors: ErrorRequestHandler = (error, req, res, next) => {
    if (!(error instanceof AppError) || res.headersSent) return next(error);
    const lang = apiLanguage(req);
    const t = (key: string, values?: Record<string, unknown>) => translate(lang, key, values);
    const body: Record<string, unknown> = { code: error.code, message: t(error.messageKey, error.details), ...error.details };
    if (error instanceof ValidationError) {
      const entries = Object.entries(error.fieldErrors);
      body.fields = Object.fromEntries(entries.map(([path, key]) => [path, t(key)]));
      body.errors = entries.map(([path, key]) => ({ path: jsonPointer(path), message: t(key) }));
    }
    res.status(error.status).json({ error: { ...body, requestId: String(req.id ?? "") } });
  };
  router.use("/api/v1/declarations", apiErrors);
  router.use("/api/v1/enterprises/:enterprise/declarations", apiErrors);

  return router;
}

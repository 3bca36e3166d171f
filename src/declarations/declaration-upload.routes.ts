import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Router, type Request, type RequestHandler, type Response } from "express";
import { currentUser, requireAuth, type EnterpriseAccess } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { ConflictError, NotFoundError, ValidationError } from "../platform/errors.ts";
import type { Csrf } from "../platform/web/csrf.ts";
import { uploadParser, UploadRefusedError } from "../platform/web/uploads.ts";
import type { DeclarationService } from "./declaration.service.ts";
import { DIRECTIONS, type DeclarationInput } from "./declaration.header.ts";
import { MAX_LINES } from "./declaration.fields.ts";
import type { Language, Translate } from "./declaration-upload.columns.ts";
import { placeProblems, readDeclarationSheet, type UploadProblems } from "./declaration-upload.reader.ts";
import type { UploadReports } from "./declaration-upload.reports.ts";
import { problemsCsv, templateCsv, writeTemplateXlsx } from "./declaration-upload.template.ts";
import { isObjectId } from "../platform/db/ids.ts";
import { previousMonthKey, vietnamToday } from "./declaration.period.ts";
import { langOf } from "../platform/i18n/i18n.ts";

type Deps = {
  declarations: Pick<DeclarationService, "check" | "file" | "replace">;
  access: {
    lookup: (slugOrId: string, userId: string) => Promise<EnterpriseAccess | null>;
    record: (enterpriseId: string) => Promise<{ name: { vi: string; en: string } } | null>;
  };
  reports: UploadReports;
  csrf: Csrf;
  translate: Translate;
};

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** The page lists this many problems; the CSV report lists them all. */
export const SHOWN_PROBLEMS = 200;
const PATH = "/to-khai/tai-len";
const VIEW = "declarations/upload";
const HEADER_FIELDS = ["period", "direction", "contactName", "contactPhone", "contactEmail"] as const;
type HeaderValues = Record<(typeof HEADER_FIELDS)[number], string>;

const accessOf = (res: Response) => res.locals.enterpriseAccess as EnterpriseAccess;
/** `?to-khai=<id>`: the upload corrects that draft or returned declaration instead of filing a new one. */
const targetOf = (req: Request) => (isObjectId(String(req.query["to-khai"] ?? "")) ? String(req.query["to-khai"]) : null);
const actionOf = (slug: string, target: string | null) => `${PATH}?dn=${encodeURIComponent(slug)}${target ? `&to-khai=${target}` : ""}`;
const removeTemp = (file?: Express.Multer.File) => (file ? fs.promises.rm(file.path, { force: true }) : Promise.resolve());

function headerValues(body: Record<string, unknown> | undefined): HeaderValues {
  return Object.fromEntries(HEADER_FIELDS.map((field) => [field, typeof body?.[field] === "string" ? body[field].trim() : ""])) as HeaderValues;
}

function inputOf(values: HeaderValues, lines: DeclarationInput["lines"]): DeclarationInput {
  const direction = (DIRECTIONS as readonly string[]).includes(values.direction) ? (values.direction as DeclarationInput["direction"]) : "export";
  return { period: values.period, direction, contact: { name: values.contactName, phone: values.contactPhone, email: values.contactEmail }, lines };
}

/**
 * /to-khai/tai-len?dn=<enterprise> — a declaration filed from a spreadsheet (CSV or XLSX). The whole
 * file is checked and every problem shown by row and column before anything is filed; a clean file
 * is filed and submitted at once. Also the templates (/to-khai/mau.csv|xlsx?ngon-ngu=vi|en).
 */
export function declarationUploadRouter({ declarations, access, reports, csrf, translate }: Deps): Router {
  const router = Router();
  const uploadDir = path.join(os.tmpdir(), "gialai-declaration-uploads");
  const upload = uploadParser({
    field: "file",
    maxFiles: 1,
    maxBytes: MAX_UPLOAD_BYTES,
    storage: { dir: uploadDir },
    fields: 10,
    messages: { tooLarge: "declarations.upload.errors.tooLarge", wrongFiles: "declarations.upload.errors.fileRequired" },
  });

  /** The enterprise named by `?dn=` and the signed-in person's membership in it (else 404). */
  const member: RequestHandler = async (req, res, next) => {
    const found = await access.lookup(String(req.query.dn ?? ""), currentUser(req).id);
    if (!found) return next(new NotFoundError());
    res.locals.enterpriseAccess = found;
    next();
  };

  async function page(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const { enterpriseId, slug } = accessOf(res);
    const user = currentUser(req);
    const enterprise = await access.record(enterpriseId);
    return {
      title: req.t("declarations.upload.title"),
      enterprise: { name: enterprise ? enterprise.name[langOf(req)] : slug, slug },
      action: actionOf(slug, targetOf(req)),
      correcting: targetOf(req),
      maxLines: MAX_LINES,
      maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
      values: { period: previousMonthKey(vietnamToday()), direction: "export", contactName: user.name, contactPhone: "", contactEmail: user.email },
      ...extra,
    };
  }

  const parseUpload: RequestHandler = (req, res, next) => {
    // multer ignores what its callback returns: a failure building the page goes to next(), not unhandled.
    upload(req, res, (error: unknown) => {
      if (!(error instanceof UploadRefusedError)) return next(error);
      const message = req.t(error.messageKey, error.values);
      page(req, res, { errors: { file: message }, formError: message })
        .then((view) => res.status(error.status).render(VIEW, view))
        .catch(next);
    });
  };
  const checkCsrf: RequestHandler = (req, res, next) =>
    csrf.afterUpload(req, res, (error?: unknown) => {
      if (error) void removeTemp(req.file);
      next(error);
    });

  // GET /to-khai/mau.xlsx and /to-khai/mau.csv?ngon-ngu=vi|en — the template (not ?lang=, which switches the site).
  router.get("/to-khai/mau.:format", async (req, res, next) => {
    const format = req.params.format;
    if (format !== "csv" && format !== "xlsx") return next();
    const chosen = req.query["ngon-ngu"];
    const lang: Language = chosen === "en" || chosen === "vi" ? chosen : langOf(req);
    res.attachment(`${lang === "en" ? "declaration-template" : "mau-to-khai-xnk"}.${format}`);
    if (format === "csv") {
      res.type("text/csv; charset=utf-8").send(templateCsv(translate, lang));
      return;
    }
    res.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    await writeTemplateXlsx(res, translate, lang);
  });

  // GET /to-khai/tai-len/loi/:reportId.csv — every problem of the person's last refused upload.
  router.get("/to-khai/tai-len/loi/:reportId.csv", requireAuth, async (req, res) => {
    const report = await reports.open(currentUser(req).id, String(req.params.reportId ?? ""));
    if (!report) throw new NotFoundError();
    res.set("Cache-Control", "no-store").type("text/csv; charset=utf-8").attachment(langOf(req) === "en" ? "declaration-problems.csv" : "loi-to-khai.csv");
    report.pipe(res);
  });

  router.get(PATH, requireAuth, member, async (req, res) => {
    res.render(VIEW, await page(req, res));
  });

  /** The refusal page: header problems by field, file problems, the first cell problems and the report link. */
  async function refuse(req: Request, res: Response, values: HeaderValues, problems: UploadProblems, status = 422) {
    const lang = langOf(req);
    const { enterpriseId } = accessOf(res);
    const reportId = problems.cells.length > 0 ? await reports.save(currentUser(req).id, enterpriseId, problemsCsv(problems, translate, lang)) : null;
    const errors = Object.fromEntries(Object.entries(problems.header).map(([field, key]) => [field, req.t(key)]));
    res.status(status).render(
      VIEW,
      await page(req, res, {
        values,
        errors,
        formError: req.t("declarations.upload.refused"),
        general: problems.general.map((key) => req.t(key)),
        problems: problems.cells.slice(0, SHOWN_PROBLEMS).map((problem) => ({ ...problem, message: req.t(problem.messageKey) })),
        problemCount: problems.cells.length,
        problemsPartial: problems.cells.length > SHOWN_PROBLEMS,
        shownCount: Math.min(SHOWN_PROBLEMS, problems.cells.length),
        reportHref: reportId ? `/to-khai/tai-len/loi/${reportId}.csv` : null,
      }),
    );
  }

  // POST /to-khai/tai-len?dn=… — multipart: _csrf, period, direction, contact…, file.
  router.post(PATH, requireAuth, member, parseUpload, checkCsrf, async (req, res) => {
    const file = req.file;
    const values = headerValues(req.body);
    try {
      if (!file) return await refuse(req, res, values, { header: {}, cells: [], general: ["declarations.upload.errors.fileRequired"] });
      const sheet = await readDeclarationSheet(file.path, translate);
      if (sheet.fileProblems.length > 0) {
        const locale = langOf(req) === "en" ? "en-US" : "vi-VN";
        const shown = (params: Record<string, unknown> = {}) =>
          Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === "number" ? value.toLocaleString(locale) : value]));
        const general = sheet.fileProblems.map(({ key, values: params }) => req.t(key, shown(params)));
        return res.status(422).render(VIEW, await page(req, res, { values, errors: { file: general.join(" ") }, formError: req.t("declarations.upload.refused"), general }));
      }
      const input = inputOf(values, sheet.lines);
      let errors: Record<string, string>;
      try {
        errors = { ...(await declarations.check(input)).errors };
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        errors = { ...error.fieldErrors };
      }
      if (input.direction !== values.direction) errors.direction = "declarations.errors.directionRequired";
      if (Object.keys(errors).length > 0) return await refuse(req, res, values, placeProblems(errors, sheet, translate));

      const user = currentUser(req);
      const actor = { kind: "user" as const, userId: user.id, role: user.role };
      const target = targetOf(req);
      const declaration = target
        ? await declarations.replace(auditContextOf(req), actor, { declarationId: target, input, channel: "upload" })
        : await declarations.file(auditContextOf(req), actor, { enterpriseId: accessOf(res).enterpriseId, input, channel: "upload" });
      res.redirect(303, `/to-khai/${declaration._id.toString()}`);
    } catch (error) {
      if (error instanceof ConflictError) {
        const existingId = error.details.existingId as string | null;
        return res.status(409).render(VIEW, await page(req, res, { values, formError: req.t(error.messageKey), existingHref: existingId ? `/to-khai/${existingId}` : null }));
      }
      if (error instanceof ValidationError) return refuse(req, res, values, { header: {}, cells: [], general: Object.values(error.fieldErrors) });
      throw error;
    } finally {
      await removeTemp(file);
    }
  });

  return router;
}

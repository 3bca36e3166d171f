import type { Translate } from "../../platform/i18n/i18n.ts";
import os from "node:os";
import path from "node:path";
import { Router, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { currentUser, requireMembership, type EnterpriseAccess } from "../../accounts/index.ts";
import { auditContextOf } from "../../platform/audit/audit.service.ts";
import { ValidationError } from "../../platform/errors.ts";
import { parseInput } from "../../platform/validation.ts";
import type { Csrf } from "../../platform/web/csrf.ts";
import { uploadParser, UploadRefusedError } from "../../platform/web/uploads.ts";
import { renderFormErrors } from "../../platform/web/forms.ts";
import { ImportFileError } from "./import.rows.ts";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, type ImportJobView, type ImportService } from "./import.service.ts";
import { templateCsv, writeReportCsv, writeReportXlsx, writeTemplateXlsx } from "./import.sheets.ts";
import { isObjectId } from "../../platform/db/ids.ts";
import { langOf } from "../../platform/i18n/i18n.ts";

type Deps = {
  imports: ImportService;
  access: {
    lookup: (slugOrId: string, userId: string) => Promise<EnterpriseAccess | null>;
    record: (enterpriseId: string) => Promise<{ name: { vi: string; en: string } } | null>;
  };
  csrf: Csrf;
  translate: Translate;
};

const BASE = "/doanh-nghiep/:slug/san-pham/nhap";
const UPLOAD_VIEW = "products/import";
const JOB_VIEW = "products/import-job";
const PREVIEW_ROWS = 50;
const uploadSchema = z.object({ mode: z.enum(["full", "price-stock"], { error: "import.errors.modeInvalid" }) });

const accessOf = (res: Response) => res.locals.enterpriseAccess as EnterpriseAccess;
const baseOf = (slug: string) => `/doanh-nghiep/${encodeURIComponent(slug)}/san-pham/nhap`;

/** /doanh-nghiep/:slug/san-pham/nhap — bulk import for the enterprise's owners and staff. */
export function importRouter({ imports, access, csrf, translate }: Deps): Router {
  const router = Router();
  const member = requireMembership("slug", ["owner", "staff"], access.lookup);
  const uploadDir = path.join(os.tmpdir(), "gialai-imports");
  const upload = uploadParser({
    field: "file",
    maxFiles: 1,
    maxBytes: MAX_IMPORT_BYTES,
    storage: { dir: uploadDir },
    fields: 5,
    messages: { tooLarge: "import.errors.tooLarge", wrongFiles: "import.errors.fileRequired" },
  });
  const number = (lang: "vi" | "en", value: number) => value.toLocaleString(lang === "en" ? "en-US" : "vi-VN");

  async function uploadPage(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const { enterpriseId, slug } = accessOf(res);
    const lang = langOf(req);
    const [enterprise, recent] = await Promise.all([access.record(enterpriseId), imports.recentJobs(enterpriseId)]);
    return {
      title: req.t("import.title"),
      enterprise: { name: enterprise ? enterprise.name[lang] : slug, slug },
      storefront: `/doanh-nghiep/${encodeURIComponent(slug)}`,
      base: baseOf(slug),
      max: number(lang, MAX_IMPORT_ROWS),
      values: { mode: "full" },
      recent: recent.map((job) => ({ ...jobLocals(req, job), href: `${baseOf(slug)}/${job.id}` })),
      ...extra,
    };
  }

  function jobLocals(req: Request, job: ImportJobView) {
    const lang = langOf(req);
    const ranges = job.writtenRanges.map(({ first, last }) => (first === last ? number(lang, first) : `${number(lang, first)}–${number(lang, last)}`)).join(", ");
    return {
      ...job,
      finished: job.status === "done" || job.status === "failed",
      statusLabel: req.t(`import.status.${job.status}`),
      modeLabel: req.t(`import.modeLabels.${job.mode}`),
      rowsText: req.t("import.job.rows", { processed: number(lang, job.processedRows), total: number(lang, job.totalRows) }),
      writtenText: ranges ? req.t("import.job.written", { ranges }) : req.t("import.job.nothingWritten"),
      failureText: job.failure ? req.t(job.failure.key) : null,
      queuedAtText: new Intl.DateTimeFormat(lang === "en" ? "en-US" : "vi-VN", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Ho_Chi_Minh" }).format(job.queuedAt),
    };
  }

  function jobIdOf(req: Request): string {
    return String(req.params.jobId ?? "");
  }
  /** Not a job id ("…/san-pham/nhap/sua" is the edit page of a listing whose SKU is "nhap"): another router's. */
  const jobPath: RequestHandler = (req, _res, next) => next(isObjectId(String(req.params.jobId ?? "")) ? undefined : "route");

  /** The upload parser: a file too large or a malformed form is said so on the page; the temp file goes on refusal. */
  const parseUpload: RequestHandler = (req, res, next) => {
    // multer ignores what its callback returns: a failure building the page goes to next(), not unhandled.
    upload(req, res, (error: unknown) => {
      if (!(error instanceof UploadRefusedError)) return next(error);
      const message = req.t(error.messageKey, error.values);
      uploadPage(req, res, { errors: { file: message }, formError: message })
        .then((view) => res.status(error.status).render(UPLOAD_VIEW, view))
        .catch(next);
    });
  };
  const checkCsrf: RequestHandler = (req, res, next) =>
    csrf.afterUpload(req, res, (error?: unknown) => {
      if (error && req.file) void imports.removeTemp(req.file.path);
      next(error);
    });

  router.get(BASE, ...member, async (req, res) => {
    res.render(UPLOAD_VIEW, await uploadPage(req, res));
  });

  // GET …/nhap/mau.xlsx?ngon-ngu=vi|en and …/mau.csv — the template in the chosen language
  // (not ?lang=, which would also switch the site's language); the page's language otherwise.
  const templateLang = (req: Request): "vi" | "en" => (req.query["ngon-ngu"] === "en" ? "en" : req.query["ngon-ngu"] === "vi" ? "vi" : langOf(req));
  router.get(`${BASE}/mau.xlsx`, ...member, async (req, res) => {
    const lang = templateLang(req);
    res.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    res.attachment(lang === "en" ? "product-import-template.xlsx" : "mau-nhap-san-pham.xlsx");
    await writeTemplateXlsx(res, translate, lang);
  });
  router.get(`${BASE}/mau.csv`, ...member, (req, res) => {
    const lang = templateLang(req);
    res.type("text/csv; charset=utf-8");
    res.attachment(lang === "en" ? "product-import-template.csv" : "mau-nhap-san-pham.csv");
    res.send(templateCsv(translate, lang));
  });

  // POST …/nhap — upload a file (multipart: file, mode, _csrf) and queue its import.
  router.post(BASE, ...member, parseUpload, checkCsrf, async (req, res) => {
    const { enterpriseId, slug } = accessOf(res);
    const file = req.file;
    try {
      const { mode } = parseInput(uploadSchema, req.body ?? {});
      if (!file) throw new ImportFileError("import.errors.fileRequired");
      const { jobId } = await imports.submit(auditContextOf(req), { enterpriseId, userId: currentUser(req).id, fileName: file.originalname, mode, path: file.path });
      res.redirect(303, `${baseOf(slug)}/${jobId}`);
    } catch (error) {
      const values = { mode: String(req.body?.mode ?? "full") };
      if (error instanceof ImportFileError) {
        const message = req.t(error.key, error.values);
        res.status(422).render(UPLOAD_VIEW, await uploadPage(req, res, { values, errors: { file: message }, formError: message }));
      } else if (error instanceof ValidationError) {
        renderFormErrors(req, res, UPLOAD_VIEW, await uploadPage(req, res, { values }), error);
      } else {
        throw error;
      }
    } finally {
      if (file) await imports.removeTemp(file.path);
    }
  });

  // GET …/nhap/:jobId.json — the progress the page polls.
  router.get(`${BASE}/:jobId.json`, jobPath, ...member, async (req, res) => {
    const job = jobLocals(req, await imports.job(accessOf(res).enterpriseId, jobIdOf(req)));
    const { id, status, statusLabel, percent, processedRows, totalRows, created, updated, unchanged, rejected, finished, rowsText } = job;
    res.set("Cache-Control", "no-store").json({ id, status, statusLabel, percent, processedRows, totalRows, created, updated, unchanged, rejected, finished, rowsText });
  });

  // GET …/nhap/:jobId/bao-cao.csv and .xlsx — the rejected rows with their reasons.
  for (const format of ["csv", "xlsx"] as const) {
    router.get(`${BASE}/:jobId/bao-cao.${format}`, jobPath, ...member, async (req, res) => {
      const { enterpriseId } = accessOf(res);
      const lang = langOf(req);
      const jobId = jobIdOf(req);
      await imports.job(enterpriseId, jobId);
      const rows = imports.rejectedRows(enterpriseId, jobId, lang);
      res.attachment(`${lang === "en" ? "import-report" : "bao-cao-nhap"}-${jobId}.${format}`);
      if (format === "csv") {
        res.type("text/csv; charset=utf-8");
        await writeReportCsv(res, rows, translate, lang);
      } else {
        res.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        await writeReportXlsx(res, rows, translate, lang);
      }
    });
  }

  // GET …/nhap/:jobId — the job's page: a progress bar while it runs, the results when done.
  router.get(`${BASE}/:jobId`, jobPath, ...member, async (req, res) => {
    const { enterpriseId, slug } = accessOf(res);
    const lang = langOf(req);
    const job = jobLocals(req, await imports.job(enterpriseId, jobIdOf(req)));
    const preview = [];
    if (job.finished && job.rejected > 0) {
      for await (const row of imports.rejectedRows(enterpriseId, job.id, lang, PREVIEW_ROWS)) preview.push(row);
    }
    const enterprise = await access.record(enterpriseId);
    res.set("Cache-Control", "no-store").render(JOB_VIEW, {
      title: req.t("import.job.title", { file: job.fileName }),
      enterprise: { name: enterprise ? enterprise.name[lang] : slug, slug },
      storefront: `/doanh-nghiep/${encodeURIComponent(slug)}`,
      base: baseOf(slug),
      self: `${baseOf(slug)}/${job.id}`,
      job,
      preview,
      previewText: req.t("import.job.reportPreview", { shown: number(lang, preview.length), total: number(lang, job.rejected) }),
      previewPartial: preview.length < job.rejected,
    });
  });

  return router;
}

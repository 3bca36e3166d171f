import fs from "node:fs";
import type { Translate } from "../../platform/i18n/i18n.ts";
import { type Types } from "mongoose";
import { SYSTEM_ACTOR, type AuditContext, type AuditLog } from "../../platform/audit/audit.service.ts";
import { NotFoundError } from "../../platform/errors.ts";
import type { Logger } from "../../platform/logger.ts";
import { columnHeading, headingIndex, type ImportMode } from "./import.columns.ts";
import type { ImportFiles } from "./import.files.ts";
import { ImportStopped, runImportJob, type ImportProducts, type RunnableJob } from "./import.job.ts";
import type { ImportJob, ImportJobModel, ImportRejectionModel } from "./import.model.ts";
import { detectKind, openFile, readSheetRows, type FileKind } from "../../platform/spreadsheets/reader.ts";
import { ImportFileError, isBlankRow, mapHeadings } from "./import.rows.ts";
import { createImportRunner } from "./import.runner.ts";
import { isObjectId } from "../../platform/db/ids.ts";

type Language = "vi" | "en";

export const MAX_IMPORT_ROWS = 10_000;
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type ImportJobView = Pick<
  ImportJob,
  "fileName" | "mode" | "status" | "totalRows" | "processedRows" | "created" | "updated" | "unchanged" | "rejected" | "writtenRows" | "writtenRanges" | "failure" | "queuedAt" | "startedAt" | "finishedAt"
> & { id: string; enterpriseId: string; percent: number };

/**
 * Bulk import of listings: checks an upload (kind, headings, at most 10,000 rows) before anything
 * is written, keeps it in GridFS, queues a job that the runner works through in the background,
 * and reads a job's progress and its report of refused rows — for the job's enterprise only.
 */
export function createImportService(deps: {
  jobs: ImportJobModel;
  rejections: ImportRejectionModel;
  files: ImportFiles;
  products: ImportProducts;
  audit: AuditLog;
  translate: Translate;
  logger: Logger;
  batchSize?: number;
  maxRows?: number;
}) {
  const { jobs, rejections, files, products, audit, translate, logger } = deps;
  const batchSize = deps.batchSize ?? 500;
  const maxRows = deps.maxRows ?? MAX_IMPORT_ROWS;
  const index = headingIndex(translate);

  async function finish(job: RunnableJob, update: Partial<ImportJob>): Promise<void> {
    await jobs.updateOne({ _id: job._id }, { $set: { ...update, finishedAt: new Date(), fileId: null, heartbeatAt: new Date() } });
    if (job.fileId) await files.remove(job.fileId).catch((error: unknown) => logger.warn({ err: error }, "import file not removed"));
  }

  async function run(job: RunnableJob, shouldStop: () => boolean): Promise<void> {
    try {
      const progress = await runImportJob(job, { jobs, rejections, files, products, headingIndex: index, batchSize, shouldStop });
      await finish(job, { status: "done", failure: null });
      const ctx: AuditContext = { actor: { userId: job.userId.toString(), email: job.actor.email, kind: "user" }, ip: job.actor.ip, userAgent: job.actor.userAgent };
      const { created, updated, unchanged, rejected } = progress;
      await audit.record(ctx, { action: "product.import", subject: { type: "enterprise", id: job.enterpriseId.toString() }, to: "done", details: { jobId: job._id.toString(), mode: job.mode, created, updated, unchanged, rejected } });
    } catch (error) {
      const failure =
        error instanceof ImportStopped
          ? { key: "import.failure.stopped", detail: "" }
          : error instanceof ImportFileError
            ? { key: error.key, detail: "" }
            : { key: "import.failure.error", detail: error instanceof Error ? error.message.slice(0, 500) : String(error) };
      logger.error({ err: error, jobId: job._id.toString() }, "import failed");
      await markFailed(job, failure, shouldStop);
    }
  }

  /** Marks the job failed; the database may be away for a moment (that may be why it failed), so retry a few times. */
  async function markFailed(job: RunnableJob, failure: { key: string; detail: string }, shouldStop: () => boolean): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await finish(job, { status: "failed", failure });
        await audit.record({ actor: SYSTEM_ACTOR, ip: null, userAgent: null }, { action: "product.import", subject: { type: "enterprise", id: job.enterpriseId.toString() }, to: "failed", reason: failure.key, details: { jobId: job._id.toString() } });
        return;
      } catch (error) {
        if (shouldStop() || attempt === 4) {
          logger.error({ err: error, jobId: job._id.toString() }, "import job could not be marked failed; it will be at the next start");
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
      }
    }
  }

  const runner = createImportRunner({ jobs, run, logger });

  /** The upload's kind and data rows, read through once (stopping past the limit); refuses with ImportFileError. */
  async function inspect(path: string, mode: ImportMode): Promise<{ kind: FileKind; totalRows: number }> {
    const kind = await detectKind(path);
    if (!kind) throw new ImportFileError("import.errors.unknownKind");
    let headed = false;
    let totalRows = 0;
    try {
      for await (const { cells } of readSheetRows(openFile(path), kind)) {
        if (isBlankRow(cells)) continue;
        if (!headed) {
          mapHeadings(cells, index, mode);
          headed = true;
        } else if (++totalRows > maxRows) {
          throw new ImportFileError("import.errors.tooManyRows", { max: maxRows.toLocaleString("vi-VN") });
        }
      }
    } catch (error) {
      if (error instanceof ImportFileError) throw error;
      logger.info({ err: error }, "unreadable import file");
      throw new ImportFileError(kind === "xlsx" ? "import.errors.unreadableXlsx" : "import.errors.unreadableCsv");
    }
    if (!headed) throw new ImportFileError("import.errors.noHeadings");
    if (totalRows === 0) throw new ImportFileError("import.errors.noRows");
    return { kind, totalRows };
  }

  function toView(doc: ImportJob & { _id: Types.ObjectId }): ImportJobView {
    const percent = doc.status === "done" ? 100 : doc.totalRows > 0 ? Math.floor((doc.processedRows / doc.totalRows) * 100) : 0;
    const { fileName, mode, status, totalRows, processedRows, created, updated, unchanged, rejected, writtenRows, writtenRanges, failure, queuedAt, startedAt, finishedAt } = doc;
    return {
      id: doc._id.toString(),
      enterpriseId: doc.enterpriseId.toString(),
      percent,
      fileName, mode, status, totalRows, processedRows, created, updated, unchanged, rejected, writtenRows,
      writtenRanges: writtenRanges.map(({ first, last }) => ({ first, last })),
      failure: failure ?? null, queuedAt, startedAt, finishedAt,
    };
  }

  async function jobOf(enterpriseId: string, jobId: string) {
    if (!isObjectId(jobId) || !isObjectId(enterpriseId)) throw new NotFoundError();
    const doc = await jobs.findOne({ _id: jobId, enterpriseId }).lean();
    if (!doc) throw new NotFoundError();
    return doc;
  }

  return {
    inspect,

    /** Checks the upload, stores it and queues the job; the temp file is the caller's to remove. */
    async submit(
      ctx: AuditContext,
      input: { enterpriseId: string; userId: string; fileName: string; mode: ImportMode; path: string },
    ): Promise<{ jobId: string }> {
      const { kind, totalRows } = await inspect(input.path, input.mode);
      const fileName = input.fileName.normalize("NFC").replace(/[\u0000-\u001f]/g, "").slice(0, 200) || "import";
      const fileId = await files.save(input.path, fileName);
      const job = await jobs.create({
        enterpriseId: input.enterpriseId,
        userId: input.userId,
        actor: { email: ctx.actor.email, ip: ctx.ip, userAgent: ctx.userAgent },
        fileName,
        fileKind: kind,
        fileId,
        mode: input.mode,
        status: "queued",
        totalRows,
        queuedAt: new Date(),
      });
      await audit.record(ctx, { action: "product.import", subject: { type: "enterprise", id: input.enterpriseId }, to: "queued", details: { jobId: job._id.toString(), fileName, mode: input.mode, totalRows } });
      runner.kick();
      return { jobId: job._id.toString() };
    },

    /** A job of the enterprise; another enterprise's job does not exist (404). */
    async job(enterpriseId: string, jobId: string): Promise<ImportJobView> {
      return toView(await jobOf(enterpriseId, jobId));
    },

    async recentJobs(enterpriseId: string, limit = 10): Promise<ImportJobView[]> {
      if (!isObjectId(enterpriseId)) return [];
      const docs = await jobs.find({ enterpriseId }).sort({ queuedAt: -1, _id: -1 }).limit(limit).lean();
      return docs.map(toView);
    },

    /** The refused rows in row order, each reason translated with its column's heading. */
    async *rejectedRows(enterpriseId: string, jobId: string, language: Language, limit = MAX_IMPORT_ROWS): AsyncGenerator<{ row: number; sku: string; reasons: string[] }> {
      const job = await jobOf(enterpriseId, jobId);
      const cursor = rejections.find({ jobId: job._id }).sort({ row: 1 }).limit(limit).lean().cursor();
      for await (const rejection of cursor) {
        const reasons = rejection.reasons.map(({ column, key, values }) => {
          const message = translate(language, key, values ?? {});
          return column ? `${columnHeading(translate, language, column)}: ${message}` : message;
        });
        yield { row: rejection.row, sku: rejection.sku, reasons };
      }
    },

    resume: () => runner.resume(),
    /** Stops the runner (server shutdown, tests): waits for the running job to stop. */
    stop: () => runner.stop(),
    /** Removes a temp upload, ignoring one already gone. */
    removeTemp: (path: string) => fs.promises.rm(path, { force: true }),
  };
}

export type ImportService = ReturnType<typeof createImportService>;

import fs from "node:fs";
import type { RequestHandler } from "express";
import multer from "multer";
import { AppError } from "../errors.ts";

/** An upload refused before it reached the route: too large (413) or not the files the form takes (422). */
export class UploadRefusedError extends AppError {
  constructor(
    status: 413 | 422,
    messageKey: string,
    readonly values: Record<string, unknown> = {},
  ) {
    super(status, status === 413 ? "payload_too_large" : "validation_failed", messageKey, values);
  }
}

export type UploadOptions = {
  /** The form field carrying the file(s). */
  field: string;
  /** At most this many files (1: a single file in `req.file`; more: `req.files`). */
  maxFiles: number;
  maxBytes: number;
  /** Kept in memory (images, attachments), or written to this temporary folder (spreadsheets up to 20 MB). */
  storage: "memory" | { dir: string };
  /** i18n keys: the file is too large; the files are missing or too many. */
  messages: { tooLarge: string; wrongFiles: string };
  /** Other form fields allowed beside the files. */
  fields?: number;
};

/**
 * The one multipart parser (multer): limits on size, count and fields; file names read as UTF-8,
 * as browsers send them; its limit errors become UploadRefusedError with the form's messages
 * (`values.max` is the limit in MB). The CSRF check runs right after it (csrf.afterUpload).
 */
export function uploadParser(options: UploadOptions): RequestHandler {
  const { storage: where } = options;
  const storage =
    where === "memory"
      ? multer.memoryStorage()
      : multer.diskStorage({ destination: (_req, _file, done) => fs.mkdir(where.dir, { recursive: true }, (error) => done(error, where.dir)) });
  const fields = options.fields ?? 10;
  const multipart = multer({
    storage,
    limits: { fileSize: options.maxBytes, files: options.maxFiles, fields, fieldSize: 1_000, parts: fields + options.maxFiles },
    defParamCharset: "utf8",
  });
  const parse = options.maxFiles === 1 ? multipart.single(options.field) : multipart.array(options.field, options.maxFiles);
  const max = Math.round(options.maxBytes / 1024 / 1024);
  return (req, res, next) =>
    parse(req, res, (error: unknown) => {
      if (!error) return next();
      if (!(error instanceof multer.MulterError)) return next(error);
      if (error.code === "LIMIT_FILE_SIZE") return next(new UploadRefusedError(413, options.messages.tooLarge, { max }));
      next(new UploadRefusedError(422, options.messages.wrongFiles, { max }));
    });
}

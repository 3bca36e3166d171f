import type { Types } from "mongoose";
import type { AuditContext } from "../../platform/audit/audit.service.ts";
import { ValidationError } from "../../platform/errors.ts";
import type { ProductInput } from "../product.schemas.ts";
import type { ColumnId } from "./import.columns.ts";
import type { ImportFiles } from "./import.files.ts";
import type { ImportJob, ImportJobModel, ImportRejection, ImportRejectionModel } from "./import.model.ts";
import { readSheetRows } from "../../platform/spreadsheets/reader.ts";
import {
  cellsByColumn,
  checkPriceStockRow,
  checkProductRow,
  ImportFileError,
  isBlankRow,
  mapHeadings,
  rawSku,
  rawText,
  type Headings,
  type PriceStockInput,
  type Reason,
} from "./import.rows.ts";

/** What the import needs of the products service (written by the products area). */
export type ImportProducts = {
  /** The second-level category slugs a listing may name. */
  leafCategories(): Promise<Set<string>>;
  /** One session per file: its batches share one read of the enterprise's catalogue. */
  openImportSession(
    ctx: AuditContext,
    enterpriseId: string,
  ): {
    importRows(rows: ProductInput[]): Promise<{ sku: string; outcome: "created" | "updated" | "unchanged" }[]>;
    updatePriceStock(rows: PriceStockInput[]): Promise<{ sku: string; outcome: "updated" | "unchanged" | "not_found" }[]>;
  };
};

/** The rows of a batch the products service refused by index ("3.category"), or null for any other error. */
function refusedByService(error: unknown, size: number): Map<number, string> | null {
  if (!(error instanceof ValidationError)) return null;
  const rows = new Map<number, string>();
  for (const [field, key] of Object.entries(error.fieldErrors)) {
    const index = Number(field.split(".")[0]);
    if (!Number.isInteger(index) || index < 0 || index >= size) return null;
    rows.set(index, key);
  }
  return rows.size > 0 ? rows : null;
}

export type RunnableJob = ImportJob & { _id: Types.ObjectId };

export class ImportStopped extends Error {}

type Progress = Pick<ImportJob, "processedRows" | "created" | "updated" | "unchanged" | "rejected" | "writtenRows" | "writtenRanges">;

/**
 * Runs one import: the file is read row by row, each row validated by the products schema, and
 * the valid rows sent to the products service in batches; after each batch the rejected rows and
 * the job's progress are stored. A later row repeating a SKU is refused. `progress` is only
 * advanced once a batch is stored, so a failure leaves the job saying exactly what was written.
 */
export async function runImportJob(
  job: RunnableJob,
  deps: {
    jobs: ImportJobModel;
    rejections: ImportRejectionModel;
    files: ImportFiles;
    products: ImportProducts;
    headingIndex: Map<string, ColumnId>;
    batchSize: number;
    shouldStop: () => boolean;
  },
): Promise<Progress> {
  const { jobs, rejections, files, products, headingIndex, batchSize, shouldStop } = deps;
  if (!job.fileId) throw new ImportFileError("import.errors.fileGone");
  const fileId = job.fileId;
  const enterpriseId = job.enterpriseId.toString();
  const ctx: AuditContext = {
    actor: { userId: job.userId.toString(), email: job.actor.email, kind: "user" },
    ip: job.actor.ip,
    userAgent: job.actor.userAgent,
  };
  const progress: Progress = { processedRows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, writtenRows: 0, writtenRanges: [] };
  const firstRowOfSku = new Map<string, number>();
  let headings: Headings | null = null;
  let valid: { row: number; sku: string; input: ProductInput | PriceStockInput }[] = [];
  let refused: Omit<ImportRejection, "jobId">[] = [];
  let chunk = null as { first: number; last: number; rows: number } | null;
  const categories = job.mode === "full" ? await products.leafCategories() : new Set<string>();

  async function flush(): Promise<void> {
    if (!chunk) return;
    const next = { ...progress, writtenRanges: [...progress.writtenRanges] };
    if (valid.length > 0) {
      const rowOfSku = new Map(valid.map((entry) => [entry.sku, entry.row]));
      const outcomes = await send(valid).catch(async (error: unknown) => {
        // A row the products service refuses (a category removed since the check): reported, the others sent again.
        const refusedRows = refusedByService(error, valid.length);
        if (!refusedRows) throw error;
        for (const [index, key] of refusedRows) refused.push({ row: valid[index]!.row, sku: valid[index]!.sku, reasons: [{ column: "category", key, values: {} }] });
        return send(valid.filter((_, index) => !refusedRows.has(index)));
      });
      for (const { sku, outcome } of outcomes) {
        if (outcome === "not_found") {
          refused.push({ row: rowOfSku.get(sku) ?? 0, sku, reasons: [{ column: "sku", key: "import.reasons.skuNotFound", values: {} }] });
          continue;
        }
        next[outcome] += 1;
        next.writtenRows += 1;
      }
    }
    if (refused.length > 0) await rejections.insertMany(refused.map((rejection) => ({ ...rejection, jobId: job._id })));
    next.rejected += refused.length;
    next.processedRows += chunk.rows;
    const last = next.writtenRanges.at(-1);
    if (last && last.last + 1 >= chunk.first) last.last = chunk.last;
    else next.writtenRanges.push({ first: chunk.first, last: chunk.last });
    await jobs.updateOne({ _id: job._id }, { $set: { ...next, heartbeatAt: new Date() } });
    Object.assign(progress, next);
    valid = [];
    refused = [];
    chunk = null;
  }

  const session = products.openImportSession(ctx, enterpriseId);
  function send(entries: typeof valid) {
    return job.mode === "full"
      ? session.importRows(entries.map((entry) => entry.input as ProductInput))
      : session.updatePriceStock(entries.map((entry) => entry.input));
  }

  for await (const { rowNumber, cells } of readSheetRows(() => files.open(fileId), job.fileKind)) {
    if (isBlankRow(cells)) continue;
    if (!headings) {
      headings = mapHeadings(cells, headingIndex, job.mode);
      continue;
    }
    if (shouldStop()) throw new ImportStopped();
    const values = cellsByColumn(cells, headings);
    const sku = rawSku(values);
    const checked = job.mode === "full" ? checkProductRow(values) : checkPriceStockRow(values);
    const reasons: Reason[] = checked.ok ? [] : [...checked.reasons];
    const earlier = sku ? firstRowOfSku.get(sku) : undefined;
    const category = job.mode === "full" ? rawText(values, "category") : "";
    if (category && !categories.has(category) && !reasons.some((reason) => reason.column === "category")) {
      reasons.push({ column: "category", key: "products.errors.categoryUnknown" });
    }
    if (earlier !== undefined) reasons.push({ column: "sku", key: "import.reasons.duplicateSku", values: { row: earlier } });
    else if (sku) firstRowOfSku.set(sku, rowNumber);
    if (checked.ok && reasons.length === 0) valid.push({ row: rowNumber, sku: checked.value.sku, input: checked.value });
    else refused.push({ row: rowNumber, sku, reasons: reasons.map((reason) => ({ ...reason, values: reason.values ?? {} })) });
    chunk = { first: chunk?.first ?? rowNumber, last: rowNumber, rows: (chunk?.rows ?? 0) + 1 };
    if (chunk.rows >= batchSize) await flush();
  }
  await flush();
  return progress;
}
